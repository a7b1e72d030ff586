"""Screenshots of the main pages for the README, taken from the demo data by a real browser
(Debian's chromium through Playwright) at a laptop's and a phone's size. None is made by
hand: `make screenshots` seeds the demo and runs this."""

import os
import threading
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
from django.core.wsgi import get_wsgi_application
from django.urls import reverse

from home.demo import DEMO_PASSWORD

CHROMIUM = "/usr/bin/chromium"
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}

# (file name, demo account, page, sizes): the pages a new reader of the README would ask
# about first. Each screenshot is the first screen, as a person sees it on arrival.
SHOTS = (
    ("home-supervisor", "supervisor", lambda: reverse("home"), (DESKTOP,)),
    ("team-summary", "supervisor", lambda: reverse("evaluations:team-summary"), (DESKTOP,)),
    ("onboarding-board", "hr", lambda: reverse("onboarding:onboarding-board"), (DESKTOP,)),
    ("home-peer", "peer", lambda: reverse("home"), (DESKTOP, PHONE)),
    ("evaluations-peer", "peer", lambda: reverse("evaluations:evaluation-list"), (PHONE,)),
    ("trainings-peer", "peer", lambda: reverse("trainings:session-list"), (PHONE,)),
)


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass


class Command(BaseCommand):
    help = "Take screenshots of the main pages from the demo data into docs/screenshots/."

    def add_arguments(self, parser):
        parser.add_argument("--out", default=str(settings.BASE_DIR / "docs" / "screenshots"))

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "screenshots signs in with the demo's published password: DEBUG only."
            )
        if not os.path.exists(CHROMIUM):
            raise CommandError(f"screenshots needs Debian's chromium at {CHROMIUM}.")
        from playwright.sync_api import sync_playwright  # a development dependency

        # Playwright's sync API runs an event loop in this thread; the requests are served
        # by the server's own threads, which have none.
        os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        out = Path(options["out"])
        out.mkdir(parents=True, exist_ok=True)
        server = ThreadedWSGIServer(("127.0.0.1", 0), _Quiet)
        server.set_app(get_wsgi_application())
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
                )
                for name, username, path, sizes in SHOTS:
                    for size in sizes:
                        target = out / f"{name}-{'phone' if size is PHONE else 'desktop'}.png"
                        self._shoot(browser, base, username, path(), size, target)
                        self.stdout.write(f"  {target.relative_to(out.parent.parent)}")
                browser.close()
        finally:
            server.shutdown()
            server.server_close()

    def _shoot(self, browser, base, username, path, size, target):
        page = browser.new_page(viewport=size, device_scale_factor=1)
        page.goto(f"{base}/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{base}/")
        page.goto(base + path)
        page.screenshot(path=str(target))
        page.close()
        _compress(target)


def _compress(path: Path) -> None:
    """A 64-colour palette: the pages are flat colours and text, and the files stay small."""
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=64, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)
