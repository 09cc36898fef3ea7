"""The plan workspace: plan versions in a database behind a JSON API (`handlingsrom serve`).

A shell layer beside :mod:`handlingsrom.cli`: FastAPI under uvicorn, SQLAlchemy 2 models with
Alembic migrations (SQLite by default, PostgreSQL optionally), users with roles, API tokens
and browser sessions, an audit trail. Every model computation goes through
:mod:`handlingsrom.server.compute`; nothing else here imports the model's layers.

Nothing is imported here on purpose: ``handlingsrom --help`` must not pay for FastAPI.
Start with :func:`handlingsrom.server.app.create_app` and ``docs/server.md``.
"""
