"""CLI for archives and the seed (filled in by the archive feature)."""

from flask import Flask


def register(app: Flask) -> None:
    pass
