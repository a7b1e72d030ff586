"""``make bench``: build the synthetic agencies and measure them.

    python -m bench.run [--size S|L] [--rebuild]

On SQLite by default (``var/bench-<size>.sqlite3``); on PostgreSQL when
DATABASE_URL is set (a ``<name>_bench_<size>`` database beside it). A built
database is reused unless --rebuild. Prints a table and writes
bench/results/latest.json.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


def bench_database_url(size: str) -> tuple[str, str]:
    base = os.environ.get("DATABASE_URL")
    if not base:
        return f"sqlite:///{ROOT / 'var' / f'bench-{size}.sqlite3'}", "sqlite"
    parsed = urlparse(base)
    name = f"{parsed.path.lstrip('/') or 'peerworks'}_bench_{size.lower()}"
    return urlunparse(parsed._replace(path=f"/{name}")), "postgresql"


def _python(args, env):
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )


def build(size: str, env: dict, database: str, rebuild: bool) -> dict:
    marker = ROOT / "var" / f"bench-{size}-{database}.json"
    if marker.exists() and not rebuild:
        # A database built by earlier code takes the migrations added since.
        _python(["manage.py", "migrate", "--noinput", "-v0"], env)
        return json.loads(marker.read_text())
    if database == "sqlite":
        Path(urlparse(env["DATABASE_URL"]).path).unlink(missing_ok=True)
    else:
        import psycopg2

        parsed = urlparse(env["DATABASE_URL"])
        admin = psycopg2.connect(
            host=parsed.hostname,
            port=parsed.port or 5432,
            user=parsed.username,
            password=parsed.password,
            dbname="postgres",
        )
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{parsed.path[1:]}"')
            cursor.execute(f'CREATE DATABASE "{parsed.path[1:]}"')
        admin.close()
    start = time.perf_counter()
    _python(["manage.py", "migrate", "--noinput", "-v0"], env)
    migrate_s = time.perf_counter() - start
    start = time.perf_counter()
    out = _python(["-m", "bench.build", size], env).stdout
    ids = json.loads(out.strip().splitlines()[-1])
    ids["build_s"] = round(time.perf_counter() - start, 1)
    ids["migrate_s"] = round(migrate_s, 1)
    marker.parent.mkdir(exist_ok=True)
    marker.write_text(json.dumps(ids))
    return ids


def measure_load_catalogues(env) -> dict:
    start = time.perf_counter()
    _python(["manage.py", "load_catalogues"], env)
    return {
        "name": "load_catalogues (already loaded)",
        "p50_ms": round((time.perf_counter() - start) * 1000, 1),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", choices=["S", "L"], action="append")
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    results = []
    for size in args.size or ["S", "L"]:
        url, database = bench_database_url(size)
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "CELERY_BROKER_URL": "",
        }
        print(f"== {size} on {database}", flush=True)
        ids = build(size, env, database, args.rebuild)
        rows = [{"name": "build agency", "p50_ms": round(ids["build_s"] * 1000)}]
        rows.append(measure_load_catalogues(env))
        ids_path = ROOT / "var" / f"bench-{size}-{database}.json"
        for kind in ("web", "worker"):
            rows += json.loads(
                _python(["-m", "bench.measure", kind, str(ids_path)], env)
                .stdout.strip()
                .splitlines()[-1]
            )
        for row in rows:
            row.update(size=size, database=database)
            row.setdefault("p50_ms", None)
            row.setdefault("p95_ms", None)
            row.setdefault("queries", None)
            row.setdefault("rss_mb", None)
            row.setdefault("kb", None)
            row.setdefault("ratio", None)
        results += rows
        _print(rows)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(
        json.dumps({"date": date.today().isoformat(), "results": results}, indent=2)
    )
    print(f"wrote {RESULTS / 'latest.json'}")


def _print(rows):
    print(
        f"{'measurement':<42} {'size':>4} {'db':>10} {'p50 ms':>9} {'p95 ms':>9} {'queries':>8} {'RSS MB':>7} {'page KB':>8} {'ratio':>6}"
    )
    for r in rows:

        def show(value):
            return "" if value is None else str(value)

        print(
            f"{r['name']:<42} {r['size']:>4} {r['database']:>10} {show(r['p50_ms']):>9} {show(r['p95_ms']):>9} "
            f"{show(r['queries']):>8} {show(r['rss_mb']):>7} {show(r['kb']):>8} {show(r['ratio']):>6}",
            flush=True,
        )


if __name__ == "__main__":
    main()
