"""The schema comes only from the migrations, and the migrations match the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from shop.extensions import db as _db


def test_migrated_schema_matches_the_models(app, db) -> None:
    with _db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "render_as_batch": conn.dialect.name == "sqlite"}
        )
        diff = compare_metadata(context, _db.metadata)
    assert diff == [], f"models and migrations disagree; write a migration for: {diff}"


def test_migrations_reach_a_single_head(app) -> None:
    from alembic.script import ScriptDirectory

    config = app.extensions["migrate"].migrate.get_config()
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1
