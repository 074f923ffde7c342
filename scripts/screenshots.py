"""Regenerate docs/screenshots/ from the browser tests (never by hand).

    PYTHONPATH=. python scripts/screenshots.py            # the default test files below
    PYTHONPATH=. python scripts/screenshots.py tests/e2e/test_participation.py

Runs the given tests/e2e files (they photograph pages in Chromium at 1280 and 390 px into
build/e2e/) and copies the pictures named in SCREENSHOTS to docs/screenshots/. A picture
that the run did not produce is reported, not silently kept from an older run.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BUILT = REPO / "build" / "e2e"
DOCS = REPO / "docs" / "screenshots"

# The test file that takes each picture, and the pictures kept in docs/screenshots.
SCREENSHOTS: dict[str, tuple[str, ...]] = {
    "tests/e2e/test_look.py": tuple(
        f"look-{page}-{size}" for page in ("home", "forum", "thread", "not-found", "secretariat",
                                           "audit-log") for size in ("desktop", "phone")),
    "tests/e2e/test_participation.py": (
        "participation-desktop", "participation-phone", "participation-staff-desktop",
    ),
    "tests/e2e/test_moderation_desk.py": (
        "moderation-desk-desktop", "moderation-desk-phone", "queue-desktop", "queue-phone",
    ),
    "tests/e2e/test_api_reference.py": ("api-reference",),
    "tests/e2e/test_reading.py": ("reading-latest-message", "reading-reply-to-a-message"),
}


def main(argv: list[str]) -> int:
    targets = argv or list(SCREENSHOTS)
    started = {name: (BUILT / f"{name}.png").stat().st_mtime if (BUILT / f"{name}.png").exists()
               else 0.0 for names in SCREENSHOTS.values() for name in names}
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           *targets], cwd=REPO, check=False)
    if done.returncode != 0:
        print("the browser tests failed: screenshots not copied", file=sys.stderr)
        return done.returncode
    DOCS.mkdir(parents=True, exist_ok=True)
    missing = []
    for target in targets:
        for name in SCREENSHOTS.get(target, ()):
            source = BUILT / f"{name}.png"
            if not source.exists() or source.stat().st_mtime <= started[name]:
                missing.append(name)
                continue
            shutil.copyfile(source, DOCS / f"{name}.png")
            print(f"docs/screenshots/{name}.png")
    if missing:
        print(f"not produced by this run: {', '.join(missing)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
