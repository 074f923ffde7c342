"""The digest as a web feature: drafts, the Secretariat's paragraph edits, published
versions, review rounds, the settings page and tag suggestions.

The report itself is made by the pure engine in the `synthesis` package (no Flask, no
database; tests/unit/test_engine_contract.py keeps it so). This package only reads the
forum from the database (collect.py), calls the engine (generate.py), and keeps the
standard feature files: actions.py, queries.py, views.py, forms.py, cli.py, with the
review rounds (review*.py), the settings page (settings_views.py), tags (tags_views.py)
and who may see what (access.py). See docs/digest.md.
"""
