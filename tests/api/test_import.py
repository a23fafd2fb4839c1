# test_import.py: POST /api/v1/schools/{id}/import, classes and people
# from CSV, all or nothing, every error listed by line and column.
#
# Runs on a server of its own (a fresh copy of the demo database): the
# imports add people and classes the other tests do not expect.
import itertools
import urllib.parse

from apilib import assert_error, assert_keys, get_ok, items, show

YEAR = 2032          # a school year of its own: no clash with demo classes
HEADER = "kind,full_name,class,login,iin,birth_date,parent_of,language," \
    "shift,subject\n"
_seq = itertools.count(1)


def srv(ctx):
    return ctx.shared_server("import")


def iin(birth="080512", serial=None):
    """A valid IIN (12 digits, the last a check digit) for a birth date
    YYMMDD; different on each call."""
    for n in itertools.count(serial if serial is not None else next(_seq)):
        d = [int(ch) for ch in "%s%s" % (birth, "3%04d" % (n % 10000))]
        s = sum(x * w for x, w in zip(d, range(1, 12))) % 11
        if s == 10:
            s = sum(x * w for x, w in zip(d, list(range(3, 12)) + [1, 2])) \
                % 11
            if s == 10:
                continue
        return "".join(map(str, d)) + str(s)


def uniq(prefix):
    return "%s%d" % (prefix, next(_seq))


def school_of(c):
    return get_ok(c, "/api/v1/me", "director")["roles"][0]["school_id"]


def upload(c, school, text, who="director", ctype="text/csv; charset=utf-8",
           year=YEAR):
    raw = text.encode("utf-8") if isinstance(text, str) else text
    tok = c.user(who) if isinstance(who, str) else who
    q = "?year=%d" % year if year else ""
    return c.req("POST", "/api/v1/schools/%d/import%s" % (school, q),
                 raw=raw, token=tok, headers={"Content-Type": ctype})


def failed(resp, what=""):
    """The 422 answer of a refused file: its details."""
    e = assert_error(resp, 422, "invalid", what=what)
    assert isinstance(e.get("details"), list) and e["details"], \
        "%s: no details in %s" % (what, show(resp[2]))
    for d in e["details"]:
        assert_keys(d, ("line", "column", "message"), what="detail")
        assert isinstance(d["line"], int) and d["line"] >= 1
        assert d["column"] is None or isinstance(d["column"], str)
        assert isinstance(d["message"], str) and d["message"]
    lines = [d["line"] for d in e["details"]]
    assert lines == sorted(lines), "details not by line: %s" % lines
    return e["details"]


def has(details, line, column):
    return any(d["line"] == line and d["column"] == column for d in details)


def people_named(c, school, q):
    js = get_ok(c, "/api/v1/schools/%d/people?limit=1000&q=%s" % (
        school, urllib.parse.quote(q)), "director")
    return items(js)


def classes_of(c, school, year=YEAR):
    return items(get_ok(c, "/api/v1/schools/%d/classes?limit=1000&year=%d"
                        % (school, year), "director"))


def subject_codes(c):
    return [s["code"] for s in items(get_ok(c, "/api/v1/subjects?limit=1000",
                                            "director"))]


def test_import_a_class_with_people(ctx):
    c = srv(ctx)
    school = school_of(c)
    codes = subject_codes(c)
    t, p1, p2, par = (uniq("imp.t"), uniq("imp.p"), uniq("imp.p"),
                      uniq("imp.par"))
    names = {
        "teacher": "\u0492\u0430\u043b\u044b\u043c \u04e8\u043c\u0456"
                   "\u0440\u0437\u0430\u049b\u043e\u0432",
        "p1": "\u04d8\u0439\u0433\u0435\u0440\u0456\u043c \u049a\u043e"
              "\u04a3\u044b\u0440\u0431\u0430\u0435\u0432\u0430",
        "p2": "\u04b0\u043b\u0430\u043d \u04ae\u043a\u0456\u0431\u0430"
              "\u0435\u0432, \u043c\u043b.",        # a comma: quoted
        "par": "\u04ba\u0430\u0448\u0438\u043c \u0406\u04a3\u043a\u04d9"
               "\u0440",
    }
    text = HEADER + "".join([
        "class,,10 \u0492,,,,,kk,2,\n",
        "teacher,%s,10 \u0492,%s,%s,15.03.1985,,,,%s|%s\n" % (
            names["teacher"], t, iin("850315"), codes[0], codes[1]),
        "pupil,%s,10 \u0492,%s,%s,2010-05-12,,,,\n" % (names["p1"], p1,
                                                      iin("100512")),
        'pupil,"%s",10\u0492,%s,,,,,,\n' % (names["p2"], p2),
        "parent,%s,,%s,,,%s|%s,,,\n" % (names["par"], par, p1, p2),
    ])
    st, _, js = upload(c, school, text)
    assert st == 200, "import: %d %s" % (st, show(js, 800))
    assert js == {"created": {"classes": 1, "pupils": 2, "parents": 1,
                              "teachers": 1}}, show(js)
    cls = [k for k in classes_of(c, school) if k["class_name"] == "10 \u0492"]
    assert len(cls) == 1, "class 10 Ғ of %d: %s" % (YEAR, show(cls))
    k = cls[0]
    assert (k["grade"], k["letter"], k["language"], k["shift"],
            k["year"]) == (10, "\u0492", "kk", 2, YEAR), show(k)
    assert k["class_teacher"] and \
        k["class_teacher"]["full_name"] == names["teacher"], show(k)
    assert k["pupil_count"] == 2
    pupils = items(get_ok(c, "/api/v1/classes/%d/pupils" % k["id"],
                          "director"))
    got = sorted(p["full_name"] for p in pupils)
    assert got == sorted([names["p1"], names["p2"]]), \
        "pupils %r, sent %r" % (got, [names["p1"], names["p2"]])
    by_name = {p["full_name"]: p for p in pupils}
    assert by_name[names["p1"]].get("birth_date") == "2010-05-12"
    # the parent has both children
    par_rows = people_named(c, school, names["par"].split()[0].lower())
    assert len(par_rows) == 1, show(par_rows)
    person = get_ok(c, "/api/v1/people/%d" % par_rows[0]["id"], "director")
    assert sorted(ch["full_name"] for ch in person["children"]) == got
    # a teacher of the school now: may be a class teacher elsewhere
    tid = k["class_teacher"]["id"]
    teachers = items(get_ok(c, "/api/v1/schools/%d/people?role=teacher&"
                            "limit=1000" % school, "director"))
    assert tid in [x["id"] for x in teachers]


