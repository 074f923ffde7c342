"""Gunicorn settings of one web instance (docs/deploy.md). The address comes from the
command line (`--bind 127.0.0.1:8001`, the systemd unit's instance name), so one file
serves every instance on a machine."""

import os

wsgi_app = "forum:create_app()"
# Two cores: 2 workers with 4 threads each keep a slow request from blocking the rest.
workers = int(os.environ.get("FORUM_WEB_WORKERS", "2"))
threads = int(os.environ.get("FORUM_WEB_THREADS", "4"))
worker_class = "gthread"
timeout = 60  # the digest of a large forum is the slowest page
graceful_timeout = 30
keepalive = 5
# The forum logs every request itself (with the request id and no tokens): no access log.
accesslog = None
errorlog = "-"
# Gunicorn 25+ opens a control socket at ~/.gunicorn/gunicorn.ctl by default: two instances
# on one machine would share that path (the second takes it over), and the home directory
# is read-only under the units' ProtectSystem. systemd manages the process (reload = HUP).
control_socket_disable = True
# Which forwarded headers to believe is the forum's setting (FORUM_PROXY_HOPS=1: nginx is
# one hop), applied by werkzeug's ProxyFix in the app, on one machine or several.


def on_starting(server):
    """Prometheus multiprocess mode: the directory must be empty when the server starts."""
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory and os.path.isdir(directory):
        for name in os.listdir(directory):
            if name.endswith(".db"):
                os.unlink(os.path.join(directory, name))


def child_exit(server, worker):
    """Drop a dead worker's live gauges from the metrics (docs/operations.md, Metrics)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
