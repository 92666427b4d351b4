"""docker-compose.yml, as Debian's `docker-compose config` resolves it with .env.example."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.deploy.support import ROOT

SALESBOT = ["salesbot-web", "salesbot-worker", "salesbot-listener"]
DATABASES = {
    "salesbot-db": "sales-bot-network",
    "mattermost-db": "mattermost-network",
    "nocodb-db": "nocodb-network",
}


def docker_compose() -> str:
    tool = shutil.which("docker-compose")
    assert tool, "docker-compose is missing: scripts/apt-install.sh docker-compose (make test)"
    return tool


@pytest.fixture(scope="module")
def services(tmp_path_factory) -> dict:
    """The resolved services; .env is a copy of .env.example and nothing else is inherited."""
    folder = tmp_path_factory.mktemp("compose")
    shutil.copy(ROOT / "docker-compose.yml", folder / "docker-compose.yml")
    shutil.copy(ROOT / ".env.example", folder / ".env")
    tool = docker_compose()
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(folder)}
    config = subprocess.run(
        [tool, "config"], cwd=folder, env=env, capture_output=True, text=True, timeout=60
    )
    assert config.returncode == 0, config.stderr
    # Debian's docker-compose is Python with PyYAML: its own interpreter reads the YAML.
    python = Path(tool).read_text().splitlines()[0].removeprefix("#!").strip()
    as_json = subprocess.run(
        [python, "-c", "import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)"],
        input=config.stdout,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(as_json.stdout)["services"]


def test_the_compose_file_is_valid_with_the_example_env(services):
    others = {"salesbot-migrate", "proxy", "mattermost", "nocodb"}
    assert set(services) == {*SALESBOT, *others, *DATABASES}


def test_each_database_sits_only_on_its_own_network(services):
    for name, network in DATABASES.items():
        assert list(services[name]["networks"]) == [network], name


@pytest.mark.parametrize("name", [*SALESBOT, "salesbot-migrate"])
def test_salesbot_runs_read_only_as_its_own_user_with_a_tmpfs(services, name):
    service = services[name]
    assert service["read_only"] is True
    assert service["user"] == "10001:10001"
    assert "/tmp" in service["tmpfs"]


@pytest.mark.parametrize("name", SALESBOT)
def test_salesbot_services_check_their_health_and_restart(services, name):
    service = services[name]
    assert service["healthcheck"]["test"] == ["CMD", "python", "/app/docker/healthcheck.py"]
    assert service["environment"]["SALESBOT_ROL"] == service["command"][0]
    assert service["restart"] == "unless-stopped"
    assert service["depends_on"]["salesbot-migrate"]["condition"] == (
        "service_completed_successfully"
    )


def test_scaling_is_a_number(services):
    assert services["salesbot-web"]["deploy"]["replicas"] == 1
    assert services["salesbot-worker"]["deploy"]["replicas"] == 1


def test_the_web_health_check_uses_a_host_django_allows(services):
    source = (ROOT / "docker" / "healthcheck.py").read_text()
    assert 'headers={"Host": "localhost"}' in source
    assert "localhost" in services["salesbot-web"]["environment"]["ALLOWED_HOSTS"].split(",")


def test_the_admin_and_mattermost_are_behind_the_tls_proxy(services):
    assert services["salesbot-web"]["environment"]["SALESBOT_BEHIND_TLS_PROXY"] == "true"
    assert "ports" not in services["salesbot-web"]
    assert "ports" not in services["mattermost"]  # sellers reach it over HTTPS only
    proxy = services["proxy"]
    assert {"sales-bot-network", "mattermost-network"} <= set(proxy["networks"])
    assert proxy["environment"]["MATTERMOST_DOMAIN"] == "chat.example.com"
    assert any(v.endswith(":/etc/caddy/Caddyfile:ro") for v in _volumes(proxy))
    site = services["mattermost"]["environment"]["MM_SERVICESETTINGS_SITEURL"]
    assert site == "https://chat.example.com"
    caddyfile = (ROOT / "docker" / "Caddyfile").read_text()
    assert re.search(
        r"\{\$SALESBOT_DOMAIN:localhost\} \{\s+reverse_proxy salesbot-web:5000", caddyfile
    )
    assert re.search(
        r"\{\$MATTERMOST_DOMAIN:chat.localhost\} \{\s+reverse_proxy mattermost:8065", caddyfile
    )
    assert "{$CADDY_OPCIONES:local_certs}" in caddyfile


def _volumes(service: dict) -> list[str]:
    """Volume entries as `source:target[:mode]` strings, whichever form the tool printed."""
    return [
        v
        if isinstance(v, str)
        else f"{v.get('source')}:{v['target']}{':ro' if v.get('read_only') else ''}"
        for v in service.get("volumes", [])
    ]


def test_nocodb_sends_no_telemetry_and_may_call_salesbot_privately(services):
    env = services["nocodb"]["environment"]
    assert env["NC_DISABLE_TELE"] == "true"
    assert env["NC_ALLOW_LOCAL_HOOKS"] == "true"


def test_salesbot_gets_its_settings_from_env_and_no_other_services_secrets(services):
    read = set(
        re.findall(r'env\.\w+\(\s*"([A-Z0-9_]+)"', (ROOT / "salesbot/settings.py").read_text())
    )
    example = {
        line.split("=", 1)[0]
        for line in (ROOT / ".env.example").read_text().splitlines()
        if line and not line.startswith("#")
    }
    for name in SALESBOT:
        env = services[name]["environment"]
        assert (example & read) - set(env) == set(), name
        # Names gunicorn.conf.py and healthcheck.py read; anything else is a typo.
        assert set(env) - read - {"SALESBOT_ROL", "FORWARDED_ALLOW_IPS"} == set(), name
        assert not {"MATTERMOST_DB_PASSWORD", "NOCODB_DB_PASSWORD", "NOCODB_JWT_SECRET"} & set(env)
