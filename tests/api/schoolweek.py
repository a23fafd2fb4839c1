# schoolweek.py: dates and lookups the journal's API tests share: the
# real day at UTC+5, ISO weeks, school years, the teacher's lessons
# through GET /me/lessons, rounding to tenths as the server does, and the
# router's own 404.

import datetime
from fractions import Fraction

from apilib import get_ok

DAY = datetime.timedelta(days=1)


def real_today():
    """The real date at UTC+5 (the server's today unless fixed)."""
    now = datetime.datetime.now(datetime.timezone.utc)
    return (now + datetime.timedelta(hours=5)).date()


def monday_of(d):
    return d - datetime.timedelta(days=d.weekday())


def iso_week(d):
    y, w, _ = d.isocalendar()
    return "%04d-W%02d" % (y, w)


def school_year_of(d):
    return d.year if d.month >= 9 else d.year - 1


def scan_lessons(c, who="teacher"):
    """The teacher's lessons (GET /me/lessons, 62 days a time) from the
    real today's week forward while there are any, then back to the
    school year's start."""
    start = monday_of(real_today())
    out = []

    def window(d0):
        return get_ok(c, "/api/v1/me/lessons?from=%s&to=%s" % (
            d0, d0 + 61 * DAY), who)["lessons"]

    for k in range(6):
        ls = window(start + k * 62 * DAY)
        if not ls:
            break
        out += ls
    seen = bool(out)
    for k in range(1, 17):
        ls = window(start - k * 62 * DAY)
        if not ls and seen:
            break
        seen = seen or bool(ls)
        out += ls
    return out


def round_tenths(x):
    """x (a Fraction) rounded half up to tenths, as an int of tenths."""
    t = x * 10
    return int(t + Fraction(1, 2)) if t >= 0 else -int(-t + Fraction(1, 2))


def route_missing(resp):
    """The route does not exist (yet): the router's own 404."""
    st, _, js = resp
    return st == 404 and isinstance(js, dict) and \
        js.get("error", {}).get("message") == "no such resource"
