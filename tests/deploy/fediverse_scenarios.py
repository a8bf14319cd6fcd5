#!/usr/bin/env python3
"""The bundled Fediverse deployment (examples/fediverse) on real infrastructure: a
PostgreSQL 15 and a PowerDNS 4.7 started for this test on free loopback ports
(tests/servers/servers.py), the example's main.conf merged with real.conf and a servers
file pointing at them. Plan, apply, check the roles, databases and DNS answers (dig) and
the service files that read them, re-plan with no changes, destroy cleanly.

  fediverse_scenarios.py --cairn build/dev/cli/cairn [NAME...]
"""
import base64
import hashlib
import hmac
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "servers"))
import scenarios as s  # noqa: E402
from servers import Postgres, PowerDNS  # noqa: E402

s.SCENARIOS.clear()
scenario, check, contains = s.scenario, s.check, s.contains
EXAMPLE = os.path.join(os.path.dirname(os.path.dirname(HERE)), "examples", "fediverse")
PG = None
PDNS = None
SERVICES = ["lemmy", "mastodon", "pixelfed"]


def scram_matches(verifier, password):
    """Whether PostgreSQL's SCRAM-SHA-256 verifier (pg_authid.rolpassword) is of `password`."""
    m = re.fullmatch(r"SCRAM-SHA-256\$(\d+):([^$]+)\$([^:]+):(.+)", verifier)
    if not m:
        return False
    iterations, salt, stored = int(m.group(1)), base64.b64decode(m.group(2)), base64.b64decode(m.group(3))
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    return hashlib.sha256(client_key).digest() == stored


@scenario
def fediverse_on_postgres_and_powerdns(d):
    d.write("servers.conf", f'{{\n  params.database.port = {PG.port},\n'
                            f'  params.dns = {{ url = "{PDNS.url()}", api_key = "{PDNS.api_key}" }},\n}}\n')
    spec = [os.path.join(EXAMPLE, "main.conf"), os.path.join(EXAMPLE, "real.conf"), "servers.conf"]
    p = d.run("plan", *spec, "-o", "site.plan", "--detailed-exitcode", expect=2)
    contains(p.stdout, "Plan: 24 to add, 0 to change, 0 to destroy.")
    p = d.run("apply", "site.plan")
    contains(p.stdout, "Apply complete! Resources: 24 added, 0 changed, 0 destroyed.")

    for svc in SERVICES:
        env = d.read(f"out/services/{svc}.env")
        check(f"PUBLIC_URL=https://{svc}.social.example.org\n" in env, f"{svc}: public URL from the record:\n{env}")
        m = re.search(r"^DATABASE_URL=(postgres://([^:]+):([^@]+)@127\.0\.0\.1:(\d+)/(\w+))$", env, re.M)
        check(m is not None, f"{svc}: database URL:\n{env}")
        url, user, password, port, db = m.groups()
        check((user, port, db) == (svc, str(PG.port), svc), f"{svc}: role, port and database: {m.groups()}")
        check(password not in p.stdout + p.stderr, "the password is never shown")
        # The role exists with the file's password (its SCRAM verifier checks it), owns its
        # database, and the file's URL connects to it.
        check(PG.psql(f"SELECT rolcanlogin FROM pg_roles WHERE rolname = '{svc}'") == "t", f"{svc}: role")
        check(PG.psql(f"SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = '{svc}'") == svc, f"{svc}: db")
        verifier = PG.psql(f"SELECT rolpassword FROM pg_authid WHERE rolname = '{svc}'")
        check(scram_matches(verifier, password), f"{svc}: the role's password is the file's")
        check(not scram_matches(verifier, password + "x"), "the check can fail")
        q = subprocess.run(["psql", url, "-tAc", "SELECT current_user || '@' || current_database()"],
                           capture_output=True, text=True, timeout=60)
        check(q.stdout.strip() == f"{svc}@{svc}", f"{svc}: the file's URL connects: {q.stdout}{q.stderr}")
        check(PDNS.dig(f"{svc}.social.example.org", "CNAME") == ["social.example.org."], f"{svc}: CNAME")
        check("203.0.113.10" in PDNS.dig(f"{svc}.social.example.org"), f"{svc}: resolves through the CNAME")
    check(PDNS.dig("social.example.org", "NS") == ["ns1.social.example.org."], "nameservers")

    p = d.run("plan", *spec, "--detailed-exitcode", expect=0)
    contains(p.stdout, "No changes.")

    p = d.run("destroy", *spec, "--auto-approve")
    contains(p.stdout, "Destroy complete! Resources: 24 destroyed.")
    check(d.addresses() == [], "state is empty")
    check(PG.psql("SELECT count(*) FROM pg_roles WHERE rolname IN ('lemmy', 'mastodon', 'pixelfed')") == "0",
          "roles dropped")
    check(PG.psql("SELECT count(*) FROM pg_database WHERE datname IN ('lemmy', 'mastodon', 'pixelfed')") == "0",
          "databases dropped")
    check(PDNS.api("GET", "/zones")[1] == [], "the zone is deleted")
    check(PDNS.dig("mastodon.social.example.org") == [], "nothing answers")
    check(not os.path.exists(d.file("out/services/mastodon.env")), "files removed")


def main():
    global PG, PDNS
    PG = Postgres().start()
    try:
        PDNS = PowerDNS().start()
        try:
            return s.main()
        finally:
            PDNS.stop()
    finally:
        PG.stop()


if __name__ == "__main__":
    sys.exit(main())
