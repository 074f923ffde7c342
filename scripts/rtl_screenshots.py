"""Regenerate docs/screenshots/rtl/: the thread, the register form, the moderation queue,
the digest draft and the reply form, in Arabic and in English, as Chromium shows them.

Runs the right-to-left browser tests (tests/e2e/test_rtl.py) with FORUM_RTL_SHOTS set:
they start the forum on a fresh demo database and visit each page as its person.
Usage: python scripts/rtl_screenshots.py
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FOLDER = REPO / "docs" / "screenshots" / "rtl"


def main() -> int:
    FOLDER.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "FORUM_RTL_SHOTS": str(FOLDER), "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "tests/e2e/test_rtl.py"], cwd=REPO, env=env)
    print(f"screenshots in {FOLDER.relative_to(REPO)}: "
          + ", ".join(sorted(p.name for p in FOLDER.glob("*.png"))))
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
