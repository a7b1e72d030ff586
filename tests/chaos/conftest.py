"""Resilience against the real services: a real Celery worker killed mid-task, PostgreSQL
and Redis restarted under it. ``make chaos`` runs them (``pytest -m chaos``), with
DATABASE_URL on PostgreSQL and CELERY_BROKER_URL on Redis; ``make test`` leaves them out,
since restarting PostgreSQL would disturb the rest of the suite.

They skip, saying why, only where the services cannot be controlled (no PostgreSQL or
Redis, not root, tools missing); with CI=true they fail instead. Whatever happens, the
services are running again when a test ends.
"""

import email
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from django.conf import settings
from django.db import connection, connections

ROOT = Path(__file__).resolve().parents[2]
MAIL_SEPARATOR = b"\n" + b"-" * 79 + b"\n"


def _run(*args, check=True, timeout=60):
    return subprocess.run(args, capture_output=True, text=True, check=check, timeout=timeout)


def wait_until(predicate, *, timeout=60.0, interval=0.1, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    if not predicate():
        raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def _stamp(event):
    # Others share these services: every outage is written to the test's output with its time.
    print(f"{time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())} chaos: {event}", flush=True)


class Services:
    """Stops and starts the PostgreSQL cluster and the Redis server the tests use."""

    def __init__(self):
        db = connection.settings_dict
        self.pg_host, self.pg_port = db["HOST"] or "127.0.0.1", str(db["PORT"] or 5432)
        broker = urlsplit(settings.CELERY_BROKER_URL)
        self.redis_host, self.redis_port = broker.hostname or "127.0.0.1", str(broker.port or 6379)
        self.cluster = _pg_cluster(self.pg_port)

    # PostgreSQL

    def pg_ready(self) -> bool:
        return (
            _run("pg_isready", "-h", self.pg_host, "-p", self.pg_port, check=False).returncode == 0
        )

    def pg_restart(self):
        """Restart PostgreSQL (fast shutdown: every connection is cut) and wait for it."""
        _stamp(f"restarting PostgreSQL {'/'.join(self.cluster)}")
        started = time.monotonic()
        _run("pg_ctlcluster", "--skip-systemctl-redirect", *self.cluster, "restart", timeout=120)
        wait_until(self.pg_ready, timeout=60, what="PostgreSQL")
        _stamp(f"PostgreSQL back after {time.monotonic() - started:.1f} s")

    # Redis

    def redis_ready(self) -> bool:
        ping = _run("redis-cli", "-h", self.redis_host, "-p", self.redis_port, "ping", check=False)
        return ping.stdout.strip() == "PONG"

    def redis_stop(self):
        """Stop Redis; it keeps nothing on disk, so every message in it is gone."""
        _stamp("stopping Redis")
        _run(
            "redis-cli",
            "-h",
            self.redis_host,
            "-p",
            self.redis_port,
            "shutdown",
            "nosave",
            check=False,
        )
        wait_until(lambda: not self.redis_ready(), timeout=30, what="Redis to stop")

    def redis_start(self):
        # As .ci/run starts it: no persistence.
        _run(
            "redis-server",
            "--daemonize",
            "yes",
            "--bind",
            "127.0.0.1",
            "--port",
            self.redis_port,
            "--save",
            "",
            "--appendonly",
            "no",
        )
        wait_until(self.redis_ready, timeout=30, what="Redis")
        _stamp("Redis started")

    def ensure_running(self):
        if not self.pg_ready():
            _run("pg_ctlcluster", "--skip-systemctl-redirect", *self.cluster, "start", check=False)
            wait_until(self.pg_ready, timeout=60, what="PostgreSQL")
        if not self.redis_ready():
            self.redis_start()


def _pg_cluster(port: str) -> tuple[str, str] | None:
    """The Debian cluster (version, name) listening on ``port``, if pg_lsclusters knows one."""
    if not shutil.which("pg_lsclusters"):
        return None
    for line in _run("pg_lsclusters", "--no-header", check=False).stdout.splitlines():
        version, name, cluster_port, *_ = line.split()
        if cluster_port == port:
            return version, name
    return None


def _unavailable() -> str | None:
    """Why the services cannot be restarted here; None if they can."""
    if connection.vendor != "postgresql":
        return "needs DATABASE_URL on PostgreSQL"
    if not settings.CELERY_BROKER_URL.startswith("redis://"):
        return "needs CELERY_BROKER_URL on Redis"
    for tool in ("pg_ctlcluster", "pg_lsclusters", "pg_isready", "redis-server", "redis-cli"):
        if not shutil.which(tool):
            return f"{tool} is not installed"
    if os.geteuid() != 0:
        return "restarting PostgreSQL and Redis needs root"
    host = connection.settings_dict["HOST"] or "127.0.0.1"
    if host not in ("127.0.0.1", "localhost"):
        return f"PostgreSQL at {host} is not on this machine"
    if _pg_cluster(str(connection.settings_dict["PORT"] or 5432)) is None:
        return "no PostgreSQL cluster managed by pg_ctlcluster on that port"
    if (urlsplit(settings.CELERY_BROKER_URL).hostname or "") not in ("127.0.0.1", "localhost"):
        return "Redis is not on this machine"
    return None


def pytest_collection_modifyitems(config, items):
    # Skip before any test database is made for them (the check needs none); in CI the
    # services fixture fails them instead.
    chaos = [item for item in items if item.get_closest_marker("chaos")]
    if chaos and os.environ.get("CI") != "true" and (reason := _unavailable()):
        for item in chaos:
            item.add_marker(
                pytest.mark.skip(f"PostgreSQL/Redis service control unavailable: {reason}")
            )


@pytest.fixture
def services():
    reason = _unavailable()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"The chaos tests must run in CI, but: {reason}")
        pytest.skip(f"PostgreSQL/Redis service control unavailable: {reason}")
    services = Services()
    try:
        yield services
    finally:
        services.ensure_running()
        # This process's connections did not survive a restart: start afresh for teardown.
        connections.close_all()


