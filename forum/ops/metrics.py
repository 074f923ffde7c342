"""Prometheus metrics (METRICS_ENABLED): requests and latency by route rule, counted in
each process; the moderation queue and the outbox, read from the database at scrape time.

Under gunicorn with several workers each worker counts its own requests. With
`PROMETHEUS_MULTIPROC_DIR` set (before the server starts, to an empty directory),
prometheus_client keeps the counts in files there and a scrape answered by any worker
adds up all of them (docs/operations.md, "Metrics").
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator

from flask import Flask, Response, current_app, g, request
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from forum.ops.logs import route_rule

# Counted per process; in multiprocess mode the values live in PROMETHEUS_MULTIPROC_DIR.
_PROCESS = CollectorRegistry(auto_describe=True)
REQUESTS = Counter("forum_http_requests", "HTTP requests answered, by route rule and status.",
                   ["method", "rule", "status"], registry=_PROCESS)
LATENCY = Histogram("forum_http_request_duration_seconds",
                    "Time to answer a request, by route rule.", ["rule"], registry=_PROCESS,
                    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))
_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


def multiprocess_dir() -> str | None:
    """The directory shared by the workers' counters, when running in multiprocess mode."""
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None


class _ProcessMetrics:
    """This process's request counters, as one collector of the scrape's registry."""

    def collect(self) -> Iterator[Metric]:
        yield from _PROCESS.collect()


class _DatabaseMetrics:
    """Gauges computed from the database when scraped (three statements)."""

    def __init__(self, app: Flask) -> None:
        self.app = app

    def collect(self) -> Iterator[Metric]:
        from forum.ops.queries import moderation_queues, outbox_counts

        queue = GaugeMetricFamily("forum_moderation_queue_length",
                                  "Posts awaiting moderation, per forum.", labels=["forum"])
        oldest = GaugeMetricFamily("forum_moderation_oldest_pending_seconds",
                                   "Age of the oldest post awaiting moderation, per forum "
                                   "(0 when none waits).", labels=["forum"])
        for row in moderation_queues():
            queue.add_metric([row.slug], row.pending)
            oldest.add_metric([row.slug], row.oldest_seconds)
        yield queue
        yield oldest
        counts = outbox_counts()
        outbox = GaugeMetricFamily("forum_outbox_messages", "Email in the outbox, by state.",
                                   labels=["state"])
        outbox.add_metric(["pending"], counts.pending)
        outbox.add_metric(["dead"], counts.dead)
        yield outbox
        yield GaugeMetricFamily("forum_mail_failing_messages",
                                "Pending email whose last delivery attempt failed.",
                                value=counts.failing)
        yield from _job_metrics()


def _job_metrics() -> Iterator[Metric]:
    """The jobs table (the truth for both backends): queue length, age, failures."""
    from forum.jobs.queries import job_counts

    counts = job_counts()
    jobs = GaugeMetricFamily("forum_jobs", "Background jobs, by state (done ones are kept "
                             "JOB_KEEP_DONE_DAYS).", labels=["state"])
    for state in ("pending", "running", "done", "failed"):
        jobs.add_metric([state], getattr(counts, state))
    yield jobs
    yield GaugeMetricFamily("forum_jobs_oldest_pending_seconds",
                            "Age of the oldest pending job (0 when none waits).",
                            value=counts.oldest_pending_seconds)
    yield GaugeMetricFamily("forum_jobs_failing", "Pending jobs whose last attempt failed.",
                            value=counts.failing)


def exposition(app: Flask) -> bytes:
    """The text a scrape gets: every worker's request counts and the database gauges."""
    registry = CollectorRegistry()
    directory = multiprocess_dir()
    if directory:
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry, path=directory)
    else:
        registry.register(_ProcessMetrics())
    registry.register(_DatabaseMetrics(app))
    return generate_latest(registry)


def metrics_response() -> Response:
    """The /metrics response."""
    return Response(exposition(current_app), content_type=CONTENT_TYPE_LATEST)


def register(app: Flask) -> None:
    """Count every request once its response is ready (after the request log's timing)."""

    @app.after_request
    def count(response: Response) -> Response:
        if not current_app.config.get("METRICS_ENABLED") or request.endpoint == "ops.metrics":
            return response
        rule = route_rule()
        # Any word is a method to Werkzeug: unknown ones share a label, so a client cannot
        # grow the number of series.
        method = request.method if request.method in _METHODS else "other"
        REQUESTS.labels(method, rule, str(response.status_code)).inc()
        started = g.get("request_started")
        if started is not None:
            LATENCY.labels(rule).observe(time.perf_counter() - started)
        return response
