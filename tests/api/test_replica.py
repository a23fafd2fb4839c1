# test_replica.py: what read replicas rest on that one database shows
# (docs/DEPLOY.md, read replicas). A session's write transactions note
# sessions.wrote_at on PostgreSQL (read-your-writes; SQLite has no
# replicas and leaves it 0); bad replica options are refused before the
# server starts; a "replica" that is no standby is never read from. The
# replica itself, its lag and the primary going away are shown by
# scripts/pg-cluster.sh (make check-cluster).

import hashlib
import os
import sqlite3
import time

from apilib import get_ok

WEEK = "/api/v1/me/lessons?from=2026-11-23&to=2026-11-27"


def wrote_at(c, s):
    con = sqlite3.connect(c.db, timeout=15)
    h = hashlib.sha256(s.token.encode()).hexdigest()
    row = con.execute("SELECT wrote_at FROM sessions WHERE token_hash = ?",
                      (h,)).fetchone()
    assert row is not None, "no session row for the token"
    return int(row[0])


def test_a_write_notes_the_session(ctx):
    c = ctx.shared_server("replica")
    s = c.login("teacher")
    other = c.login("teacher")
    lesson = get_ok(c, WEEK, s)["lessons"][0]["lesson_id"]
    assert wrote_at(c, s) == 0, "a new session has written nothing"
    # reads and a refused write note nothing
    get_ok(c, "/api/v1/lessons/%d/marks/history" % lesson, s)
    st, _, _ = c.req("PATCH", "/api/v1/lessons/%d" % lesson,
                     {"mode": "by_pigeon"}, token=s)
    assert st == 422, "PATCH with a bad mode: %d" % st
    assert wrote_at(c, s) == 0, "a read or a refused write noted a write"
    t0 = int(time.time() * 1000)
    st, _, js = c.req("PATCH", "/api/v1/lessons/%d" % lesson,
                      {"homework": "replica test %d" % t0}, token=s)
    assert st == 200, "PATCH: %d %r" % (st, js)
    t1 = int(time.time() * 1000)
    w = wrote_at(c, s)
    if ctx.store is None:
        assert w == 0, "SQLite has no replicas: wrote_at %d" % w
    else:
        # the server's clock is this machine's
        assert t0 - 1000 <= w <= t1 + 1000, \
            "wrote_at %d not within the PATCH (%d-%d)" % (w, t0, t1)
    # only the session that wrote
    assert wrote_at(c, other) == 0, "another session of the same person"
    # a view is counted in memory: no write, so nothing noted
    pupil = c.login("pupil")
    kid = get_ok(c, "/api/v1/me", pupil)["id"]
    days = get_ok(c, "/api/v1/students/%d/diary?week=2026-W48" % kid,
                  pupil)["days"]
    seen = [l["lesson_id"] for d in days if d["date"] == "2026-11-24"
            for l in d["lessons"]][0]
    st, _, _ = c.req("POST", "/api/v1/lessons/%d/views" % seen, token=pupil)
    assert st == 204, "POST views: %d" % st
    assert wrote_at(c, pupil) == 0, "a view counted in memory noted a write"


def test_bad_replica_options_are_refused(ctx):
    nowhere = os.path.join(os.path.sep, "nonexistent-dir", "x.db")
    for args, says in (
            (["--db", nowhere, "--db-replica", "postgresql:///r"],
             "'--db-replica' needs a PostgreSQL '--db'"),
            (["--db", "postgresql:///p", "--db-replica", "r.db"],
             "'--db-replica' must be a postgresql:// URL"),
            (["--db", "postgresql:///p", "--db-replica", "postgresql:///r",
              "--replica-max-lag", "0"], "'--replica-max-lag' must be")):
        p = ctx.cli("serve", "--listen", "127.0.0.1:1", *args)
        assert p.returncode != 0, "serve %r started" % (args,)
        assert says in p.stderr, "serve %r: %r" % (args, p.stderr[-500:])


def metric(c, name):
    st, _, text = c.req("GET", "/metrics")
    assert st == 200, "metrics %d" % st
    for line in text.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    return None


def test_a_primary_named_as_replica_is_not_used(ctx):
    if ctx.store is None:
        ctx.skip("a PostgreSQL database: --store pg")
    db = ctx.fresh_db("replica-self")
    srv = ctx.runner.start_server(db, extra=["--db-replica",
                                             ctx.runner.cli_args([db])[0]])
    try:
        c = type(ctx)(ctx.runner, srv)
        # the sampler asks twice a second; its verdict is logged once
        deadline = time.monotonic() + 20
        said = False
        while not said and time.monotonic() < deadline:
            with open(srv.stderr_path, encoding="utf-8",
                      errors="replace") as f:
                said = "is not a standby" in f.read()
            if not said:
                time.sleep(0.1)
        assert said, "no log line about a replica that is no standby"
        assert metric(c, 'mektep_db_replica_up{replica="0"}') == 0
        assert metric(c, 'mektep_db_replica_lag_seconds{replica="0"}') \
            is None, "a lag for a replica that is not usable"
        s = c.login("pupil")
        before = metric(c, 'mektep_db_reads_total{to="primary"}')
        get_ok(c, "/api/v1/me", s)
        assert metric(c, 'mektep_db_reads_total{to="primary"}') == \
            before + 1
        assert metric(c, 'mektep_db_reads_total{to="replica"}') == 0
    finally:
        ctx.runner.stop_server(srv)
