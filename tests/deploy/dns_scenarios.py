#!/usr/bin/env python3
"""The `dns` provider against a real PowerDNS 4.7 (sqlite3 backend, HTTP API) started for
this test on free loopback ports (tests/servers/servers.py), every record checked with a
real DNS query (`dig`): create, no-op re-plan, update in place, replace (a zone's name),
drift made through the API directly, an RRset deleted outside cairn, a record that exists
already, a failure mid-apply recorded, bad inputs located in the spec, destroy. Helpers
and runner from scenarios.py.

  dns_scenarios.py --cairn build/dev/cli/cairn [NAME...]
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "servers"))
import scenarios as s  # noqa: E402
from servers import PowerDNS  # noqa: E402

s.SCENARIOS.clear()
scenario, check, contains = s.scenario, s.check, s.contains
PDNS = None


def spec(resources, settings=None):
    body = "\n".join(f"    {name} | dns.{kind} = {{ {fields} }}," for name, (kind, fields) in resources.items())
    return (f'let dns = import "cairn/dns.conf" in\n{{\n  providers.dns = {settings or PDNS.settings()},\n'
            f'  resources = {{\n{body}\n  }},\n}}\n')


def site(zone="example.org", www='["192.0.2.1", "192.0.2.2"]', ttl=3600):
    return {
        "zone": ("Zone", f'name = "{zone}", nameservers = ["ns1.{zone}"]'),
        "apex": ("Record", 'zone = resources.zone.outputs.name, name = "@", record_type = "A", records = ["192.0.2.10"]'),
        "www": ("Record", f'zone = resources.zone.outputs.name, name = "www", record_type = "A", ttl = {ttl}, '
                          f'records = {www}'),
        "social": ("Record", 'zone = resources.zone.outputs.name, name = "social", record_type = "cname", '
                             f'records = ["www.{zone}"]'),
        "mail": ("Record", 'zone = resources.zone.outputs.name, name = "@", record_type = "MX", '
                           f'records = ["10 mail.{zone}"]'),
        "spf": ("Record", 'zone = resources.zone.outputs.name, name = "@", record_type = "TXT", '
                          'records = ["v=spf1 mx -all"]'),
    }


def rrset(zone, name, rtype):
    status, z = PDNS.api("GET", f"/zones/{zone}")
    check(status == 200, f"zone {zone}: {status} {z}")
    for r in z["rrsets"]:
        if r["name"] == name and r["type"] == rtype:
            return r
    return None


@scenario
def dns_create_noop_update_drift_replace_destroy(d):
    d.write("spec.conf", spec(site()))
    p = d.run("plan", "spec.conf", "--detailed-exitcode", expect=2)
    contains(p.stdout, '+ fqdn        = "www.example.org."')
    contains(p.stdout, "Plan: 6 to add, 0 to change, 0 to destroy.")
    p = d.run("apply", "spec.conf", "--auto-approve")
    contains(p.stdout, "Apply complete! Resources: 6 added, 0 changed, 0 destroyed.")
    check(PDNS.dig("www.example.org") == ["192.0.2.1", "192.0.2.2"], "www answers")
    check(PDNS.dig("example.org") == ["192.0.2.10"], "apex answers")
    check(PDNS.dig("social.example.org", "CNAME") == ["www.example.org."], "CNAME canonical, with its dot")
    check(PDNS.dig("example.org", "MX") == ["10 mail.example.org."], "MX")
    check(PDNS.dig("example.org", "TXT") == ['"v=spf1 mx -all"'], "TXT quoted")
    check(PDNS.dig("example.org", "NS") == ["ns1.example.org."], "nameservers")
    check(d.record("www")["outputs"]["id"] == "example.org./www.example.org./A", "record id")
    d.run("plan", "spec.conf", "--detailed-exitcode", expect=0)

    # Update in place: new records and TTL for www.
    d.write("spec.conf", spec(site(www='["192.0.2.3"]', ttl=300)))
    p = d.run("plan", "spec.conf", "--detailed-exitcode", expect=2)
    contains(p.stdout, "# www will be updated in-place")
    contains(p.stdout, "~ ttl     = 3600 -> 300")
    contains(p.stdout, "Plan: 0 to add, 1 to change, 0 to destroy.")
    d.run("apply", "spec.conf", "--auto-approve")
    check(PDNS.dig("www.example.org") == ["192.0.2.3"], "www updated")
    check(rrset("example.org.", "www.example.org.", "A")["ttl"] == 300, "ttl updated")
    d.run("plan", "spec.conf", "--detailed-exitcode", expect=0)

    # Drift made through the API directly shows in the plan and is put back.
    status, _ = PDNS.api("PATCH", "/zones/example.org.", {"rrsets": [
        {"name": "www.example.org.", "type": "A", "ttl": 300, "changetype": "REPLACE",
         "records": [{"content": "198.51.100.66", "disabled": False}]},
        {"name": "social.example.org.", "type": "CNAME", "changetype": "DELETE"}]})
    check(status == 204, f"drift PATCH: {status}")
    check(PDNS.dig("www.example.org") == ["198.51.100.66"], "drift is live")
    p = d.run("plan", "spec.conf", "--detailed-exitcode", expect=2)
    contains(p.stdout, "# www will be updated in-place")
    contains(p.stdout, '"198.51.100.66"')
    contains(p.stdout, "# social will be created")
    d.run("apply", "spec.conf", "--auto-approve")
    check(PDNS.dig("www.example.org") == ["192.0.2.3"], "drift put back")
    check(PDNS.dig("social.example.org", "CNAME") == ["www.example.org."], "deleted RRset made again")
    d.run("plan", "spec.conf", "--detailed-exitcode", expect=0)

    # Replace: a new zone name replaces the zone and every record in it.
    d.write("spec.conf", spec(site(zone="example.net", www='["192.0.2.3"]', ttl=300)))
    p = d.run("plan", "spec.conf", "--detailed-exitcode", expect=2)
    contains(p.stdout, "# zone must be replaced")
    contains(p.stdout, "# www must be replaced")
    d.run("apply", "spec.conf", "--auto-approve")
    check(PDNS.dig("www.example.net") == ["192.0.2.3"], "records in the new zone")
    check(PDNS.api("GET", "/zones/example.org.")[0] == 404, "the old zone is gone")
    d.run("plan", "spec.conf", "--detailed-exitcode", expect=0)

    # The zone deleted outside cairn: everything is made again.
    check(PDNS.api("DELETE", "/zones/example.net.")[0] == 204, "zone deleted outside")
    p = d.run("plan", "spec.conf", "--detailed-exitcode", expect=2)
    contains(p.stdout, "Plan: 6 to add, 0 to change, 0 to destroy.")
    d.run("apply", "spec.conf", "--auto-approve")
    check(PDNS.dig("example.net", "MX") == ["10 mail.example.net."], "made again")

    p = d.run("destroy", "spec.conf", "--auto-approve")
    contains(p.stdout, "Destroy complete! Resources: 6 destroyed.")
    check(PDNS.api("GET", "/zones")[1] == [], "no zone left")
    check(PDNS.dig("www.example.net") == [], "nothing answers")
    check(d.addresses() == [], "state is empty")


@scenario
def dns_existing_rrset_and_failure_mid_apply(d):
    status, _ = PDNS.api("POST", "/zones", {"name": "legacy.org.", "kind": "Native", "nameservers": []})
    check(status == 201, f"zone made outside: {status}")
    PDNS.api("PATCH", "/zones/legacy.org.", {"rrsets": [{"name": "www.legacy.org.", "type": "A", "ttl": 60,
                                                         "changetype": "REPLACE",
                                                         "records": [{"content": "192.0.2.7", "disabled": False}]}]})
    d.write("spec.conf", spec({"zone": ("Zone", 'name = "legacy.org"')}))
    p = d.run("apply", "spec.conf", "--auto-approve", expect=1)
    contains(p.stdout + p.stderr, "the zone `legacy.org.` exists already: import it instead")
    d.write("spec.conf", spec({"www": ("Record", 'zone = "legacy.org", name = "www", record_type = "A", '
                                                 'records = ["192.0.2.8"]')}))
    p = d.run("apply", "spec.conf", "--auto-approve", expect=1)
    contains(p.stdout + p.stderr, "the RRset `www.legacy.org. A` exists already: import it instead "
                                  "(id `legacy.org./www.legacy.org./A`)")
    check(PDNS.dig("www.legacy.org") == ["192.0.2.7"], "the existing RRset is left alone")

    # A failure mid-apply: the server refuses one record; the others are recorded.
    d.write("spec.conf", spec({
        "ok": ("Record", 'zone = "legacy.org", name = "fine", record_type = "A", records = ["192.0.2.9"]'),
        "bad": ("Record", 'zone = "legacy.org", name = "bad", record_type = "A", records = ["not-an-address"]'),
        "nozone": ("Record", 'zone = "absent.org", name = "x", record_type = "A", records = ["192.0.2.1"]'),
    }))
    p = d.run("apply", "spec.conf", "--auto-approve", expect=1)
    contains(p.stdout + p.stderr, "not-an-address")
    contains(p.stdout + p.stderr, "the zone `absent.org.` does not exist on the DNS server")
    check(d.addresses() == ["ok"], f"only the good record is recorded: {d.addresses()}")
    check(PDNS.dig("fine.legacy.org") == ["192.0.2.9"], "the good record is served")
    d.run("destroy", "spec.conf", "--auto-approve")
    check(PDNS.dig("fine.legacy.org") == [], "destroyed")
    check(PDNS.dig("www.legacy.org") == ["192.0.2.7"], "what cairn did not make stays")
    PDNS.api("DELETE", "/zones/legacy.org.")


@scenario
def dns_import_zone_and_rrset(d):
    status, _ = PDNS.api("POST", "/zones", {"name": "adopted.org.", "kind": "Native", "nameservers": []})
    check(status == 201, f"zone made outside: {status}")
    PDNS.api("PATCH", "/zones/adopted.org.", {"rrsets": [{"name": "www.adopted.org.", "type": "A", "ttl": 300,
                                                          "changetype": "REPLACE",
                                                          "records": [{"content": "192.0.2.20", "disabled": False}]}]})
    resources = {"zone": ("Zone", 'name = "adopted.org"'),
                 "www": ("Record", 'zone = resources.zone.outputs.name, name = "www", record_type = "A", ttl = 300, '
                                   'records = ["192.0.2.20"]')}
    d.write("spec.conf", spec(resources))
    # An id naming nothing on the server is an error, and nothing is recorded.
    p = d.run("import", "www", "adopted.org./nothing/A", "spec.conf", expect=1)
    contains(p.stderr, "cannot import `www`")
    check(d.addresses() == [], f"nothing recorded: {d.addresses()}")
    d.run("import", "zone", "adopted.org.", "spec.conf")
    d.run("import", "www", "adopted.org./www/A", "spec.conf")
    check(d.addresses() == ["www", "zone"], f"both imported: {d.addresses()}")
    d.run("plan", "spec.conf", "--detailed-exitcode", expect=0)
    check(PDNS.dig("www.adopted.org") == ["192.0.2.20"], "import changes nothing real")

    # Imported records are managed like any other: an update, then drift put back.
    resources["www"] = ("Record", 'zone = resources.zone.outputs.name, name = "www", record_type = "A", ttl = 300, '
                                  'records = ["192.0.2.21"]')
    d.write("spec.conf", spec(resources))
    p = d.run("apply", "spec.conf", "--auto-approve")
    contains(p.stdout, "0 added, 1 changed, 0 destroyed")
    check(PDNS.dig("www.adopted.org") == ["192.0.2.21"], "updated")
    PDNS.api("PATCH", "/zones/adopted.org.", {"rrsets": [{"name": "www.adopted.org.", "type": "A", "ttl": 300,
                                                          "changetype": "REPLACE",
                                                          "records": [{"content": "192.0.2.99", "disabled": False}]}]})
    p = d.run("plan", "spec.conf", "--detailed-exitcode", expect=2)
    contains(p.stdout, "# www will be updated in-place")
    d.run("apply", "spec.conf", "--auto-approve")
    check(PDNS.dig("www.adopted.org") == ["192.0.2.21"], "drift put back")
    d.run("destroy", "spec.conf", "--auto-approve")
    status, _ = PDNS.api("GET", "/zones/adopted.org.")
    check(status == 404, f"the adopted zone is destroyed with the rest: {status}")


@scenario
def dns_bad_inputs_are_located(d):
    cases = [
        ('zone = "example.org", name = "www", record_type = "SOA", records = ["x"]',
         "the SOA record is the server's: it cannot be a dns.Record"),
        ('zone = "example.org", name = "www", record_type = "A", records = []',
         "an RRset needs at least one record"),
        ('zone = "example.org", name = "bad name", record_type = "A", records = ["192.0.2.1"]',
         "a DNS name is labels of letters"),
        ('zone = "example.org", name = "www", record_type = "A", ttl = 0, records = ["192.0.2.1"]',
         "a TTL is a whole number of seconds"),
        ('zone = "example.org", name = "www", record_type = "A", records = "192.0.2.1"', "Array"),
    ]
    for fields, message in cases:
        d.write("spec.conf", spec({"r": ("Record", fields)}))
        p = d.run("plan", "spec.conf", expect=1)
        contains(p.stderr, message)
        contains(p.stderr, "--> spec.conf:5:")
    d.write("spec.conf", spec({"r": ("Record", 'zone = "example.org", name = "www.other.net.", record_type = "A", '
                                               'records = ["192.0.2.1"]')}))
    p = d.run("plan", "spec.conf", expect=1)
    contains(p.stderr, "`www.other.net.` is not in the zone `example.org.`")
    d.write("spec.conf", spec({"z": ("Zone", 'name = "example.org"')}, settings='{ url = "ftp://x" }'))
    p = d.run("plan", "spec.conf", expect=1)
    contains(p.stderr, "`url` must be an http:// or https:// URL")
    # A wrong API key is refused by the server, and said so.
    d.write("spec.conf", spec({"z": ("Zone", 'name = "example.org"')},
                              settings=f'{{ url = "{PDNS.url()}", api_key = "wrong" }}'))
    p = d.run("apply", "spec.conf", "--auto-approve", expect=1)
    contains(p.stdout + p.stderr, "HTTP 401")
    check("wrong" not in p.stdout + p.stderr, "the API key is never shown")


def main():
    global PDNS
    PDNS = PowerDNS().start()
    try:
        return s.main()
    finally:
        PDNS.stop()


if __name__ == "__main__":
    sys.exit(main())
