"""Start the test OpenID Connect provider: `python -m tests.accounts.oidc_provider.serve DIR PORT
REDIRECT_URI LOGOUT_URI`. Makes an RSA key and a SQLite database in DIR, registers eISO as a
confidential client (RS256, PKCE, no consent screen) and two people, prints READY and serves."""

import os
import socketserver
import sys
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

CLIENT_ID = "eiso-test"
CLIENT_SECRET = "eiso-test-secret"
PASSWORD = "mat-khau-tinh-2026"
# username: (e-mail, name, staff number)
PEOPLE = {
    "thu.ky": ("Secretary_A@Example.VN", "Thư ký tỉnh", "HT-0001"),
    "nguoi.la": ("nguoi.la@example.vn", "Người Lạ", "HT-0999"),
}


class ThreadingServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def main(directory: str, port: int, redirect_uri: str, logout_uri: str) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    with open(os.path.join(directory, "key.pem"), "wb") as handle:
        handle.write(pem)
    os.environ["OIDC_PROVIDER_DIR"] = directory
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.accounts.oidc_provider.settings"

    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0)
    for username, (email, name, staff_id) in PEOPLE.items():
        User.objects.create_user(
            username, email=email, password=PASSWORD, first_name=name, last_name=staff_id
        )
    Application.objects.create(
        name="eISO",
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=redirect_uri,
        post_logout_redirect_uris=logout_uri,
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    server = make_server(
        "127.0.0.1", port, get_wsgi_application(), server_class=ThreadingServer, handler_class=QuietHandler
    )
    print("READY", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4])
