"""``make load``: gunicorn (2 workers) over the L agency on loopback, driven by wrk for 30 s per page.

Reports requests per second, p95 latency and errors for the evaluation detail and
the supervisor's team home, and merges them into bench/results/latest.json.
Only 127.0.0.1 is ever targeted.
"""

import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench.run import RESULTS, ROOT, bench_database_url

PORT = 8765
DURATION = "30s"
LUA = """
done = function(summary, latency, requests)
  io.write(string.format("P95_US %d\\n", latency:percentile(95)))
  io.write(string.format("ERRORS %d\\n", summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout))
end
"""


def session_cookie(env, username: str) -> str:
    code = (
        "import django; django.setup();"
        "from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY;"
        "from django.contrib.sessions.backends.db import SessionStore;"
        "from people.models import User;"
        f"u = User.objects.get(username={username!r}); s = SessionStore();"
        "s[SESSION_KEY] = str(u.pk); s[BACKEND_SESSION_KEY] = 'people.backends.StaffBackend';"
        "s[HASH_SESSION_KEY] = u.get_session_auth_hash(); s.create(); print(s.session_key)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return out.stdout.strip().splitlines()[-1]


def main():
    size = sys.argv[1] if len(sys.argv) > 1 else "L"
    url, database = bench_database_url(size)
    ids_path = ROOT / "var" / f"bench-{size}-{database}.json"
    if not ids_path.exists():
        raise SystemExit(f"Build the {size} agency first: make bench SIZE={size}")
    ids = json.loads(ids_path.read_text())
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "CELERY_BROKER_URL": "",
        "CONN_MAX_AGE": "60",
    }
    lua = ROOT / "var" / "wrk-p95.lua"
    lua.write_text(LUA)
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "peerworks.wsgi",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{PORT}",
            "--access-logfile",
            "/dev/null",
            "--error-logfile",
            str(ROOT / "var" / "gunicorn-bench.log"),
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/accounts/login/", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        pages = [
            ("load: evaluation detail", "bench-hr", f"/evaluations/{ids['finalized_evaluation']}/"),
            ("load: team home", ids["supervisor"], "/"),
        ]
        rows = []
        for name, username, path in pages:
            cookie = session_cookie(env, username)
            out = subprocess.run(
                [
                    "wrk",
                    "-t2",
                    "-c8",
                    "-d",
                    DURATION,
                    "--latency",
                    "-s",
                    str(lua),
                    "-H",
                    f"Cookie: sessionid={cookie}",
                    f"http://127.0.0.1:{PORT}{path}",
                ],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
            p95 = int(re.search(r"P95_US (\d+)", out).group(1)) / 1000
            errors = int(re.search(r"ERRORS (\d+)", out).group(1))
            non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
            errors += int(non2xx.group(1)) if non2xx else 0
            rows.append(
                {
                    "name": name,
                    "size": size,
                    "database": database,
                    "p50_ms": None,
                    "p95_ms": round(p95, 1),
                    "queries": None,
                    "rss_mb": None,
                    "requests_per_s": rps,
                    "errors": errors,
                }
            )
            print(f"{name:<28} {rps:>8.1f} req/s  p95 {p95:>7.1f} ms  errors {errors}", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=20)
    latest = RESULTS / "latest.json"
    data = json.loads(latest.read_text()) if latest.exists() else {"results": []}
    data["results"] = [r for r in data["results"] if not r["name"].startswith("load:")] + rows
    latest.write_text(json.dumps(data, indent=2))


if __name__ == "__main__":
    main()
