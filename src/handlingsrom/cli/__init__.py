"""The `handlingsrom` command: a thin shell over the library.

Each layer's commands live in their own module and are registered here. Every command
loads data through :func:`handlingsrom.cli.common.load_dataset` (same validation
everywhere) and turns expected errors into one line on stderr and a non-zero exit code.

Exit codes (a script can trust them):

- 0 — success;
- 1 — a data or model error (one line per problem, then ``error: …``);
- 2 — a usage error: an unknown command or option, a bad value, a missing argument (one
  line, with "did you mean" where a close name exists);
- 3 — a bug (``internal error … (please report this)``);
- 130 — interrupted (Ctrl-C, SIGINT); 143 — terminated (SIGTERM); 129 — hung up (SIGHUP).
  An interrupted run ends its worker processes and leaves no output and no temporary folder.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

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
from handlingsrom.cli.signals import INTERRUPTED, Terminated, signals_as_exceptions
from handlingsrom.errors import DatasetError, HandlingsromError
from handlingsrom.plan.budget import BudgetExceeded

# typer ≥ 0.29 ships its own copy of click (``typer._click``); older versions use click.
try:
    from typer._click import exceptions as click_exceptions
except ImportError:  # pragma: no cover - typer < 0.29
    from click import exceptions as click_exceptions  # type: ignore[no-redef]

app = typer.Typer(
    name="handlingsrom",
    help="Handlingsrom: long-term planning of a municipality's services and economy "
    "(tenke langt og handle nå).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

USAGE_ERROR = 2
INTERNAL_ERROR = 3


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


def usage_message(e: click_exceptions.UsageError) -> str:
    """One line for a usage error: what was wrong, a close name if there is one, and where
    to look (``see 'handlingsrom run --help'``)."""
    if isinstance(e, click_exceptions.NoSuchOption):
        text = f"no such option: {e.option_name}"
        if e.possibilities:
            near = sorted(e.possibilities)
            text += " (did you mean " + " or ".join(near[:3]) + "?)"
    else:
        text = e.format_message().strip()
        text = text.replace(". Did you mean", " (did you mean").rstrip()
        if "(did you mean" in text and not text.endswith(")"):
            text += ")"
        text = " ".join(text.split()).rstrip(".")  # one line
    path = e.ctx.command_path if e.ctx is not None else "handlingsrom"
    return f"{text}; see '{path} --help'"


def main(argv: Sequence[str] | None = None) -> None:
    """Console entry point: run a command and exit with the code the module docstring lists."""
    args = list(sys.argv[1:] if argv is None else argv)
    code: object = 0
    try:
        with signals_as_exceptions():
            code = app(args=args, prog_name="handlingsrom", standalone_mode=False)
    except DatasetError as e:
        for problem in e.problems:
            typer.echo(str(problem), err=True)
        fail(str(e))
    except HandlingsromError as e:
        fail(str(e))
    except BudgetExceeded as e:
        fail(str(e))
    except Terminated as e:
        fail(f"terminated by {e.name}", code=e.exit_code)
    except KeyboardInterrupt:
        fail("interrupted", code=INTERRUPTED)
    except click_exceptions.NoArgsIsHelpError:
        sys.exit(USAGE_ERROR)  # the help was printed: no command given
    except click_exceptions.UsageError as e:
        fail(usage_message(e), code=USAGE_ERROR)
    except click_exceptions.ClickException as e:
        fail(e.format_message(), code=e.exit_code or 1)
    except typer.Abort:
        fail("aborted", code=1)
    except typer.Exit as e:
        sys.exit(e.exit_code)
    except SystemExit:
        raise
    except MemoryError:
        fail("out of memory: the inputs ask for more than this machine has")
    except Exception as e:  # anything else is a bug
        fail(f"internal error: {type(e).__name__}: {e} (please report this)", code=INTERNAL_ERROR)
    # typer turns Ctrl-C inside a command into Exit(130), which non-standalone mode returns.
    if code == INTERRUPTED:
        fail("interrupted", code=INTERRUPTED)
    if isinstance(code, int) and not isinstance(code, bool) and code != 0:
        sys.exit(code)
