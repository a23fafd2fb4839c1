# test_auth.py: login, logout, tokens, the session cookie and CSRF.
import hashlib
import sqlite3
import time

from apilib import assert_error, assert_keys, show, DEMO_LOGINS

LOGIN = "/api/v1/auth/login"
LOGOUT = "/api/v1/auth/logout"
ME = "/api/v1/me"


def test_login_answer_shape(ctx):
    st, hd, js = ctx.req("POST", LOGIN, {"login": "admin",
                                         "password": "demo"})
    assert st == 200, "login admin: %d %s" % (st, show(js))
    assert (hd.get("Content-Type") or "").startswith("application/json")
    assert_keys(js, ("token", "csrf_token", "user"), what="login answer")
    assert isinstance(js["token"], str) and len(js["token"]) >= 20, \
        "token too short: %r" % js["token"]
    assert isinstance(js["csrf_token"], str) and len(js["csrf_token"]) >= 16
    assert js["csrf_token"] != js["token"], "csrf_token equals the token"
    u = js["user"]
    assert_keys(u, ("id", "full_name", "roles"), what="login user")
    assert isinstance(u["id"], int) and u["id"] > 0
    assert isinstance(u["full_name"], str) and u["full_name"].strip()
    assert isinstance(u["roles"], list) and u["roles"], "no roles"
    assert [r["role"] for r in u["roles"]] == ["ministry"], \
        "admin roles %s" % show(u["roles"])


def test_login_matches_me(ctx):
    # the user object of the login answer is the /me of that user
    for name in DEMO_LOGINS:
        s = ctx.login(name)
        st, _, me = ctx.req("GET", ME, token=s)
        assert st == 200, "%s /me %d" % (name, st)
        for k in ("id", "full_name", "roles"):
            assert s.user[k] == me[k], "%s: login user.%s %s != /me %s" % (
                name, k, show(s.user[k]), show(me[k]))


def test_login_tokens_are_new_each_time(ctx):
    a = ctx.login("teacher")
    b = ctx.login("teacher")
    assert a.token != b.token, "two logins gave the same token"
    assert a.csrf != b.csrf, "two logins gave the same csrf_token"


def test_login_set_cookie(ctx):
    st, hd, js = ctx.req("POST", LOGIN, {"login": "director",
                                         "password": "demo"})
    assert st == 200, "login: %d %s" % (st, show(js))
    cookies = hd.get_all("Set-Cookie") or []
    mine = [c for c in cookies if c.strip().startswith("mektep_session=")]
    assert len(mine) == 1, "Set-Cookie mektep_session: %s" % cookies
    parts = [p.strip() for p in mine[0].split(";")]
    value = parts[0][len("mektep_session="):]
    assert len(value) >= 20, "cookie value too short: %r" % value
    attrs = {}
    for p in parts[1:]:
        k, _, v = p.partition("=")
        attrs[k.strip().lower()] = v.strip()
    assert "httponly" in attrs, "cookie not HttpOnly: %s" % mine[0]
    assert attrs.get("samesite", "").lower() == "strict", \
        "cookie not SameSite=Strict: %s" % mine[0]
    assert attrs.get("path") == "/", "cookie Path is not /: %s" % mine[0]
    # the cookie is a working session
    st, _, me = ctx.req("GET", ME, cookie=value)
    assert st == 200, "GET /me with the cookie: %d %s" % (st, show(me))
    assert me["id"] == js["user"]["id"]


def test_login_wrong_password_and_unknown_login_same_401(ctx):
    wrong = ctx.req("POST", LOGIN, {"login": "teacher",
                                    "password": "not-demo"})
    unknown = ctx.req("POST", LOGIN, {"login": "no-such-user-7f3a",
                                      "password": "demo"})
    assert_error(wrong, 401, "unauthorized", what="wrong password")
    assert_error(unknown, 401, "unauthorized", what="unknown login")
    assert wrong[2] == unknown[2], \
        "wrong password and unknown login answer differently: %s vs %s" % (
            show(wrong[2]), show(unknown[2]))
    assert not wrong[1].get_all("Set-Cookie"), "Set-Cookie on a failure"
    assert not unknown[1].get_all("Set-Cookie"), "Set-Cookie on a failure"
    # a failed try does not lock out the right password
    ctx.login("teacher")


def test_login_password_is_case_sensitive(ctx):
    r = ctx.req("POST", LOGIN, {"login": "pupil", "password": "DEMO"})
    assert_error(r, 401, "unauthorized")


