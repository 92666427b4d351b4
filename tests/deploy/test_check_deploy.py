"""`manage.py check --deploy` finds nothing to warn about in production settings."""

import secrets

from tests.deploy.support import manage


def test_check_deploy_reports_nothing_with_production_settings():
    production = {
        "PATH": "/usr/bin:/bin",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "ventas.example.com,salesbot-web,localhost",
        "CSRF_TRUSTED_ORIGINS": "https://ventas.example.com",
        "SALESBOT_BEHIND_TLS_PROXY": "true",
    }
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
