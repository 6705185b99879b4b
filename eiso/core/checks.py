"""Deployment checks of ours, shown by `manage.py check --deploy` beside Django's."""

import ipaddress

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def check_trusted_proxies(app_configs, **kwargs) -> list[Warning]:
    """Behind a proxy, eISO must know it (TRUSTED_PROXIES), and must not trust the whole Internet."""
    warnings = []
    if settings.BEHIND_HTTPS_PROXY and not settings.TRUSTED_PROXIES:
        warnings.append(
            Warning(
                "BEHIND_HTTPS_PROXY is on but TRUSTED_PROXIES is empty: every client has the proxy's "
                "address, so the portal's limits and login lockouts are shared by everybody.",
                hint="Set TRUSTED_PROXIES to the proxy's address, e.g. 127.0.0.1 (docs/operations.md).",
                id="eiso.W001",
            )
        )
    if any(ipaddress.ip_network(entry).prefixlen == 0 for entry in settings.TRUSTED_PROXIES):
        warnings.append(
            Warning(
                "TRUSTED_PROXIES trusts every address: any client can name any address in X-Forwarded-For.",
                hint="List only the reverse proxies' addresses.",
                id="eiso.W002",
            )
        )
    return warnings
