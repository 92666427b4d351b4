"""The sales list and the review queue cost the same few queries for 3 rows or 40."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.helpers.images import jpeg
from tests.helpers.mesa import vender

pytestmark = pytest.mark.django_db


def consultas(client, url) -> int:
    with CaptureQueriesContext(connection) as capturadas:
        assert client.get(url).status_code == 200
    return len(capturadas)


def ventas_variadas(n: int) -> None:
    """Flagged sales of several sellers, with photos, some duplicates of others."""
    for i in range(n):
        imagen = jpeg(f"ticket {i // 2}")  # every second one reuses the previous photo
        vender(f"@monto {1600 + i} @cliente C{i} @tubos 5", imagen=imagen, usuario=f"v{i % 4}")


def test_the_sales_list_does_not_query_per_row(como_revisor, django_assert_max_num_queries):
    url = reverse("admin:sales_venta_changelist")
    ventas_variadas(3)
    pocas = consultas(como_revisor, url)
    ventas_variadas(37)
    assert consultas(como_revisor, url) == pocas
    with django_assert_max_num_queries(10):
        como_revisor.get(url)


def test_the_review_queue_does_not_query_per_card(como_revisor, django_assert_max_num_queries):
    url = reverse("admin:sales_venta_revision")
    ventas_variadas(3)
    pocas = consultas(como_revisor, url)
    ventas_variadas(37)
    assert consultas(como_revisor, url) == pocas
    with django_assert_max_num_queries(10):
        como_revisor.get(url)
