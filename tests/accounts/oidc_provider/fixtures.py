"""Fixtures that start the test OpenID Connect provider (serve.py) in a second process, once per
test session, and point eISO's settings at it. Import them into a test module:
`from tests.accounts.oidc_provider.fixtures import oidc_provider, sso_settings  # noqa: F401`."""

import copy
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.accounts.oidc_provider import serve

ROOT = Path(__file__).resolve().parents[3]
BACKEND = "eiso.accounts.oidc.ProvinceOIDCBackend"


@dataclass(frozen=True)
class Provider:
    url: str  # the issuer, e.g. http://127.0.0.1:PORT/o
    password: str = serve.PASSWORD


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def oidc_provider(live_server, tmp_path_factory):
    port = _free_port()
    directory = tmp_path_factory.mktemp("oidc-provider")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.accounts.oidc_provider.serve",
            str(directory),
            str(port),
            f"{live_server.url}/accounts/sso/callback/",
            f"{live_server.url}/accounts/login/",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        line = process.stdout.readline()
        if line.strip() != "READY":
            process.kill()
            rest = process.stdout.read()
            pytest.fail(f"the test OIDC provider did not start:\n{line}{rest}")
        yield Provider(url=f"http://127.0.0.1:{port}/o")
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stdout.close()


@pytest.fixture
def sso_settings(settings, oidc_provider):
    """eISO configured for the provider, as the environment variables of docs/operations.md do."""
    issuer = oidc_provider.url
    settings.OIDC_RP_CLIENT_ID = serve.CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = serve.CLIENT_SECRET
    settings.EISO_OIDC_ENABLED = True
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{issuer}/authorize/"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{issuer}/token/"
    settings.OIDC_OP_USER_ENDPOINT = f"{issuer}/userinfo/"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{issuer}/.well-known/jwks.json"
    settings.OIDC_OP_END_SESSION_ENDPOINT = f"{issuer}/logout/"
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, BACKEND]
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    origin = issuer.rsplit("/o", 1)[0]
    policy["DIRECTIVES"]["form-action"] = [*policy["DIRECTIVES"]["form-action"], origin]
    settings.CONTENT_SECURITY_POLICY = policy
    return settings
