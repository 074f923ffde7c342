"""`forum db check`: is the database's schema at the migrations' head?

Flask-Migrate's `db` group is global to the process; the app gets its own copy, with
`check` answering that question and Flask-Migrate's own check (would autogenerate find
model changes?) kept as `check-models`.
"""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import with_appcontext


@click.command("check", help="Exit 0 if the database is at the migrations' head; else print "
               "the revision it is at and exit 1.")
@with_appcontext
def db_check() -> None:
    from sqlalchemy.exc import SQLAlchemyError

    from forum.ops.queries import schema_state

    try:
        current, heads = schema_state(current_app)
    except SQLAlchemyError as error:
        raise click.ClickException(f"cannot read the database: {error.__class__.__name__}: "
                                   f"{str(error).splitlines()[0]}") from None
    head = ", ".join(sorted(heads))
    if current == heads:
        click.echo(f"database is at head ({head})")
        return
    at = ", ".join(sorted(current)) or "no revision (never migrated)"
    click.echo(f"database is at {at}; head is {head}: run `forum db upgrade`")
    raise SystemExit(1)


def register(app: Flask) -> None:
    """Replace the app's `db` group by a copy holding our `check`."""
    from flask_migrate.cli import db as migrate_db

    commands = dict(migrate_db.commands)
    commands["check-models"] = commands.pop("check")
    group = click.Group("db", commands=commands, callback=migrate_db.callback,
                        params=list(migrate_db.params), help=migrate_db.help)
    group.add_command(db_check)
    app.cli.add_command(group)
