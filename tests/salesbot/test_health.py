import pytest


@pytest.mark.django_db
def test_health_answers_200_with_the_database_status(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_health_and_mattermost_paths_are_exempt_from_the_https_redirect(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/health").status_code == 200
    response = client.post(
        "/mattermost/webhook", "token=x", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 403
    assert client.get("/admin/login/").status_code == 301


@pytest.mark.django_db
def test_nocodb_paths_are_exempt_from_the_https_redirect(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.post("/nocodb/webhook", {}, content_type="application/json")
    assert response.status_code == 401  # reached the view: no token, refused; not a 301
    assert client.post("/admin/login/", {}).status_code == 301
