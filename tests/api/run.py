#!/usr/bin/env python3
# run.py: the API test suite, run against the real binary.
#
#   python3 tests/api/run.py --bin build/san/mektep [-k SUBSTRING] [-v]
#                            [--store sqlite|pg]
#
# Makes a demo database in a temporary directory, starts `mektep serve` on
# a free loopback port, runs every function test_* of every
# tests/api/test_*.py (files sorted, functions in file order) with one
# shared Ctx, stops the server with SIGTERM and prints `N passed, N failed`.
# Exit 1 when a test failed or a server's (or a CLI run's) standard error
# shows a sanitizer report.
#
# --store pg runs the same tests with every database on PostgreSQL
# (tests/api/pgstore.py says how).
#
# Standard library only: it must run wherever python3 does.

import argparse
import importlib.util
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import traceback
import http.client

import pgstore

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)          # tests import apilib
from apilib import DEMO_TODAY   # the demo's and the servers' --today
DEMO_SEED = "1"
SANITIZER_MARKS = ("AddressSanitizer", "runtime error:", "LeakSanitizer")
START_TIMEOUT_S = 20.0
REQ_TIMEOUT_S = 15.0


class Skip(Exception):
    """Raised by a test that cannot run here (counted, not failed)."""


def free_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def sanitizer_env():
    env = dict(os.environ)
    # Keep reports on stderr where the runner looks for them; do not let a
    # developer's setting silence leak checking.
    env.setdefault("ASAN_OPTIONS", "detect_leaks=1:abort_on_error=0")
    env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1")
    return env


def has_sanitizer_report(text):
    return any(m in text for m in SANITIZER_MARKS)


def tail(path, n=40):
    try:
        with open(path, "r", encoding="utf-8", errors="replace") as f:
            lines = f.readlines()
    except OSError:
        return "(no stderr file)"
    return "".join(lines[-n:])


class Session:
    """A logged-in user: token, csrf, the login answer's user object."""

    def __init__(self, login, token, csrf, user, cookie):
        self.login = login
        self.token = token
        self.csrf = csrf
        self.user = user
        self.cookie = cookie          # the mektep_session cookie value

    @property
    def id(self):
        return self.user["id"]

    def __repr__(self):
        return "Session(%s)" % self.login


class Server:
    """One `mektep serve` process on its own port and database."""

    def __init__(self, binary, db, tmp, name, threads=2, extra=()):
        self.binary = binary
        self.db = db
        self.tmp = tmp
        self.name = name
        self.threads = threads
        self.extra = list(extra)
        self.proc = None
        self.port = None
        self.stderr_path = os.path.join(tmp, name + ".stderr")
        self._errf = None

    def start(self):
        last = ""
        for _attempt in range(3):
            self.port = free_port()
            self._errf = open(self.stderr_path, "ab")
            cmd = [self.binary, "serve", "--db", self.db, "--listen",
                   "127.0.0.1:%d" % self.port,
                   "--threads", str(self.threads),
                   # the school's "today" is the demo's, not the clock's
                   "--today", DEMO_TODAY,
                   # no 503 for a request kept waiting by a busy machine:
                   # statuses must not depend on timing (test_overload
                   # sets its own; docs/OVERLOAD.md)
                   "--queue-timeout-ms", "0"] + self.extra
            self.proc = subprocess.Popen(
                cmd, stdin=subprocess.DEVNULL, stdout=self._errf,
                stderr=self._errf, env=sanitizer_env())
            deadline = time.monotonic() + START_TIMEOUT_S
            while time.monotonic() < deadline:
                if self.proc.poll() is not None:
                    break
                try:
                    c = http.client.HTTPConnection("127.0.0.1", self.port,
                                                   timeout=2)
                    c.request("GET", "/healthz")
                    r = c.getresponse()
                    r.read()
                    c.close()
                    if r.status == 200:
                        return self
                    last = "GET /healthz answered %d" % r.status
                except OSError as e:
                    last = "GET /healthz: %s" % e
                time.sleep(0.1)
            if self.proc.poll() is None:
                self.stop()
                raise RuntimeError("server %s not healthy within %gs (%s); "
                                   "stderr tail:\n%s" % (
                                       self.name, START_TIMEOUT_S, last,
                                       tail(self.stderr_path)))
            self._errf.close()
            last = "exited with %s" % self.proc.returncode
            # the port may have been taken between probe and bind: retry
        raise RuntimeError("server %s did not start (%s); stderr tail:\n%s"
                           % (self.name, last, tail(self.stderr_path)))

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self):
        """SIGTERM, wait; returns the exit status (None if killed)."""
        if self.proc is None:
            return None
        rc = self.proc.poll()
        if rc is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                rc = self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                rc = None
        if self._errf:
            self._errf.close()
            self._errf = None
        return rc

    def stderr_text(self):
        try:
            with open(self.stderr_path, "r", encoding="utf-8",
                      errors="replace") as f:
                return f.read()
        except OSError:
            return ""