def test_login_missing_or_empty_fields(ctx):
    r = ctx.req("POST", LOGIN, {"login": "admin"})
    assert_error(r, 422, "invalid", field="password", what="no password")
    r = ctx.req("POST", LOGIN, {"password": "demo"})
    assert_error(r, 422, "invalid", field="login", what="no login")
    r = ctx.req("POST", LOGIN, {"login": "admin", "password": ""})
    assert_error(r, (401, 422), what="empty password")
    r = ctx.req("POST", LOGIN, {"login": "", "password": "demo"})
    assert_error(r, (401, 422), what="empty login")


def test_login_get_is_405(ctx):
    r = ctx.req("GET", LOGIN)
    e = assert_error(r, 405, "method_not_allowed")
    allow = r[1].get("Allow") or ""
    assert "POST" in allow, "Allow %r lacks POST (%s)" % (allow, e)


def test_logout_ends_the_token_at_once(ctx):
    s = ctx.login("teacher")
    other = ctx.login("teacher")
    st, _, _ = ctx.req("GET", ME, token=s)
    assert st == 200, "/me before logout: %d" % st
    st, hd, js = ctx.req("POST", LOGOUT, token=s)
    assert st == 204, "logout: %d %s" % (st, show(js))
    assert js is None, "204 with a body: %s" % show(js)
    assert_error(ctx.req("GET", ME, token=s), 401, "unauthorized",
                 what="/me after logout")
    assert_error(ctx.req("GET", ME, cookie=s.cookie or s.token), 401,
                 "unauthorized", what="cookie after logout")
    assert_error(ctx.req("POST", LOGOUT, token=s), 401, "unauthorized",
                 what="second logout")
    # only that session ends: the same user's other session still works
    st, _, _ = ctx.req("GET", ME, token=other)
    assert st == 200, "another session of the user ended too: %d" % st


def test_logout_needs_a_session(ctx):
    assert_error(ctx.req("POST", LOGOUT), 401, "unauthorized")
    assert_error(ctx.req("POST", LOGOUT, token="nonsense"), 401,
                 "unauthorized")


def test_no_or_garbage_token_is_401(ctx):
    cases = [
        ("no token", {}),
        ("garbage", {"Authorization": "Bearer garbage"}),
        ("empty bearer", {"Authorization": "Bearer "}),
        ("bare word", {"Authorization": "Bearer"}),
        ("basic auth", {"Authorization": "Basic YWRtaW46ZGVtbw=="}),
        ("long", {"Authorization": "Bearer " + "A" * 4000}),
        ("token-like", {"Authorization": "Bearer " + "x" * 43}),
        ("non-ascii", {"Authorization": "Bearer \u0442\u043e\u043a\u0435"
                                        "\u043d".encode("utf-8")
                                        .decode("latin-1")}),
        ("garbage cookie", {"Cookie": "mektep_session=garbage"}),
        ("empty cookie", {"Cookie": "mektep_session="}),
        ("other cookie", {"Cookie": "session=abc; foo=bar"}),
    ]
    for what, h in cases:
        assert_error(ctx.req("GET", ME, headers=h), 401, "unauthorized",
                     what=what)


def test_csrf_token_is_not_a_session_token(ctx):
    s = ctx.login("parent")
    assert_error(ctx.req("GET", ME, token=s.csrf), 401, "unauthorized")


def test_expired_token_is_401(ctx):
    s = ctx.login("pupil")
    st, _, _ = ctx.req("GET", ME, token=s)
    assert st == 200, "/me %d" % st
    # Age the session in the store (sessions.token_hash is the hex SHA-256
    # of the token): waiting 14 days is not an option. Like any writer of
    # sessions, record the person as revoked (migrations/0023), or a
    # server that keeps the session in memory goes on trusting it.
    h = hashlib.sha256(s.token.encode()).hexdigest()
    con = sqlite3.connect(ctx.db, timeout=10)
    try:
        cur = con.execute("UPDATE sessions SET expires_at = ? "
                          "WHERE token_hash = ?", (int(time.time()) - 60, h))
        n = cur.rowcount
        con.execute("UPDATE auth_revision SET s = s + 1")
        con.execute("INSERT INTO session_revocations (seq, person_id) "
                    "SELECT r.s, se.person_id FROM auth_revision r, "
                    "sessions se WHERE se.token_hash = ?", (h,))
        con.commit()
    except sqlite3.Error as e:
        raise AssertionError("cannot age the session in the store "
                             "(schema changed?): %s" % e)
    finally:
        con.close()
    assert n == 1, "session row not found by token hash (rows %d)" % n
    assert_error(ctx.req("GET", ME, token=s), 401, "unauthorized",
                 what="expired token")


def test_cookie_get_works_without_csrf(ctx):
    s = ctx.login("teacher")
    assert s.cookie, "no mektep_session cookie set at login"
    st, _, me = ctx.req("GET", ME, cookie=s)
    assert st == 200, "cookie GET /me: %d %s" % (st, show(me))
    assert me["id"] == s.id


