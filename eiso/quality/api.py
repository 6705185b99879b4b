"""Serializers and viewsets of the quality app."""

ROUTES: list = []
URLS: list = []
