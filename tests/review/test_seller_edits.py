"""Editing a seller in the admin goes through the service: audit entry and NocoDB sync item."""

import pytest
from django.contrib.auth.models import User

from sales.models import Auditoria
from tests.factories import VendedorFactory

pytestmark = pytest.mark.django_db


def test_renaming_a_seller_in_the_admin_leaves_an_audit_entry(client):
    admin = User.objects.create_superuser("jefa", "jefa@example.com", "x")
    client.force_login(admin)
    vendedor = VendedorFactory(nombre="Juan")
    response = client.post(
        f"/admin/sales/vendedor/{vendedor.pk}/change/",
        {"username": vendedor.username, "nombre": "Juan Pérez", "activo": "on"},
    )
    assert response.status_code == 302
    vendedor.refresh_from_db()
    assert vendedor.nombre == "Juan Pérez"
    entry = Auditoria.objects.get(modelo="Vendedor", objeto_id=vendedor.pk)
    assert (entry.actor, entry.antes["nombre"], entry.despues["nombre"]) == (
        "admin:jefa",
        "Juan",
        "Juan Pérez",
    )
