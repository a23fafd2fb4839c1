# test_audit.py: every change of a mark is kept (DOMAIN.md "Marks"): GET
# /lessons/{id}/marks/history shows each one with its old and new value,
# who made it and the request id (the X-Request-Id of the PUT's answer);
# `mektep audit verify` finds the chain intact, and names the entry when
# a mark or a log entry is changed behind the server's back.
#
# These tests run on a small demo of their own (one school, made for the
# first days of the school year): the audit chain of the full demo holds
# about half a million entries, and verifying it takes some 6 s a run
# (more under the sanitizers), where the small one takes 0.1 s. The
# server on it is started through the runner (ctx.runner.start_server),
# which gives it the demo's --today, stops it and checks its stderr at
# the end like any other.

import datetime
import os
import re
import sqlite3

from apilib import assert_error, assert_keys, get_ok, show, world

SMALL_DEMO_TODAY = "2026-09-03"
MISSING = 987654321
DAY = datetime.timedelta(days=1)


def monday_of(d):
    return d - datetime.timedelta(days=d.weekday())


def real_today():
    now = datetime.datetime.now(datetime.timezone.utc)
    return (now + datetime.timedelta(hours=5)).date()


def journal_open(c, lesson_id):
    """Is the lesson's journal open (not in the future by the server's
    today)? An empty PUT of marks says, changing nothing."""
    st, _, js = c.req("PUT", "/api/v1/lessons/%d/marks" % lesson_id,
                      body={"marks": []}, token=c.user("teacher"))
    assert st in (200, 422), "PUT [] of lesson %d: %d %s" % (lesson_id, st,
                                                             show(js))
    return st == 200


class Audit:
    """The small demo's server and what the tests use on it."""

    def __init__(self, ctx):
        db = os.path.join(ctx.tmp, "audit-small.db")
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(db + suffix):
                os.unlink(db + suffix)
        p = ctx.cli("demo", "--db", db, "--seed", "1", "--schools", "1",
                    "--today", SMALL_DEMO_TODAY)
        assert p.returncode == 0, "small demo: exit %d %s" % (p.returncode,
                                                              p.stderr[-2000:])
        server = ctx.runner.start_server(db)
        self.c = type(ctx)(ctx.runner, server)
        self.w = world(self.c)
        self.cls = self.w.pupil_class
        self.pupil = self.w.children[0]["id"]
        self.teacher = self.w.me("teacher")
        self.mates = [p["id"] for p in self.w.pupils(self.cls)
                      if p["id"] != self.pupil]
        # the teacher's lessons in the class whose journal is open (the
        # server's today may be the real one or fixed with serve --today),
        # newest first
        self.lessons = []
        top = monday_of(real_today()) + 6 * DAY
        for _ in range(12):
            ls = get_ok(self.c, "/api/v1/me/lessons?from=%s&to=%s" % (
                top - 61 * DAY, top), "teacher")["lessons"]
            ls = [l for l in ls if l["class_id"] == self.cls and
                  l.get("status", "scheduled") == "scheduled"]
            ls.sort(key=lambda l: (l["date"], l["period"]))
            # open lessons are a head of the dates: find where it ends
            lo, hi = 0, len(ls)
            while lo < hi:
                mid = (lo + hi) // 2
                if journal_open(self.c, ls[mid]["lesson_id"]):
                    lo = mid + 1
                else:
                    hi = mid
            if lo:
                self.lessons = ls[:lo][::-1]
                break
            top -= 62 * DAY
        self.used = 0

    def lesson(self):
        """A past lesson no other test of this module used, not on a
        quarter's last day (no СОЧ then)."""
        while self.used < len(self.lessons):
            l = self.lessons[self.used]
            self.used += 1
            year = int(l["date"][:4]) - (l["date"][5:7] < "09")
            cal = get_ok(self.c, "/api/v1/school-years?year=%d&school_id=%d"
                         % (year, self.w.teacher_school), "teacher")
            if l["date"] not in {q["ends"] for q in cal["quarters"]}:
                return l
        raise AssertionError("no past lesson of the teacher in class %d "
                             "left" % self.cls)

    def have(self, what):
        if not self.lessons:
            print("SKIP-NOTE %s: the teacher has no past lesson in class "
                  "%d" % (what, self.cls))
            return False
        return True


def audit(ctx):
    a = getattr(ctx.runner, "_audit_small", None)
    if a is None or not a.c.server.alive():
        a = ctx.runner._audit_small = Audit(ctx)
    return a


