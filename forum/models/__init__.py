"""All models, importable from one place (Alembic autogenerate sees them through here)."""

from forum.models.activity import AuditEntry, Notification, ThreadRead, Watch
from forum.models.digests import DigestComment, DigestOverride, DigestReview, DigestVersion
from forum.models.forums import Accreditation, Forum, ForumModerator, Topic
from forum.models.jobs import Job, JobState
from forum.models.outbox import OutboxMessage, OutboxState
from forum.models.posts import (
    Counter,
    Post,
    PostKind,
    PostRevision,
    PostState,
    Tag,
    Thread,
    post_tags,
)
from forum.models.users import ApiToken, BackupCode, User, UserSession

__all__ = [
    "Accreditation",
    "ApiToken",
    "AuditEntry",
    "BackupCode",
    "Counter",
    "DigestComment",
    "DigestOverride",
    "DigestReview",
    "DigestVersion",
    "Forum",
    "ForumModerator",
    "Job",
    "JobState",
    "Notification",
    "OutboxMessage",
    "OutboxState",
    "Post",
    "PostKind",
    "PostRevision",
    "PostState",
    "Tag",
    "Thread",
    "ThreadRead",
    "Topic",
    "User",
    "UserSession",
    "Watch",
    "post_tags",
]
