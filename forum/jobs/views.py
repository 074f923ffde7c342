"""The Secretariat's page of background jobs: what waits, what failed and why; a retry."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from forum.auth.forms import ButtonForm
from forum.jobs import actions
from forum.jobs.queries import failed_jobs, job_counts, waiting_jobs
from forum.permissions import can_administer
from forum.web import attempt

bp = Blueprint("jobs", __name__, url_prefix="/jobs")


@bp.before_request
@login_required
def _secretariat_only():
    if not can_administer(current_user):
        abort(403)


@bp.route("/")
def index():
    return render_template("jobs/index.html", counts=job_counts(), failed=failed_jobs(),
                           waiting=waiting_jobs(), form=ButtonForm())


@bp.route("/<int:job_id>/retry", methods=["POST"])
def retry(job_id: int):
    form = ButtonForm()
    if not form.validate_on_submit():
        abort(400)
    done = attempt(None, actions.retry_job, job_id, acting_user=current_user)
    if done.refusal is not None and done.status in (403, 404):
        # Not a job this person may retry, or none at all: the error page with its status,
        # not a flash on a page they may not see (a conflict stays a flash on the list).
        raise done.refusal
    if done:
        flash(_("Job %(id)s will be run again.", id=job_id))
    return redirect(url_for("jobs.index"))
