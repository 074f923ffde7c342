"""`forum worker` as a process on the database backend: it runs jobs as they are committed
(email here), and stops cleanly on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import select

from forum.extensions import db
from forum.mail import queue_mail
from forum.models import Job

REPO = Path(__file__).resolve().parents[2]


def test_the_worker_runs_jobs_until_sigterm_and_stops_cleanly(app, smtp, tmp_path):
    db.session.remove()
    url = db.engine.url.render_as_string(hide_password=False)
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("FORUM_")},
           "PYTHONPATH": str(REPO), "DATABASE_URL": url, "SECRET_KEY": "test-secret-key",
           "FORUM_MAIL_SERVER": "127.0.0.1", "FORUM_MAIL_PORT": str(smtp.port),
           "FORUM_MAIL_OUTBOX": str(tmp_path), "FORUM_CACHE_DIR": str(tmp_path / "cache")}
    worker = subprocess.Popen(
        [sys.executable, "-c", "from forum.cli import main; main()", "worker", "--poll", "0.2"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        queue_mail("reader@example.org", "Queued while it runs", "Body\n")
        db.session.commit()
        deadline = time.monotonic() + 30
        while not smtp.messages and time.monotonic() < deadline:
            time.sleep(0.1)
        assert [m["Subject"] for m in smtp.messages] == ["Queued while it runs"]
        worker.send_signal(signal.SIGTERM)
        output, _ = worker.communicate(timeout=15)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    assert worker.returncode == 0, output
    assert "worker: database backend" in output and "worker: stopped" in output
    assert "Traceback" not in output
    db.session.expire_all()
    assert db.session.scalar(select(Job.state)) == "done"
