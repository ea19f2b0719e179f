"""Chain libraries raise the interpreter's recursion limit when imported (py_ecc and py-evm set it to
100,000); with it, a deeply nested input overflows the C stack and kills the process instead of
raising RecursionError. The project puts the limit back (helpdesk/recursion.py)."""

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from helpdesk import recursion
from helpdesk.parsing import InvalidJSON, json_loads

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("module", ["triage.chains.adapters.evm", "triage.chains.reference.evm"])
def test_importing_a_chain_module_leaves_the_recursion_limit_where_python_set_it(module):
    importlib.import_module(module)
    assert sys.getrecursionlimit() == recursion.LIMIT


def test_a_fresh_process_with_every_chain_module_loaded_refuses_deep_json_and_survives():
    script = (
        "import os, sys, django\n"
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'helpdesk.settings'\n"
        "django.setup()\n"
        "import triage.chains.adapters.evm, triage.chains.reference.evm\n"
        "from helpdesk.parsing import InvalidJSON, json_loads\n"
        "sys.setrecursionlimit(sys.getrecursionlimit())\n"
        "try:\n"
        "    json_loads('[' * 200000)\n"
        "except InvalidJSON:\n"
        "    print('refused', sys.getrecursionlimit())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "refused 1000"


@pytest.mark.parametrize(
    "raw",
    ["[" * 100_000, '{"a":' * 100_000, "[" * 33 + "]" * 33],
)
def test_json_nested_past_the_limit_is_refused_before_the_decoder_recurses(raw):
    with pytest.raises(InvalidJSON, match="nested more than 32 levels deep"):
        json_loads(raw)


def test_brackets_inside_strings_do_not_count_as_nesting():
    text = '["' + "[" * 100 + '", {"k": "{{{{"}]'
    assert json_loads(text) == ["[" * 100, {"k": "{{{{"}]
