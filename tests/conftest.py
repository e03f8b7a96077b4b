"""Helpers for the suites that run Odoo from outside an addon.

scripts/test exports PQR_ODOO_CMD (the Odoo command line) and PQR_ODOO_CONF (the
rendered test configuration); without them the Odoo-dependent tests are skipped, and
scripts/test counts a skipped test as a failure only for Odoo suites, so it always
sets them.
"""

import os
import shlex
import subprocess

import pytest


@pytest.fixture(scope="session")
def odoo():
    command = os.environ.get("PQR_ODOO_CMD")
    conf = os.environ.get("PQR_ODOO_CONF")
    if not (command and conf):
        pytest.fail("run through scripts/test (PQR_ODOO_CMD and PQR_ODOO_CONF unset)")

    def run(*args, stdin=None, timeout=900):
        return subprocess.run(
            [*shlex.split(command), *args[:1], "-c", conf, *args[1:]]
            if args and args[0] == "shell"
            else [*shlex.split(command), "-c", conf, *args],
            input=stdin,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    return run
