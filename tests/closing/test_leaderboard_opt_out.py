"""A seller may ask not to be named on the leaderboard: a setting on their Vendedor row."""

import pytest
from django.urls import reverse

from sales.models import Vendedor
from tests.factories import VendedorFactory

pytestmark = pytest.mark.django_db


def test_a_new_seller_is_named_unless_they_opt_out():
    assert VendedorFactory().oculto_en_ranking is False


def test_an_admin_sets_the_opt_out_on_the_sellers_page(client, superusuario):
    vendedor = VendedorFactory(username="ana", nombre="Ana López")
    client.force_login(superusuario)
    url = reverse("admin:sales_vendedor_change", args=[vendedor.pk])
    assert "ocultar su nombre en el ranking" in client.get(url).content.decode().lower()
    datos = {"username": "ana", "nombre": "Ana López", "activo": "on", "oculto_en_ranking": "on"}
    assert client.post(url, datos).status_code == 302
    assert Vendedor.objects.get(pk=vendedor.pk).oculto_en_ranking is True
