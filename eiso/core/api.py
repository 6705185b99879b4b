"""API endpoints of the core app: the working-day calendar."""

ROUTES: list = []
URLS: list = []