def test_cookie_post_needs_csrf(ctx):
    s = ctx.login("teacher")
    other = ctx.login("teacher")
    assert s.cookie, "no mektep_session cookie set at login"
    for what, csrf in (("no X-CSRF-Token", None),
                       ("wrong X-CSRF-Token", "x" * len(s.csrf)),
                       ("empty X-CSRF-Token", ""),
                       ("another session's token", other.csrf),
                       ("the session token", s.token)):
        if csrf is None:
            r = ctx.req("POST", LOGOUT, cookie=s)
        else:
            r = ctx.req("POST", LOGOUT, cookie=s, csrf=csrf)
        assert_error(r, 403, "csrf", what=what)
        # the refused request changed nothing
        st, _, _ = ctx.req("GET", ME, cookie=s)
        assert st == 200, "session gone after a refused %s: %d" % (what, st)
    # with the right token it works
    st, _, js = ctx.req("POST", LOGOUT, cookie=s, csrf=s)
    assert st == 204, "cookie + X-CSRF-Token logout: %d %s" % (st, show(js))
    assert_error(ctx.req("GET", ME, cookie=s), 401, "unauthorized",
                 what="cookie after logout")


def test_bearer_needs_no_csrf(ctx):
    s = ctx.login("district")
    st, _, js = ctx.req("POST", LOGOUT, token=s)
    assert st == 204, "bearer logout without X-CSRF-Token: %d %s" % (
        st, show(js))


def test_rate_limit_locks_one_login(ctx):
    # On a server of its own with a fresh database: the lock must not
    # leak into the other tests.
    with ctx.fresh_server("ratelimit") as c:
        for i in range(10):
            r = c.req("POST", LOGIN, {"login": "director",
                                      "password": "wrong%d" % i})
            assert_error(r, 401, "unauthorized", what="failure %d" % (i + 1))
        for what, pw in (("right password", "demo"),
                         ("wrong password", "wrong")):
            r = c.req("POST", LOGIN, {"login": "director", "password": pw})
            assert_error(r, 429, "too_many_requests",
                         what="11th try, " + what)
            ra = r[1].get("Retry-After")
            assert ra and ra.strip().isdigit(), "Retry-After %r" % ra
            assert 0 < int(ra) <= 15 * 60, "Retry-After %s seconds" % ra
            assert not r[1].get_all("Set-Cookie"), "Set-Cookie on 429"
        # the lock is per login: others still log in
        c.login("teacher")
        # an unknown login locks the same way: no telling logins apart
        for i in range(10):
            r = c.req("POST", LOGIN, {"login": "ghost-user",
                                      "password": "x%d" % i})
            assert_error(r, 401, "unauthorized",
                         what="unknown login failure %d" % (i + 1))
        r = c.req("POST", LOGIN, {"login": "ghost-user", "password": "x"})
        assert_error(r, 429, "too_many_requests", what="unknown login, 11th")
        assert (r[1].get("Retry-After") or "").strip().isdigit()



# "demo" hashed at the earlier setting, argon2id t=2 over 19 MiB (libsodium
# crypto_pwhash_str_alg): such hashes are in stores made before the change
OLD_DEMO_HASH = ("$argon2id$v=19$m=19456,t=2,p=1$XVkEGj17g0JxSbG8MVJtRA$"
                 "Ehew9op2Tr9fOPmhgCRPZ/Fpm0pHzAhN5nmbxsuYAIw")
CURRENT_PREFIX = "$argon2id$v=19$m=7168,t=5,p=1$"


def pw_hash_of(ctx, login, new=None):
    """people.pw_hash of login, after setting it to new if given."""
    con = sqlite3.connect(ctx.db, timeout=10)
    try:
        if new is not None:
            cur = con.execute("UPDATE people SET pw_hash = ? "
                              "WHERE login = ?", (new, login))
            con.commit()
            assert cur.rowcount == 1, "no person %r to set" % login
        row = con.execute("SELECT pw_hash FROM people WHERE login = ?",
                          (login,)).fetchone()
    except sqlite3.Error as e:
        raise AssertionError("cannot reach people.pw_hash in the store "
                             "(schema changed?): %s" % e)
    finally:
        con.close()
    assert row is not None, "no person %r" % login
    return row[0]


