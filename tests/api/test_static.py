# test_static.py: the web page served from the binary (src/http/static.c):
# every file of web/ byte for byte, "/" and /sw.js revalidated (no-cache),
# versioned /s/<version>/ files immutable, gzip and brotli by
# Accept-Encoding with Vary, a strong ETag per encoding, 304 on
# If-None-Match, HEAD, unknown paths 404, the CSP on the HTML.

import gzip
import http.client
import os
import re

from apilib import assert_error, assert_security_headers, show

HERE = os.path.dirname(os.path.abspath(__file__))
WEB = os.path.join(HERE, "..", "..", "web")
IMMUTABLE = "public, max-age=31536000, immutable"


def fetch(ctx, path, method="GET", **headers):
    """(status, headers, body bytes) with exactly these request headers."""
    c = http.client.HTTPConnection(ctx.host, ctx.port, timeout=15)
    try:
        c.putrequest(method, path, skip_accept_encoding=True)
        for k, v in headers.items():
            c.putheader(k.replace("_", "-"), v)
        c.endheaders()
        r = c.getresponse()
        return r.status, r.msg, r.read()
    finally:
        c.close()


def version(ctx):
    st, _, body = fetch(ctx, "/")
    assert st == 200, "GET /: %d" % st
    m = re.search(rb'src="/s/([0-9a-f]{12})/app\.js"', body)
    assert m, "index.html names no versioned app.js: %s" % show(body)
    return m.group(1).decode()


def web_files():
    for root, _, names in os.walk(WEB):
        for n in names:
            p = os.path.join(root, n)
            yield os.path.relpath(p, WEB).replace(os.sep, "/"), p


