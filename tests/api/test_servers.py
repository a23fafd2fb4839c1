# test_servers.py: several mektep servers on one database, and a database
# that goes away. Any server answers any request: sessions and the login
# rate limit live in the database (docs/DEPLOY.md lists what is kept per
# server by design). On PostgreSQL a database away gives 503s in the
# contract's error shape, never a crash, and service resumes on its own.

import contextlib
import os
import subprocess
import time

from apilib import assert_error, get_ok

LOGIN = "/api/v1/auth/login"
ME = "/api/v1/me"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))


def two_servers(ctx, name):
    """Two servers on one fresh copy of the demo database, as Ctxs."""
    a = ctx.shared_server(name)
    b = type(a)(a.runner, a.runner.start_server(a.db))
    return a, b


def test_a_session_is_good_on_every_server(ctx):
    a, b = two_servers(ctx, "servers-session")
    try:
        s = a.login("teacher")
        assert get_ok(b, ME, s)["id"] == s.id
        # logout through B ends the session on A at once
        st, _, _ = b.req("POST", "/api/v1/auth/logout", token=s)
        assert st in (200, 204), "logout through B: %d" % st
        assert_error(a.req("GET", ME, token=s), 401, "unauthorized",
                     what="A after logout through B")
    finally:
        a.runner.stop_server(b.server)


def test_the_login_rate_limit_is_shared(ctx):
    a, b = two_servers(ctx, "servers-ratelimit")
    try:
        # ten failures, alternating between the servers, lock the login
        for i in range(10):
            c = (a, b)[i % 2]
            assert_error(c.req("POST", LOGIN, {"login": "director",
                                               "password": "no%d" % i}),
                         401, "unauthorized", what="failure %d" % (i + 1))
        for c, who in ((a, "A"), (b, "B")):
            assert_error(c.req("POST", LOGIN, {"login": "director",
                                               "password": "demo"}),
                         429, "too_many_requests", what="11th try on " + who)
    finally:
        a.runner.stop_server(b.server)


def pg(cmd, where):
    p = subprocess.run([os.path.join(ROOT, "scripts", "pg.sh"), cmd, where],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, "pg.sh %s: %s" % (cmd, p.stderr[-2000:])
    return p.stdout.strip()


@contextlib.contextmanager
def own_pg_server(ctx, name, threads=2):
    """A PostgreSQL server of the test's own in ctx.tmp/name, migrated,
    and a mektep server on it: yields (Ctx of that server, its dir for
    pg()). Both are stopped at the end."""
    where = os.path.join(ctx.tmp, name)
    q = pg("start", where)
    try:
        url = "postgresql:///postgres?" + q
        p = ctx.cli("migrate", "--db", url)
        assert p.returncode == 0, p.stderr[-2000:]
        srv = ctx.runner.start_server(url, threads=threads)
        c = type(ctx)(ctx.runner, srv)
        assert c.healthy()
        yield c, where
        assert srv.alive(), "the server died"
        ctx.runner.stop_server(srv)
    finally:
        pg("stop", where)


def test_a_database_restart_costs_no_answer(ctx):
    """PostgreSQL restarted while the server idles: the worker's
    connection is dead without knowing it. The first statement that meets
    it connects again and runs once more (a read, or the BEGIN of a
    write), so no one gets a 503 for a restart that is already over."""
    if ctx.store is None:
        ctx.skip("a PostgreSQL server to restart: --store pg")
    with own_pg_server(ctx, "pg-restart", threads=1) as (c, where):
        for method, path, body, want in (
                ("GET", "/healthz", None, 200),
                ("POST", LOGIN, {"login": "nobody", "password": "y"}, 401)):
            pg("down", where)
            pg("up", where)
            st, _, doc = c.req(method, path, body)
            assert st == want, "%s %s after a restart: %s %s" % (
                method, path, st, doc)


def test_database_away_gives_503_then_service_resumes(ctx):
    if ctx.store is None:
        ctx.skip("a PostgreSQL server to stop: --store pg")
    with own_pg_server(ctx, "pg-away") as (c, where):
        pg("down", where)
        for path, method, body in (("/healthz", "GET", None),
                                   (LOGIN, "POST", {"login": "x",
                                                    "password": "y"})):
            for _ in range(3):     # every worker thread meets it
                assert_error(c.req(method, path, body), 503, "unavailable",
                             what="%s %s, database away" % (method, path))
        assert c.server.alive(), "the server died with its database away"
        pg("up", where)
        # each worker thread reconnects on its next request, at most once
        # a second: soon every answer is 200 again
        deadline = time.monotonic() + 15
        streak = 0
        while time.monotonic() < deadline and streak < 10:
            streak = streak + 1 if c.healthy() else 0
            if streak == 0:
                time.sleep(0.2)
        assert streak >= 10, \
            "no steady service 15 s after the database came back"
