"""Every admin page a manager or a reviewer opens is in Spanish: a real Chromium walks them all
(each list, a row of each, the add pages a manager may use, the desk's own pages) and fails on
any of the usual English strings of Django's admin."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from sales.closing.statements import close_month
from sales.services import goals
from tests.browser.test_review_desk_in_chromium import entrar
from tests.closing.conftest import OCTUBRE, SEPTIEMBRE, crear_gerente, crear_plan, en
from tests.factories import VendedorFactory, VentaFactory
from tests.helpers.mesa import crear_revisor, vender

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Whole words or phrases of Django's admin (and widgets) that have no business in Spanish pages.
INGLES = [
    "Add",
    "Change",
    "Delete",
    "Save",
    "Search",
    "Filter",
    "Home",
    "History",
    "Action",
    "Today",
    "Now",
    "Yes",
    "Unknown",
    "Select",
    "selected",
    "Show all",
    "Clear all filters",
    "Log out",
    "View site",
    "Welcome",
    "Recent actions",
    "Django administration",
    "Site administration",
    "results",
    "Please correct",
    "This field is required",
    "Enter a valid",
    "Note: You are",
    "Choose",
    "Available",
    "Chosen",
    "Remove",
    "Password",
    "Username",
    "Previous",
    "Next",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Monday",
    "Sunday",
    "Close",
    "Toggle",
    "theme",
    "None",
    "True",
    "False",
    "Object",
    "object",
    "Group",
    "Permission",
    "Task",
]
_PATRON = re.compile(r"(?<![\w])(" + "|".join(re.escape(p) for p in INGLES) + r")(?![\w])")
# Code's names shown to people: `crear_meta`, `en_revision` (words joined by underscores).
_SNAKE = re.compile(r"(?<![\w.@])([a-z]+(?:_[a-z]+)+)(?![\w.@])")


def english_in(texto: str) -> list[str]:
    """Each English word found, with a little of the text around it (to find it on the page)."""
    encontrados = [*_PATRON.finditer(texto), *_SNAKE.finditer(texto)]
    return sorted(
        {f"{m.group(1)} «{texto[max(0, m.start() - 30) : m.end() + 30]}»" for m in encontrados}
    )


def informe(hallazgos: dict[str, list[str]]) -> str:
    return "\n".join(f"{ruta}: {palabra!r}" for ruta, hay in hallazgos.items() for palabra in hay)


def enlaces_del_admin(navegador, base: str) -> set[str]:
    hrefs = navegador.execute_script(
        "return [...document.querySelectorAll("
        "'#content a[href], #nav-sidebar a[href], #user-tools a[href]')]"
        ".map(a => a.getAttribute('href'))"
    )
    return {h.split("#")[0] for h in hrefs if h.startswith("/admin/") and "logout" not in h}


# Technical pages (task results, lockouts, users, the inbox and outboxes): superusers only.
TECNICAS = (
    "/admin/django_tasks_db/",
    "/admin/axes/",
    "/admin/auth/",
    "/admin/nocodb/",
    "/admin/mattermost/",
    "/admin/sales/eventoentrante/",
    "/admin/sales/avisomattermost/",
    "/admin/sales/trabajador/",
)


def recorrer(navegador, live_server, usuario, inicio: str, limite: int = 80):
    """Open `inicio`, then every admin page linked from it and from those (breadth first)."""
    entrar(navegador, live_server, usuario, inicio)
    pendientes, vistas, hallazgos = [inicio], set(), {}
    while pendientes and len(vistas) < limite:
        ruta = pendientes.pop(0)
        if ruta in vistas or "/csv/" in ruta or "comprobante" in ruta:
            continue
        vistas.add(ruta)
        navegador.get(f"{live_server.url}{ruta}")
        texto = navegador.execute_script("return document.body.innerText")
        titulo = navegador.title
        if ingles := english_in(f"{titulo}\n{texto}"):
            hallazgos[ruta] = ingles
        pendientes += sorted(enlaces_del_admin(navegador, live_server.url) - vistas)
    assert len(vistas) >= 10  # the walk really went through the admin
    assert not [v for v in vistas if v.startswith(TECNICAS)]
    return hallazgos


@pytest.fixture
def tienda():
    """A store with sales, a flagged one, goals, a plan and a closed month."""
    crear_plan(vigente_desde=SEPTIEMBRE)
    ana = VendedorFactory(username="ana", nombre="Ana López")
    VentaFactory(vendedor=ana, fecha=en(OCTUBRE, 3), tubos=5, comision=Decimal("20.00"))
    goals.set_goal(
        vendedor=ana,
        mes=timezone.localdate().replace(day=1),
        monto=Decimal("9000"),
        tubos=20,
        actor="gerente",
    )
    close_month(mes=OCTUBRE, actor="gerente")
    vender()  # flagged: the typed amount is not the receipt's


def test_a_manager_sees_no_english(navegador, live_server, tienda):
    hallazgos = recorrer(navegador, live_server, crear_gerente(), reverse("admin:index"))
    assert not hallazgos, informe(hallazgos)


def test_a_reviewer_sees_no_english(navegador, live_server, tienda):
    hallazgos = recorrer(navegador, live_server, crear_revisor(), reverse("admin:index"))
    assert not hallazgos, informe(hallazgos)
