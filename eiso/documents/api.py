"""Serializers and viewsets of the documents app."""

ROUTES: list = []
URLS: list = []
