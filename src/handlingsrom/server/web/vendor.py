"""Vendor the dashboard's browser libraries from the npm registry (no CDN at run time).

``python -m handlingsrom.server.web.vendor`` fetches each pinned package with ``npm pack``,
checks the tarball against its recorded integrity (SHA-512, as the registry publishes it),
and copies the built file and its licence into ``static/vendor/`` (axe-core, used only by
the browser tests, into ``tests/dashboard/vendor/``). ``static/vendor/VENDOR.json`` records
package, version, file, licence, the tarball's integrity and the file's SHA-256; a test
checks the files against it. Change a version here, run the command, commit the files.
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
STATIC_VENDOR = HERE / "static" / "vendor"
TESTS_VENDOR = HERE.parents[3] / "tests" / "dashboard" / "vendor"

# (package, version, file in the tarball, file name here, licence, where)
PACKAGES: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("vega", "6.4.0", "package/build/vega.min.js", "vega.min.js", "BSD-3-Clause", "static"),
    (
        "vega-lite",
        "6.5.0",
        "package/build/vega-lite.min.js",
        "vega-lite.min.js",
        "BSD-3-Clause",
        "static",
    ),
    (
        "vega-embed",
        "7.3.0",
        "package/build/vega-embed.min.js",
        "vega-embed.min.js",
        "BSD-3-Clause",
        "static",
    ),
    ("axe-core", "4.14.1", "package/axe.min.js", "axe.min.js", "MPL-2.0", "tests"),
)
INTEGRITY = {
    "vega": "sha512-rHXCq2LpEWCLMjXBEj7hocY9G0/i5TGYRayGGSj06VTF4+l2IG2Z7oeZKCjWbUh/7hTE/mVhbaOPB72wCElh6g==",  # noqa: E501
    "vega-lite": "sha512-fMXF6s0MrIg0UTWnLIfeFtgSLzVhyzSKobzGrh5rhS+mL6FOYFG3m7ouJ4U23gj65EK+gl9FIIT5w7wLNaAzkA==",  # noqa: E501
    "vega-embed": "sha512-wQ8s5GaSzqoKgmRfbRolgBrjE2CP7ZKHXqH7NijxMqPjpdWxSs4Dn8tvp9g0giQvh2cK+3p56sxjWWM0wNngGw==",  # noqa: E501
    "axe-core": "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==",  # noqa: E501
}


def _integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def main() -> int:
    records = []
    with tempfile.TemporaryDirectory(prefix="handlingsrom-vendor-") as tmp:
        for name, version, member, target, licence, where in PACKAGES:
            out = subprocess.run(
                ["npm", "pack", f"{name}@{version}", "--json", "--pack-destination", tmp],
                check=True,
                capture_output=True,
                text=True,
            )
            filename = json.loads(out.stdout)[0]["filename"]
            tarball = (Path(tmp) / filename).read_bytes()
            if _integrity(tarball) != INTEGRITY[name]:
                print(f"{name}@{version}: integrity mismatch", file=sys.stderr)
                return 1
            folder = STATIC_VENDOR if where == "static" else TESTS_VENDOR
            folder.mkdir(parents=True, exist_ok=True)
            with tarfile.open(Path(tmp) / filename) as tar:
                for src, dst in ((member, target), ("package/LICENSE", f"{name}.LICENSE")):
                    fh = tar.extractfile(src)
                    assert fh is not None
                    with (folder / dst).open("wb") as f:
                        shutil.copyfileobj(fh, f)
            data = (folder / target).read_bytes()
            records.append(
                {
                    "package": name,
                    "version": version,
                    "file": f"{'static/vendor' if where == 'static' else 'tests/dashboard/vendor'}/"
                    f"{target}",
                    "licence": licence,
                    "licence_file": f"{name}.LICENSE",
                    "tarball_integrity": INTEGRITY[name],
                    "sha256": hashlib.sha256(data).hexdigest(),
                }
            )
    (STATIC_VENDOR / "VENDOR.json").write_text(json.dumps(records, indent=2) + "\n")
    print(f"vendored {len(records)} packages into {STATIC_VENDOR} and {TESTS_VENDOR}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
