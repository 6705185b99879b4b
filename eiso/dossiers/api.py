"""Serializers and viewsets of the dossiers app."""

ROUTES: list = []
URLS: list = []
