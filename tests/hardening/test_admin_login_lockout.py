"""The admin's login locks out after ADMIN_INTENTOS wrong passwords for one user from one
address (django-axes), with a Spanish page; the right password after the cool-off works, and a
lockout of one address does not lock the same user out from another."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.test import Client

pytestmark = pytest.mark.django_db
LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture
def gerente():
    return User.objects.create_user("gerente", password="la-buena-123", is_staff=True)


def attempt(password: str, ip: str = "203.0.113.7") -> int:
    client = Client(REMOTE_ADDR=ip)
    data = {"username": "gerente", "password": password}
    return client.post(LOGIN, data, REMOTE_ADDR=ip)


def test_five_wrong_passwords_lock_the_user_out_from_that_address(gerente, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(4):
        assert attempt("mala").status_code == 200  # the form again, with its error
    locked = attempt("mala")
    assert locked.status_code == 429
    assert "Acceso bloqueado" in locked.content.decode()
    assert attempt("la-buena-123").status_code == 429  # even the right one, meanwhile


def test_the_same_user_from_another_address_can_still_log_in(gerente):
    for _ in range(5):
        attempt("mala")
    assert attempt("la-buena-123", ip="198.51.100.20").status_code == 302


def test_after_the_cool_off_the_right_password_works_and_clears_the_count(gerente):
    for _ in range(5):
        attempt("mala")
    AccessAttempt.objects.update(attempt_time="2000-01-01T00:00:00Z")  # long ago
    assert attempt("la-buena-123").status_code == 302
    assert not AccessAttempt.objects.filter(username="gerente").exists()


def test_behind_the_proxy_the_client_is_the_last_forwarded_address(rf, settings):
    from salesbot.views import client_ip

    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7")
    assert client_ip(request) == "203.0.113.7"
    settings.SECURE_PROXY_SSL_HEADER = None
    assert client_ip(request) == "10.0.0.2"
