# test_ops.py: /healthz, /metrics, keep-alive, the server's life cycle.
import http.client
import re

from apilib import show

METRICS = ("mektep_http_requests_total",
           "mektep_http_request_duration_seconds_bucket",
           "mektep_http_requests_in_flight", "mektep_db_seconds_total")


def test_healthz(ctx):
    st, hd, js = ctx.req("GET", "/healthz")
    assert st == 200, "healthz %d %s" % (st, show(js))
    assert (hd.get("Content-Type") or "").startswith("application/json"), \
        "healthz Content-Type %r" % hd.get("Content-Type")
    assert isinstance(js, dict), "healthz body %s" % show(js)


def test_healthz_head(ctx):
    st, hd, body = ctx.req("HEAD", "/healthz")
    assert st == 200, "HEAD /healthz %d" % st
    assert body is None, "HEAD answered a body: %s" % show(body)


def metrics_text(ctx):
    st, hd, text = ctx.req("GET", "/metrics")
    assert st == 200, "metrics %d" % st
    assert (hd.get("Content-Type") or "").startswith("text/plain"), \
        "metrics Content-Type %r" % hd.get("Content-Type")
    assert isinstance(text, str)
    return text


def sample(text, name, labels=""):
    """Sum of the samples of metric name whose labels contain labels."""
    total = None
    for line in text.splitlines():
        if line.startswith("#") or not line.startswith(name):
            continue
        m = re.match(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)$",
                     line)
        assert m, "not a Prometheus sample line: %r" % line
        if m.group(1) != name or labels not in (m.group(2) or ""):
            continue
        total = (total or 0) + float(m.group(3))
    return total


def test_metrics_names_and_format(ctx):
    ctx.req("GET", "/healthz")
    text = metrics_text(ctx)
    for name in METRICS:
        assert re.search(r"^%s[{ ]" % name, text, re.M), \
            "metrics lack %s" % name
    for name, kind in (("mektep_http_requests_total", "counter"),
                       ("mektep_http_request_duration_seconds", "histogram"),
                       ("mektep_http_requests_in_flight", "gauge")):
        assert "# TYPE %s %s" % (name, kind) in text, \
            "no '# TYPE %s %s'" % (name, kind)
    inf = sample(text, "mektep_http_request_duration_seconds_bucket",
                 'le="+Inf"')
    cnt = sample(text, "mektep_http_request_duration_seconds_count")
    assert inf is not None and inf > 0, "no +Inf bucket"
    if cnt is not None:
        assert inf == cnt, "+Inf bucket %s != count %s" % (inf, cnt)


def test_metrics_count_requests(ctx):
    before = sample(metrics_text(ctx), "mektep_http_requests_total") or 0
    for _ in range(5):
        ctx.req("GET", "/api/v1/nope")
    after = sample(metrics_text(ctx), "mektep_http_requests_total") or 0
    assert after >= before + 5, "requests_total %s -> %s after 5 requests" \
        % (before, after)
    text = metrics_text(ctx)
    assert re.search(r'mektep_http_requests_total\{[^}]*status="404"', text),\
        "no status=\"404\" series after five 404s"


def test_keep_alive_is_kept(ctx):
    # answering in the first callback makes libmicrohttpd close the
    # connection (../shared/PERFORMANCE.md): every answer must keep it
    tok = ctx.user("teacher").token
    c = http.client.HTTPConnection(ctx.host, ctx.port, timeout=10)
    try:
        c.connect()
        sock = c.sock
        for method, path, body in (("GET", "/healthz", None),
                                   ("GET", "/api/v1/me", None),
                                   ("GET", "/api/v1/nope", None),
                                   ("POST", "/api/v1/auth/login",
                                    b'{"login": 1}'),
                                   ("GET", "/api/v1/me", None)):
            h = {"Authorization": "Bearer " + tok}
            if body is not None:
                h["Content-Type"] = "application/json"
            c.request(method, path, body=body, headers=h)
            r = c.getresponse()
            r.read()
            assert r.status < 500, "%s %s: %d" % (method, path, r.status)
            assert not r.will_close, "%s %s (%d) closed the connection " \
                "(Connection: %s)" % (method, path, r.status,
                                      r.getheader("Connection"))
            assert c.sock is sock, "reconnected after %s %s" % (method, path)
    finally:
        c.close()


def test_fresh_server_stops_cleanly_on_sigterm(ctx):
    with ctx.fresh_server("sigterm") as c:
        assert c.healthy()
        srv = c.server
    assert srv.exit_status == 0, "exit status after SIGTERM: %r" % \
        srv.exit_status
