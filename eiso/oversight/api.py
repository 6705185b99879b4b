"""Serializers and viewsets of the oversight app."""

ROUTES: list = []
URLS: list = []
