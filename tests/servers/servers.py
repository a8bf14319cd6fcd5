"""Real servers for provider tests, started on loopback in temporary folders and stopped
afterwards: PostgreSQL 15 (Debian's postgresql package: initdb + pg_ctl, as an unprivileged
user when the tests run as root) and PowerDNS (pdns_server with the sqlite3 backend and its
HTTP API). Every port is a free one picked at start; nothing outlives the test.
"""
import json
import os
import pwd
import shutil
import socket
import sqlite3
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

PG_BIN = "/usr/lib/postgresql/15/bin"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, seconds=30):
    end = time.time() + seconds
    while time.time() < end:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.1)
    return False


class Postgres:
    """A PostgreSQL 15 cluster with trust authentication for `postgres` on 127.0.0.1."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="cairn-pg-")
        os.chmod(self.dir, 0o755)
        self.data = os.path.join(self.dir, "data")
        self.port = free_port()
        self.user = None
        if os.getuid() == 0:
            self.user = "nobody"
            uid = pwd.getpwnam(self.user).pw_uid
            os.chown(self.dir, uid, -1)

    def _run(self, *args, check=True):
        cmd = list(args)
        if self.user:
            cmd = ["runuser", "-u", self.user, "--"] + cmd
        return subprocess.run(cmd, cwd=self.dir, capture_output=True, text=True, check=check, timeout=120)

    def start(self):
        self._run(os.path.join(PG_BIN, "initdb"), "-D", self.data, "-U", "postgres", "--auth=trust",
                  "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync")
        opts = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(os.path.join(PG_BIN, "pg_ctl"), "-D", self.data, "-o", opts, "-l",
                  os.path.join(self.dir, "log"), "-w", "-t", "60", "start")
        return self

    def psql(self, sql, db="postgres"):
        p = subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", db,
                            "-v", "ON_ERROR_STOP=1", "-tAc", sql], capture_output=True, text=True, timeout=60)
        if p.returncode != 0:
            raise RuntimeError(f"psql {sql!r}: {p.stderr}")
        return p.stdout.strip()

    def settings(self):
        return f'{{ host = "127.0.0.1", port = {self.port}, user = "postgres" }}'

    def stop(self):
        self._run(os.path.join(PG_BIN, "pg_ctl"), "-D", self.data, "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self.dir, ignore_errors=True)


PDNS_SCHEMA = "/usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql"


def free_udp_tcp_port():
    """A port free for both TCP and UDP on 127.0.0.1 (DNS listens on both)."""
    for _ in range(50):
        port = free_port()
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u:
                u.bind(("127.0.0.1", port))
            return port
        except OSError:
            continue
    raise RuntimeError("no free port for DNS")


class PowerDNS:
    """PowerDNS Authoritative 4.7 with the sqlite3 backend, answering DNS on a free loopback
    port and its HTTP API (key `api_key`) on another; it drops to `nobody` when the tests run
    as root, and keeps its control socket in the temporary folder."""

    api_key = "cairn-test-key"

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="cairn-pdns-")
        os.chmod(self.dir, 0o755)
        self.db = os.path.join(self.dir, "pdns.sqlite3")
        self.dns_port = free_udp_tcp_port()
        self.api_port = free_port()
        self.user = "nobody" if os.getuid() == 0 else None
        self.proc = None

    def start(self):
        with open(PDNS_SCHEMA) as f:
            schema = f.read()
        con = sqlite3.connect(self.db)
        con.executescript(schema)
        con.commit()
        con.close()
        if self.user:
            uid = pwd.getpwnam(self.user).pw_uid
            for path in (self.dir, self.db):
                os.chown(path, uid, -1)
        cmd = ["pdns_server", f"--config-dir={self.dir}", f"--socket-dir={self.dir}", "--launch=gsqlite3",
               f"--gsqlite3-database={self.db}", "--local-address=127.0.0.1", f"--local-port={self.dns_port}",
               "--api=yes", f"--api-key={self.api_key}", "--webserver=yes", "--webserver-address=127.0.0.1",
               f"--webserver-port={self.api_port}", "--webserver-allow-from=127.0.0.0/8", "--daemon=no",
               "--guardian=no", "--disable-syslog", "--write-pid=no", "--security-poll-suffix=",
               "--loglevel=4", "--cache-ttl=0", "--query-cache-ttl=0", "--negquery-cache-ttl=0",
               "--zone-cache-refresh-interval=0"]
        if self.user:
            cmd += [f"--setuid={self.user}", "--setgid=nogroup"]
        self.log = open(os.path.join(self.dir, "log"), "w")
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT, cwd=self.dir)
        if not wait_port(self.api_port) or not wait_port(self.dns_port):
            self.stop(keep_log=True)
            raise RuntimeError(f"PowerDNS did not start; its log:\n{self.read_log()}")
        return self

    def read_log(self):
        try:
            with open(os.path.join(self.dir, "log")) as f:
                return f.read()
        except OSError:
            return ""

    def url(self):
        return f"http://127.0.0.1:{self.api_port}"

    def settings(self):
        return f'{{ url = "{self.url()}", api_key = "{self.api_key}" }}'

    def api(self, method, path, body=None):
        """A request to the API (path below /api/v1/servers/localhost); (status, JSON or None)."""
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(f"{self.url()}/api/v1/servers/localhost{path}", data=data, method=method,
                                     headers={"X-API-Key": self.api_key, "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                text = r.read().decode()
                return r.status, (json.loads(text) if text else None)
        except urllib.error.HTTPError as e:
            text = e.read().decode()
            try:
                return e.code, json.loads(text)
            except ValueError:
                return e.code, text

    def dig(self, name, rtype="A"):
        """The answers of a real DNS query, sorted."""
        p = subprocess.run(["dig", "@127.0.0.1", "-p", str(self.dns_port), "+short", "+norecurse", "+time=5",
                            "+tries=2", name, rtype], capture_output=True, text=True, timeout=60)
        if p.returncode != 0:
            raise RuntimeError(f"dig {name} {rtype}: {p.stdout}{p.stderr}")
        return sorted(line for line in p.stdout.splitlines() if line)

    def stop(self, keep_log=False):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if getattr(self, "log", None):
            self.log.close()
        if not keep_log:
            shutil.rmtree(self.dir, ignore_errors=True)
