"""gunicorn settings: `gunicorn -c salesbot/gunicorn.conf.py salesbot.wsgi`."""

import os

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '5000')}"  # noqa: S104
# The CPUs this process may run on (a container's --cpuset-cpus), not the host's count.
_cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
# Requests are short (the webhook only stores and queues), so sync workers suffice.
workers = int(os.environ.get("WEB_CONCURRENCY", _cpus * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
accesslog = "-"  # stdout
# The path without its query string (%(U)s, not the request line %(r)s): a GET slash command
# carries its token in the query, and a token never goes to a log.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms "%(a)s"'
errorlog = "-"  # stderr
# Workers write temporary files to memory, not to a possibly read-only disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
# No control socket (gunicornc): by default it is created under $HOME, read-only in the image.
control_socket_disable = True
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