def test_index_is_html_with_csp_and_revalidated(ctx):
    st, hd, body = fetch(ctx, "/")
    assert st == 200
    assert hd["Content-Type"] == "text/html; charset=utf-8", hd["Content-Type"]
    assert_security_headers(hd, "GET /")
    csp = hd["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp, csp
    assert "http" not in csp and "*" not in csp, "CSP names another origin: " + csp
    assert hd["Cache-Control"] == "no-cache", hd["Cache-Control"]
    assert hd["Vary"] == "Accept-Encoding"
    etag = hd["ETag"]
    assert re.fullmatch(r'"[0-9a-f]{16}"', etag), "not a strong hash ETag: %r" % etag
    # no inline script or style: everything comes from files
    assert not re.search(rb"<script(?![^>]*\bsrc=)", body), "inline <script>"
    assert b"<style" not in body and b" style=" not in body, "inline style"
    assert b"@VERSION@" not in body


def test_every_web_file_is_served_as_in_the_tree(ctx):
    ver = version(ctx)
    n = 0
    for name, path in web_files():
        with open(path, "rb") as f:
            want = f.read().replace(b"@VERSION@", ver.encode())
        st, hd, body = fetch(ctx, "/s/%s/%s" % (ver, name))
        assert st == 200, "%s: %d" % (name, st)
        assert body == want, "%s differs from web/%s" % (name, name)
        assert hd["Cache-Control"] == IMMUTABLE, (name, hd["Cache-Control"])
        assert "Content-Encoding" not in hd, "%s encoded unasked" % name
        n += 1
    assert n >= 10, "only %d files under web/" % n
    st, hd, _ = fetch(ctx, "/s/%s/app.js" % ver)
    assert hd["Content-Type"] == "text/javascript; charset=utf-8"
    st, hd, _ = fetch(ctx, "/s/%s/css/base.css" % ver)
    assert hd["Content-Type"] == "text/css; charset=utf-8"


def test_gzip_and_brotli_by_accept_encoding(ctx):
    ver = version(ctx)
    path = "/s/%s/app.js" % ver
    _, hd0, plain = fetch(ctx, path)
    st, hdg, gz = fetch(ctx, path, Accept_Encoding="gzip, deflate")
    assert st == 200 and hdg["Content-Encoding"] == "gzip"
    assert gzip.decompress(gz) == plain and len(gz) < len(plain)
    assert int(hdg["Content-Length"]) == len(gz)
    st, hdb, br = fetch(ctx, path, Accept_Encoding="gzip, deflate, br")
    assert st == 200 and hdb["Content-Encoding"] == "br", hdb["Content-Encoding"]
    assert len(br) < len(gz), "brotli %d not below gzip %d" % (len(br), len(gz))
    st, hd, _ = fetch(ctx, path, Accept_Encoding="br;q=0, gzip")
    assert hd["Content-Encoding"] == "gzip"
    st, hd, body = fetch(ctx, path, Accept_Encoding="gzip;q=0, br;q=0")
    assert "Content-Encoding" not in hd and body == plain
    tags = {hd0["ETag"], hdg["ETag"], hdb["ETag"]}
    assert len(tags) == 3, "one ETag for several encodings: %s" % tags
    for h in (hd0, hdg, hdb):
        assert h["Vary"] == "Accept-Encoding"
        assert h["Cache-Control"] == IMMUTABLE


def test_if_none_match_answers_304(ctx):
    ver = version(ctx)
    for path, cache in (("/", "no-cache"), ("/sw.js", "no-cache"),
                        ("/s/%s/core/api.js" % ver, IMMUTABLE)):
        _, hd, _ = fetch(ctx, path, Accept_Encoding="gzip")
        etag = hd["ETag"]
        for inm in (etag, "W/" + etag, '"other", ' + etag, "*"):
            st, h2, body = fetch(ctx, path, Accept_Encoding="gzip",
                                 If_None_Match=inm)
            assert st == 304, "%s If-None-Match %s: %d" % (path, inm, st)
            assert body == b"", "304 with a body"
            assert h2["ETag"] == etag and h2["Cache-Control"] == cache
        # the gzip tag does not match the identity answer, nor another tag
        st, _, body = fetch(ctx, path, If_None_Match=etag)
        assert st == 200 and body, "%s: gzip ETag matched identity" % path
        st, _, _ = fetch(ctx, path, Accept_Encoding="gzip",
                         If_None_Match='"0000000000000000-gz"')
        assert st == 200


def test_head(ctx):
    for path in ("/", "/sw.js", "/s/%s/app.js" % version(ctx)):
        _, hg, body = fetch(ctx, path, Accept_Encoding="gzip")
        st, hh, hbody = fetch(ctx, path, method="HEAD", Accept_Encoding="gzip")
        assert st == 200 and hbody == b"", "HEAD %s: %d %r" % (path, st, hbody[:20])
        assert hh["Content-Length"] == str(len(body)) == hg["Content-Length"]
        assert hh["ETag"] == hg["ETag"]


def test_service_worker_and_old_versions(ctx):
    ver = version(ctx)
    st, hd, body = fetch(ctx, "/sw.js")
    assert st == 200 and hd["Cache-Control"] == "no-cache"
    assert hd["Content-Type"] == "text/javascript; charset=utf-8"
    assert ("'%s'" % ver).encode() in body, "sw.js does not name the version"
    # a page of another version still loads, but nothing stale is pinned
    st, hd, body = fetch(ctx, "/s/000000000000/app.js")
    assert st == 200 and hd["Cache-Control"] == "no-cache", (st, hd["Cache-Control"])


def test_unknown_paths_and_methods(ctx):
    ver = version(ctx)
    for path in ("/nope", "/index.html", "/s/%s/nope.js" % ver,
                 "/s/%s/../index.html" % ver, "/s/%s/" % ver, "/app.js",
                 "/s/%s/core" % ver):
        assert_error(ctx.req("GET", path), 404, "not_found", what=path)
    assert_error(ctx.req("POST", "/"), 405, what="POST /")
    st, hd, _ = ctx.req("PUT", "/s/%s/app.js" % ver)
    assert st == 405 and "GET" in hd["Allow"], (st, hd["Allow"])