class Ctx:
    """What every test gets: the server, request and login helpers."""

    def __init__(self, runner, server):
        self.runner = runner
        self.server = server
        self.bin = runner.binary
        self.tmp = runner.tmp
        self._users = {}

    # where things are
    @property
    def db(self):
        return self.server.db

    @property
    def store(self):
        """The run's store: a pgstore.Store, or None on SQLite."""
        return self.runner.store

    def skip(self, why):
        """End the test as skipped (it cannot run on this store)."""
        raise Skip(why)

    @property
    def host(self):
        return "127.0.0.1"

    @property
    def port(self):
        return self.server.port

    @property
    def base(self):
        return "http://127.0.0.1:%d" % self.server.port

    # requests
    def req(self, method, path, body=None, token=None, headers=None,
            raw=None, cookie=None, csrf=None):
        """One request on a new connection.

        body: a Python value sent as JSON (UTF-8, not ASCII-escaped);
        raw: bytes sent as the body exactly (wins over body);
        token: a Session or a string, sent as `Authorization: Bearer`;
        cookie: a Session or a string, sent as the mektep_session cookie;
        csrf: a Session or a string, sent as X-CSRF-Token.
        Returns (status, headers, value): headers is case-insensitive
        (headers.get('x-request-id'), headers.get_all('set-cookie')),
        value is the parsed JSON, else the text, else None when empty.
        """
        h = {}
        data = None
        if raw is not None:
            data = raw if isinstance(raw, bytes) else raw.encode("utf-8")
        elif body is not None:
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        if data is not None:
            h["Content-Type"] = "application/json"
        if token is not None:
            t = token.token if isinstance(token, Session) else token
            h["Authorization"] = "Bearer " + t
        if cookie is not None:
            v = cookie.cookie if isinstance(cookie, Session) else cookie
            h["Cookie"] = "mektep_session=" + v
        if csrf is not None:
            h["X-CSRF-Token"] = csrf.csrf if isinstance(csrf, Session) \
                else csrf
        if headers:
            h.update(headers)
        c = http.client.HTTPConnection(self.host, self.port,
                                       timeout=REQ_TIMEOUT_S)
        try:
            c.putrequest(method, path, skip_accept_encoding=True)
            for k, v in h.items():
                c.putheader(k, v)
            if data is not None or method in ("POST", "PUT", "PATCH"):
                c.putheader("Content-Length", str(len(data or b"")))
            c.endheaders(data)
            r = c.getresponse()
            payload = r.read()
            return r.status, r.msg, decode_body(r.msg, payload)
        finally:
            c.close()

    def raw_http(self, data, timeout=REQ_TIMEOUT_S):
        """Send bytes as they are on a new socket; read the first answer.

        Returns (status, headers, text); status 0 when the server closed
        the connection without answering, -1 when it neither answered nor
        closed within timeout seconds.
        """
        s = socket.create_connection((self.host, self.port), timeout=timeout)
        buf = b""
        try:
            try:
                s.sendall(data)
            except (BrokenPipeError, ConnectionResetError):
                pass
            try:
                s.shutdown(socket.SHUT_WR)
            except OSError:
                pass
            while True:
                try:
                    chunk = s.recv(65536)
                except ConnectionResetError:
                    break
                except socket.timeout:
                    if not buf:
                        return -1, {}, "(timeout)"
                    break
                if not chunk:
                    break
                buf += chunk
                if parse_raw(buf, complete=False) is not None:
                    break
        finally:
            s.close()
        res = parse_raw(buf, complete=True)
        if res is None:
            return 0, {}, buf.decode("utf-8", "replace")
        return res

    def healthy(self):
        try:
            st, _, _ = self.req("GET", "/healthz")
            return st == 200
        except OSError:
            return False

    # sessions
    def login(self, name, password="demo"):
        """A new session for name; fails the test when login fails."""
        st, hd, js = self.req("POST", "/api/v1/auth/login",
                              {"login": name, "password": password})
        assert st == 200, "login %r: status %d %r" % (name, st, js)
        assert isinstance(js, dict) and "token" in js, \
            "login %r: no token in %r" % (name, js)
        cookie = None
        for sc in hd.get_all("Set-Cookie") or []:
            first = sc.split(";", 1)[0].strip()
            if first.startswith("mektep_session="):
                cookie = first[len("mektep_session="):]
        return Session(name, js["token"], js.get("csrf_token"),
                       js.get("user"), cookie)

    def user(self, name):
        """A cached session for read-only use (never log it out)."""
        if name not in self._users:
            self._users[name] = self.login(name)
        return self._users[name]

    def get(self, path, who=None):
        """GET as a demo user (name or Session); (status, value)."""
        tok = self.user(who) if isinstance(who, str) else who
        st, _, js = self.req("GET", path, token=tok)
        return st, js

    # more servers, CLI
    def fresh_server(self, name=None, **kw):
        """A context manager: a new server on a fresh copy of the demo
        database (untouched by other tests), as a Ctx of its own."""
        return FreshServer(self.runner, name, kw)

    def shared_server(self, name):
        """A server on a fresh copy of the demo database, started on the
        first call for name and kept until the end of the run: for a test
        module whose writes must not touch the other tests' database."""
        ctxs = self.runner.shared
        c = ctxs.get(name)
        if c is None or not c.server.alive():
            db = self.runner.copy_pristine(name)
            c = ctxs[name] = Ctx(self.runner, self.runner.start_server(db))
        return c

    def fresh_db(self, name=None):
        """Path of a new copy of the pristine demo database."""
        return self.runner.copy_pristine(name)

    def cli(self, *args, input=None, timeout=60):
        """Run the binary with args; CompletedProcess with text output.
        Its stderr is checked for sanitizer reports at the end."""
        args = self.runner.cli_args(args)
        p = subprocess.run([self.bin] + [str(a) for a in args], input=input,
                           capture_output=True, timeout=timeout,
                           env=sanitizer_env())
        out = p.stdout.decode("utf-8", "replace")
        err = p.stderr.decode("utf-8", "replace")
        self.runner.note_cli_stderr(args, err)
        return subprocess.CompletedProcess(p.args, p.returncode, out, err)


