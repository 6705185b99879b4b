"""The client's address, computed in one place.

`REMOTE_ADDR` is the peer that opened the connection. Behind a reverse proxy that peer is the
proxy, and the client is named in `X-Forwarded-For`, a header any client can also write. So the
header is believed only as far as proxies listed in `TRUSTED_PROXIES` wrote it: walking it from
the nearest hop outwards, the first address that is not a trusted proxy is the client. With no
trusted proxy (the default), the header is ignored.

`core.middleware.ClientAddressMiddleware` puts that address into `REMOTE_ADDR` at the start of
every request, so DRF's throttles (`NUM_PROXIES = 0`: DRF reads `REMOTE_ADDR` only), django-axes
(`AXES_CLIENT_IP_CALLABLE`) and the portal's own limits all count the same client.
"""

import ipaddress
from collections.abc import Sequence
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

META_KEY = "eiso.client_address"


@lru_cache(maxsize=16)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _parse(value: str) -> Address | None:
    """An address as proxies write it: `192.0.2.1`, `192.0.2.1:5123`, `2001:db8::1`, `[2001:db8::1]:443`."""
    value = value.strip()
    if value.startswith("["):
        value = value[1:].partition("]")[0]
    elif value.count(":") == 1:
        value = value.partition(":")[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _is_trusted(address: Address, networks: Sequence[Network]) -> bool:
    return any(address in network for network in networks)


def resolve_client_address(remote_addr: str, forwarded_for: str, trusted: Sequence[str]) -> str:
    """The client's address from the peer's and the `X-Forwarded-For` header, trusting `trusted` only."""
    if not trusted:
        return remote_addr
    networks = _networks(tuple(trusted))
    client = _parse(remote_addr)
    if client is None or not _is_trusted(client, networks):
        return remote_addr
    for hop in reversed(forwarded_for.split(",")):
        address = _parse(hop)
        if address is None:
            break  # a malformed entry: nothing further out can be believed
        client = address
        if not _is_trusted(address, networks):
            break
    return str(client)


def client_address(request: HttpRequest) -> str:
    """The client's address for this request, computed once (a DRF Request is unwrapped)."""
    request = getattr(request, "_request", request)
    meta = request.META
    if META_KEY not in meta:
        meta[META_KEY] = resolve_client_address(
            meta.get("REMOTE_ADDR", ""), meta.get("HTTP_X_FORWARDED_FOR", ""), settings.TRUSTED_PROXIES
        )
    return meta[META_KEY]
