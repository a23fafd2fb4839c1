# test_files.py: uploads (streamed past the 1 MiB body limit), the size
# limits per file and per hand-in (413), the type allow-list judged by
# content (422), deduplication by SHA-256, the download's headers, and
# kill -9 during uploads: after a restart every recorded file has its
# bytes and no unfinished upload is left.
#
# Uses test_assignments.py's server (its own database and data
# directory); the kill test runs a server of its own.

import hashlib
import os
import random
import socket
import threading
import time
import sqlite3

import test_assignments as ta
from apilib import assert_error, show

KAZAKH_NAME = "Үй жұмысы №3.txt"
TODAY = "2026-11-24"            # the runner's --today
MP4 = b"\0\0\0\x20ftypisom\0\0\x02\0isomiso2avc1mp41"


def tmp_leftovers(c):
    d = os.path.join(c.data_dir, "tmp")
    return sorted(os.listdir(d)) if os.path.isdir(d) else []


def test_upload_streams_past_the_body_limit(ctx):
    c = ta.server(ctx)
    big = ta.pdf(1200 * 1024, seed=b"big")      # > 1 MiB --max-body
    js = ta.upload_ok(c, "pupil", "big.pdf", big)
    assert js["content_type"] == "application/pdf", show(js)
    st, hd, data = ta.fetch(c, "/api/v1/files/%d" % js["id"], "pupil")
    assert st == 200 and data == big, (st, len(data))
    assert hd.get("Content-Length") == str(len(big)), hd.get(
        "Content-Length")
    assert tmp_leftovers(c) == [], tmp_leftovers(c)


def test_file_too_large_is_413(ctx):
    c = ta.server(ctx)
    resp = ta.upload(c, "pupil", "huge.pdf", ta.pdf(ta.MAX_FILE + 1))
    assert_error(resp, 413)
    assert tmp_leftovers(c) == [], "the refused bytes stay: %s" % \
        tmp_leftovers(c)
    # exactly the limit is accepted
    exact = ta.pdf(ta.MAX_FILE - 40, seed=b"exact")
    exact += b"%" * (ta.MAX_FILE - len(exact))
    assert len(exact) == ta.MAX_FILE
    ta.upload_ok(c, "pupil", "exact.pdf", exact)