class FreshServer:
    def __init__(self, runner, name, kw):
        self.runner = runner
        self.name = name
        self.kw = kw
        self.server = None

    def __enter__(self):
        db = self.runner.copy_pristine(self.name)
        self.server = self.runner.start_server(db, **self.kw)
        return Ctx(self.runner, self.server)

    def __exit__(self, *exc):
        self.runner.stop_server(self.server)
        return False


def decode_body(headers, payload):
    if not payload:
        return None
    text = payload.decode("utf-8", "replace")
    ctype = (headers.get("Content-Type") or "").lower()
    if "json" in ctype:
        try:
            return json.loads(payload.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            return text
    return text


def parse_raw(buf, complete):
    """(status, headers, text) from raw HTTP/1.1 answer bytes, or None."""
    end = buf.find(b"\r\n\r\n")
    if end < 0:
        return None
    head = buf[:end].decode("latin-1").split("\r\n")
    parts = head[0].split(" ", 2)
    if len(parts) < 2 or not parts[1].isdigit():
        return None
    hdrs = {}
    for line in head[1:]:
        if ":" in line:
            k, v = line.split(":", 1)
            hdrs[k.strip().lower()] = v.strip()
    body = buf[end + 4:]
    n = hdrs.get("content-length")
    if n is not None and n.isdigit() and len(body) < int(n) \
            and not complete:
        return None
    return int(parts[1]), hdrs, body.decode("utf-8", "replace")


class Runner:
    def __init__(self, binary, tmp, store=None):
        self.binary = binary
        self.tmp = tmp
        self.store = store            # a pgstore.Store, None for SQLite
        self.servers = []
        self.shared = {}
        self.cli_reports = []
        self.pristine = os.path.join(tmp, "pristine.db")
        self.ncopies = 0

    def cli_args(self, args):
        """On PostgreSQL, a database path of the run becomes its URL
        (made empty first when it does not exist, as SQLite would)."""
        if self.store is None:
            return args
        out = []
        for a in args:
            m = self.store.map(a)
            if m is not a and self.store.name_of(a) not in self.store.made:
                self.store.create(self.store.name_of(a))
            out.append(m)
        return out

    def make_demo(self):
        db = os.path.join(self.tmp, "t.db")
        t0 = time.monotonic()
        if self.store is not None:
            return self.make_demo_pg(t0)
        p = subprocess.run([self.binary, "demo", "--db", db, "--seed",
                            DEMO_SEED, "--today", DEMO_TODAY],
                           capture_output=True, timeout=120,
                           env=sanitizer_env())
        err = p.stderr.decode("utf-8", "replace")
        self.note_cli_stderr(("demo",), err)
        if p.returncode != 0:
            raise RuntimeError("`%s demo` exited %d:\n%s" % (
                self.binary, p.returncode, err[-4000:]))
        # a pristine copy for tests that need a database of their own
        src = sqlite3.connect(db)
        dst = sqlite3.connect(self.pristine)
        src.backup(dst)
        dst.close()
        src.close()
        return db, time.monotonic() - t0

    def make_demo_pg(self, t0):
        st = self.store
        self.pristine = st.create(st.name_of(self.pristine))
        p = subprocess.run([self.binary, "demo", "--db", self.pristine,
                            "--seed", DEMO_SEED, "--today", DEMO_TODAY],
                           capture_output=True, timeout=600,
                           env=sanitizer_env())
        err = p.stderr.decode("utf-8", "replace")
        self.note_cli_stderr(("demo",), err)
        if p.returncode != 0:
            raise RuntimeError("`%s demo` exited %d:\n%s" % (
                self.binary, p.returncode, err[-4000:]))
        return self.copy_pristine("t"), time.monotonic() - t0

    def copy_pristine(self, name=None):
        self.ncopies += 1
        if self.store is not None:
            st = self.store
            return st.create(st.name_of(os.path.join(self.tmp, "%s.db" % (
                name or "fresh%d" % self.ncopies))),
                template=st.name_of(self.pristine))
        path = os.path.join(self.tmp, "%s.db" % (
            name or "fresh%d" % self.ncopies))
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.unlink(path + suffix)
        shutil.copyfile(self.pristine, path)
        return path

    def start_server(self, db, threads=2, extra=()):
        name = "server%d" % (len(self.servers) + 1)
        if self.store is not None:
            db = self.cli_args([db])[0]
        s = Server(self.binary, db, self.tmp, name, threads, extra)
        self.servers.append(s)
        return s.start()

    def stop_server(self, s):
        rc = s.stop()
        s.exit_status = rc
        return rc

    def note_cli_stderr(self, args, err):
        if has_sanitizer_report(err):
            path = os.path.join(self.tmp, "cli%d.stderr" % (
                len(self.cli_reports) + 1))
            with open(path, "w", encoding="utf-8") as f:
                f.write(err)
            self.cli_reports.append((args, path))


def discover(pattern, store=None):
    tests = []
    for fn in sorted(os.listdir(HERE)):
        if not (fn.startswith("test_") and fn.endswith(".py")):
            continue
        modname = "api_" + fn[:-3]
        spec = importlib.util.spec_from_file_location(
            modname, os.path.join(HERE, fn))
        mod = importlib.util.module_from_spec(spec)
        sys.modules[modname] = mod
        try:
            spec.loader.exec_module(mod)
        except Exception as e:     # a broken file is a failure, not a crash
            tests.append(("%s::<import>" % fn, None, e))
            continue
        if store is not None and hasattr(mod, "sqlite3"):
            mod.sqlite3 = store.module()
        funcs = [(getattr(f, "__code__").co_firstlineno, n, f)
                 for n, f in vars(mod).items()
                 if n.startswith("test_") and callable(f)
                 and getattr(f, "__module__", None) == modname]
        for _, n, f in sorted(funcs):
            name = "%s::%s" % (fn, n)
            if pattern and pattern not in name:
                continue
            tests.append((name, f, None))
    return tests


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--bin", required=True, help="the mektep binary")
    ap.add_argument("-k", dest="pattern", default="",
                    help="run only tests whose name contains this")
    ap.add_argument("-v", action="store_true",
                    help="print each test and full tracebacks")
    ap.add_argument("--keep", action="store_true",
                    help="keep the temporary directory")
    ap.add_argument("--store", choices=("sqlite", "pg"), default="sqlite",
                    help="the store every database of the run is on")
    a = ap.parse_args()

    binary = os.path.abspath(a.bin)
    if not os.access(binary, os.X_OK):
        print("run.py: %s is not an executable" % binary)
        print("0 passed, 1 failed")
        return 1
    tmp = tempfile.mkdtemp(prefix="mektep-api-")
    store = None
    if a.store == "pg":
        try:
            store = pgstore.Store(tmp)
        except (RuntimeError, OSError, subprocess.TimeoutExpired) as e:
            print("SETUP FAILED: %s" % e)
            print("0 passed, 1 failed")
            return 1
    runner = Runner(binary, tmp, store)
    t0 = time.monotonic()
    passed = failed = skipped = 0
    ok = False
    main_srv = None
    try:
        tests = discover(a.pattern, store)
        try:
            db, demo_s = runner.make_demo()
            main_srv = runner.start_server(db)
        except (RuntimeError, subprocess.TimeoutExpired, OSError,
                sqlite3.Error) as e:
            print("SETUP FAILED: %s" % e)
            print("0 passed, %d failed" % max(1, len(tests)))
            return 1
        if a.v:
            print("demo database in %.1fs, server on port %d" % (
                demo_s, main_srv.port))
        ctx = Ctx(runner, main_srv)
        for name, fn, import_err in tests:
            if import_err is not None:
                failed += 1
                print("FAIL %s: %s: %s" % (name, type(import_err).__name__,
                                           import_err))
                continue
            t1 = time.monotonic()
            try:
                fn(ctx)
            except Skip as e:
                skipped += 1
                print("SKIP %s: %s" % (name, e))
            except AssertionError as e:
                failed += 1
                msg = str(e) or "assertion failed"
                print("FAIL %s: %s" % (name, one_line(msg)))
                if a.v:
                    traceback.print_exc()
            except Exception as e:     # a crash of the test is a failure
                failed += 1
                tb = traceback.extract_tb(e.__traceback__)
                where = "%s:%d" % (os.path.basename(tb[-1].filename),
                                   tb[-1].lineno) if tb else "?"
                print("FAIL %s: %s: %s (at %s)" % (
                    name, type(e).__name__, one_line(str(e)), where))
                if a.v:
                    traceback.print_exc()
            else:
                passed += 1
                if a.v:
                    print("ok   %s (%.2fs)" % (name, time.monotonic() - t1))
            if not main_srv.alive():
                failed += 1
                print("FAIL %s: the server died (exit %s); stderr tail:\n%s"
                      % (name, main_srv.proc.returncode,
                         tail(main_srv.stderr_path)))
                main_srv = runner.start_server(db)
                ctx = Ctx(runner, main_srv)
        ok = True
    finally:
        for s in runner.servers:
            if s.alive():
                runner.stop_server(s)
        if store is not None:
            store.stop()

    sanitizer = False
    for s in runner.servers:
        if has_sanitizer_report(s.stderr_text()):
            sanitizer = True
            print("SANITIZER report in %s stderr (%s); tail:\n%s" % (
                s.name, s.stderr_path, tail(s.stderr_path, 60)))
    for args, path in runner.cli_reports:
        sanitizer = True
        print("SANITIZER report from `mektep %s` (%s); tail:\n%s" % (
            " ".join(map(str, args)), path, tail(path, 60)))
    if main_srv is not None and getattr(main_srv, "exit_status", 0) not in (
            0, None) and not sanitizer:
        # a non-zero exit after SIGTERM is worth knowing, not a failure
        print("note: the server exited with %s after SIGTERM" %
              main_srv.exit_status)
    if failed and main_srv is not None and not sanitizer:
        print("server stderr (%s), last lines:\n%s" % (
            main_srv.stderr_path, tail(main_srv.stderr_path, 15)))
    if skipped:
        print("%d skipped" % skipped)
    print("%d passed, %d failed" % (passed, failed))
    if a.v or store is not None:
        print("(%s store, %.1fs, temp dir %s)" % (
            a.store, time.monotonic() - t0, tmp))
    bad = failed > 0 or sanitizer or not ok
    if bad or a.keep:
        print("temp dir kept: %s" % tmp)
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if bad else 0


def one_line(s):
    s = " ".join(s.split())
    return s if len(s) <= 600 else s[:600] + "..."


if __name__ == "__main__":
    sys.exit(main())
