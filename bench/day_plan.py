#!/usr/bin/env python3
# day_plan.py: the users and requests of bench/day.sh's replayed school day.
#
#   day_plan.py sessions DB USERS.json [PUPILS]
#       before the server starts: picks PUPILS pupils at random (default
#       3000), their parents and the teachers of their classes, and writes
#       a session for each into the sessions table as POST /auth/login
#       would (the SHA-256 of a random token; 14 days): a login costs
#       16-20 ms of argon2id, so thousands are made here, not through the
#       endpoint; logins in the mix do go through it.
#   day_plan.py requests DB BASE USERS.json OUT
#       with the server running: sets one assignment for each of up to 400
#       of those classes' courses through the API (the hand-ins' work) and
#       writes the request lines of bench/dayload.c, per kind.
import hashlib
import json
import random
import secrets
import sqlite3
import sys
import time
import urllib.request

random.seed(7)


def today_of(db):
    return db.execute(
        "SELECT value FROM meta WHERE key = 'demo_created'").fetchone()[0]


def sessions(path, out, npupils):
    db = sqlite3.connect(path)
    db.execute("CREATE TEMP TABLE pick (id INTEGER PRIMARY KEY)")
    n = db.execute("SELECT count(*) FROM pupils").fetchone()[0]
    ids = [r[0] for r in db.execute("SELECT person_id FROM pupils")]
    db.executemany("INSERT INTO pick VALUES (?)",
                   [(i,) for i in random.sample(ids, min(npupils, n))])
    pupils = db.execute(
        "SELECT p.person_id, p.class_id, c.grade FROM pupils p JOIN pick "
        "k ON k.id = p.person_id JOIN classes c ON c.id = p.class_id"
    ).fetchall()
    parents = db.execute(
        "SELECT l.parent_id, l.pupil_id FROM parent_links l JOIN pick k "
        "ON k.id = l.pupil_id").fetchall()
    teachers = db.execute(
        "SELECT DISTINCT co.teacher_id FROM courses co JOIN pupils p ON "
        "p.class_id = co.class_id JOIN pick k ON k.id = p.person_id "
        "WHERE co.teacher_id IS NOT NULL").fetchall()
    people = set([p[0] for p in pupils] + [p[0] for p in parents] +
                 [t[0] for t in teachers])
    now = int(time.time())
    tokens = {}
    rows = []
    for pid in people:
        tok = secrets.token_urlsafe(32)
        tokens[pid] = tok
        rows.append((hashlib.sha256(tok.encode()).hexdigest(), pid,
                     secrets.token_urlsafe(16), now, now + 14 * 86400))
    db.executemany("INSERT INTO sessions (token_hash, person_id, csrf, "
                   "created_at, expires_at) VALUES (?, ?, ?, ?, ?)", rows)
    db.commit()
    json.dump({"tokens": {str(k): v for k, v in tokens.items()},
               "pupils": pupils, "parents": parents,
               "teachers": [t[0] for t in teachers]}, open(out, "w"))
    print("day: %d sessions (%d pupils, %d parents, %d teachers)"
          % (len(rows), len(pupils), len(parents), len(teachers)),
          file=sys.stderr)


def api(base, method, path, token, body):
    req = urllib.request.Request(base + path, method=method,
                                 data=json.dumps(body).encode(),
                                 headers={"Authorization": "Bearer " + token,
                                          "Content-Type": "application/json"})
    with urllib.request.urlopen(req) as r:
        return json.load(r)


