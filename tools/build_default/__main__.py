"""Rebuild `src/handlingsrom/datasets/baerum-2017/` from the shared public data.

    python -m tools.build_default [--shared ../shared/data]

Each layer's part of the dataset is built by its own module here; they only read the shared
CSVs and write the dataset's files. Only information available in early 2017 is used:
population up to 1 January 2017, rates and accounts up to 2016.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from tools.build_default import demography, economy, published, services
from tools.build_default.common import OUT, write_provenance, write_sources

LAYERS = (demography, services, economy, published)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument(
        "--shared", type=Path, default=Path(__file__).parents[3] / "shared" / "data"
    )
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for layer in LAYERS:
        layer.build(args.shared, args.out)
    write_sources(args.out)
    write_provenance(args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
