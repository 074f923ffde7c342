"""Recording moderation and administration actions (who, what, on what, when, why)."""

from __future__ import annotations

from typing import Any

from forum.clock import now
from forum.extensions import db
from forum.models import AuditEntry, User
from forum.ops.logs import request_id


def record(
    actor: User | None,
    action: str,
    target: Any,
    *,
    forum_id: int | None = None,
    reason: str = "",
    **detail: Any,
) -> AuditEntry:
    """Add an audit entry to the current transaction (the caller commits)."""
    entry = AuditEntry(
        at=now(),
        actor_id=actor.id if actor else None,
        action=action,
        target_type=type(target).__name__.lower(),
        target_id=getattr(target, "id", None),
        forum_id=forum_id,
        reason=reason or "",
        detail=detail,
        request_id=request_id(),
    )
    db.session.add(entry)
    return entry
