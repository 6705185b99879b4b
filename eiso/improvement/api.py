"""Serializers and viewsets of the improvement app."""

ROUTES: list = []
URLS: list = []