def requests(path, base, users, out):
    db = sqlite3.connect(path)
    u = json.load(open(users))
    tok = {int(k): v for k, v in u["tokens"].items()}
    today = today_of(db)
    year = int(today[:4]) - (1 if today[5:7] < "08" else 0)
    due = today + "T18:00:00Z"
    lines = []

    def add(kind, method, p, token, body=None):
        lines.append("\t".join([kind, method, p, token or "-",
                                json.dumps(body, ensure_ascii=False)
                                if body is not None else "-"]))

    classes = {}
    for pid, cid, grade in u["pupils"]:
        classes.setdefault(cid, []).append(pid)
        t = tok[pid]
        add("diary", "GET", "/api/v1/students/%d/diary" % pid, t)
        add("report", "GET", "/api/v1/students/%d/report-card?year=%d"
            % (pid, year), t)
        add("me", "GET", "/api/v1/me", t)
    for parent, pid in u["parents"]:
        t = tok[parent]
        add("diary", "GET", "/api/v1/students/%d/diary" % pid, t)
        add("report", "GET", "/api/v1/students/%d/report-card?year=%d"
            % (pid, year), t)
        add("me", "GET", "/api/v1/me", t)
    db.execute("CREATE TEMP TABLE cls (id INTEGER PRIMARY KEY)")
    db.executemany("INSERT INTO cls VALUES (?)", [(c,) for c in classes])
    # today's lessons of whole-class courses in those classes
    today_lessons = db.execute(
        "SELECT l.id, l.class_id, l.teacher_id, c.grade FROM lessons l "
        "JOIN cls ON cls.id = l.class_id JOIN courses co ON "
        "co.id = l.course_id JOIN classes c ON c.id = l.class_id "
        "WHERE l.date = ? AND l.status = 'scheduled' AND "
        "co.subgroup_id IS NULL AND l.teacher_id IS NOT NULL",
        (today,)).fetchall()
    roll = {}
    for (cid, pid) in db.execute(
            "SELECT p.class_id, p.person_id FROM pupils p JOIN cls ON "
            "cls.id = p.class_id"):
        roll.setdefault(cid, []).append(pid)
    for lid, cid, teacher, grade in today_lessons:
        for pid in classes[cid]:
            add("view", "POST", "/api/v1/lessons/%d/views" % lid, tok[pid])
        t = tok.get(teacher)
        if t is None:
            continue
        some = random.sample(roll[cid], min(3, len(roll[cid])))
        if grade >= 2:
            add("marks", "PUT", "/api/v1/lessons/%d/marks" % lid, t,
                {"marks": [{"student_id": p, "kind": "formative",
                            "value": random.randint(3, 10)} for p in some]})
        add("attendance", "PUT", "/api/v1/lessons/%d/attendance" % lid, t,
            {"entries": [{"student_id": some[0],
                          "status": random.choice(["late", "absent_sick",
                                                   "absent_excused"])}]})
    courses = db.execute(
        "SELECT co.id, co.teacher_id, co.class_id FROM courses co JOIN cls "
        "ON cls.id = co.class_id WHERE co.subgroup_id IS NULL AND "
        "co.teacher_id IS NOT NULL ORDER BY random() LIMIT 400").fetchall()
    for n, (co, teacher, cid) in enumerate(courses):
        t = tok.get(teacher)
        if t is None:
            continue
        body = {"title": "Үй жұмысы / Homework", "due_at": due}
        add("assignment", "POST", "/api/v1/courses/%d/assignments" % co, t,
            body)
        a = api(base, "POST", "/api/v1/courses/%d/assignments" % co, t,
                dict(body, title="Day %d" % n))
        for pid in classes[cid]:
            add("handin", "PUT", "/api/v1/assignments/%d/handin" % a["id"],
                tok[pid], {"text": "Жауабым / my answer"})
    # logins of anyone (p<id>, the demo password) through the endpoint
    for (login,) in db.execute(
            "SELECT x.login FROM pupils p JOIN people x ON "
            "x.id = p.person_id ORDER BY random() LIMIT 500"):
        add("login", "POST", "/api/v1/auth/login", None,
            {"login": login, "password": "demo"})
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")
    kinds = {}
    for ln in lines:
        k = ln.split("\t", 1)[0]
        kinds[k] = kinds.get(k, 0) + 1
    print("day: request lines per kind: %s" % ", ".join(
        "%s %d" % kv for kv in sorted(kinds.items())), file=sys.stderr)


if __name__ == "__main__":
    if sys.argv[1] == "sessions":
        sessions(sys.argv[2], sys.argv[3],
                 int(sys.argv[4]) if len(sys.argv) > 4 else 3000)
    else:
        requests(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5])
