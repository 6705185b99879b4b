"""The client's address, computed once in core.clients: X-Forwarded-For is believed only as far as
configured proxies (TRUSTED_PROXIES) wrote it, and the middleware hands that address to everything
after it (DRF's throttles, django-axes, the portal's limits)."""

import pytest
from django.conf import settings
from django.test import RequestFactory

from eiso.core.clients import client_address, resolve_client_address

PROXY = ["10.0.0.1", "192.168.50.0/24"]


def test_without_trusted_proxies_the_header_is_ignored():
    assert resolve_client_address("203.0.113.7", "198.51.100.1", []) == "203.0.113.7"


def test_a_client_that_is_not_a_proxy_cannot_name_another_address():
    assert resolve_client_address("203.0.113.7", "198.51.100.1", PROXY) == "203.0.113.7"


def test_behind_a_trusted_proxy_the_client_is_the_nearest_untrusted_hop():
    # The client wrote "1.2.3.4" itself; the proxy appended the address it saw.
    assert resolve_client_address("10.0.0.1", "1.2.3.4, 198.51.100.9", PROXY) == "198.51.100.9"


def test_a_chain_of_trusted_proxies_is_walked_from_the_nearest():
    forwarded = "1.2.3.4, 198.51.100.9, 192.168.50.7"
    assert resolve_client_address("10.0.0.1", forwarded, PROXY) == "198.51.100.9"


def test_a_malformed_hop_stops_the_walk_at_the_last_trusted_address():
    assert resolve_client_address("10.0.0.1", "198.51.100.9, nonsense", PROXY) == "10.0.0.1"
    assert resolve_client_address("10.0.0.1", "", PROXY) == "10.0.0.1"


def test_ports_brackets_and_mapped_addresses_are_understood():
    assert resolve_client_address("::ffff:10.0.0.1", "198.51.100.9:5123", PROXY) == "198.51.100.9"
    assert resolve_client_address("10.0.0.1", "[2001:db8::5]:443", PROXY) == "2001:db8::5"


def test_client_address_reads_the_request_once(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert client_address(request) == "198.51.100.9"
    request.META["HTTP_X_FORWARDED_FOR"] = "198.51.100.10"
    assert client_address(request) == "198.51.100.9"


def test_drf_and_axes_take_the_address_from_core():
    assert settings.REST_FRAMEWORK["NUM_PROXIES"] == 0
    assert settings.AXES_CLIENT_IP_CALLABLE == "eiso.core.clients.client_address"
    assert settings.MIDDLEWARE[0] == "eiso.core.middleware.ClientAddressMiddleware"


@pytest.mark.django_db
def test_the_middleware_puts_the_client_into_remote_addr(client, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    response = client.get("/healthz", HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert response.status_code == 200
    assert response.wsgi_request.META["REMOTE_ADDR"] == "198.51.100.9"
    settings.TRUSTED_PROXIES = []
    response = client.get("/healthz", HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert response.wsgi_request.META["REMOTE_ADDR"] == "127.0.0.1"
