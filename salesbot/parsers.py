"""The request body parsers of the API endpoints (REST_FRAMEWORK in settings).

DRF's JSON parser turns a malformed body into a 400, but JSON nested a few thousand levels deep
makes Python's decoder raise RecursionError, which it does not catch: a 500 for anyone who can
reach the endpoint, token or not. Here it is a 400 like any other unreadable body.
"""

from __future__ import annotations

from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON demasiado anidado.") from None
