"""The `handlingsrom` command: a thin shell over the library.

Each layer's commands live in their own module and are registered here. Every command
loads data through :func:`handlingsrom.cli.common.load_dataset` (same validation
everywhere) and turns expected errors into one line on stderr and a non-zero exit code.
"""

from __future__ import annotations

import sys

import typer

from handlingsrom import __version__
from handlingsrom.cli import (
    economy,
    foundation,
    national,
    population,
    run,
    scenarios,
    server,
    services,
)
from handlingsrom.cli.common import fail
from handlingsrom.errors import DatasetError, HandlingsromError

app = typer.Typer(
    name="handlingsrom",
    help="Handlingsrom: long-term planning of a municipality's services and economy "
    "(tenke langt og handle nå).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"handlingsrom {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Handlingsrom: think long, act now."""


for module in (run, foundation, population, national, services, economy, scenarios, server):
    module.register(app)


def main() -> None:
    """Console entry point: expected errors become one line and exit code 1 (2 for usage)."""
    try:
        app(standalone_mode=False)
    except DatasetError as e:
        for problem in e.problems:
            typer.echo(str(problem), err=True)
        fail(str(e))
    except HandlingsromError as e:
        fail(str(e))
    except typer.Abort:
        fail("aborted")
    except typer.Exit as e:
        sys.exit(e.exit_code)
    except SystemExit:
        raise
    except Exception as e:  # click's own usage errors and anything unexpected
        import click

        if isinstance(e, click.exceptions.ClickException):
            e.show()
            sys.exit(e.exit_code)
        fail(f"internal error: {type(e).__name__}: {e} (please report this)", code=3)
