"""A prepared statement past psycopg's own cache (over 4,096 characters or 50 parameters, as a new
case's statement is) has its placeholders converted once per process, and binds each call's values."""

import pytest
from django.db import ProgrammingError

from helpdesk.prepared import execute_prepared

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

NAMES = [f"p{n}" for n in range(60)]
# Each name used twice, as a new case's parts name the rows written before them.
SQL = "SELECT " + ", ".join(f"(%({n})s::int + %({n})s::int + length('{'x' * 80}'))" for n in NAMES)


def test_a_long_statement_with_many_parameters_binds_every_call_afresh():
    assert len(SQL) > 4096
    for base in (1, 1000, 7):
        row, names = execute_prepared(SQL, {n: base + i for i, n in enumerate(NAMES)})
        assert list(row) == [2 * (base + i) + 80 for i in range(len(NAMES))]
        assert len(names) == len(NAMES)


def test_a_missing_parameter_is_still_refused():
    with pytest.raises(ProgrammingError, match="p0"):
        execute_prepared(SQL, {n: 1 for n in NAMES[1:]})
