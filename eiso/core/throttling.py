"""API throttles counted per client address (core/clients.py), whether the caller is signed in
or not. A throttled call is answered by core.api_errors: 429 with a Vietnamese message."""

from rest_framework.throttling import SimpleRateThrottle

from eiso.core.clients import client_address


class AddressRateThrottle(SimpleRateThrottle):
    """At most `rate` calls per client address; subclasses set `scope` and `rate` ("10/min")."""

    scope = "address"
    rate = "60/min"

    def get_rate(self) -> str:
        return self.rate

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": client_address(request)}
