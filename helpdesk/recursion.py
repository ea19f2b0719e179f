"""The interpreter's recursion limit, kept where Python set it.

Importing web3 or eth-account imports py_ecc (and eth-tester imports py-evm), which raise the limit to
100,000 for their own deep recursion. Past roughly ten thousand frames the C stack runs out first, so
with that limit a deeply nested input (JSON, a template, a regular expression) crashes the whole
process with a segmentation fault instead of raising RecursionError. The modules that import those
libraries call `recursion_limit_restore()` right after their imports; nothing here needs their depth.
"""

import sys

# Read when the project package is first imported, before any app module can import a chain library.
LIMIT = sys.getrecursionlimit()


def recursion_limit_restore() -> None:
    """Put the recursion limit back to what it was when the project started."""
    if sys.getrecursionlimit() != LIMIT:
        sys.setrecursionlimit(LIMIT)
