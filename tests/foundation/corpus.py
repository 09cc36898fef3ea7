"""Write the bad-dataset corpus to folders, to look at or to try the CLI on.

    .venv/bin/python -m tests.foundation.corpus /tmp/bad-datasets
    .venv/bin/handlingsrom validate /tmp/bad-datasets/gap-in-ages

Each folder is the mini dataset with one defect (see ``CASES`` in ``test_bad_datasets.py``);
the corpus is generated, not committed, so it follows the schema as it grows.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from tests.foundation.mini import make_mini_dataset
from tests.foundation.test_bad_datasets import CASES


def write_corpus(dest: Path) -> list[Path]:
    if dest.exists() and any(dest.iterdir()):
        raise SystemExit(f"{dest}: expected a new or empty folder")
    base = make_mini_dataset(dest / "valid-mini")
    folders = [base]
    for case in CASES:
        folder = dest / case.id
        shutil.copytree(base, folder)
        case.mutate(folder)
        folders.append(folder)
    return folders


def main() -> None:
    dest = Path(sys.argv[1] if len(sys.argv) > 1 else "bad-datasets")
    for folder in write_corpus(dest):
        print(folder)


if __name__ == "__main__":
    main()
