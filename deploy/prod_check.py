"""make prod-check: PeerWorks run the way an agency deploys it (README "Deploy"), end to end.

On this machine's PostgreSQL and Redis, with the production settings: build the static
files, create the two database roles (deploy/roles.sql), migrate as the owner, load the
catalogues and a small organisation, then start, each as its own process, an S3-compatible
object store (moto), two gunicorn instances connecting as the app's role, a Celery worker,
Celery beat, and nginx in front with a self-signed certificate (deploy/nginx.conf).
Each web instance and the worker get an empty folder of their own, and it must stay
empty: nothing one process needs may be on another's disk.

Then Chromium signs in as a supervisor through nginx over HTTPS, exports an evaluation's
PDF and downloads it; the same PDF downloads through each web instance directly. Headers,
compressed static files, /healthz and the logs are checked too.

Everything runs on loopback on its own ports, in its own database (dropped and created
afresh each run) and Redis database, under var/prod-check/; everything started is
stopped at the end, and a failure names its step. Run as root (it creates database roles
and runs nginx): `make prod-check`.
"""

import json
import os
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "prod-check"
VENV = ROOT / ".venv" / "bin"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

HOST = "127.0.0.1"
PORTS = {"https": 18443, "http": 18080, "web-a": 18101, "web-b": 18102, "s3": 18500}
SITE = f"https://{HOST}:{PORTS['https']}"
POSTGRES = os.environ.get("PROD_CHECK_POSTGRES", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("PROD_CHECK_REDIS_URL", "redis://127.0.0.1:6379/2")
DB, OWNER, APP = "pwprod_check", "pwprod_check_owner", "pwprod_check_app"
OWNER_PASSWORD, APP_PASSWORD = secrets.token_hex(16), secrets.token_hex(16)
# One key for every process: sessions signed by one web instance are read by the other.
SECRET_KEY = secrets.token_urlsafe(50)
# The same for every process too: links sealed by the worker or a web instance verify
# in every other.
RECORD_SIGNING_KEYS = "prodcheck:" + secrets.token_urlsafe(48)
BUCKET = "peerworks-documents"
SUPERVISOR = "supervisor"  # from the demo organisation (home/demo/cast.py)

STARTED: list[tuple[str, subprocess.Popen]] = []


class CheckFailed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise CheckFailed(message)


@contextmanager
def step(name):
    started = time.monotonic()
    print(f"== {name}", flush=True)
    try:
        yield
    except Exception as error:
        print(f"\nprod-check FAILED at step: {name}\n  {type(error).__name__}: {error}")
        print(f"  Logs of the processes: {WORK / 'logs'}")
        raise SystemExit(1) from error
    print(f"   ok ({time.monotonic() - started:.1f} s)", flush=True)


def database_url(role, password):
    return f"postgres://{role}:{password}@127.0.0.1:5432/{DB}"


def production_env(**extra):
    """The environment a production process gets (README "Deploy"), as the app's role."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "CELERY_", "DOCUMENTS_", "AWS_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="peerworks.settings.production",
        SECRET_KEY=SECRET_KEY,
        RECORD_SIGNING_KEYS=RECORD_SIGNING_KEYS,
        ALLOWED_HOSTS=f"{HOST},localhost",
        SITE_URL=SITE,
        DATABASE_URL=database_url(APP, APP_PASSWORD),
        CELERY_BROKER_URL=REDIS_URL,
        STATIC_ROOT=str(WORK / "static"),
        TRUST_X_FORWARDED_FOR="true",
        DOCUMENTS_S3_BUCKET=BUCKET,
        DOCUMENTS_S3_ENDPOINT_URL=f"http://{HOST}:{PORTS['s3']}",
        DOCUMENTS_S3_REGION="us-east-1",
        AWS_ACCESS_KEY_ID="prod-check",
        AWS_SECRET_ACCESS_KEY="prod-check",
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(WORK / "mail"),
        # The folder nothing must be written to: PRIVATE_MEDIA_ROOT is the local default.
        PRIVATE_MEDIA_ROOT=str(WORK / "unused-private"),
    )
    env.update(extra)
    return env


def run(args, env, what):
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True)
    check(result.returncode == 0, f"{what} failed:\n{result.stdout[-2000:]}{result.stderr[-3000:]}")
    return result.stdout


def psql(sql, *, database="postgres", role_url=None, variables=None, file=None, ok=True):
    url = role_url or f"{POSTGRES}/{database}"
    args = ["psql", url, "-v", "ON_ERROR_STOP=1", "-X", "-q", "-t", "-A"]
    for name, value in (variables or {}).items():
        args += ["-v", f"{name}={value}"]
    args += ["-f", str(file)] if file else ["-c", sql]
    result = subprocess.run(args, capture_output=True, text=True)
    if ok:
        check(result.returncode == 0, f"psql failed: {result.stderr.strip()}")
    return result


def start(name, args, env):
    log = open(WORK / "logs" / f"{name}.log", "w")
    process = subprocess.Popen(
        args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    STARTED.append((name, process))
    return process


def stop_everything():
    for _, process in reversed(STARTED):
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + 20
    for name, process in reversed(STARTED):
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            print(f"   {name} did not stop: killed")
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    STARTED.clear()


def alive(name):
    process = dict(STARTED)[name]
    check(process.poll() is None, f"{name} exited (code {process.returncode}); see its log")


def wait_for(condition, what, timeout=60):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        for name, process in STARTED:
            check(process.poll() is None, f"{name} exited while waiting for {what}; see its log")
        try:
            if result := condition():
                return result
        except (OSError, urllib.error.URLError, CheckFailed) as error:
            last = error
        time.sleep(0.5)
    raise CheckFailed(f"timed out waiting for {what} (last: {last})")


def port_open(port):
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((HOST, port)) == 0


INSECURE = ssl.create_default_context()
INSECURE.check_hostname = False
INSECURE.verify_mode = ssl.CERT_NONE  # the certificate is self-signed, made for this run


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect, urllib.request.HTTPSHandler(context=INSECURE))


def fetch(url, headers=None):
    """(status, headers, body) without following redirects."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with OPENER.open(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def prepare():
    with step("ports are free"):
        taken = [f"{name} {port}" for name, port in PORTS.items() if port_open(port)]
        check(not taken, f"already in use on {HOST}: {', '.join(taken)}")
    with step("tools: nginx, openssl, psql, chromium"):
        for tool in ("nginx", "openssl", "psql"):
            check(shutil.which(tool), f"{tool} is missing (make prod-check installs it as root)")
        check(Path(CHROMIUM).exists(), f"{CHROMIUM} is missing (make browsers)")
    with step("fresh work folders under var/prod-check"):
        shutil.rmtree(WORK, ignore_errors=True)
        for folder in ("logs", "static", "tls", "nginx", "mail", "web-a", "web-b", "worker"):
            (WORK / folder).mkdir(parents=True)


def database():
    with step("fresh database and the two roles (deploy/roles.sql)"):
        psql(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{DB}'")
        psql(f'DROP DATABASE IF EXISTS "{DB}"')
        psql(f'DROP ROLE IF EXISTS "{APP}"')
        psql(f'DROP ROLE IF EXISTS "{OWNER}"')
        psql(
            None,
            file=ROOT / "deploy" / "roles.sql",
            variables={
                "db": DB,
                "owner": OWNER,
                "app": APP,
                "owner_password": OWNER_PASSWORD,
                "app_password": APP_PASSWORD,
            },
        )
    owner = production_env(DATABASE_URL=database_url(OWNER, OWNER_PASSWORD))
    manage = [str(VENV / "python"), "manage.py"]
    with step("static files: collectstatic with the production storage"):
        run([*manage, "collectstatic", "--noinput"], owner, "collectstatic")
        check((WORK / "static" / "staticfiles.json").exists(), "no static manifest written")
    with step("migrate as the owner role"):
        run([*manage, "migrate", "--noinput"], owner, "migrate")
    with step("catalogues and a small organisation, as the owner role"):
        run([*manage, "load_catalogues"], owner, "load_catalogues")
        # The demo organisation is the small data set: seed_demo runs only with DEBUG on
        # (its accounts share a published password), so it runs with the local settings
        # against this throwaway database, tasks in-process, files in a scratch folder.
        seed = production_env(
            DJANGO_SETTINGS_MODULE="peerworks.settings.local",
            DEBUG="true",
            DATABASE_URL=database_url(OWNER, OWNER_PASSWORD),
            CELERY_BROKER_URL="",
            DOCUMENTS_S3_BUCKET="",
            PRIVATE_MEDIA_ROOT=str(WORK / "seed-private"),
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        )
        run([*manage, "seed_demo"], seed, "seed_demo")
    with step("the sealed records verify, read as the app's role with the production key"):
        run([*manage, "verify_records"], production_env(), "verify_records")
    with step("the app's role reads and writes rows but cannot change the schema"):
        app_url = database_url(APP, APP_PASSWORD)
        psql("SELECT count(*) FROM people_user", role_url=app_url)
        for ddl in (
            "CREATE TABLE pwprod_probe (id int)",
            "ALTER TABLE people_user ADD COLUMN pwprod_probe int",
            "DROP TABLE django_session",
        ):
            result = psql(ddl, role_url=app_url, ok=False)
            check(result.returncode != 0, f"the app's role could run: {ddl}")
            check(
                "permission denied" in result.stderr or "must be owner" in result.stderr,
                f"{ddl}: {result.stderr.strip()}",
            )


def services():
    env = production_env()
    with step("object store: moto in server mode, and the bucket"):
        start("s3", [str(VENV / "moto_server"), "-H", HOST, "-p", str(PORTS["s3"])], env)
        wait_for(lambda: port_open(PORTS["s3"]), "the object store")
        import boto3

        s3 = boto3.client(
            "s3",
            endpoint_url=env["DOCUMENTS_S3_ENDPOINT_URL"],
            region_name="us-east-1",
            aws_access_key_id="prod-check",
            aws_secret_access_key="prod-check",
        )
        s3.create_bucket(Bucket=BUCKET)
    with step("broker: an empty Redis database"):
        import redis

        redis.Redis.from_url(REDIS_URL).flushdb()
    with step("two gunicorn instances (as the app's role), a Celery worker, Celery beat"):
        for name in ("web-a", "web-b"):
            start(
                name,
                [
                    str(VENV / "gunicorn"),
                    "-c",
                    "deploy/gunicorn.conf.py",
                    "--bind",
                    f"{HOST}:{PORTS[name]}",
                    "--workers",
                    "2",
                    "peerworks.wsgi",
                ],
                production_env(PRIVATE_MEDIA_ROOT=str(WORK / name)),
            )
        # --quiet: no banner, so every line of their output is a log line.
        celery = [str(VENV / "celery"), "--quiet", "-A", "peerworks"]
        start(
            "worker",
            [
                *celery,
                "worker",
                "--loglevel=INFO",
                "--concurrency=1",
                "--hostname=prod-check@%h",
            ],
            production_env(PRIVATE_MEDIA_ROOT=str(WORK / "worker")),
        )
        start("beat", [*celery, "beat", "--loglevel=INFO", "-s", str(WORK / "beat-schedule")], env)
        for name in ("web-a", "web-b"):
            wait_for(lambda name=name: port_open(PORTS[name]), f"{name} to listen")
        wait_for(lambda: "ready" in (WORK / "logs" / "worker.log").read_text(), "the worker", 90)
    with step("nginx with a self-signed certificate, both instances upstream"):
        tls = WORK / "tls"
        openssl = "openssl req -x509 -newkey rsa:2048 -nodes -days 1".split()
        subject = ["-subj", f"/CN={HOST}", "-addext", f"subjectAltName=IP:{HOST}"]
        files = ["-keyout", str(tls / "key.pem"), "-out", str(tls / "cert.pem")]
        run(openssl + subject + files, env, "openssl")
        site = (ROOT / "deploy" / "nginx.conf").read_text()
        for old, new in {
            "    server 10.0.0.11:8000;\n    server 10.0.0.12:8000;": (
                f"    server {HOST}:{PORTS['web-a']};\n    server {HOST}:{PORTS['web-b']};"
            ),
            "listen 80;": f"listen {HOST}:{PORTS['http']};",
            "listen 443 ssl;": f"listen {HOST}:{PORTS['https']} ssl;",
            "/etc/ssl/peerworks/fullchain.pem": str(tls / "cert.pem"),
            "/etc/ssl/peerworks/privkey.pem": str(tls / "key.pem"),
            "/var/log/nginx/peerworks.log": str(WORK / "logs" / "nginx-access.log"),
            "shared:peerworks:10m": "shared:pwprodcheck:1m",
        }.items():
            check(old in site, f"deploy/nginx.conf no longer has {old!r}: update prod_check.py")
            site = site.replace(old, new)
        (WORK / "nginx" / "peerworks.conf").write_text(site)
        temp = WORK / "nginx"
        # The checkout may sit in a folder only root may enter (/root/...), where workers
        # that dropped to nobody could not write their temporary files: as root, this
        # loopback-only nginx keeps its workers root too.
        user = "user root;" if os.geteuid() == 0 else ""
        (WORK / "nginx" / "nginx.conf").write_text(
            f"""daemon off;
{user}
worker_processes 1;
pid {temp}/nginx.pid;
error_log {WORK}/logs/nginx-error.log warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {temp}/peerworks.conf;
}}
"""
        )
        nginx = ["nginx", "-c", str(WORK / "nginx" / "nginx.conf")]
        run([*nginx, "-t"], env, "nginx -t")
        start("nginx", nginx, env)
        wait_for(lambda: port_open(PORTS["https"]), "nginx to listen")


def health():
    with step("/healthz on each instance over plain HTTP, and through nginx"):
        for name in ("web-a", "web-b"):
            # As a load balancer asks: by address and port, over HTTP, not signed in.
            status, _, body = wait_for(
                lambda name=name: fetch(f"http://{HOST}:{PORTS[name]}/healthz"),
                f"{name} /healthz",
            )
            check(status == 200, f"{name} /healthz answered {status}: {body[:200]!r}")
            report = json.loads(body)
            check(
                report == {"status": "ok", "database": "ok", "broker": "ok"},
                f"{name} /healthz said {report}",
            )
        status, _, body = fetch(f"{SITE}/healthz")
        check(status == 200 and json.loads(body)["broker"] == "ok", f"via nginx: {status} {body}")


def headers_and_static():
    with step("pages answer 200 over HTTPS with the security headers; HTTP redirects"):
        status, headers, body = fetch(f"{SITE}/accounts/login/")
        check(status == 200, f"sign-in page answered {status}")
        expected = {
            "Strict-Transport-Security": "max-age=31536000",
            "Content-Security-Policy": "default-src 'self'",
            "X-Content-Type-Options": "nosniff",
            "X-Frame-Options": "DENY",
            "Referrer-Policy": "same-origin",
        }
        for header, value in expected.items():
            check(value in (headers.get(header) or ""), f"{header}: {headers.get(header)!r}")
        check(re.fullmatch(r"[0-9a-f]{32}", headers.get("X-Request-ID") or ""), "no request id")
        status, headers, _ = fetch(f"http://{HOST}:{PORTS['http']}/accounts/login/")
        check(status == 301 and headers["Location"].startswith("https://"), f"HTTP: {status}")
        login_page = body.decode()
    with step("static files: compressed, hashed names, far-future cache headers"):
        assets = re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"', login_page)
        check(assets, "the sign-in page links no static files")
        for asset in assets:
            check(re.search(r"\.[0-9a-f]{12}\.(css|js)$", asset), f"not a hashed name: {asset}")
            for encoding in ("br", "gzip"):
                status, headers, _ = fetch(SITE + asset, {"Accept-Encoding": encoding})
                check(status == 200, f"{asset}: {status}")
                check(
                    headers.get("Content-Encoding") == encoding, f"{asset} not sent as {encoding}"
                )
                age = re.search(r"max-age=(\d+)", headers.get("Cache-Control") or "")
                check(
                    age and int(age.group(1)) >= 365 * 24 * 3600,
                    f"{asset}: Cache-Control {headers.get('Cache-Control')!r}",
                )


def browser():
    from playwright.sync_api import sync_playwright

    result = {}
    with step("Chromium through nginx: sign in as a supervisor, export a PDF, download it"):
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                context = chromium.new_context(ignore_https_errors=True, accept_downloads=True)
                page = context.new_page()
                page.goto(f"{SITE}/accounts/login/")
                page.fill("input[name=username]", SUPERVISOR)
                page.fill("input[name=password]", "peerworks-demo")
                page.click("button[type=submit]")
                page.wait_for_url(f"{SITE}/")
                page.goto(f"{SITE}/evaluations/")
                links = page.locator("a[href]").evaluate_all("as => as.map(a => a.href)")
                detail = next(
                    (href for href in links if re.fullmatch(rf"{SITE}/evaluations/\d+/", href)),
                    None,
                )
                check(detail, "the supervisor's evaluation list links no evaluation")
                page.goto(detail)
                page.get_by_role("button", name="Export PDF").click()
                download_link = page.get_by_role("link", name="Download the PDF")
                # htmx polls every two seconds until the worker has rendered it.
                download_link.wait_for(timeout=90_000)
                with page.expect_download() as download_info:
                    download_link.click()
                path = download_info.value.path()
                result["pdf"] = Path(path).read_bytes()
                result["url"] = download_link.get_attribute("href")
                result["cookie"] = "; ".join(f"{c['name']}={c['value']}" for c in context.cookies())
            finally:
                chromium.close()
        check(result["pdf"].startswith(b"%PDF"), "the download is not a PDF")
    return result


def shared_nothing(download):
    with step("the PDF the worker rendered downloads through each instance directly"):
        for name in ("web-a", "web-b"):
            status, headers, body = fetch(
                f"http://{HOST}:{PORTS[name]}{download['url']}",
                {
                    "Host": f"{HOST}:{PORTS['https']}",
                    "X-Forwarded-Proto": "https",
                    "Cookie": download["cookie"],
                },
            )
            check(status == 200, f"{name} answered {status}")
            check(body == download["pdf"], f"{name} served other bytes than the browser got")
            check("attachment" in headers.get("Content-Disposition", ""), f"{name}: not a download")
    with step("nothing on any process's own disk; the PDF is in the object store"):
        import boto3

        s3 = boto3.client(
            "s3",
            endpoint_url=f"http://{HOST}:{PORTS['s3']}",
            region_name="us-east-1",
            aws_access_key_id="prod-check",
            aws_secret_access_key="prod-check",
        )
        keys = [o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])]
        check(any(re.fullmatch(r"evaluations/evaluation-\d+-\d+\.pdf", k) for k in keys), keys)
        for folder in ("web-a", "web-b", "worker", "unused-private"):
            files = [str(p) for p in (WORK / folder).rglob("*")]
            check(not files, f"{folder} wrote to its own disk: {files}")


