#!/usr/bin/env python3
"""The `postgres` provider against a real PostgreSQL 15 started for this test on a free
loopback port (tests/servers/servers.py): create, no-op re-plan, update in place, replace,
drift made with psql, import by name, a failure mid-apply recorded, a role that owns objects,
bad inputs located in the spec, destroy. Helpers and runner from scenarios.py.

  postgres_scenarios.py --cairn build/dev/cli/cairn [NAME...]
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "servers"))
import scenarios as s  # noqa: E402
from servers import Postgres  # noqa: E402

s.SCENARIOS.clear()
scenario, check, contains = s.scenario, s.check, s.contains
PG = None


def spec(resources):
    body = "\n".join(f"    {name} | pg.{kind} = {{ {fields} }}," for name, (kind, fields) in resources.items())
    return (f'let pg = import "cairn/postgres.conf" in\n{{\n  providers.postgres = {PG.settings()},\n'
            f'  resources = {{\n{body}\n  }},\n}}\n')


def app(owner_login="true", limit=5, extra=None):
    r = {
        "role": ("Role", f'name = "app", login = {owner_login}, password = "s3cret-pw", connection_limit = {limit}'),
        "db": ("Database", 'name = "appdb", owner = resources.role.outputs.name'),
        "sch": ("Schema", 'name = "app", database = resources.db.outputs.name, owner = resources.role.outputs.name'),
        "ext": ("Extension", 'name = "citext", database = resources.db.outputs.name'),
        "grant": ("Grant", 'role = resources.role.outputs.name, database = resources.db.outputs.name, '
                           'object_type = "database", privileges = ["connect", "temp"]'),
    }
    r.update(extra or {})
    return r


@scenario
def pg_create_noop_update_drift_destroy(d):
    d.write("spec.conf", spec(app()))
    p = d.run("apply", "spec.conf", "--auto-approve")
    contains(p.stdout, "Apply complete! Resources: 5 added, 0 changed, 0 destroyed.")
    check("s3cret-pw" not in p.stdout + p.stderr, "the password is never shown")
    check(PG.psql("SELECT rolcanlogin, rolconnlimit FROM pg_roles WHERE rolname = 'app'") == "t|5", "role")
    check(PG.psql("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'appdb'") == "app", "db owner")
    check(PG.psql("SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'app'", db="appdb") == "app", "schema")
    check(PG.psql("SELECT extname FROM pg_extension WHERE extname = 'citext'", db="appdb") == "citext", "extension")
    check(PG.psql("SELECT has_database_privilege('app', 'appdb', 'TEMPORARY')") == "t", "grant")
    # The password works.
    os.environ["PGPASSWORD"] = "s3cret-pw"
    d.run("plan", "spec.conf", "--detailed-exitcode", expect=0)
    # Update in place.
    d.write("spec.conf", spec(app(limit=7)))
    p = d.run("plan", "spec.conf")
    contains(p.stdout, "# role will be updated in-place")
    contains(p.stdout, "~ connection_limit = 5 -> 7")
    d.run("apply", "spec.conf", "--auto-approve")
    check(PG.psql("SELECT rolconnlimit FROM pg_roles WHERE rolname = 'app'") == "7", "limit updated")
    # Drift made with psql shows and is put back; the grant converges.
    PG.psql("ALTER ROLE app CONNECTION LIMIT 1")
    PG.psql("GRANT CREATE ON DATABASE appdb TO app")
    p = d.run("plan", "spec.conf", "--detailed-exitcode", expect=2)
    contains(p.stdout, "~ connection_limit = 1 -> 7")
    contains(p.stdout, "# grant will be updated in-place")
    d.run("apply", "spec.conf", "--auto-approve")
    check(PG.psql("SELECT has_database_privilege('app', 'appdb', 'CREATE')") == "f", "extra privilege revoked")
    d.run("plan", "spec.conf", "--detailed-exitcode", expect=0)
    # Replace: the database's encoding forces a new one (and what lives in it follows).
    r = app()
    r["db"] = ("Database", 'name = "appdb", owner = resources.role.outputs.name, encoding = "SQL_ASCII"')
    d.write("spec.conf", spec(r))
    p = d.run("plan", "spec.conf")
    contains(p.stdout, "# db must be replaced")
    d.run("apply", "spec.conf", "--auto-approve")
    check(PG.psql("SELECT pg_encoding_to_char(encoding) FROM pg_database WHERE datname = 'appdb'") == "SQL_ASCII", "replaced")
    # What lived in the old database went with it: the next plan sees it gone and makes it
    # again (docs/providers/postgres.md, "Limits").
    p = d.run("plan", "spec.conf")
    contains(p.stdout, "# sch will be created")
    d.run("apply", "spec.conf", "--auto-approve")
    d.run("plan", "spec.conf", "--detailed-exitcode", expect=0)
    # Deleted outside cairn: created again.
    PG.psql("DROP SCHEMA app", db="appdb")
    p = d.run("plan", "spec.conf")
    contains(p.stdout, "# sch will be created")
    d.run("apply", "spec.conf", "--auto-approve")
    d.run("destroy", "spec.conf", "--auto-approve")
    check(PG.psql("SELECT count(*) FROM pg_roles WHERE rolname = 'app'") == "0", "role destroyed")
    check(PG.psql("SELECT count(*) FROM pg_database WHERE datname = 'appdb'") == "0", "db destroyed")


@scenario
def pg_role_owning_objects_and_failure_mid_apply(d):
    d.write("spec.conf", spec({"owner": ("Role", 'name = "owner1"')}))
    d.run("apply", "spec.conf", "--auto-approve")
    PG.psql("CREATE DATABASE handmade OWNER owner1")
    p = d.run("destroy", "spec.conf", "--auto-approve", expect=1)
    contains(p.stdout + p.stderr, "cannot delete the role `owner1`: it still owns objects or holds privileges")
    check(d.addresses() == ["owner"], "the failed delete keeps the role in state")
    PG.psql("DROP DATABASE handmade")
    d.run("destroy", "spec.conf", "--auto-approve")
    # A failure mid-apply: a grant to a role that does not exist fails; the rest is recorded.
    d.write("spec.conf", spec({
        "ok": ("Role", 'name = "fine"'),
        "bad": ("Grant", 'role = "nobody_here", database = "postgres", object_type = "database", privileges = ["CONNECT"]'),
    }))
    p = d.run("apply", "spec.conf", "--auto-approve", expect=1)
    contains(p.stdout + p.stderr, "nobody_here")
    check(d.addresses() == ["ok"], f"only the role is recorded: {d.addresses()}")
    d.run("destroy", "spec.conf", "--auto-approve")


@scenario
def pg_import_by_name(d):
    PG.psql("CREATE ROLE legacy LOGIN CONNECTION LIMIT 3")
    PG.psql("CREATE DATABASE legacydb OWNER legacy")
    PG.psql("CREATE SCHEMA reports AUTHORIZATION legacy", db="legacydb")
    resources = {"r": ("Role", 'name = "legacy", login = true, connection_limit = 3'),
                 "d": ("Database", 'name = "legacydb", owner = resources.r.outputs.name'),
                 "s": ("Schema", 'name = "reports", database = resources.d.outputs.name, '
                                 'owner = resources.r.outputs.name')}
    d.write("spec.conf", spec(resources))
    p = d.run("apply", "spec.conf", "--auto-approve", expect=1)
    contains(p.stdout + p.stderr, "exists already: import it instead")
    check(d.addresses() == [], f"nothing is taken over untold: {d.addresses()}")

    # `cairn import` adopts through the provider's read and changes nothing real.
    p = d.run("import", "r", "legacy", "spec.conf")
    contains(p.stdout, "r")
    d.run("import", "d", "legacydb", "spec.conf")
    # An id naming nothing on the server is an error, and nothing is recorded for it.
    p = d.run("import", "s", "legacydb/nosuchschema", "spec.conf", expect=1)
    contains(p.stderr, "nosuchschema")
    check(d.addresses() == ["d", "r"], f"two imported: {d.addresses()}")
    # The third through plan --import, applied from a saved plan.
    p = d.run("plan", "spec.conf", "--import", "s=legacydb/reports", "-o", "import.plan")
    contains(p.stdout, "# s will be imported")
    contains(p.stdout, "Plan: 1 to import, 0 to add, 0 to change, 0 to destroy.")
    d.run("apply", "import.plan")
    check(d.addresses() == ["d", "r", "s"], f"all imported: {d.addresses()}")
    d.run("plan", "spec.conf", "--detailed-exitcode", expect=0)
    check(PG.psql("SELECT rolconnlimit FROM pg_roles WHERE rolname = 'legacy'") == "3", "untouched by import")

    # Imported objects are managed like any other: an update in place, then drift put back.
    resources["r"] = ("Role", 'name = "legacy", login = true, connection_limit = 4')
    d.write("spec.conf", spec(resources))
    p = d.run("apply", "spec.conf", "--auto-approve")
    contains(p.stdout, "0 added, 1 changed, 0 destroyed")
    check(PG.psql("SELECT rolconnlimit FROM pg_roles WHERE rolname = 'legacy'") == "4", "updated")
    PG.psql("ALTER ROLE legacy CONNECTION LIMIT 9")
    p = d.run("plan", "spec.conf", "--detailed-exitcode", expect=2)
    contains(p.stdout, "# r will be updated in-place")
    d.run("destroy", "spec.conf", "--auto-approve")
    check(PG.psql("SELECT count(*) FROM pg_roles WHERE rolname = 'legacy'") == "0", "destroyed")


@scenario
def pg_bad_inputs_are_located(d):
    d.write("spec.conf", spec({"g": ("Grant", 'role = "x", database = "postgres", object_type = "database", '
                                              'privileges = ["SELECT"]')}))
    p = d.run("plan", "spec.conf", expect=1)
    contains(p.stderr, "`SELECT` is not a privilege on a database (those are CONNECT, CREATE, TEMPORARY)")
    contains(p.stderr, "--> spec.conf:5:")
    d.write("spec.conf", spec({"g": ("Grant", 'role = "x", database = "postgres", object_type = "tables", '
                                              'privileges = []')}))
    p = d.run("plan", "spec.conf", expect=1)
    contains(p.stderr, "error[E0501]")
    contains(p.stderr, "--> spec.conf:5:")
    d.write("spec.conf", spec({"r": ("Role", 'name = "r", login = "yes"')}))
    p = d.run("plan", "spec.conf", expect=1)
    contains(p.stderr, "expected a boolean")


def main():
    global PG
    PG = Postgres().start()
    try:
        return s.main()
    finally:
        PG.stop()


if __name__ == "__main__":
    sys.exit(main())