def history(c, lesson_id, who="teacher"):
    js = get_ok(c, "/api/v1/lessons/%d/marks/history" % lesson_id, who)
    assert_keys(js, ("lesson_id", "history"), what="history")
    assert js["lesson_id"] == lesson_id, show(js)
    return js["history"]


def put(c, lesson_id, marks):
    st, hd, js = c.req("PUT", "/api/v1/lessons/%d/marks" % lesson_id,
                       body={"marks": marks}, token=c.user("teacher"))
    assert st == 200, "PUT marks %s: %d %s" % (show(marks), st, show(js))
    rid = hd.get("X-Request-Id")
    assert rid, "no X-Request-Id on the PUT's answer"
    return rid


def text(row, kind):
    """A stored mark as the log writes it: "7" or "15/20"."""
    if row is None:
        return None
    return str(row[0]) if kind == "formative" else "%d/%d" % row


def stored(c, lesson_id, sid, kind):
    con = sqlite3.connect("file:%s?mode=ro" % c.db, uri=True, timeout=15)
    try:
        r = con.execute("SELECT value, max FROM marks WHERE lesson_id = ? "
                        "AND student_id = ? AND kind = ?",
                        (lesson_id, sid, kind)).fetchone()
    finally:
        con.close()
    return text(r, kind)


def pick(old, choices):
    return next(v for v in choices if v != old)


def check_entry(e, teacher):
    assert_keys(e, ("seq", "at", "by", "request_id", "student_id", "what",
                    "old_value", "new_value"), what="history entry")
    assert_keys(e["by"], ("id", "full_name"), what="history entry's by")
    assert e["by"] == {"id": teacher["id"],
                       "full_name": teacher["full_name"]}, show(e)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", e["at"]), \
        "at %r is not RFC 3339 UTC" % e["at"]
    at = datetime.datetime.strptime(e["at"], "%Y-%m-%dT%H:%M:%SZ").replace(
        tzinfo=datetime.timezone.utc)
    now = datetime.datetime.now(datetime.timezone.utc)
    assert abs((now - at).total_seconds()) < 600, "at %s, now %s" % (
        e["at"], now)


def test_history_records_every_change(ctx):
    a = audit(ctx)
    if not a.have("history"):
        return
    c = a.c
    lid = a.lesson()["lesson_id"]
    A, B = a.pupil, a.mates[0]
    h0 = history(c, lid)
    a0 = stored(c, lid, A, "formative")
    b0 = stored(c, lid, B, "sor")
    v1 = pick(a0, ("6", "7"))
    v2 = pick(v1, ("9", "8"))
    s1 = pick(b0, ("12/20", "13/20"))
    s2 = pick(s1, ("15/20", "16/20"))

    def fo(v):
        return {"student_id": A, "kind": "formative",
                "value": None if v is None else int(v)}

    def sor(v):
        n, m = map(int, v.split("/"))
        return {"student_id": B, "kind": "sor", "value": n, "max": m}

    steps = [
        ([fo(v1), sor(s1)], [(A, "mark:formative", a0, v1),
                             (B, "mark:sor", b0, s1)]),
        ([fo(v2)], [(A, "mark:formative", v1, v2)]),
        ([fo(v2)], []),                         # the same value again
        ([fo(None), sor(s2)], [(A, "mark:formative", v2, None),
                               (B, "mark:sor", s1, s2)]),
        ([fo(None)], []),                       # nothing left to remove
        ([sor(s2)], []),
    ]
    want, rids = [], []
    for marks, changes in steps:
        rid = put(c, lid, marks)
        rids.append(rid)
        want += [ch + (rid,) for ch in changes]
    assert len(set(rids)) == len(rids), "request ids repeat: %s" % rids
    # a refused request leaves no trace
    r = c.req("PUT", "/api/v1/lessons/%d/marks" % lid, body={"marks": [
        fo(v1), {"student_id": B, "kind": "formative", "value": 11}]},
        token=c.user("teacher"))
    assert_error(r, 422, what="a refused PUT")

    h1 = history(c, lid)
    assert h1[:len(h0)] == h0, "the earlier history changed"
    new = h1[len(h0):]
    got = [(e["student_id"], e["what"], e["old_value"], e["new_value"],
            e["request_id"]) for e in new]
    assert got == want, "history of lesson %d:\n got %s\nwant %s" % (
        lid, show(got, 2000), show(want, 2000))
    seqs = [e["seq"] for e in h1]
    assert seqs == sorted(set(seqs)), "seq not increasing: %s" % seqs
    for e in new:
        check_entry(e, a.teacher)
    # the director sees the same history
    assert history(c, lid, "director") == h1, "the director's history " \
        "differs"


