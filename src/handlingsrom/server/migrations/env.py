"""Alembic environment: runs on the engine the server passes in (``attributes['engine']``),
else on ``sqlalchemy.url``. SQLite migrations use batch mode (it cannot ALTER much)."""

from __future__ import annotations

from alembic import context

from handlingsrom.server.db import WRITE, make_engine
from handlingsrom.server.models import Base

config = context.config
engine = config.attributes.get("engine")
if engine is None:
    engine = make_engine(config.get_main_option("sqlalchemy.url") or "")

with engine.connect().execution_options(**{WRITE: True}) as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
