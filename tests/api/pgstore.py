# pgstore.py: the API suite's PostgreSQL store (run.py --store pg).
#
# Every database of a run is a PostgreSQL database on one throwaway server
# (MEKTEP_TEST_PG from scripts/with-pg.sh, else one started here with
# scripts/pg.sh). The demo is made once into the database "pristine";
# each copy is CREATE DATABASE ... TEMPLATE pristine.
#
# The tests are written once, for both stores: where a test reads or
# writes the store directly it uses Python's sqlite3 module on ctx.db, or
# on a file path of its own under the run's temporary directory. Here
# run.py gives such a module the stand-in below instead: ctx.db is a
# postgresql:// URL, and a path "<tmp>/NAME.db" names the database NAME,
# for `mektep --db`, for servers and for the stand-in alike.
#
# Standard library only: psql (from the postgresql package) does the SQL.

import json
import os
import re
import sqlite3 as real_sqlite3
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


class Error(real_sqlite3.Error):
    """What the stand-in raises: tests catching sqlite3.Error catch it."""


class Store:
    def __init__(self, tmp):
        self.tmp = tmp
        self.own_dir = None
        self.query = os.environ.get("MEKTEP_TEST_PG", "")
        if not self.query:
            self.own_dir = os.path.join(tmp, "pg")
            p = subprocess.run([os.path.join(ROOT, "scripts", "pg.sh"),
                                "start", self.own_dir],
                               capture_output=True, text=True, timeout=120)
            if p.returncode != 0:
                raise RuntimeError("cannot start PostgreSQL: %s" % (
                    p.stderr[-2000:]))
            self.query = p.stdout.strip()
        # a run of its own on a shared server: names do not meet
        self.prefix = "api%d_" % os.getpid()
        self.made = []

    def stop(self):
        for name in self.made:
            self.psql("postgres", "DROP DATABASE IF EXISTS %s WITH (FORCE)"
                      % name, check=False)
        if self.own_dir:
            subprocess.run([os.path.join(ROOT, "scripts", "pg.sh"), "stop",
                            self.own_dir], capture_output=True, timeout=120)

    def url(self, name):
        return "postgresql:///%s?%s" % (name, self.query)

    def name_of(self, target):
        """The database a URL or a mapped file path names, else None."""
        if target.startswith("file:"):
            target = target[5:]
        if target.endswith("?mode=ro"):
            target = target[:-len("?mode=ro")]
        m = re.match(r"postgres(?:ql)?:///([a-z0-9_]+)\?", target)
        if m:
            return m.group(1)
        if target.endswith(".db") and os.path.dirname(
                os.path.abspath(target)) == os.path.abspath(self.tmp):
            base = os.path.basename(target)[:-3].lower()
            return self.prefix + re.sub(r"[^a-z0-9_]", "_", base)
        return None

    def map(self, target):
        """A file path of the run as the URL of its database."""
        if not isinstance(target, str):
            return target
        name = self.name_of(target)
        return self.url(name) if name and not target.startswith(
            "postgres") else target

    def create(self, name, template=None):
        self.psql("postgres", "DROP DATABASE IF EXISTS %s WITH (FORCE)" %
                  name)
        # FILE_COPY: twice as fast as WAL-logging a 300 MB demo copy
        self.psql("postgres", "CREATE DATABASE %s%s" % (
            name, " TEMPLATE %s STRATEGY FILE_COPY" % template
            if template else ""))
        if name not in self.made:
            self.made.append(name)
        return self.url(name)

    def psql(self, db, sql, check=True):
        p = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v",
                            "ON_ERROR_STOP=1", self.url(db), "-c", sql],
                           capture_output=True, text=True, timeout=120)
        if check and p.returncode != 0:
            raise Error("psql: %s" % p.stderr.strip())
        return p.stdout

    # the stand-in for the sqlite3 module
    def module(self):
        store = self

        class Module:
            Error = globals()["Error"]
            OperationalError = globals()["Error"]
            IntegrityError = globals()["Error"]

            @staticmethod
            def connect(target, uri=False, timeout=5.0, **kw):
                name = store.name_of(target) if isinstance(target, str) \
                    else None
                if name is None:
                    return real_sqlite3.connect(target, uri=uri,
                                                timeout=timeout, **kw)
                return Connection(store, name)
        return Module


def literal(v):
    if v is None:
        return "NULL"
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, (int, float)):
        return repr(v)
    return "'" + str(v).replace("'", "''") + "'"


def bind(sql, args):
    """sqlite3's qmark parameters as SQL literals (outside quotes)."""
    out, i, k = [], 0, 0
    while i < len(sql):
        ch = sql[i]
        if ch in "'\"":
            j = i + 1
            while j < len(sql):
                if sql[j] == ch:
                    if j + 1 < len(sql) and sql[j + 1] == ch:
                        j += 2
                        continue
                    break
                j += 1
            out.append(sql[i:j + 1])
            i = j + 1
            continue
        if ch == "?":
            out.append(literal(args[k]))
            k += 1
        else:
            out.append(ch)
        i += 1
    if k != len(args):
        raise Error("%d parameters for %d placeholders" % (len(args), k))
    return "".join(out)


class Cursor:
    def __init__(self, rows, rowcount):
        self.rows = rows
        self.rowcount = rowcount

    def fetchall(self):
        rows, self.rows = self.rows, []
        return rows

    def fetchone(self):
        return self.rows.pop(0) if self.rows else None

    def __iter__(self):
        return iter(self.fetchall())


class Connection:
    """Autocommit: each execute is one psql run."""

    def __init__(self, store, name):
        self.store = store
        self.name = name

    def execute(self, sql, args=()):
        q = bind(sql, tuple(args))
        if re.match(r"\s*(SELECT|WITH)\b", q, re.I):
            out = self.store.psql(self.name, "SELECT coalesce(json_agg(t), "
                                  "'[]') FROM (%s) t" % q)
            rows = json.loads(out, object_pairs_hook=lambda kv: tuple(
                v for _, v in kv))
            return Cursor(list(rows), -1)
        p = subprocess.run(["psql", "-X", "-A", "-t", "-v",
                            "ON_ERROR_STOP=1", self.store.url(self.name),
                            "-c", q], capture_output=True, text=True,
                           timeout=120)
        if p.returncode != 0:
            raise Error("psql: %s" % p.stderr.strip())
        tag = (p.stdout.strip().splitlines() or [""])[-1].split()
        n = int(tag[-1]) if tag and tag[-1].isdigit() else -1
        return Cursor([], n)

    def backup(self, dst):
        """A consistent copy into dst (a stand-in connection)."""
        self.store.create(dst.name)
        src = subprocess.Popen(["pg_dump", "--no-owner",
                                self.store.url(self.name)],
                               stdout=subprocess.PIPE)
        p = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1",
                            self.store.url(dst.name)], stdin=src.stdout,
                           capture_output=True, text=True, timeout=300)
        src.stdout.close()
        if src.wait() != 0 or p.returncode != 0:
            raise Error("copy %s -> %s: %s" % (self.name, dst.name,
                                               p.stderr[-2000:]))

    def commit(self):
        pass

    def close(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False
