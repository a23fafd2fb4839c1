# test_durability.py: nothing acknowledged is lost, kill -9 included.
#
# Writers put marks through the API as fast as they can and record every
# mark the server acknowledged (200). The server is killed with SIGKILL at
# a random moment, several rounds; after each restart every acknowledged
# mark is there with its value, the database is sound (SQLite's
# integrity_check) and the audit chain verifies (`mektep audit verify`).
# Each mark is written once (a pupil in a lesson), so an acknowledged one
# has exactly one value it may hold; marks in flight at the kill may or
# may not be there and are not checked.

import random
import sqlite3
import threading
import time

from apilib import get_ok, show

ROUNDS = 3
WRITERS = 4
PER_REQUEST = 5
MONDAY = "2026-11-02"           # quarter 2 of the demo year, up to today
TODAY = "2026-11-24"


def slots(c):
    """(course, lesson, pupil) the demo teacher may mark, each once."""
    ls = get_ok(c, "/api/v1/me/lessons?from=%s&to=%s" % (MONDAY, TODAY),
                "teacher")["lessons"]
    ls = [l for l in ls if l["status"] == "scheduled"]
    pupils = {}
    out = []
    for l in ls:
        cid = l["course_id"]
        if cid not in pupils:
            gb = get_ok(c, "/api/v1/courses/%d/gradebook?quarter=2" % cid,
                        "teacher")
            pupils[cid] = [p["id"] for p in gb["pupils"]]
        out += [(cid, l["lesson_id"], p) for p in pupils[cid]]
    return out


def writer(c, token, work, acked, stop, errors):
    rnd = random.Random(len(work))
    while work and not stop.is_set():
        batch = [work.pop() for _ in range(min(PER_REQUEST, len(work)))]
        by_lesson = {}
        for s in batch:
            by_lesson.setdefault(s[1], []).append(s)
        for lesson, ss in by_lesson.items():
            marks = [(s, rnd.randint(1, 10)) for s in ss]
            try:
                st, _, js = c.req("PUT", "/api/v1/lessons/%d/marks" % lesson,
                                  body={"marks": [{
                                      "student_id": s[2],
                                      "kind": "formative",
                                      "value": v} for s, v in marks]},
                                  token=token)
            except OSError:
                return                  # the server is gone
            if st == 200:
                for s, v in marks:
                    acked[s] = v
            elif st not in (0, 503):
                errors.append((st, show(js)))


def marks_now(c, courses):
    """{(course, lesson, pupil): formative value} read through the API."""
    out = {}
    for cid in courses:
        gb = get_ok(c, "/api/v1/courses/%d/gradebook?quarter=2" % cid,
                    "teacher")
        for p in gb["pupils"]:
            for m in p["marks"]:
                if m["kind"] == "formative":
                    out[(cid, m["lesson_id"], p["id"])] = m["value"]
    return out


def test_acknowledged_marks_survive_kill_9(ctx):
    db = ctx.fresh_db("durability")
    runner = ctx.runner
    srv = runner.start_server(db, threads=4)
    c = type(ctx)(runner, srv)
    work = slots(c)
    assert len(work) > 400, "too few lessons to write: %d" % len(work)
    random.Random(7).shuffle(work)
    courses = sorted({s[0] for s in work})
    acked_all = {}
    try:
        for rnd in range(ROUNDS):
            token = c.login("teacher").token
            acked, errors, stop = {}, [], threading.Event()
            share = work[:len(work) // (ROUNDS - rnd)]
            del work[:len(share)]
            parts = [share[i::WRITERS] for i in range(WRITERS)]
            ts = [threading.Thread(target=writer, args=(
                c, token, p, acked, stop, errors)) for p in parts]
            for t in ts:
                t.start()
            time.sleep(random.Random(rnd).uniform(0.4, 1.5))
            srv.proc.kill()             # SIGKILL: no shutdown at all
            srv.proc.wait()
            stop.set()
            for t in ts:
                t.join(30)
            assert not errors, errors[:3]
            assert acked, "round %d: nothing was acknowledged" % rnd
            acked_all.update(acked)

            srv = runner.start_server(db, threads=4)
            c = type(ctx)(runner, srv)
            now = marks_now(c, courses)
            lost = [(k, v, now.get(k)) for k, v in acked_all.items()
                    if now.get(k) != v]
            assert not lost, "round %d: %d of %d acknowledged marks lost " \
                "or changed, e.g. %s" % (rnd, len(lost), len(acked_all),
                                         lost[:3])
            if not str(db).startswith("postgres"):
                con = sqlite3.connect(db)
                try:
                    ok = con.execute("PRAGMA integrity_check").fetchall()
                finally:
                    con.close()
                assert ok == [("ok",)], ok
            p = ctx.cli("audit", "verify", "--db", db)
            assert p.returncode == 0, (p.stdout, p.stderr)
    finally:
        runner.stop_server(srv)
