# test_gen.py: `mektep gen` makes a small country (--scale 0.001) that a
# server serves: the demo logins work, the parent's child's diary has this
# week's lessons with marks, the audit chain verifies and SQLite finds the
# file sound. Bad options are refused and leave no database behind.

import os
import sqlite3

from apilib import show

TODAY = "2026-11-24"            # the demo's: the servers' --today


def test_gen_small_country(ctx):
    if ctx.store is not None:
        ctx.skip("gen is measured on SQLite; on PostgreSQL it is the "
                 "demo's slow bulk path (docs/GEN.md)")
    db = os.path.join(ctx.tmp, "gen.db")
    p = ctx.cli("gen", "--db", db, "--scale", "0.001", "--seed", "3",
                "--today", TODAY, timeout=600)
    assert p.returncode == 0, p.stderr
    assert "pupils/s" in p.stderr, p.stderr

    con = sqlite3.connect(db)
    pupils = con.execute("SELECT count(*) FROM pupils").fetchone()[0]
    small = con.execute(
        "SELECT count(*) FROM schools WHERE kind = 'small'").fetchone()[0]
    assert 2500 < pupils < 5000 and small >= 1, (pupils, small)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    con.close()

    p = ctx.cli("audit", "verify", "--db", db)
    assert p.returncode == 0 and "audit chain ok" in p.stdout, p.stderr

    s = ctx.runner.start_server(db)
    try:
        c = type(ctx)(ctx.runner, s)
        kid = c.get("/api/v1/me", "parent")[1]["children"][0]["id"]
        st, js = c.get("/api/v1/students/%d/diary" % kid, "parent")
        assert st == 200, show(js)
        lessons = [l for d in js["days"] for l in d["lessons"]]
        assert len(lessons) >= 20, len(lessons)
        assert any(l["marks"] for l in lessons), "no marks this week"
        st, js = c.get("/api/v1/students/%d/diary" % kid, "pupil")
        assert st == 200, show(js)
    finally:
        ctx.runner.stop_server(s)


def test_gen_bad_options(ctx):
    db = os.path.join(ctx.tmp, "gen-bad.db")
    for args, says in ((["--scale", "0"], "'--scale'"),
                       (["--scale", "x"], "'--scale'"),
                       (["--pupils", "5"], "'--pupils'"),
                       (["--pupils", "2000", "--scale", "0.01"], "not both"),
                       (["--scale", "0.001", "--today", "2026-13-01"],
                        "'--today'")):
        p = ctx.cli("gen", "--db", db, *args)
        assert p.returncode != 0 and says in p.stderr, (args, p.stderr)
        con = sqlite3.connect(db) if os.path.exists(db) else None
        if con:
            n = con.execute("SELECT count(*) FROM sqlite_master WHERE "
                            "name = 'people'").fetchone()[0]
            people = con.execute("SELECT count(*) FROM people").fetchone()[0] \
                if n else 0
            con.close()
            assert people == 0, (args, people)