def test_history_readers(ctx):
    a = audit(ctx)
    if not a.have("history readers"):
        return
    c = a.c
    lid = a.lessons[0]["lesson_id"]
    ref = history(c, lid, "teacher")
    assert history(c, lid, "director") == ref
    for who, st in (("parent", (403, 404)), ("pupil", (403, 404)),
                    ("district", 403)):
        r = c.req("GET", "/api/v1/lessons/%d/marks/history" % lid,
                  token=c.user(who))
        assert_error(r, st, what="%s reads the history" % who)
    r = c.req("GET", "/api/v1/lessons/%d/marks/history" % MISSING,
              token=c.user("teacher"))
    assert_error(r, 404, "not_found", what="history of a missing lesson")
    r = c.req("GET", "/api/v1/lessons/%d/marks/history" % lid)
    assert r[0] == 401, "no session: %d" % r[0]


def snapshot(c, name):
    """A consistent copy of the live database (WAL included)."""
    path = os.path.join(c.tmp, name)
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.unlink(path + suffix)
    src = sqlite3.connect("file:%s?mode=ro" % c.db, uri=True, timeout=15)
    dst = sqlite3.connect(path)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    return path


def sql(path, q, *args):
    con = sqlite3.connect(path, timeout=15)
    try:
        with con:
            cur = con.execute(q, args)
            return cur.rowcount
    finally:
        con.close()


def verify(ctx, path):
    return ctx.cli("audit", "verify", "--db", path)


def names_entry(p, seq):
    return re.search(r"\bentry %d\b" % seq, p.stderr) is not None


def test_audit_verify_finds_tampering(ctx):
    a = audit(ctx)
    if not a.have("audit verify"):
        return
    c = a.c
    lid = a.lesson()["lesson_id"]
    A, B = a.pupil, a.mates[1]
    v = pick(stored(c, lid, A, "formative"), ("5", "4"))
    put(c, lid, [{"student_id": A, "kind": "formative", "value": int(v)},
                 {"student_id": B, "kind": "soch", "value": 14, "max": 20}])
    h = history(c, lid)
    seq_a = [e["seq"] for e in h if e["student_id"] == A and
             e["what"] == "mark:formative"][-1]
    seq_b = [e["seq"] for e in h if e["student_id"] == B and
             e["what"] == "mark:soch"][-1]

    free = next(k for k in ("sor", "soch") if stored(c, lid, A, k) is None)

    good = snapshot(c, "audit-good.db")
    p = verify(ctx, good)
    assert p.returncode == 0, "verify of an untouched copy: exit %d %s" % (
        p.returncode, p.stderr)
    m = re.search(r"audit chain ok: (\d+) entries", p.stdout)
    assert m, "verify says %r" % p.stdout
    con = sqlite3.connect(good)
    n = con.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    con.close()
    assert int(m.group(1)) == n and n >= seq_b, "verify counted %s of %d" % (
        m.group(1), n)

    cases = [
        ("a formative mark changed in the journal",
         "UPDATE marks SET value = value % 10 + 1 WHERE lesson_id = ? AND "
         "student_id = ? AND kind = 'formative'", (lid, A), seq_a),
        ("a СОЧ's points changed in the journal",
         "UPDATE marks SET value = value - 1 WHERE lesson_id = ? AND "
         "student_id = ? AND kind = 'soch'", (lid, B), seq_b),
        ("a mark deleted from the journal",
         "DELETE FROM marks WHERE lesson_id = ? AND student_id = ? AND "
         "kind = 'formative'", (lid, A), seq_a),
        ("a log entry's new value changed",
         "UPDATE audit_log SET new_value = CASE WHEN new_value = '10' "
         "THEN '9' ELSE '10' END WHERE seq = ?", (seq_a,), seq_a),
        ("a log entry's author changed",
         "UPDATE audit_log SET person_id = person_id + 1 WHERE seq = ?",
         (seq_b,), seq_b),
        ("a log entry removed",
         "DELETE FROM audit_log WHERE seq = ?", (seq_a,), seq_a),
        ("a mark added without a log entry",
         "INSERT INTO marks (lesson_id, student_id, kind, value, max, "
         "set_by, set_at) VALUES (?, ?, ?, 3, 10, 1, 0)", (lid, A, free),
         None),
    ]
    for i, (what, q, args, seq) in enumerate(cases):
        bad = snapshot(c, "audit-bad%d.db" % i)
        assert sql(bad, q, *args) == 1, "%s: no row changed" % what
        p = verify(ctx, bad)
        assert p.returncode != 0, "%s: verify exit 0: %s" % (what, p.stdout)
        assert "audit chain ok" not in p.stdout, what
        assert p.stderr.strip(), "%s: verify says nothing on stderr" % what
        if seq is not None:
            assert names_entry(p, seq), "%s: stderr does not name entry " \
                "%d: %r" % (what, seq, p.stderr)
    # the live database was never touched
    p = verify(ctx, snapshot(c, "audit-good2.db"))
    assert p.returncode == 0, "the live database fails: %s" % p.stderr


