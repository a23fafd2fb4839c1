# test_backup.py: `mektep backup --db PATH --to FILE` copies a database
# while its server writes; the copy opens as it is, holds every mark
# acknowledged before the backup began, and its audit chain verifies.
# On PostgreSQL the command refuses and points to pg_dump.

import os
import threading

from apilib import get_ok, show

DAY = "2026-11-23"


def first_lesson(c):
    ls = get_ok(c, "/api/v1/me/lessons?from=%s&to=%s" % (DAY, DAY),
                "teacher")["lessons"]
    l = [l for l in ls if l["status"] == "scheduled"][0]
    gb = get_ok(c, "/api/v1/courses/%d/gradebook?quarter=2" % l["course_id"],
                "teacher")
    return l, [p["id"] for p in gb["pupils"]]


def put(c, lesson, pupil, value):
    st, _, js = c.req("PUT", "/api/v1/lessons/%d/marks" % lesson,
                      body={"marks": [{"student_id": pupil,
                                       "kind": "formative",
                                       "value": value}]},
                      token=c.user("teacher"))
    assert st == 200, (st, show(js))


def test_backup_of_a_running_server(ctx):
    if str(ctx.db).startswith("postgres"):
        p = ctx.cli("backup", "--db", ctx.db, "--to",
                    os.path.join(ctx.tmp, "pg.backup"))
        assert p.returncode == 2 and "pg_dump" in p.stderr, p.stderr
        return
    with ctx.fresh_server("backup-src") as a:
        l, pupils = first_lesson(a)
        put(a, l["lesson_id"], pupils[0], 7)

        # the teacher goes on writing while the backup is taken
        stop = threading.Event()

        def keep_writing():
            v = 1
            while not stop.is_set():
                put(a, l["lesson_id"], pupils[1], v)
                v = v % 10 + 1

        t = threading.Thread(target=keep_writing)
        t.start()
        to = os.path.join(ctx.tmp, "backup copy 'quoted'.db")
        try:
            p = ctx.cli("backup", "--db", a.db, "--to", to)
        finally:
            stop.set()
            t.join(30)
        assert p.returncode == 0, (p.stdout, p.stderr)
        assert not os.path.exists(to + "-wal") or \
            os.path.getsize(to + "-wal") == 0

        # the copy verifies and serves, with the mark written before
        p = ctx.cli("audit", "verify", "--db", to)
        assert p.returncode == 0, (p.stdout, p.stderr)
        b = ctx.runner.start_server(to)
        try:
            cb = type(ctx)(ctx.runner, b)
            gb = get_ok(cb, "/api/v1/courses/%d/gradebook?quarter=2" %
                        l["course_id"], "teacher")
            got = [m["value"] for p in gb["pupils"] if p["id"] == pupils[0]
                   for m in p["marks"] if m["lesson_id"] == l["lesson_id"]
                   and m["kind"] == "formative"]
            assert got == [7], got
        finally:
            ctx.runner.stop_server(b)

        # an existing file is never overwritten
        size = os.path.getsize(to)
        p = ctx.cli("backup", "--db", a.db, "--to", to)
        assert p.returncode == 1 and "exists" in p.stderr, p.stderr
        assert os.path.getsize(to) == size
        p = ctx.cli("backup", "--db", a.db)
        assert p.returncode == 2 and "usage" in p.stderr
