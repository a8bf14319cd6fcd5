"""Real servers for provider tests, started on loopback in temporary folders and stopped
afterwards: PostgreSQL 15 (Debian's postgresql package: initdb + pg_ctl, as an unprivileged
user when the tests run as root) and PowerDNS (pdns_server with the sqlite3 backend and its
HTTP API). Every port is a free one picked at start; nothing outlives the test.
"""
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time

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
