"""Fixtures of the jobs tests."""

from __future__ import annotations

import pytest

from forum.jobs import tasks


@pytest.fixture
def flaky(monkeypatch):
    """Registers the kind "test.flaky": it fails while its `failures` countdown lasts,
    recording each call, then succeeds."""
    calls: list[dict] = []

    def run(failures: int = 0, tag: str = "") -> str:
        calls.append({"tag": tag})
        if len(calls) <= failures:
            raise RuntimeError(f"boom {len(calls)}")
        return f"ok {tag}"

    monkeypatch.setitem(tasks.KINDS, "test.flaky", run)
    return calls