def beat_and_logs():
    with step("Celery beat runs its schedule from the database (as the app's role)"):
        alive("beat")
        wait_for(
            lambda: (
                "requeue-stale-pdfs"
                in psql("SELECT name FROM django_celery_beat_periodictask", database=DB).stdout
            ),
            "beat to record its schedule",
        )
    with step("logs: one JSON object a line, request ids, no personal data"):
        web = (WORK / "logs" / "web-a.log").read_text() + (WORK / "logs" / "web-b.log").read_text()
        lines = [json.loads(line) for line in web.splitlines() if line.strip()]
        requests = [line for line in lines if line.get("logger") == "peerworks.request"]
        check(requests, "no request was logged")
        check(all(re.fullmatch(r"[0-9a-f]{32}", r["request_id"]) for r in requests), "ids")
        check(any(r["path"] == download_path(requests) for r in requests), "no download logged")
        for secret in (f'"{SUPERVISOR}"', f"{SUPERVISOR}@", "peerworks-demo"):
            check(secret not in web, f"the web logs contain {secret}")
        worker = (WORK / "logs" / "worker.log").read_text()
        for line in worker.splitlines():
            if line.strip():
                json.loads(line)
        # The worker's render carries the id of the request that asked for it.
        asked = [r["request_id"] for r in requests if r["path"].endswith("/pdf/")]
        rendered = [
            json.loads(line).get("request_id")
            for line in worker.splitlines()
            if "core.tasks.render_pdf" in line and "succeeded" in line
        ]
        check(rendered and rendered[0] in asked, f"render ids {rendered}, requests {asked}")


def download_path(requests):
    return next((r["path"] for r in requests if r["path"].endswith("/download/")), None)


def main():
    started = time.monotonic()
    # A stop (Ctrl+C, CI's timeout) still stops everything started.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    try:
        prepare()
        database()
        services()
        health()
        headers_and_static()
        download = browser()
        shared_nothing(download)
        beat_and_logs()
        with step("every process still running"):
            for name, _ in STARTED:
                alive(name)
    finally:
        stop_everything()
    print(f"prod-check passed in {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