def test_types_are_judged_by_content(ctx):
    c = ta.server(ctx)
    accepted = [
        ("a.pdf", ta.pdf(seed=b"types"), "application/pdf"),
        ("a.png", b"\x89PNG\r\n\x1a\n" + os.urandom(64), "image/png"),
        ("a.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + os.urandom(64),
         "image/jpeg"),
        (KAZAKH_NAME, "Жауап: ә ғ қ ң ө ұ ү һ і\n".encode(),
         "text/plain; charset=utf-8"),
        ("essay.docx", ta.docx(), "application/vnd.openxmlformats-"
         "officedocument.wordprocessingml.document"),
        ("essay.odt", ta.odt(), "application/vnd.oasis.opendocument.text"),
        # a lesson's recording
        ("сабақ.mp4", MP4 + os.urandom(64), "video/mp4"),
        ("сабақ.webm", b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82"
         b"\x84webm" + os.urandom(64), "video/webm"),
        # the name says PDF, the bytes say text: text it is
        ("notes.pdf", b"just some notes\n", "text/plain; charset=utf-8"),
    ]
    for name, data, ctype in accepted:
        js = ta.upload_ok(c, "pupil", name, data)
        assert js["content_type"] == ctype, (name, show(js))
        assert js["name"] == name, show(js)
    refused = [
        ("homework.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + os.urandom(200)),
        ("page.html", b"<html><script>alert(1)</script>\x00"),
        ("archive.docx", b"PK\x03\x04" + b"\x00" * 22 + b"\x07\x00\x00\x00"
         b"run.exeMZ"),
        ("latin1.txt", b"caf\xe9\n"),
        ("empty.txt", b""),
    ]
    for name, data in refused:
        assert_error(ta.upload(c, "pupil", name, data), 422, field="file",
                     what=name)
    assert tmp_leftovers(c) == [], tmp_leftovers(c)
    for q in ("", "?name=", "?name=a%0Ab.txt", "?name=dir/"):
        resp = c.req("POST", "/api/v1/files" + q, raw=b"text\n",
                     token=c.user("pupil"))
        assert_error(resp, 422, field="name", what=q)


def test_upload_needs_a_session_and_keeps_nothing(ctx):
    c = ta.server(ctx)
    st, _, js = c.req("POST", "/api/v1/files?name=a.pdf",
                      raw=ta.pdf(300 * 1024))
    assert st == 401, show(js)
    assert tmp_leftovers(c) == []
    # a cookie session needs its CSRF token, as every write
    s = c.login("pupil")
    st, _, js = c.req("POST", "/api/v1/files?name=a.pdf", raw=ta.pdf(),
                      cookie=s)
    assert st == 403, show(js)
    st, _, js = c.req("POST", "/api/v1/files?name=a.pdf", raw=ta.pdf(),
                      cookie=s, csrf=s)
    assert st == 201, show(js)


def test_same_bytes_are_kept_once(ctx):
    c = ta.server(ctx)
    data = ta.pdf(5000, seed=os.urandom(16))
    a = ta.upload_ok(c, "pupil", "one.pdf", data)
    b = ta.upload_ok(c, "teacher", "two.pdf", data)
    assert a["id"] != b["id"] and a["sha256"] == b["sha256"]
    sha = a["sha256"]
    folder = os.path.join(c.data_dir, "blobs", sha[:2])
    assert os.listdir(folder).count(sha) == 1, os.listdir(folder)
    with open(os.path.join(folder, sha), "rb") as f:
        assert f.read() == data


def test_download_headers(ctx):
    c = ta.server(ctx)
    data = "Үй жұмысы\n".encode()
    js = ta.upload_ok(c, "pupil", KAZAKH_NAME, data)
    st, hd, body = ta.fetch(c, "/api/v1/files/%d" % js["id"], "pupil")
    assert st == 200 and body == data
    assert hd.get("Content-Type") == "text/plain; charset=utf-8"
    assert hd.get("X-Content-Type-Options") == "nosniff"
    cd = hd.get("Content-Disposition")
    assert cd.startswith('attachment; filename="'), cd
    ascii_part = cd.split('"')[1]
    assert all(32 <= ord(ch) < 127 for ch in ascii_part), cd
    assert ascii_part.endswith(".txt"), cd
    from urllib.parse import quote
    assert cd.endswith("; filename*=UTF-8''" + quote(KAZAKH_NAME, safe="")), \
        cd
    # someone else's unattached upload: 404, as a missing one
    assert_error(c.req("GET", "/api/v1/files/%d" % js["id"],
                       token=c.user("parent")), 404)
    assert_error(c.req("GET", "/api/v1/files/987654321",
                       token=c.user("pupil")), 404)


def test_handin_files_limit_is_413(ctx):
    c = ta.server(ctx)
    a = ta.create_ok(c, title="Үлкен файлдар")
    f1 = ta.upload_ok(c, "pupil", "1.pdf", ta.pdf(1100 * 1024, b"h1"))
    f2 = ta.upload_ok(c, "pupil", "2.pdf", ta.pdf(1100 * 1024, b"h2"))
    assert f1["size"] + f2["size"] > ta.MAX_HANDIN
    assert_error(ta.hand_in(c, a["id"], {"file_ids": [f1["id"],
                                                      f2["id"]]}),
                 413, field="file_ids")
    js = ta.get_ok(c, "/api/v1/assignments/%d/handins" % a["id"], "teacher")
    assert js["handed_in"] == 0, show(js)
    st, _, h = ta.hand_in(c, a["id"], {"file_ids": [f1["id"]]})
    assert st == 200 and len(h["files"]) == 1, show(h)


# ----- kill -9 ----------------------------------------------------------

ROUNDS = 3
WRITERS = 3


def writer(c, tok, acked, stop, seed):
    rnd = random.Random(seed)
    while not stop.is_set():
        data = ta.pdf(rnd.randint(20, 900) * 1024, os.urandom(16))
        try:
            st, _, js = ta.upload(c, tok, "k%d.pdf" % rnd.randint(0, 999),
                                  data)
        except OSError:
            return
        if st == 201:
            acked[js["id"]] = hashlib.sha256(data).hexdigest()
        elif st == 0 or st >= 500:
            return


def slow_upload(port, token, stop):
    """An upload that never finishes: the kill comes mid-body."""
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        s.sendall(("POST /api/v1/files?name=slow.pdf HTTP/1.1\r\n"
                   "Host: x\r\nAuthorization: Bearer %s\r\n"
                   "Content-Length: %d\r\n\r\n" % (token, 6 << 20)).encode())
        s.sendall(b"%PDF-1.4\n")
        while not stop.is_set():
            s.sendall(b"x" * 65536)
            time.sleep(0.05)
        s.close()
    except OSError:
        pass


def check_store(c, db, data_dir, acked):
    con = sqlite3.connect(db)
    try:
        rows = con.execute("SELECT id, sha256, size FROM files").fetchall()
    finally:
        con.close()
    recorded = {r[0]: (r[1], r[2]) for r in rows}
    for fid, (sha, size) in recorded.items():
        path = os.path.join(data_dir, "blobs", sha[:2], sha)
        assert os.path.exists(path), "file %d recorded without bytes" % fid
        with open(path, "rb") as f:
            blob = f.read()
        assert len(blob) == int(size), (fid, len(blob), size)
        assert hashlib.sha256(blob).hexdigest() == sha, fid
    lost = [fid for fid in acked if fid not in recorded]
    assert not lost, "acknowledged uploads lost: %s" % lost[:5]
    return len(recorded)


def test_kill_9_during_uploads(ctx):
    db = ctx.fresh_db("files-kill")
    data_dir = os.path.join(ctx.tmp, "files-kill-files")
    extra = ["--data-dir", data_dir, "--max-file", str(8 << 20)]
    runner = ctx.runner
    srv = runner.start_server(db, threads=4, extra=extra)
    c = type(ctx)(runner, srv)
    acked = {}
    try:
        for rnd in range(ROUNDS):
            tok = c.login("teacher")
            stop = threading.Event()
            ts = [threading.Thread(target=writer, args=(
                c, tok, acked, stop, 100 * rnd + i)) for i in range(WRITERS)]
            ts.append(threading.Thread(target=slow_upload, args=(
                c.port, tok.token, stop)))
            for t in ts:
                t.start()
            time.sleep(random.Random(rnd).uniform(0.8, 1.6))
            srv.proc.kill()             # SIGKILL: no shutdown at all
            srv.proc.wait()
            stop.set()
            for t in ts:
                t.join(30)
            left = os.listdir(os.path.join(data_dir, "tmp"))
            assert left, "round %d: no upload was in flight at the kill" % rnd
            srv = runner.start_server(db, threads=4, extra=extra)
            c = type(ctx)(runner, srv)
            assert os.listdir(os.path.join(data_dir, "tmp")) == [], \
                "unfinished uploads not cleaned at start"
            n = check_store(c, db, data_dir, acked)
            assert n >= len(acked) and acked, (n, len(acked))
        # and the server serves them
        for fid, sha in list(acked.items())[:20]:
            st, _, body = ta.fetch(c, "/api/v1/files/%d" % fid, "teacher")
            assert st == 200 and hashlib.sha256(body).hexdigest() == sha
    finally:
        runner.stop_server(srv)


# ----- a lesson's file materials ------------------------------------------

def usage_views(c, cls):
    st, _, js = c.req("POST", "/api/v1/admin/views/flush",
                      token=c.user("admin"))
    assert st == 200, show(js)
    js = ta.get_ok(c, "/api/v1/reports/usage?scope=class:%d&from=%s&to=%s"
                   % (cls, TODAY, TODAY), "director")
    return js["days"][0]["views"]


def test_lesson_file_materials(ctx):
    """A lesson's files (a file material, a recording as a file) are
    attached by their uploader, served to the lesson's pupils, their
    parents, its teacher and the school's staff through the one rule of
    the file store, 404 for anyone else; opening one is a view."""
    c = ta.server(ctx)
    cid = ta.course(c)["course_id"]
    lid, lid2 = [x["lesson_id"] for x in ta.past_lessons(c, cid, 2)]
    t = c.user("teacher")
    notes = ta.pdf(3000, seed=b"notes")
    f = ta.upload_ok(c, "teacher", "Конспект.pdf", notes)
    rec = ta.upload_ok(c, "teacher", "жазба.mp4", MP4 + b"\0" * 4000)
    assert rec["content_type"] == "video/mp4", show(rec)
    theirs = ta.upload_ok(c, "pupil", "pupil.pdf", ta.pdf(seed=b"pp"))
    url = "/api/v1/lessons/%d/online" % lid
    bad = [([{"kind": "file", "title": "x", "file_id": theirs["id"]}],
            "materials[0].file_id"),
           ([{"kind": "file", "title": "x", "file_id": 987654321}],
            "materials[0].file_id"),
           ([{"kind": "recording", "title": "x", "file_id": rec["id"],
              "url": "https://v.kz/r"}], "materials[0].url"),
           ([{"kind": "recording", "title": "x"}], "materials[0].url")]
    for mats, field in bad:
        assert_error(c.req("PUT", url, body={"materials": mats}, token=t),
                     422, field=field, what=show(mats))
    mats = [{"kind": "file", "title": "Конспект", "file_id": f["id"]},
            {"kind": "recording", "title": "Жазба", "file_id": rec["id"]}]
    st, _, js = c.req("PUT", url, body={"materials": mats}, token=t)
    assert st == 200, show(js)
    assert [m["file_id"] for m in js["materials"]] == [f["id"], rec["id"]]
    # the same list again (its files are the lesson's already) is fine
    st, _, js = c.req("PUT", url, body={"materials": mats}, token=t)
    assert st == 200, show(js)

    path = "/api/v1/lessons/%d/files/%d" % (lid, f["id"])
    cls = ta.world(c).pupil_class
    before = usage_views(c, cls)
    for who in ("pupil", "parent", "teacher", "director", ta.classmate(c)):
        for p in (path, "/api/v1/files/%d" % f["id"]):
            st, hd, data = ta.fetch(c, p, who)
            assert st == 200 and data == notes, (who, p, st)
            assert hd.get("Content-Type") == "application/pdf"
            assert hd.get("X-Content-Type-Options") == "nosniff"
            assert hd.get("Content-Disposition").startswith(
                'attachment; filename="'), hd.get("Content-Disposition")
    st, _, _ = ta.fetch(c, "/api/v1/lessons/%d/files/%d" % (lid, rec["id"]),
                        "pupil")
    assert st == 200
    # two pupils opened the lesson's files, however often: two views
    assert usage_views(c, cls) == before + 2
    # anyone else: 404, as a file that does not exist
    for who in (ta.other_class_pupil(c), ta.outsider(c)):
        for p in (path, "/api/v1/files/%d" % f["id"],
                  "/api/v1/lessons/%d/files/987654321" % lid):
            assert_error(c.req("GET", p, token=who), 404, what=p)
    # only the lesson's material, by that lesson: the pupil's own upload
    # and the file asked for through another lesson are not
    for p in ("/api/v1/lessons/%d/files/%d" % (lid, theirs["id"]),
              "/api/v1/lessons/%d/files/%d" % (lid2, f["id"])):
        assert_error(c.req("GET", p, token=c.user("pupil")), 404, what=p)
        assert_error(c.req("GET", p, token=t), 404, what=p)


# ----- collecting files ---------------------------------------------------

def gc(c, *extra):
    p = c.cli("files", "gc", "--db", c.db, "--data-dir", c.data_dir, *extra)
    assert p.returncode == 0, "files gc: %d %s" % (p.returncode, p.stderr)
    return p.stdout


def blob(c, sha):
    return os.path.join(c.data_dir, "blobs", sha[:2], sha)


def plant(c, data, age_s):
    """Bytes put in the store as an orphan blob (no row), age_s old."""
    sha = hashlib.sha256(data).hexdigest()
    os.makedirs(os.path.dirname(blob(c, sha)), exist_ok=True)
    with open(blob(c, sha), "wb") as f:
        f.write(data)
    t = time.time() - age_s
    os.utime(blob(c, sha), (t, t))
    return sha


def gc_server(ctx, name):
    db = ctx.fresh_db(name)
    data_dir = os.path.join(ctx.tmp, name + "-files")
    srv = ctx.runner.start_server(db, extra=["--data-dir", data_dir])
    c = type(ctx)(ctx.runner, srv)
    c.data_dir = data_dir
    return c


def test_gc_removes_only_what_no_row_uses(ctx):
    c = gc_server(ctx, "files-gc")
    try:
        same = ta.pdf(4000, seed=b"shared")
        a = ta.upload_ok(c, "teacher", "a.pdf", same)
        ta.create_ok(c, title="Сақталады", file_ids=[a["id"]])
        dup = ta.upload_ok(c, "teacher", "dup.pdf", same)  # never attached
        h1 = ta.upload_ok(c, "pupil", "h1.pdf", ta.pdf(seed=b"h1"))
        h2 = ta.upload_ok(c, "pupil", "h2.pdf", ta.pdf(seed=b"h2"))
        work = ta.create_ok(c, title="Қайта тапсыру")
        for f in (h1, h2):          # handed in again: h1 is replaced
            st, _, js = ta.hand_in(c, work["id"], {"file_ids": [f["id"]]})
            assert st == 200, show(js)
        lone = ta.upload_ok(c, "pupil", "lone.pdf", ta.pdf(seed=b"lone"))
        lid = ta.past_lessons(c, ta.course(c)["course_id"], 1)[0][
            "lesson_id"]
        m = ta.upload_ok(c, "teacher", "m.pdf", ta.pdf(seed=b"material"))
        st, _, js = c.req("PUT", "/api/v1/lessons/%d/online" % lid, body={
            "materials": [{"kind": "file", "title": "m",
                           "file_id": m["id"]}]}, token=c.user("teacher"))
        assert st == 200, show(js)
        gone, kept = (h1, lone, dup), (a, h2, m)
        # a dry run says so and changes nothing
        out = gc(c, "--grace", "0", "--dry-run")
        assert out.startswith("dry run: 3 unused upload(s)"), out
        for f in gone + kept:
            assert os.path.exists(blob(c, f["sha256"])), f["name"]
        out = gc(c, "--grace", "0")
        assert out.startswith("3 unused upload(s) removed"), out
        for f in kept:
            st, _, data = ta.fetch(c, "/api/v1/files/%d" % f["id"],
                                   "teacher" if f is not h2 else "pupil")
            assert st == 200 and hashlib.sha256(data).hexdigest() == \
                f["sha256"], f["name"]
        for f in gone:
            who = "teacher" if f is dup else "pupil"
            assert_error(c.req("GET", "/api/v1/files/%d" % f["id"],
                               token=c.user(who)), 404, what=f["name"])
            if f is not dup:        # dup's bytes are a's: they stay
                assert not os.path.exists(blob(c, f["sha256"])), f["name"]
        assert os.path.exists(blob(c, a["sha256"]))
        # within the grace period a blob no row names stays: an upload
        # renames its bytes in place before it writes its row
        young = plant(c, ta.pdf(seed=b"young"), 0)
        old = plant(c, ta.pdf(seed=b"old"), 7200)
        out = gc(c, "--grace", "3600")
        assert os.path.exists(blob(c, young)), out
        assert not os.path.exists(blob(c, old)), out
        # an old unused blob uploaded again is renewed (mtime now), so a
        # collection between the upload's rename and its row keeps it
        data = ta.pdf(seed=b"again")
        sha = plant(c, data, 7200)
        t0 = time.time()
        js = ta.upload_ok(c, "teacher", "again.pdf", data)
        assert os.stat(blob(c, sha)).st_mtime >= t0 - 1
        gc(c, "--grace", "3600")
        st, _, got = ta.fetch(c, "/api/v1/files/%d" % js["id"], "teacher")
        assert st == 200 and got == data
    finally:
        ctx.runner.stop_server(c.server)


def test_gc_while_uploading_loses_nothing(ctx):
    """Uploads of bytes whose old blob no row uses, while collections run
    again and again: every acknowledged upload keeps its bytes."""
    c = gc_server(ctx, "files-gc-race")
    try:
        datas = [ta.pdf(2000, seed=b"race%d" % i) for i in range(8)]
        acked, refused, outs = {}, [], []
        stop = threading.Event()

        tok = c.login("teacher")

        def up(i):
            k = i
            while not stop.is_set():
                d = datas[k % len(datas)]
                k += 1
                st, _, js = ta.upload(c, tok, "r.pdf", d)
                if st == 503:       # shed under load: nothing promised
                    continue
                if st != 201:
                    refused.append((st, js))
                    return
                acked[js["id"]] = hashlib.sha256(d).hexdigest()
        for _ in range(3):
            for d in datas:
                plant(c, d, 7200)
            ts = [threading.Thread(target=up, args=(i,)) for i in range(2)]
            for t in ts:
                t.start()
            for _ in range(4):
                outs.append(gc(c, "--grace", "600"))
            stop.set()
            for t in ts:
                t.join(60)
            stop.clear()
        assert acked and not refused, refused[:3]
        for fid, sha in acked.items():
            assert os.path.exists(blob(c, sha)), "file %d lost its bytes" % fid
        for fid, sha in list(acked.items())[:10]:
            st, _, got = ta.fetch(c, "/api/v1/files/%d" % fid, "teacher")
            assert st == 200 and hashlib.sha256(got).hexdigest() == sha
    finally:
        ctx.runner.stop_server(c.server)


def test_lesson_file_of_a_group_is_the_group_s(ctx):
    """A split class: a file material of one group's lesson is not the
    other group's pupils' (nor their parents'): 404."""
    c = ta.server(ctx)
    w = ta.world(c)
    cls, me = w.pupil_class, w.children[0]["id"]
    groups = ta.get_ok(c, "/api/v1/classes/%d/subgroups" % cls,
                       "director")["items"]
    other = [g for g in groups if g["kind"] == "split" and
             me not in g["pupil_ids"] and g["pupil_ids"]]
    courses = ta.get_ok(c, "/api/v1/classes/%d/courses" % cls,
                        "director")["items"]
    pick = [(g, x) for g in other for x in courses
            if x["subgroup"] and x["subgroup"]["id"] == g["id"] and
            x["teacher"]]
    assert pick, "no course of a group the pupil is not in"
    g, co = pick[0]
    lid = ta.get_ok(c, "/api/v1/courses/%d/gradebook" % co["id"],
                    "director")["lessons"][0]["lesson_id"]
    t = ta.give_login(c, co["teacher"]["id"], "s1_group_teacher",
                      "group-teacher-pw")
    data = ta.pdf(seed=b"group")
    f = ta.upload_ok(c, t, "топ.pdf", data)
    st, _, js = c.req("PUT", "/api/v1/lessons/%d/online" % lid, body={
        "materials": [{"kind": "file", "title": "топ", "file_id": f["id"]}]},
        token=t)
    assert st == 200, show(js)
    paths = ("/api/v1/lessons/%d/files/%d" % (lid, f["id"]),
             "/api/v1/files/%d" % f["id"])
    member = ta.give_login(c, g["pupil_ids"][0], "s1_group_member",
                           "group-member-pw")
    for who in (member, "director", t):
        for p in paths:
            st, _, got = ta.fetch(c, p, who)
            assert st == 200 and got == data, (who, p, st)
    for who in ("pupil", "parent"):
        for p in paths:
            assert_error(c.req("GET", p, token=c.user(who)), 404,
                         what="%s %s" % (who, p))
