"""What a browser can put in an admin page's address or form, a page answers without a 500:
a month out of the years a date holds, a NUL that PostgreSQL refuses in text, a digit that is
not a decimal one. Found by probing every admin page with such parameters; on PostgreSQL the NUL
cases failed in the database, on any database the months failed building a date."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from sales.closing.statements import close_month, reopen_month
from sales.models import Vendedor
from sales.review_queue import Filtros
from tests.closing.conftest import OCTUBRE, superusuario  # noqa: F401
from tests.factories import VendedorFactory

pytestmark = pytest.mark.django_db

PAGES = [
    "admin:sales_venta_revision",
    "admin:sales_venta_resumen",
    "admin:sales_venta_resumen_csv",
    "admin:sales_venta_changelist",
    "admin:sales_meta_changelist",
    "admin:sales_meta_del_mes",
    "admin:sales_plancomision_que_pasaria_si",
]
PARAMETERS = [
    {"mes": "9999-12"},
    {"mes": "0001-01"},
    {"mes": "0001-01", "copiar": "1"},
    {"mes": "9999-12", "por": "venta"},
    {"plan": "²"},
    {"pagina": "99999999999999999999"},
]


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.create_superuser("root", "root@example.mx", "x"))
    return client


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(
    "parameters", PARAMETERS, ids=lambda p: "&".join(f"{k}={v}" for k, v in p.items())
)
def test_odd_months_and_numbers_are_answered(admin_client, page, parameters):
    response = admin_client.get(reverse(page), parameters)
    if response.status_code == 302:
        # A changelist sends a parameter it does not know back to itself with `?e=1`, as
        # Django's admin does; no other page redirects here.
        assert page.endswith("_changelist")
        assert response.url.endswith("?e=1")
    else:
        assert response.status_code == 200


@pytest.mark.parametrize("page", PAGES)
def test_a_nul_in_the_address_is_a_bad_request(admin_client, page):
    response = admin_client.get(reverse(page), {"motivo": "a\x00", "vendedor": "a\x00b"})
    assert response.status_code == 400
    assert "carácter nulo" in response.content.decode()


def test_a_nul_in_a_posted_filter_is_an_unknown_seller():
    VendedorFactory(username="ana")
    assert Filtros.read({"vendedor": "ana\x00"}).vendedor == ""
    assert Filtros.read({"vendedor": "ana", "mes": "9999-12"}) == Filtros(
        motivo="", vendedor="ana", mes=None
    )


def test_a_reopening_reason_with_a_nul_is_kept_without_it(superusuario):  # noqa: F811
    VendedorFactory(username="ana")
    cierre = close_month(mes=OCTUBRE, actor="gerente")
    reabierto = reopen_month(cierre=cierre, usuario=superusuario, motivo="error\x00 de captura")
    assert "\x00" not in reabierto.motivo_reapertura


@pytest.mark.parametrize("vista", ["change", "delete"])
@pytest.mark.parametrize("metodo", ["get", "post"])
def test_an_empty_to_field_is_a_bad_request(admin_client, vista, metodo):
    """Found by probing: Django's admin takes `?_to_field=` (empty) past its own check and then
    looks for a field named '' (a 500 on every change and delete page)."""
    vendedor = VendedorFactory()
    url = reverse(f"admin:sales_vendedor_{vista}", args=[vendedor.pk])
    response = getattr(admin_client, metodo)(f"{url}?_to_field=", {"_to_field": ""})
    assert response.status_code == 400
    assert "_to_field" in response.content.decode()


def test_sellers_are_not_added_by_hand(admin_client):
    """Found by posting every admin form: «Añadir vendedor» saved a seller without a Mattermost
    id (the field is read-only), whom no post could ever reach, and a second one was a 500 on
    the empty id. A seller is created when their first post arrives."""
    changelist = admin_client.get(reverse("admin:sales_vendedor_changelist")).content.decode()
    assert reverse("admin:sales_vendedor_add") not in changelist
    for _ in range(2):
        response = admin_client.post(
            reverse("admin:sales_vendedor_add"), {"username": "ana", "activo": "on"}
        )
        assert response.status_code == 403
    assert not Vendedor.objects.exists()


@pytest.mark.parametrize(
    "changelist", ["sales_plancomision", "sales_avisomattermost", "nocodb_itemsync"]
)
@pytest.mark.parametrize("seleccion", ["abc", "", "1.5", "1e400"])
def test_a_selected_row_that_is_not_an_id_is_a_bad_request(admin_client, changelist, seleccion):
    """Found by posting every admin form: Django's admin filters an action's rows by the ids
    posted, as they come, and a value that is not an id failed the query with a 500."""
    url = reverse(f"admin:{changelist}_changelist")
    acciones = admin_client.get(url).context["action_form"].fields["action"].choices
    accion = next(nombre for nombre, _ in acciones if nombre and nombre != "delete_selected")
    response = admin_client.post(url, {"action": accion, "_selected_action": ["1", seleccion]})
    assert response.status_code == 400
    assert "no es el id de un registro" in response.content.decode()
    assert admin_client.post(url, {"action": accion, "_selected_action": "1"}).status_code == 302