class Worker:
    def __init__(self, process, log):
        self.process, self.log = process, log

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_ready(self, timeout=90):
        def ready():
            if self.process.poll() is not None:
                raise AssertionError(f"worker exited:\n{self.output()[-3000:]}")
            return " ready." in self.output()

        wait_until(ready, timeout=timeout, what="the worker to be ready")
        return self

    def kill(self):
        """SIGKILL the whole worker, the main process and its pool children at once."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


class WebServer:
    """gunicorn serving the app as in production: one process, persistent connections."""

    def __init__(self, process, port, log):
        self.process, self.port, self.log = process, port, log

    def get(self, path: str, cookie: str = "") -> int:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request("GET", path, headers={"Cookie": cookie})
            response = connection.getresponse()
            # For failure messages: where a redirect went.
            self.last = (response.status, response.getheader("Location"))
            return response.status
        finally:
            connection.close()

    def wait_ready(self, timeout=60):
        def ready():
            if self.process.poll() is not None:
                raise AssertionError(f"gunicorn exited:\n{self.log.read_text()[-3000:]}")
            try:
                return self.get("/accounts/login/") == 200
            except OSError:
                return False

        wait_until(ready, timeout=timeout, what="gunicorn")
        return self

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)


class Chaos:
    """A folder for mail and documents, the test's queue, and the workers started in it."""

    def __init__(self, folder: Path, services: Services):
        self.dir, self.services, self.workers = folder, services, []
        (folder / "mail").mkdir()
        (folder / "private").mkdir()

    def env(self, **extra) -> dict:
        db = connection.settings_dict
        credentials = quote(db["USER"] or "postgres") + (
            f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
        )
        host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.chaos.settings",
            "DATABASE_URL": f"postgres://{credentials}@{host}/{db['NAME']}",
            "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
            "CHAOS_QUEUE": settings.CELERY_TASK_DEFAULT_QUEUE,
            "CHAOS_DIR": str(self.dir),
            "PYTHONPATH": str(ROOT),
            **{key: str(value) for key, value in extra.items()},
        }

    def start_worker(self, **env) -> Worker:
        log = self.dir / f"worker-{len(self.workers)}.log"
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.chaos.worker"],
            cwd=ROOT,
            env=self.env(**env),
            stdout=open(log, "wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: killed as one
        )
        worker = Worker(process, log)
        self.workers.append(worker)
        return worker.wait_ready()

    def start_web(self, **env) -> WebServer:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        log = self.dir / f"web-{port}.log"
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "peerworks.wsgi:application",
                f"--bind=127.0.0.1:{port}",
                "--workers=1",
                "--timeout=120",
            ],
            cwd=ROOT,
            env=self.env(**{"CONN_MAX_AGE": 60, **env}),
            stdout=open(log, "wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        server = WebServer(process, port, log)
        self.workers.append(server)
        return server

    def mails(self) -> list[email.message.Message]:
        """Every email the started processes sent (the file backend's files, split)."""
        messages = []
        for path in sorted((self.dir / "mail").iterdir()):
            for chunk in path.read_bytes().split(MAIL_SEPARATOR):
                if chunk.strip():
                    messages.append(email.message_from_bytes(chunk))
        return messages

    def renders(self) -> list[list[str]]:
        log = self.dir / "renders.log"
        return [line.split() for line in log.read_text().splitlines()] if log.exists() else []

    def stop_all(self):
        for worker in self.workers:
            worker.stop()


@pytest.fixture
def chaos(services, tmp_path, settings):
    from peerworks.celery import app

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    chaos = Chaos(tmp_path, services)
    app.conf.task_always_eager = False
    try:
        yield chaos
    finally:
        app.conf.task_always_eager = True
        chaos.stop_all()


@pytest.fixture
def pdf_writes(services):
    """Every write to an evaluation PDF record that changes its status or sets it ready, as
    (old status, new status), kept by a trigger for the length of the test: proof that a
    record turned ready once and was not written again."""
    from evaluations.models import EvaluationPdf

    table = EvaluationPdf._meta.db_table
    drop = (
        f"DROP TRIGGER IF EXISTS chaos_pdf_write ON {table};"
        "DROP FUNCTION IF EXISTS chaos_pdf_write();"
        "DROP TABLE IF EXISTS chaos_pdf_writes;"
    )
    with connection.cursor() as cursor:
        cursor.execute(drop)
        cursor.execute(
            "CREATE TABLE chaos_pdf_writes (id serial, pdf_id bigint, old text, new text);"
            "CREATE FUNCTION chaos_pdf_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
            " INSERT INTO chaos_pdf_writes (pdf_id, old, new)"
            " VALUES (NEW.id, OLD.status, NEW.status); RETURN NEW; END $$;"
            f"CREATE TRIGGER chaos_pdf_write AFTER UPDATE ON {table} FOR EACH ROW"
            " WHEN (OLD.status IS DISTINCT FROM NEW.status OR NEW.status = 'ready')"
            " EXECUTE FUNCTION chaos_pdf_write();"
        )

    def writes(pdf_id):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT old, new FROM chaos_pdf_writes WHERE pdf_id = %s ORDER BY id", [pdf_id]
            )
            return cursor.fetchall()

    try:
        yield writes
    finally:
        connections.close_all()
        with connection.cursor() as cursor:
            cursor.execute(drop)


def pdf_files(folder: Path) -> list[str]:
    """The files under a private documents folder, partial ones included."""
    return sorted(p.name for p in folder.rglob("*") if p.is_file()) if folder.exists() else []
