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


# Django's admin reads the field a popup selects by from this parameter.
TO_FIELD = "_to_field"


class EmptyToField:
    """On the admin's pages, an empty `_to_field` is a 400. Django's admin checks only a
    non-empty one, then looks for a field named '' and fails with a 500 on every change and
    delete page; a non-empty one it does not allow is already a 400 of its own. Only the
    admin's requests are looked at: its forms are read from `request.POST` anyway, while
    elsewhere reading it here would consume a body a view reads itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.resolver_match.namespace != "admin":
            return None
        if request.GET.get(TO_FIELD) == "" or (
            request.method == "POST" and request.POST.get(TO_FIELD) == ""
        ):
            return HttpResponseBadRequest(
                "Solicitud no válida: el parámetro _to_field está vacío.",
                content_type="text/plain; charset=utf-8",
            )
        return None
