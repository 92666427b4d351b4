"""Requests refused before any view sees them."""

from __future__ import annotations

from django.http import HttpResponseBadRequest


class NulInQueryString:
    """A query string carrying a NUL (`%00`) is a 400. PostgreSQL refuses NUL in text, so a
    filter such as the admin's `?motivo=a%00` would otherwise reach the database and fail
    there as a 500; no page here takes a NUL in a parameter."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        consulta = request.META.get("QUERY_STRING", "")
        if "%00" in consulta or "\x00" in consulta:
            return HttpResponseBadRequest(
                "Solicitud no válida: la dirección lleva un carácter nulo (%00).",
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)