def test_audit_chain_covers_attendance(ctx):
    a = audit(ctx)
    if not a.have("attendance audit"):
        return
    c = a.c
    lid = a.lesson()["lesson_id"]
    A = a.pupil
    st, hd, js = c.req("PUT", "/api/v1/lessons/%d/attendance" % lid,
                       body={"entries": [{"student_id": A,
                                          "status": "absent_sick"}]},
                       token=c.user("teacher"))
    assert st == 200, "attendance: %d %s" % (st, show(js))
    bad = snapshot(c, "audit-att.db")
    assert sql(bad, "UPDATE attendance SET status = 'present' WHERE "
               "lesson_id = ? AND student_id = ?", lid, A) == 1
    p = verify(ctx, bad)
    assert p.returncode != 0, "a changed attendance entry passes: %s" % (
        p.stdout)
    assert "attendance" in p.stderr, p.stderr


def test_concurrent_writes_keep_the_chain(ctx):
    """Teachers' requests at the same moment each get their own links in
    the one chain: none lost, none forked, and the chain verifies."""
    import threading
    a = audit(ctx)
    if not a.have("concurrent writes") or len(a.lessons) < a.used + 3:
        return
    c = a.c
    l1, l2 = a.lesson()["lesson_id"], a.lesson()["lesson_id"]
    pupils = [a.pupil] + a.mates[:5]
    jobs = [(lid, sid) for lid in (l1, l2) for sid in pupils]
    first = {(lid, sid): stored(c, lid, sid, "formative")
             for lid, sid in jobs}
    h0 = {lid: len(history(c, lid)) for lid in (l1, l2)}
    values = ("3", "4", "5", "6", "7")
    failures = []

    def worker(lid, sid):
        for v in values:
            try:
                st, _, js = c.req("PUT", "/api/v1/lessons/%d/marks" % lid,
                                  body={"marks": [{"student_id": sid,
                                                   "kind": "formative",
                                                   "value": int(v)}]},
                                  token=c.user("teacher"))
            except OSError as e:
                failures.append("%d/%d: %s" % (lid, sid, e))
                return
            if st != 200:
                failures.append("%d/%d: %d %s" % (lid, sid, st, show(js)))

    c.user("teacher")           # log in once, before the threads
    ts = [threading.Thread(target=worker, args=j) for j in jobs]
    for t in ts:
        t.start()
    for t in ts:
        t.join(60)
    assert not failures, "concurrent PUTs failed: %s" % failures[:5]
    for lid in (l1, l2):
        new = history(c, lid)[h0[lid]:]
        for sid in pupils:
            mine = [(e["old_value"], e["new_value"]) for e in new
                    if e["student_id"] == sid]
            prev, want = first[(lid, sid)], []
            for v in values:
                if v != prev:
                    want.append((prev, v))
                prev = v
            assert mine == want, "lesson %d pupil %d: history %s, " \
                "expected %s" % (lid, sid, mine, want)
            assert stored(c, lid, sid, "formative") == values[-1]
    path = snapshot(c, "audit-concurrent.db")
    p = verify(ctx, path)
    assert p.returncode == 0, "the chain after concurrent writes: %s" % (
        p.stderr)
    con = sqlite3.connect(path)
    try:
        seqs = [r[0] for r in con.execute("SELECT seq FROM audit_log "
                                          "ORDER BY seq")]
    finally:
        con.close()
    assert seqs == list(range(1, len(seqs) + 1)), "audit seq has gaps"
