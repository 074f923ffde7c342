"""Writing to someone in their language, whoever's action does the writing.

An email or an in-app notice is composed inside the action that causes it, in the request
of the person acting (a moderator approving, the Secretariat opening a review): the text
must be in the recipient's language, not the actor's. `speaking(user)` translates what is
composed inside it in the user's preferred language when they have one (the `language`
attribute the locale preferences add to User), else in the current locale. Outside a
request (the CLI, the mail worker) Flask-Babel has no locale and gives English back.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask_babel import force_locale

from forum.i18n import LANGUAGES


@contextmanager
def speaking(user: object) -> Iterator[None]:
    language = getattr(user, "language", None)
    if language in LANGUAGES:
        with force_locale(language):
            yield
    else:
        yield
