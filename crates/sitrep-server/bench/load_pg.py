#!/usr/bin/env python3
"""Copies a SQLite store (e.g. one made by gen_db.py) into PostgreSQL, for
measuring `sitrep serve` on the same rows over both databases.

    python3 crates/sitrep-server/bench/gen_db.py big.db --events 1000000
    python3 crates/sitrep-server/bench/load_pg.py big.db postgres://postgres@127.0.0.1:5432/postgres

The PostgreSQL database must hold no store yet, or an empty one: the tables
are made from the store's own migration files
(crates/sitrep-store/migrations/postgres), the rows go in with COPY through
`psql`, and the tables are vacuumed and analyzed at the end. Needs only
Python's standard library and the psql client.
"""
import argparse
import os
import re
import sqlite3
import subprocess
import sys

MIGRATIONS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "sitrep-store", "migrations", "postgres")

TABLES = {  # the columns copied; document signatures (binary) are left out
    "documents": ["id", "seq", "url", "title", "published", "publisher", "content_hash", "text", "copy_of"],
    "events": ["id", "doc_id", "ord", "incident_id", "category", "mode", "date", "date_first", "date_last", "cc3",
               "geonameid", "lat", "lon", "dead_best", "source_codes", "recipient_codes", "record"],
    "incidents": ["id", "category", "mode", "date", "date_first", "date_last", "win_first", "win_last", "cc3",
                  "geonameid", "lat", "lon", "dead_low", "dead_best", "dead_high", "n_reports", "record"],
    "document_versions": ["doc_key", "content_hash"],
}


def psql(url, *args, stdin=None):
    return subprocess.Popen(["psql", url, "-X", "-q", "-v", "ON_ERROR_STOP=1", *args], stdin=stdin, text=True)


def run_sql(url, sql):
    p = psql(url, "-c", sql)
    if p.wait() != 0:
        sys.exit(f"psql failed on: {sql[:200]}")


def init_schema(url):
    run_sql(url, "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL)")
    out = subprocess.run(["psql", url, "-X", "-A", "-t", "-c", "SELECT COALESCE(MAX(version), 0) FROM schema_migrations"],
                         check=True, capture_output=True, text=True).stdout.strip()
    current = int(out or 0)
    for name in sorted(os.listdir(MIGRATIONS)):
        m = re.match(r"(\d+)_(\w+)\.sql$", name)
        if not m or int(m.group(1)) <= current:
            continue
        with open(os.path.join(MIGRATIONS, name)) as f:
            sql = f.read()
        run_sql(url, f"BEGIN; {sql}; INSERT INTO schema_migrations (version, name) VALUES ({int(m.group(1))}, '{m.group(2)}'); COMMIT;")


def field(v):
    """A CSV field for COPY: NULL is an unquoted empty field, every text is
    quoted (so an empty text stays one)."""
    if v is None:
        return ""
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, bytes):
        v = v.decode("utf-8")
    return '"' + v.replace('"', '""') + '"'


def copy_table(con, url, table, cols):
    p = psql(url, "-c", f"\\copy {table} ({', '.join(cols)}) FROM pstdin WITH (FORMAT csv)", stdin=subprocess.PIPE)
    n = 0
    for row in con.execute(f"SELECT {', '.join(cols)} FROM {table}"):
        p.stdin.write(",".join(field(v) for v in row) + "\n")
        n += 1
    p.stdin.close()
    if p.wait() != 0:
        sys.exit(f"copying {table} failed")
    return n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("sqlite_db")
    ap.add_argument("postgres_url")
    a = ap.parse_args()
    con = sqlite3.connect(f"file:{a.sqlite_db}?mode=ro", uri=True)
    init_schema(a.postgres_url)
    counts = {table: copy_table(con, a.postgres_url, table, cols) for table, cols in TABLES.items()}
    run_sql(a.postgres_url, "VACUUM ANALYZE")
    print(f"{a.postgres_url}: " + ", ".join(f"{n} {t}" for t, n in counts.items()))


if __name__ == "__main__":
    main()
