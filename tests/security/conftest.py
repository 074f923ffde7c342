"""The API tests' world (people with tokens, a forum with a thread) for security tests."""

from tests.api.conftest import api, world  # noqa: F401 (fixtures)
