"""Requests refused before any view sees them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
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
            return _bad_request("la dirección lleva un carácter nulo (%00)")
        return None


# Django's admin reads the field a popup selects by from this parameter, and the rows an action
# runs on from the other.
TO_FIELD = "_to_field"
SELECTED = "_selected_action"


class AdminParameters:
    """Two parameters Django's admin trusts, checked before it does: on the admin's pages, an
    empty `_to_field` and a selected row whose id is not one of the model's (`abc`) are a 400.

    Django checks only a non-empty `_to_field`, then looks for a field named '' and fails with
    a 500 on every change and delete page; it filters an action's rows by the ids posted as
    they come, and a value that is not an id fails the query with a 500. Only the admin's
    requests are looked at: its forms are read from `request.POST` anyway, while elsewhere
    reading it here would consume a body a view reads itself."""

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
            return _bad_request("el parámetro _to_field está vacío")
        model_admin = getattr(view_func, "model_admin", None)
        if request.method == "POST" and model_admin and not _ids_of(model_admin.model, request):
            return _bad_request("la selección lleva algo que no es el id de un registro")
        return None


def _ids_of(model, request) -> bool:
    """Whether every selected row is named by a value the model's primary key takes."""
    try:
        for valor in request.POST.getlist(SELECTED):
            model._meta.pk.to_python(valor)
    except ValidationError:
        return False
    return True


def _bad_request(por_que: str) -> HttpResponseBadRequest:
    return HttpResponseBadRequest(
        f"Solicitud no válida: {por_que}.", content_type="text/plain; charset=utf-8"
    )
