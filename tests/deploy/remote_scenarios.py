#!/usr/bin/env python3
"""Remote state through the `cairn` binary (helpers and runner from scenarios.py): the state
repository on a git server, each "machine" a work folder with its own state cache.

The servers are real and started here: `git daemon --enable=receive-pack` on a free
loopback port serving a bare repository in a temporary folder (`git://`), the same
repository as `file://`, a plain path (the local state every other scenario uses), Debian's
`git http-backend` behind a Basic-auth HTTP server (credentials from a `store` credential
helper), and OpenSSH's `sshd` with an `ssh-agent` holding the key (host keys checked against
known_hosts).

- an apply through the remote, a second machine planning from it and applying in turn;
- saved plans, `state rm`/`mv` and destroy through the remote (a plan made before another
  machine changed the stack is refused as stale);
- two machines applying the same stack at once: one wins, the other is told "state moved
  on" naming the winner, its records wait on a side ref and the next plan adopts them
  (every resource it created is in state with the id it was created with);
- two machines applying different stacks at once: both land;
- `cairn state push` publishing what an apply could not push while the server was down,
  `cairn state pull` on another machine;
- a remote refusing connections, one that never answers (CAIRN_STATE_TIMEOUT), a missing
  path, and a password in the URL that never reaches output or the cache.

  remote_scenarios.py --cairn build/release/cli/cairn [NAME...]
"""
import base64
import getpass
import http.server
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scenarios as s  # noqa: E402

s.SCENARIOS.clear()
scenario, check, contains = s.scenario, s.check, s.contains


def git(gitdir, *args, expect=0):
    p = subprocess.run(["git", "--git-dir", gitdir] + list(args), capture_output=True, text=True)
    if expect is not None and p.returncode != expect:
        raise s.Failure(f"git {' '.join(args)} exited {p.returncode}: {p.stderr}")
    return p.stdout


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """A bare repository in a temporary folder, served by `git daemon` on loopback."""

    def __init__(self):
        self.root = tempfile.mkdtemp(prefix="cairn-remote-")
        self.gitdir = os.path.join(self.root, "state.git")
        subprocess.run(["git", "init", "-q", "--bare", "-b", "main", self.gitdir], check=True)
        self.proc = None
        self.start()

    def start(self):
        self.port = free_port() if self.proc is None else self.port
        self.proc = subprocess.Popen(
            ["git", "daemon", "--reuseaddr", "--export-all", "--enable=receive-pack", f"--base-path={self.root}",
             "--listen=127.0.0.1", f"--port={self.port}", self.root],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.time() + 10
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise s.Failure("git daemon did not start")

    def stop(self):
        if self.proc is not None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    @property
    def url(self):
        return f"git://127.0.0.1:{self.port}/state.git"

    def file_url(self):
        return "file://" + self.gitdir

    def head(self):
        return git(self.gitdir, "rev-parse", "--verify", "-q", "refs/heads/main", expect=None).strip()

    def names(self, stack="default"):
        return git(self.gitdir, "ls-tree", "--name-only", f"main:stacks/{stack}/resources").split()

    def record(self, address, stack="default"):
        return json.loads(git(self.gitdir, "show", f"main:stacks/{stack}/resources/{address}.json"))


class HttpServer:
    """The same kind of bare repository served over smart HTTP by Debian's `git http-backend`
    (as a CGI program) behind a small HTTP server on loopback that wants Basic auth."""

    def __init__(self, user, password):
        self.root = tempfile.mkdtemp(prefix="cairn-http-")
        self.gitdir = os.path.join(self.root, "state.git")
        subprocess.run(["git", "init", "-q", "--bare", "-b", "main", self.gitdir], check=True)
        token = base64.b64encode(f"{user}:{password}".encode()).decode()
        root = self.root

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def body(self):
                if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                    data = b""
                    while True:
                        size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                        if size == 0:
                            self.rfile.readline()
                            return data
                        data += self.rfile.read(size)
                        self.rfile.readline()
                return self.rfile.read(int(self.headers.get("Content-Length") or 0))

            def serve(self):
                data = self.body()
                if self.headers.get("Authorization") != f"Basic {token}":
                    self.send_response(401)
                    self.send_header("WWW-Authenticate", 'Basic realm="state"')
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                path, _, query = self.path.partition("?")
                env = {"GIT_PROJECT_ROOT": root, "GIT_HTTP_EXPORT_ALL": "1", "PATH_INFO": path,
                       "QUERY_STRING": query, "REQUEST_METHOD": self.command, "REMOTE_USER": user,
                       "REMOTE_ADDR": "127.0.0.1", "CONTENT_TYPE": self.headers.get("Content-Type", ""),
                       "CONTENT_LENGTH": str(len(data)), "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
                       "HTTP_CONTENT_ENCODING": self.headers.get("Content-Encoding", "")}
                out = subprocess.run(["git", "http-backend"], input=data, env=env, capture_output=True).stdout
                head, _, rest = out.partition(b"\r\n\r\n")
                status = 200
                headers = []
                for line in head.decode().split("\r\n"):
                    key, _, value = line.partition(":")
                    if key.lower() == "status":
                        status = int(value.split()[0])
                    elif key:
                        headers.append((key, value.strip()))
                self.send_response(status)
                for key, value in headers:
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(rest)))
                self.end_headers()
                self.wfile.write(rest)

            do_GET = do_POST = serve

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.port}/state.git"

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()
        subprocess.run(["rm", "-rf", self.root])


