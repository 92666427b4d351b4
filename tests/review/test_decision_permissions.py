"""Only reviewers decide: a staff user outside `Revisores` may look but not approve or reject,
and the `Revisores` group holds exactly what a reviewer needs."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from sales.models import Auditoria, Estado
from sales.permissions import GRUPO_REVISORES, sync_reviewers
from tests.helpers.mesa import crear_staff, vender

pytestmark = pytest.mark.django_db


def decidir(client, venta, decision, razon=""):
    datos = {
        "ronda": venta.ronda_revision,
        "version": venta.version,
        "decision": decision,
        "monto": "leido",
        "tubos": "escrito",
        "razon": razon,
    }
    url = reverse("admin:sales_venta_revisar", args=[venta.pk])
    return client.post(url, {f"v{venta.pk}-{k}": v for k, v in datos.items()})


def test_the_migration_creates_revisores_with_exactly_the_reviewers_permissions():
    grupo = Group.objects.get(name=GRUPO_REVISORES)
    assert sorted(grupo.permissions.values_list("content_type__app_label", "codename")) == [
        ("sales", "decidir_revision"),
        ("sales", "view_auditoria"),
        ("sales", "view_detalle"),
        ("sales", "view_meta"),
        ("sales", "view_vendedor"),
        ("sales", "view_venta"),
    ]


def test_syncing_the_group_takes_away_a_permission_added_by_hand():
    grupo = sync_reviewers()
    grupo.permissions.add(Permission.objects.get(codename="change_venta"))
    assert sync_reviewers().permissions.filter(codename="change_venta").count() == 0


@pytest.mark.parametrize("decision", ["aprobar", "rechazar"])
def test_a_staff_user_who_may_see_sales_but_is_not_a_reviewer_cannot_decide(client, decision):
    client.force_login(crear_staff("mirona", "sales.view_venta"))
    venta = vender()
    assert client.get(reverse("admin:sales_venta_revision")).status_code == 200
    assert decidir(client, venta, decision, razon="no").status_code == 403
    venta.refresh_from_db()
    assert venta.estado == Estado.EN_REVISION
    assert not Auditoria.objects.filter(venta=venta).exclude(accion="registrar").exists()


def test_a_staff_user_who_may_not_see_sales_does_not_get_the_queue(client):
    client.force_login(crear_staff("otro"))
    vender()
    assert client.get(reverse("admin:sales_venta_revision")).status_code == 403


def test_the_queue_of_a_staff_user_without_decision_rights_has_no_decision_buttons(client):
    client.force_login(crear_staff("mirona", "sales.view_venta"))
    vender()
    html = client.get(reverse("admin:sales_venta_revision")).content.decode()
    assert "Aprobar</button>" not in html


def test_someone_not_logged_in_is_sent_to_the_login_page(client):
    venta = vender()
    respuesta = client.get(reverse("admin:sales_venta_revisar", args=[venta.pk]))
    assert respuesta.status_code == 302
    assert respuesta["Location"].startswith(reverse("admin:login"))