def test_import_semicolons_bom_crlf(ctx):
    # what a spreadsheet saves: BOM, ';', CRLF, "" quotes, empty rows
    c = srv(ctx)
    school = school_of(c)
    lg = uniq("imp.s")
    name = '\u041c\u0430\u0440\u0430\u0442 "\u0410\u0441\u0430\u043d"'
    text = ("\ufeffKind;Full_Name;Class;Login\r\n"
            "class;;9 \u04e8;\r\n"
            ";;;\r\n"
            'pupil;"\u041c\u0430\u0440\u0430\u0442 ""\u0410\u0441\u0430'
            '\u043d""";9-\u04e9;%s\r\n' % lg)
    st, _, js = upload(c, school, text)
    assert st == 200, "import: %d %s" % (st, show(js, 800))
    assert js["created"]["classes"] == 1 and js["created"]["pupils"] == 1
    cls = [k for k in classes_of(c, school) if k["class_name"] == "9 \u04e8"]
    assert len(cls) == 1, show(classes_of(c, school))
    pupils = items(get_ok(c, "/api/v1/classes/%d/pupils" % cls[0]["id"],
                          "director"))
    assert [p["full_name"] for p in pupils] == [name], show(pupils)


def test_import_is_all_or_nothing(ctx):
    c = srv(ctx)
    school = school_of(c)
    good1, good2 = uniq("imp.g"), uniq("imp.g")
    who = "\u0422\u0435\u043a\u0441\u0435\u0440\u0443 " + good1
    text = HEADER + "".join([
        "class,,8 \u04b0,,,,,,,\n",                           # line 2
        "pupil,%s,8 \u04b0,%s,,,,,,\n" % (who, good1),         # line 3
        "pupil,Bad Iin,8 \u04b0,%s,123456789012,,,,,\n" % good2,  # line 4
    ])
    before = classes_of(c, school)
    details = failed(upload(c, school, text), "a bad IIN on line 4")
    assert has(details, 4, "iin"), "no line 4 / iin in %s" % show(details)
    assert len(details) == 1, "only line 4 is wrong: %s" % show(details)
    # nothing of lines 2 and 3 was written
    assert classes_of(c, school) == before, "a class was written"
    assert people_named(c, school, good1) == [], "a pupil was written"
    # the same rows without the bad one go in, so they were not taken
    ok = text.rsplit("pupil,Bad", 1)[0]
    st, _, js = upload(c, school, ok)
    assert st == 200, "the good rows alone: %d %s" % (st, show(js, 600))
    assert len(people_named(c, school, good1)) == 1


def test_import_lists_every_error(ctx):
    c = srv(ctx)
    school = school_of(c)
    dup = uniq("imp.d")
    text = HEADER + "".join([
        "class,,12 \u0410,,,,,,,\n",                          # 2: grade
        "janitor,X,,,,,,,,\n",                                # 3: kind
        "pupil,,7 \u0410,,,,,,,\n",                           # 4: name
        "pupil,P,,,,,,,,\n",                                  # 5: class
        "pupil,P,7 \u042f,%s,,,,,,\n" % dup,                  # 6: no class
        "pupil,P,7 \u042f,%s,,,,,,\n" % dup,                  # 7: login twice
        "teacher,T,,teacher,,,,,,\n",                         # 8: taken
        "parent,Q,,,,,nobody.here,,,\n",                      # 9: no child
        "teacher,T2,,,,,,,,NOPE\n",                           # 10: subject
        "pupil,P,,,,2999-01-01,,,,\n",                        # 11: future
        "class,,6 \u0411,,,,,en,7,\n",                        # 12: lang/shift
        "class,Named,6 \u0412,,,,,,,\n",                      # 13: name
        "pupil,\"Line\nBreak\",7 \u042f,,,,,,,\n",            # 14: newline
    ])
    details = failed(upload(c, school, text), "many errors")
    want = [(2, "class"), (3, "kind"), (4, "full_name"), (5, "class"),
            (6, "class"), (7, "login"), (8, "login"), (9, "parent_of"),
            (10, "subject"), (11, "birth_date"), (12, "language"),
            (12, "shift"), (13, "full_name"), (14, "full_name")]
    missing = [w for w in want if not has(details, *w)]
    assert not missing, "not reported: %s; got %s" % (
        missing, show([(d["line"], d["column"]) for d in details], 2000))


