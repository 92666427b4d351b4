"""Requests refused before any view sees them."""

from __future__ import annotations

from django.http import HttpResponseBadRequest


def drops_nul_itself(view):
    """Mark a view that takes the NULs out of its parameters itself (a GET slash command, whose
    text Mattermost puts in the query string): `NulInQueryString` lets its requests through."""
    view.drops_nul_itself = True
    return view


class NulInQueryString:
    """A query string carrying a NUL (`%00`) is a 400. PostgreSQL refuses NUL in text, so a
    filter such as the admin's `?motivo=a%00` would otherwise reach the database and fail
    there as a 500; no page here takes a NUL in a parameter, except a view marked
    `drops_nul_itself`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "drops_nul_itself", False):
            return None
        consulta = request.META.get("QUERY_STRING", "")
        if "%00" in consulta or "\x00" in consulta:
            return HttpResponseBadRequest(
                "Solicitud no válida: la dirección lleva un carácter nulo (%00).",
                content_type="text/plain; charset=utf-8",
            )
        return None
