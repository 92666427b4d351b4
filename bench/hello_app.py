"""A bare WSGI app: the ceiling a gunicorn worker reaches on this machine (bench/webhook.py)."""


def app(environ, start_response):
    environ["wsgi.input"].read()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", "2")])
    return [b"{}"]
