"""A loopback HTTP proxy in front of NocoDB that fails on cue, deterministically.

Requests are numbered as they arrive. `cortar(despues_de=N, durante=M)`: requests N+1 … N+M
get their connection closed without an answer (NocoDB unreachable), later ones pass again.
`escribir_y_cortar(n)`: the next n writes reach NocoDB, then the connection is closed before
the answer (the write happened, salesbot never hears of it). `limitar(n)`: the next n requests
get a 429. No sleeps anywhere: what fails is decided by counting.
"""

from __future__ import annotations

import http.client
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

_SALTO = {"connection", "keep-alive", "transfer-encoding", "content-length", "host"}


class Proxy:
    def __init__(self, destino: str) -> None:
        destino_url = urlsplit(destino)
        self.destino = (destino_url.hostname, destino_url.port)
        self.lock = threading.Lock()
        self.vistas = 0
        self.cortadas = 0
        self._corte: tuple[int, int] | None = None
        self._escrituras_a_cortar = 0
        self._limitadas = 0
        self.servidor = ThreadingHTTPServer(("127.0.0.1", 0), self._manejador())
        self.servidor.daemon_threads = True
        self.hilo = threading.Thread(target=self.servidor.serve_forever, daemon=True)
        self.hilo.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.servidor.server_address[1]}"

    def cortar(self, *, despues_de: int, durante: int) -> None:
        with self.lock:
            self._corte = (self.vistas + despues_de, self.vistas + despues_de + durante)

    def escribir_y_cortar(self, veces: int = 1) -> None:
        with self.lock:
            self._escrituras_a_cortar = veces

    def limitar(self, veces: int) -> None:
        with self.lock:
            self._limitadas = veces

    def cerrar(self) -> None:
        self.servidor.shutdown()
        self.servidor.server_close()

    def _decidir(self, metodo: str) -> str:
        with self.lock:
            self.vistas += 1
            if self._corte and self._corte[0] < self.vistas <= self._corte[1]:
                self.cortadas += 1
                return "cortar"
            if self._limitadas:
                self._limitadas -= 1
                return "429"
            if self._escrituras_a_cortar and metodo in ("POST", "PATCH", "DELETE"):
                self._escrituras_a_cortar -= 1
                self.cortadas += 1
                return "escribir_y_cortar"
            return "pasar"

    def _manejador(self):
        proxy = self

        class Manejador(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def _atender(self) -> None:
                cuerpo = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                decision = proxy._decidir(self.command)
                if decision == "cortar":
                    self.close_connection = True
                    return
                if decision == "429":
                    self._responder(429, {"Retry-After": "0"}, b'{"msg":"Too many requests"}')
                    return
                estado, cabeceras, respuesta = self._reenviar(cuerpo)
                if decision == "escribir_y_cortar":
                    self.close_connection = True
                    return
                self._responder(estado, cabeceras, respuesta)

            def _reenviar(self, cuerpo: bytes):
                conexion = http.client.HTTPConnection(*proxy.destino, timeout=60)
                cabeceras = {k: v for k, v in self.headers.items() if k.lower() not in _SALTO}
                conexion.request(self.command, self.path, body=cuerpo or None, headers=cabeceras)
                respuesta = conexion.getresponse()
                datos = respuesta.read()
                salida = {k: v for k, v in respuesta.getheaders() if k.lower() not in _SALTO}
                conexion.close()
                return respuesta.status, salida, datos

            def _responder(self, estado: int, cabeceras: dict, cuerpo: bytes) -> None:
                self.send_response(estado)
                for clave, valor in cabeceras.items():
                    self.send_header(clave, valor)
                self.send_header("Content-Length", str(len(cuerpo)))
                self.end_headers()
                self.wfile.write(cuerpo)

            do_GET = do_POST = do_PATCH = do_DELETE = _atender

        return Manejador