def test_login_moves_an_old_hash_to_the_current_settings(ctx):
    assert pw_hash_of(ctx, "parent", OLD_DEMO_HASH) == OLD_DEMO_HASH
    # a wrong password leaves the old hash alone
    assert_error(ctx.req("POST", LOGIN, {"login": "parent",
                                         "password": "not-demo"}),
                 401, "unauthorized", what="wrong password, old hash")
    assert pw_hash_of(ctx, "parent") == OLD_DEMO_HASH, \
        "the hash changed on a failed login"
    s = ctx.login("parent")
    st, _, _ = ctx.req("GET", ME, token=s)
    assert st == 200, "/me after a login on the old hash: %d" % st
    h = pw_hash_of(ctx, "parent")
    assert h.startswith(CURRENT_PREFIX), \
        "stored hash after login %r, expected the prefix %r" % (
            h, CURRENT_PREFIX)
    # the new hash is of the same password, and is not replaced again
    ctx.login("parent")
    assert pw_hash_of(ctx, "parent") == h, "rehashed a current hash"
    assert_error(ctx.req("POST", LOGIN, {"login": "parent",
                                         "password": "DEMO"}),
                 401, "unauthorized", what="wrong password, new hash")


def test_login_goes_on_when_the_new_hash_cannot_be_stored(ctx):
    # a trigger refuses to change the hash: the login still succeeds, on
    # the old hash, and the failure is logged as a warning
    if ctx.store is None:
        make = ("CREATE TRIGGER no_rehash BEFORE UPDATE OF pw_hash ON "
                "people BEGIN SELECT RAISE(ABORT, 'no rehash'); END")
        drop = ["DROP TRIGGER no_rehash"]
    else:
        make = ("CREATE FUNCTION no_rehash() RETURNS trigger LANGUAGE "
                "plpgsql AS 'BEGIN RAISE EXCEPTION ''no rehash''; END'; "
                "CREATE TRIGGER no_rehash BEFORE UPDATE OF pw_hash ON "
                "people FOR EACH ROW EXECUTE FUNCTION no_rehash()")
        drop = ["DROP TRIGGER no_rehash ON people",
                "DROP FUNCTION no_rehash()"]
    pw_hash_of(ctx, "pupil", OLD_DEMO_HASH)
    con = sqlite3.connect(ctx.db, timeout=10)
    try:
        con.execute(make)
        con.commit()
        s = ctx.login("pupil")
        st, _, _ = ctx.req("GET", ME, token=s)
        assert st == 200, "/me after a login whose rehash failed: %d" % st
        assert pw_hash_of(ctx, "pupil") == OLD_DEMO_HASH
        log = ctx.server.stderr_text()
        assert '"level":"warn"' in log and "not moved to the current " \
            "settings" in log, "no warning logged for the failed rehash"
    finally:
        for sql in drop:
            con.execute(sql)
        con.commit()
        con.close()
    ctx.login("pupil")
    assert pw_hash_of(ctx, "pupil").startswith(CURRENT_PREFIX)


def test_a_password_set_by_another_process_ends_kept_sessions_at_once(ctx):
    """The server keeps sessions in memory (SQLite, docs/CACHING.md);
    `mektep user passwd` is another process. The teacher's session, used
    just before, is refused at the very next request; a new login works,
    and another user's kept session is untouched."""
    with ctx.fresh_server("revoke-cli") as c:
        s = c.login("teacher")
        d = c.login("director")
        for tok in (s, s, d):   # the second read is the kept one
            st, _, _ = c.req("GET", ME, token=tok)
            assert st == 200, "/me before: %d" % st
        p = c.cli("user", "passwd", "--db", c.db, "--login", "teacher",
                  input=b"a-new-password-1\n")
        assert p.returncode == 0, "user passwd: %d %s" % (p.returncode,
                                                            p.stderr)
        assert_error(c.req("GET", ME, token=s), 401, "unauthorized",
                     what="the teacher's old session after a new password")
        st, _, _ = c.req("GET", ME, token=d)
        assert st == 200, "the director's session ended too: %d" % st
        st, _, js = c.req("GET", ME, token=c.login("teacher",
                                                    "a-new-password-1"))
        assert st == 200, "/me with the new password: %d %s" % (st, js)


def test_a_new_name_shows_in_kept_sessions_at_once(ctx):
    """A session kept in memory shows the person's name: a change of it is
    seen at the very next request of every session of that person."""
    with ctx.fresh_server("revoke-name") as c:
        t = c.login("teacher")
        st, _, me = c.req("GET", ME, token=t)
        assert st == 200, "/me: %d" % st
        st, _, _ = c.req("GET", ME, token=t)
        admin = c.login("director")
        st, _, js = c.req("PATCH", "/api/v1/people/%d" % me["id"],
                          {"full_name": "Жаңа Есім Демо"}, token=admin)
        assert st == 200, "PATCH the name: %d %s" % (st, js)
        st, _, me2 = c.req("GET", ME, token=t)
        assert st == 200 and me2["full_name"] == "Жаңа Есім Демо", \
            "/me after the name changed: %d %s" % (st, me2)
