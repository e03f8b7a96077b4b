"""Both addons install and uninstall cleanly on an empty database (no demo data)."""

import configparser
import os
import uuid

import psycopg2
import pytest

CHECK = """
modules = env["ir.module.module"].search(
    [("name", "in", ["pqr_servicios_publicos", "pqr_sui_reports"])]
)
print("STATES", sorted(modules.mapped("state")))
print("MODELS", env["ir.model"].search_count([("model", "=like", "pqr.%")]))
print("TABLE", bool(env["ir.model"]._get_id("pqr.request")))
env.cr.execute("SELECT to_regclass('pqr_request') IS NOT NULL")
print("SQLTABLE", env.cr.fetchone()[0])
"""

UNINSTALL = """
env["ir.module.module"].search(
    [("name", "=", "pqr_servicios_publicos")]
).button_immediate_uninstall()
env.cr.commit()
"""


def _drop(name):
    conf = configparser.ConfigParser()
    conf.read(os.environ["PQR_ODOO_CONF"])
    options = conf["options"]
    params = {
        "host": options["db_host"],
        "port": options["db_port"],
        "user": options["db_user"],
        "dbname": "postgres",
    }
    if options.get("db_password", "False") != "False":
        params["password"] = options["db_password"]
    connection = psycopg2.connect(**params)
    connection.autocommit = True
    with connection.cursor() as cr:
        cr.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    connection.close()


@pytest.fixture(scope="module")
def database(odoo):
    name = f"pqr_install_{uuid.uuid4().hex[:8]}"
    yield name
    _drop(name)


def _shell(odoo, db, code):
    result = odoo("shell", "-d", db, "--no-http", "--log-level=warn", stdin=code)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def test_install_without_demo(odoo, database):
    result = odoo(
        "-d",
        database,
        "-i",
        "pqr_servicios_publicos,pqr_sui_reports",
        "--without-demo=all",
        "--no-http",
        "--stop-after-init",
        "--log-level=warn",
    )
    assert result.returncode == 0, result.stderr[-3000:]
    errors = [
        line
        for line in (result.stdout + result.stderr).splitlines()
        if " ERROR " in line or " CRITICAL " in line
    ]
    assert not errors, errors[:5]
    out = _shell(odoo, database, CHECK)
    assert "STATES ['installed', 'installed']" in out
    assert "SQLTABLE True" in out


def test_uninstall_cleanly(odoo, database):
    out = _shell(odoo, database, UNINSTALL + CHECK)
    assert "STATES ['uninstalled', 'uninstalled']" in out, out
    assert "MODELS 0" in out
    assert "SQLTABLE False" in out
