"""A real OpenID Connect provider on loopback for the sign-in tests: provider.mjs, on the
npm package oidc-provider (installed by `make oidc-provider`, which `make test` runs)."""

import json
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urljoin

import requests
import time_machine

HERE = Path(__file__).resolve().parent


@contextmanager
def identity_provider(*, clients: list[dict], accounts: dict[str, dict]) -> Iterator[str]:
    """Start provider.mjs on a free loopback port; yields its issuer URL.

    ``clients`` are oidc-provider client metadata (client_id, client_secret,
    redirect_uris); ``accounts`` map an account's name, its subject, to its claims."""
    node = shutil.which("node")
    if node is None or not (HERE / "node_modules" / "oidc-provider").is_dir():
        raise RuntimeError("The test identity provider needs Node 20 and `make oidc-provider`.")
    # The suite's clock may be moved (tests/conftest.py); the provider's follows.
    offset_ms = 0
    if time_machine.escape_hatch.is_travelling():
        offset_ms = int((time.time() - time_machine.escape_hatch.time.time()) * 1000)
    config = {"clients": clients, "accounts": accounts, "clockOffsetMs": offset_ms}
    process = subprocess.Popen(
        [node, str(HERE / "provider.mjs")],
        cwd=HERE,
        env={"PATH": "/usr/bin:/bin", "PEERWORKS_TEST_IDP": json.dumps(config)},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        line = process.stdout.readline()
        if not line:
            raise RuntimeError(f"The test identity provider did not start ({process.wait()}).")
        yield json.loads(line)["issuer"]
    finally:
        process.terminate()
        process.wait(timeout=10)


def sign_in_at_provider(url: str, *, account: str, back_to: str) -> str:
    """Go through the provider's pages as a browser does from ``url`` (its authorization
    endpoint), signing in as ``account``; returns the URL it sends the browser back to,
    the first one starting with ``back_to``."""
    browser = requests.Session()
    for _ in range(10):
        if url.startswith(back_to):
            return url
        response = browser.get(url, allow_redirects=False, timeout=10)
        if response.status_code == 200:  # its sign-in form
            response = browser.post(url, data={"login": account}, allow_redirects=False, timeout=10)
        if not response.is_redirect:
            raise AssertionError(f"The provider answered {response.status_code}: {response.text}")
        url = urljoin(url, response.headers["Location"])
    raise AssertionError("The provider never sent the browser back.")