def test_import_header_problems(ctx):
    c = srv(ctx)
    school = school_of(c)
    d = failed(upload(c, school, "kind,full_name,colour\npupil,X,red\n"),
               "unknown column")
    assert has(d, 1, "colour"), show(d)
    d = failed(upload(c, school, "full_name,class\nX,5 \u0410\n"),
               "no kind column")
    assert has(d, 1, "kind"), show(d)
    d = failed(upload(c, school, "kind,kind\npupil,pupil\n"),
               "kind twice")
    assert d[0]["line"] == 1, show(d)
    for what, text in (("empty", ""), ("blank lines", "\n\n\r\n"),
                       ("header only", HEADER)):
        failed(upload(c, school, text), what)


def test_import_broken_csv(ctx):
    c = srv(ctx)
    school = school_of(c)
    cases = [
        ("unclosed quote", HEADER + 'pupil,"Never closed,7 A,,,,,,,\n'),
        ("ragged row", HEADER + "pupil,X,7 A\n"),
        ("quote inside a field", HEADER + 'pupil,Ab"c,7 A,,,,,,,\n'),
        ("text after a quote", HEADER + 'pupil,"Ab"c,7 A,,,,,,,\n'),
        ("a value under no column", "kind,full_name,\npupil,X,surplus\n"),
    ]
    for what, text in cases:
        failed(upload(c, school, text), what)
    for what, raw in (("invalid UTF-8", HEADER.encode() +
                       b"pupil,\xff\xfe,7 A,,,,,,,\n"),
                      ("NUL", HEADER.encode() + b"pupil,A\x00B,7 A,,,,,,,\n"),
                      ("latin-1", HEADER.encode() +
                       "pupil,J\u00fcrgen,7 A,,,,,,,\n".encode("latin-1"))):
        r = upload(c, school, raw)
        assert_error(r, (400, 422), what=what)
    assert c.healthy()


def test_import_many_errors_are_capped(ctx):
    c = srv(ctx)
    school = school_of(c)
    text = HEADER + "".join("pupil,,99 Q,,,,,,,\n" for _ in range(3000))
    r = upload(c, school, text)
    d = failed(r, "3000 bad rows")
    assert len(d) <= 1000, "%d details" % len(d)
    msg = r[2]["error"]["message"]
    assert any(ch.isdigit() for ch in msg), "no count in %r" % msg


def test_import_content_type(ctx):
    c = srv(ctx)
    school = school_of(c)
    r = upload(c, school, HEADER, ctype="application/json")
    assert_error(r, (400, 415), what="CSV sent as JSON")
    r = upload(c, school, '{"kind": "pupil"}', ctype="application/json")
    assert_error(r, (400, 415), what="JSON sent to the import")


def test_import_who_may(ctx):
    c = srv(ctx)
    school = school_of(c)
    text = HEADER + "class,,5 \u04ae,,,,,,,\n"
    for who in ("teacher", "pupil", "parent"):
        r = upload(c, school, text, who=who)
        assert_error(r, (403, 404), what=who + " imports")
    # a school outside the director's scope: not even seen
    schools = items(get_ok(c, "/api/v1/schools?limit=1000", "admin"))
    other = [s["id"] for s in schools if s["id"] != school][0]
    r = upload(c, other, text)
    assert_error(r, 404, "not_found", what="director imports elsewhere")
    r = upload(c, 987654321, text, who="admin")
    assert_error(r, 404, "not_found", what="import into no school")
    # the district official of the school may
    st, _, js = upload(c, school, text, who="district")
    assert st in (200, 404), "district imports: %d %s" % (st, show(js))


def test_import_too_big_is_413(ctx):
    c = srv(ctx)
    school = school_of(c)
    text = HEADER + "pupil,%s,5 A,,,,,,,\n" % ("x" * 100) * 12000
    r = upload(c, school, text)
    assert_error(r, 413, "too_large", what="a 1.3 MB file")
    assert c.healthy()


def test_import_year_argument(ctx):
    c = srv(ctx)
    school = school_of(c)
    for y in ("1999", "abc", "2101"):
        r = c.req("POST", "/api/v1/schools/%d/import?year=%s" % (school, y),
                  raw=(HEADER + "class,,5 \u04ae,,,,,,,\n").encode(),
                  token=c.user("director"),
                  headers={"Content-Type": "text/csv"})
        assert_error(r, 400, "bad_request", field="year", what="year=" + y)