class SshServer:
    """OpenSSH's sshd on a free loopback port, letting in the current user with a key held by
    an ssh-agent, and serving a bare repository by path."""

    def __init__(self):
        self.root = tempfile.mkdtemp(prefix="cairn-ssh-")
        self.gitdir = os.path.join(self.root, "state.git")
        subprocess.run(["git", "init", "-q", "--bare", "-b", "main", self.gitdir], check=True)
        r = self.root
        for name in ("host", "user"):
            subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", f"{r}/{name}"], check=True)
        shutil.copy(f"{r}/user.pub", f"{r}/authorized_keys")
        os.makedirs("/run/sshd", exist_ok=True) if os.geteuid() == 0 else None
        self.port = free_port()
        with open(f"{r}/sshd_config", "w") as f:
            f.write(f"ListenAddress 127.0.0.1\nPort {self.port}\nHostKey {r}/host\n"
                    f"AuthorizedKeysFile {r}/authorized_keys\nStrictModes no\nUsePAM no\n"
                    f"PasswordAuthentication no\nKbdInteractiveAuthentication no\n"
                    f"PermitRootLogin prohibit-password\nPidFile {r}/sshd.pid\n")
        self.sshd = subprocess.Popen([SSHD, "-D", "-e", "-f", f"{r}/sshd_config"], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, start_new_session=True)
        self.agent_sock = f"{r}/agent.sock"
        self.agent = subprocess.Popen(["ssh-agent", "-D", "-a", self.agent_sock], stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.time() + 10
        while not os.path.exists(self.agent_sock) and time.time() < deadline:
            time.sleep(0.05)
        subprocess.run(["ssh-add", "-q", f"{r}/user"], env=dict(os.environ, SSH_AUTH_SOCK=self.agent_sock),
                       check=True, capture_output=True)
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        self.home = f"{r}/home"
        os.makedirs(f"{self.home}/.ssh")
        self.url = f"ssh://{getpass.getuser()}@127.0.0.1:{self.port}{self.gitdir}"

    def trust(self, key_file=None):
        """Writes the server's host key (or another one) into known_hosts."""
        with open(key_file or f"{self.root}/host.pub") as f:
            kind, key = f.read().split()[:2]
        with open(f"{self.home}/.ssh/known_hosts", "w") as f:
            f.write(f"[127.0.0.1]:{self.port} {kind} {key}\n")

    def stop(self):
        for p in (self.sshd, self.agent):
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
        subprocess.run(["rm", "-rf", self.root])


SSHD = shutil.which("sshd") or "/usr/sbin/sshd"


def run_env(d, env, *args, expect=0):
    p = subprocess.run([s.CAIRN] + list(args), cwd=d.path, env=dict(d.env(), **env), capture_output=True, text=True,
                       timeout=120)
    if p.returncode < 0 or p.returncode > 2:
        raise s.Failure(f"cairn {' '.join(args)} crashed ({p.returncode}):\n{p.stderr}")
    if expect is not None and p.returncode != expect:
        raise s.Failure(f"cairn {' '.join(args)} exited {p.returncode}, wanted {expect}\n"
                        f"--- stdout\n{p.stdout}--- stderr\n{p.stderr}")
    return p


def grep(word, folder):
    return subprocess.run(["grep", "-r", "-l", word, folder], capture_output=True, text=True).stdout


def with_server(fn):
    """A scenario that gets a git server and a second machine beside its own folder."""
    def run(d):
        server = Server()
        other = s.Dir()
        try:
            fn(d, other, server)
        finally:
            server.stop()
            other.cleanup()
            subprocess.run(["rm", "-rf", server.root])
    run.__name__ = fn.__name__
    return scenario(run)


def created_ids(out):
    return dict(re.findall(r"^(\S+): Creation complete after \S+ \[id=([0-9a-f]+)\]", out, re.M))


def through(d, other, server, url):
    d.spec({"a": s.null(), "b": s.null(triggers={"v": "1"})})
    p = d.run("apply", "spec.json", "--auto-approve", "--state", url)
    contains(p.stdout, "Apply complete! Resources: 2 added")
    check(server.names() == ["a.json", "b.json"], f"records on the server: {server.names()}")
    check(not d.exists(".cairn/state"), "no local state repository beside the cache")
    caches = [n for n in os.listdir(d.file(".cairn/cache")) if n != "age-identity.txt"]
    check(len(caches) == 1, f"one cache: {caches}")
    check(d.exists(".cairn/cache/age-identity.txt"), "the state's age key beside the caches")
    cache = d.file(".cairn/cache/" + caches[0])
    check(git(cache, "rev-parse", "main").strip() == server.head(), "the cache holds what the server holds")
    # A second machine plans from the remote, then changes it.
    other.write("spec.json", d.read("spec.json"))
    contains(other.run("plan", "spec.json", "--state", url).stdout, "No changes.")
    check(other.run("state", "list", "--state", url).stdout.split() == ["a", "b"], "state list on machine 2")
    other.spec({"a": s.null(), "b": s.null(triggers={"v": "2"}), "c": s.null()})
    p = other.run("apply", "spec.json", "--auto-approve", "--state", url)
    contains(p.stdout, "Apply complete! Resources: 2 added, 0 changed, 1 destroyed.")
    # The first machine's next plan starts from it.
    d.write("spec.json", other.read("spec.json"))
    contains(d.run("plan", "spec.json", "--state", url).stdout, "No changes.")
    log = d.run("state", "log", "--state", url).stdout
    check(log.count("apply:") == 2, f"both applies in the log:\n{log}")


@with_server
def apply_through_git_daemon(d, other, server):
    through(d, other, server, server.url)


@with_server
def apply_through_file_url(d, other, server):
    through(d, other, server, server.file_url())


@with_server
def saved_plans_edits_and_destroy_through_a_remote(d, other, server):
    url = server.url
    d.spec({"a": s.null(), "b": s.null()})
    d.run("plan", "spec.json", "--state", url, "-o", "p.plan", expect=None)
    d.run("apply", "p.plan", "--state", url)
    check(server.names() == ["a.json", "b.json"], f"saved plan applied: {server.names()}")
    # A saved plan made before another machine changed the stack is refused, not applied.
    d.spec({"a": s.null(), "b": s.null(), "c": s.null()})
    d.run("plan", "spec.json", "--state", url, "-o", "stale.plan", expect=None)
    other.run("state", "rm", "b", "--state", url)
    check(server.names() == ["a.json"], f"state rm pushed: {server.names()}")
    p = d.run("apply", "stale.plan", "--state", url, expect=1)
    contains(p.stderr, "error[E0610]: the plan is stale")
    check(server.names() == ["a.json"], "the stale plan changed nothing")
    other.run("state", "mv", "a", "z", "--state", url)
    check(server.names() == ["z.json"], f"state mv pushed: {server.names()}")
    other.spec({"z": s.null()})
    p = other.run("destroy", "spec.json", "--auto-approve", "--state", url)
    contains(p.stdout, "Destroy complete! Resources: 1 destroyed.")
    check(git(server.gitdir, "ls-tree", "--name-only", "main:stacks/default", expect=None).split()
          in ([], ["outputs.json"]), "the stack is empty on the server")
    check(d.run("state", "list", "--state", url).stdout.split() == [], "the first machine sees it")


@scenario
def plain_path_is_a_local_state(d):
    # A plain path is the local state every other scenario uses: shared by two folders, no
    # cache, and `state pull` says it is not remote.
    other = s.Dir()
    try:
        shared = d.file("shared/state")
        d.spec({"a": s.null()})
        d.run("apply", "spec.json", "--auto-approve", "--state", shared)
        other.write("spec.json", d.read("spec.json"))
        contains(other.run("plan", "spec.json", "--state", shared).stdout, "No changes.")
        check(not other.exists(".cairn"), "no cache for a plain path")
        p = other.run("state", "pull", "--state", shared, expect=1)
        contains(p.stderr, "is not a remote state")
    finally:
        other.cleanup()


def race(d, other, url, spec_d, spec_o, stack_d="default", stack_o="default"):
    d.spec(spec_d)
    other.spec(spec_o)
    procs = [m.spawn("apply", "spec.json", "--auto-approve", "--state", url, "--stack", st)
             for m, st in ((d, stack_d), (other, stack_o))]
    outs = [p.communicate(timeout=120) for p in procs]
    return [(p.returncode, out, err) for p, (out, err) in zip(procs, outs)]


def one_stack_race(d, other, server, url):
    d.spec({"base": s.null()})
    d.run("apply", "spec.json", "--auto-approve", "--state", url)
    other.run("plan", "spec.json", "--state", url, expect=None)  # fills machine 2's cache
    slow = {"delay_ms": 1500}
    results = race(d, other, url, {"base": s.null(), "mine": s.null(**slow)},
                   {"base": s.null(), "theirs": s.null(**slow)})
    codes = [r[0] for r in results]
    check(sorted(codes) == [0, 1], f"one wins, one loses: {codes}\n{results}")
    win, lose = (0, 1) if codes[0] == 0 else (1, 0)
    loser = (d, other)[lose]
    _, out, err = results[lose]
    contains(err, "state moved on: commit " + server.head()[:12])
    contains(err, "nothing is lost")
    lost_ids = created_ids(out)
    check(len(lost_ids) == 1, f"the loser created one resource: {out}")
    orphans = git(server.gitdir, "for-each-ref", "--format=%(refname)", "refs/cairn/orphans/").split()
    check(len(orphans) == 1 and orphans[0].startswith("refs/cairn/orphans/default/"), f"side ref: {orphans}")
    # The next plan, on either machine, starts from the winner and adopts the loser's records.
    both = {"base": s.null(), "mine": s.null(**slow), "theirs": s.null(**slow)}
    for m in (d, other):
        m.spec(both)
        p = m.run("plan", "spec.json", "--state", url)
        contains(p.stdout, "No changes.")
        contains(p.stderr, "adopting the records of 1 apply that lost a race")
    p = loser.run("apply", "spec.json", "--auto-approve", "--state", url)
    contains(p.stdout, "Adopted the records of applies that lost a race")
    contains(p.stdout, "No changes.")
    check(server.names() == ["base.json", "mine.json", "theirs.json"], f"all on main: {server.names()}")
    for address, rid in lost_ids.items():
        check(server.record(address)["id"] == rid, f"`{address}` keeps the id the loser made")
    parents = git(server.gitdir, "log", "-1", "--format=%P", "main").split()
    check(len(parents) == 2 and parents[1] == orphans[0].rsplit("/", 1)[1], f"the adoption merges it: {parents}")
    # Adopted once: the plans after it have nothing to adopt.
    p = (d, other)[win].run("plan", "spec.json", "--state", url)
    check("adopting" not in p.stderr, p.stderr)


@with_server
def racing_applies_on_one_stack(d, other, server):
    one_stack_race(d, other, server, server.url)


@with_server
def racing_applies_on_one_stack_file_url(d, other, server):
    one_stack_race(d, other, server, server.file_url())


@with_server
def racing_applies_on_two_stacks(d, other, server):
    url = server.file_url()
    slow = {"delay_ms": 800}
    results = race(d, other, url, {"x": s.null(**slow)}, {"y": s.null(**slow)}, "one", "two")
    check([r[0] for r in results] == [0, 0], f"both land: {results}")
    check(server.names("one") == ["x.json"] and server.names("two") == ["y.json"], "both stacks on main")
    check(git(server.gitdir, "for-each-ref", "refs/cairn/orphans/") == "", "no side refs")


@with_server
def push_and_pull_by_hand(d, other, server):
    url = server.url
    d.spec({"a": s.null()})
    d.run("apply", "spec.json", "--auto-approve", "--state", url)
    # The server goes away while an apply runs: the commit stays in the cache.
    d.spec({"a": s.null(), "slow": s.null(delay_ms=1500)})
    p = d.spawn("apply", "spec.json", "--auto-approve", "--state", url)
    time.sleep(0.8)
    server.stop()
    out, err = p.communicate(timeout=60)
    check(p.returncode == 1, f"apply exited {p.returncode}\n{out}\n{err}")
    contains(err, "cannot reach the remote state")
    contains(err, "`cairn state push` publishes it")
    check(server.names() == ["a.json"], "the server has the old state")
    server.start()
    p = d.run("plan", "spec.json", "--state", url)
    contains(p.stdout, "No changes.")
    contains(p.stderr, "holds commits the remote")
    p = d.run("state", "push", "--state", url)
    contains(p.stdout, "pushed ")
    check(server.names() == ["a.json", "slow.json"], f"pushed: {server.names()}")
    contains(p.stdout, f"main at {server.head()[:12]}")
    p = d.run("state", "push", "--state", url)
    check("pushed" not in p.stdout, "nothing left to push")
    p = other.run("state", "pull", "--state", url)
    contains(p.stdout, f"main at {server.head()[:12]}")
    cache = other.file(".cairn/cache/" + [n for n in os.listdir(other.file(".cairn/cache")) if n != "age-identity.txt"][0])
    check(git(cache, "rev-parse", "main").strip() == server.head(), "pulled into the cache")


@scenario
def unreachable_remotes(d):
    d.spec({"a": s.null()})
    closed = free_port()
    p = d.run("plan", "spec.json", "--state", f"git://127.0.0.1:{closed}/state.git", expect=1)
    contains(p.stderr, "error[E0608]: cannot reach the remote state")
    contains(p.stderr, "Connection refused")
    p = d.run("apply", "spec.json", "--auto-approve", "--state", f"file://{d.file('missing.git')}", expect=1)
    contains(p.stderr, "cannot reach the remote state")
    # A server that takes the connection and never answers: the timeout ends it.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        port = silent.getsockname()[1]
        start = time.time()
        p = subprocess.run([s.CAIRN, "plan", "spec.json", "--state", f"git://127.0.0.1:{port}/state.git"],
                           cwd=d.path, env=dict(d.env(), CAIRN_STATE_TIMEOUT="2"), capture_output=True, text=True,
                           timeout=60)
        took = time.time() - start
    check(p.returncode == 1, f"exit {p.returncode}: {p.stderr}")
    contains(p.stderr, "gave no answer within 2 s")
    check(took < 10, f"took {took:.1f}s")
    # A password in the URL is shown nowhere and kept nowhere.
    url = f"http://someone:hunter2-secret@127.0.0.1:{closed}/state.git"
    p = d.run("plan", "spec.json", "--state", url, expect=1)
    check("hunter2" not in p.stdout + p.stderr, p.stderr)
    contains(p.stderr, f"http://someone@127.0.0.1:{closed}/state.git")
    leaked = subprocess.run(["grep", "-r", "-l", "hunter2", d.file(".cairn")], capture_output=True, text=True)
    check(leaked.stdout == "", f"the password is in {leaked.stdout}")


@scenario
def http_with_a_credential_helper(d):
    server = HttpServer("alice", "s3cret-pw")
    other = s.Dir()
    try:
        d.spec({"a": s.null()})
        # No credentials anywhere: a clear error.
        bare = {"GIT_CONFIG_GLOBAL": d.file("none.gitconfig"), "GIT_CONFIG_NOSYSTEM": "1"}
        p = run_env(d, bare, "plan", "spec.json", "--state", server.url, expect=1)
        contains(p.stderr, "the server wants credentials and git's credential helpers (credential.helper) gave none")
        # A credential helper (`store`) that knows them.
        creds = {}
        for m in (d, other):
            m.write("creds", f"http://alice:s3cret-pw@127.0.0.1:{server.port}\n")
            m.write("gitconfig", f"[credential]\n\thelper = store --file={m.file('creds')}\n")
            creds[m] = {"GIT_CONFIG_GLOBAL": m.file("gitconfig"), "GIT_CONFIG_NOSYSTEM": "1"}
        p = run_env(d, creds[d], "apply", "spec.json", "--auto-approve", "--state", server.url)
        contains(p.stdout, "Apply complete! Resources: 1 added")
        check(git(server.gitdir, "ls-tree", "--name-only", "main:stacks/default/resources").split() == ["a.json"],
              "the record is on the server")
        other.write("spec.json", d.read("spec.json"))
        contains(run_env(other, creds[other], "plan", "spec.json", "--state", server.url).stdout, "No changes.")
        check(grep("s3cret", d.file(".cairn")) == "", "the password is in no file of the cache")
        # A helper with a wrong password: refused, said so.
        other.write("creds", f"http://alice:wrong@127.0.0.1:{server.port}\n")
        p = run_env(other, creds[other], "plan", "spec.json", "--state", server.url, expect=1)
        contains(p.stderr, "gave none it accepts")
    finally:
        server.stop()
        other.cleanup()


@scenario
def ssh_with_an_agent(d):
    check(os.path.exists(SSHD), "sshd is missing (Debian's openssh-server; ./dev.sh test installs it)")
    server = SshServer()
    try:
        d.spec({"a": s.null(), "b": s.null()})
        env = {"HOME": server.home, "SSH_AUTH_SOCK": server.agent_sock}
        p = run_env(d, env, "plan", "spec.json", "--state", server.url, expect=1)
        contains(p.stderr, f"the host key of `[127.0.0.1]:{server.port}` is not in known_hosts")
        server.trust(f"{server.root}/user.pub")  # a key that is not the server's
        p = run_env(d, env, "plan", "spec.json", "--state", server.url, expect=1)
        contains(p.stderr, "is not the one known_hosts holds")
        server.trust()
        p = run_env(d, env, "apply", "spec.json", "--auto-approve", "--state", server.url)
        contains(p.stdout, "Apply complete! Resources: 2 added")
        check(git(server.gitdir, "ls-tree", "--name-only", "main:stacks/default/resources").split()
              == ["a.json", "b.json"], "the records are on the server")
        contains(run_env(d, env, "plan", "spec.json", "--state", server.url).stdout, "No changes.")
        p = run_env(d, dict(env, SSH_AUTH_SOCK=""), "plan", "spec.json", "--state", server.url, expect=1)
        contains(p.stderr, "cannot reach the remote state")
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(s.main())
