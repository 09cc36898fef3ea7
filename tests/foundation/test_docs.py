"""The generated docs are up to date, list every input column and every command; every command
that reads data validates it the same way."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from handlingsrom.dataset.kinds import KINDS
from handlingsrom.dataset.model import DatasetMeta
from tests.foundation.cli_helpers import run_cli
from tests.foundation.mini import make_mini_dataset
from tools import gen_docs

COMMANDS = gen_docs.cli_commands()
COMMAND_IDS = [full.removeprefix("handlingsrom ") for full, _, _ in COMMANDS]


@pytest.mark.parametrize("page", sorted(gen_docs.PAGES))
def test_generated_page_is_up_to_date(page: str) -> None:
    path = gen_docs.DOCS / page
    assert path.exists(), f"docs/{page} is missing: run `make docs`"
    expected = gen_docs.PAGES[page]()
    assert path.read_text(encoding="utf-8") == expected, f"docs/{page} is stale: run `make docs`"


def test_inputs_page_lists_every_column_of_every_kind() -> None:
    text = gen_docs.render_inputs()
    for kind in KINDS:
        section = text.split(f"### `{kind.filename}`", 1)
        assert len(section) == 2, kind.filename
        body = section[1].split("\n### ", 1)[0]
        for col in kind.columns:
            assert f"| `{col.name}` | {col.type} |" in body, f"{kind.name}.{col.name}"
    for field in DatasetMeta.model_fields:
        assert f"`{field}" in text, field


def test_cli_page_has_every_command() -> None:
    text = gen_docs.render_cli()
    headings = re.findall(r"^## `(handlingsrom [^`]+)`$", text, flags=re.M)
    assert headings == [full for full, _, _ in COMMANDS]
    for needed in ("validate", "new-dataset", "import-xlsx", "datasets", "run"):
        assert f"handlingsrom {needed}" in headings


@pytest.mark.parametrize(("full", "cmd", "_ctx"), COMMANDS, ids=COMMAND_IDS)
def test_every_command_has_help(full: str, cmd: object, _ctx: object) -> None:
    code, out, err = run_cli([*full.split()[1:], "--help"])
    assert code == 0, err
    first = (getattr(cmd, "help", "") or "").strip().splitlines()
    assert first, f"{full} has no help text (give the function a docstring)"
    assert first[0].split()[0] in out
    assert "Usage" in out or "usage" in out


# --------------------------------------------------------------------------- same validation
@pytest.fixture(scope="module")
def bad_dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = make_mini_dataset(tmp_path_factory.mktemp("bad") / "bad")
    text = (folder / "population.csv").read_text(encoding="utf-8")
    (folder / "population.csv").write_text(text.replace(",701,", ",-701,", 1), encoding="utf-8")
    return folder


DATA_COMMANDS = [c for c in COMMANDS if any(p.name == "data" for p in c[1].params)]


def _required_args(cmd: object, ctx: object, tmp: Path) -> list[str]:
    """Plausible values for a command's required options and arguments, by their metavar."""
    args: list[str] = []
    for p in cmd.params:  # type: ignore[attr-defined]
        if not p.required:
            continue
        record = p.get_help_record(ctx) if p.param_type_name == "option" else None
        meta = record[0] if record else ""
        value = "2010" if "int" in meta else str(tmp / f"arg-{p.name}")
        args += [p.opts[0], value] if p.param_type_name == "option" else [value]
    return args


def test_the_data_commands_are_found() -> None:
    names = {full for full, _, _ in DATA_COMMANDS}
    assert {"handlingsrom run", "handlingsrom new-dataset"} <= names


@pytest.mark.parametrize(
    ("full", "cmd", "ctx"),
    DATA_COMMANDS,
    ids=[full.removeprefix("handlingsrom ") for full, _, _ in DATA_COMMANDS],
)
def test_every_data_command_validates_the_same_way(
    full: str, cmd: object, ctx: object, bad_dataset: Path, tmp_path: Path
) -> None:
    argv = [*full.split()[1:], "--data", str(bad_dataset), *_required_args(cmd, ctx, tmp_path)]
    code, out, err = run_cli(argv)
    assert code == 1, (argv, out, err)
    assert "Traceback" not in out + err
    assert (
        "population.csv:2:population: expected a whole number from 0 to 10 000 000 (persons), "
        "found -701" in err
    )
    for leftover in tmp_path.iterdir():
        shutil.rmtree(leftover, ignore_errors=True)
