#!/usr/bin/env python3
"""Set-up and entry point for a fresh machine that has only python3.

    python3 dev.py demo     # create/refresh .venv, then run the pipeline on the bundled demo press
    python3 dev.py test     # create/refresh .venv, then ruff and the test suite
    python3 dev.py shell    # print how to activate the virtualenv

Extra arguments are passed on (`python3 dev.py test -k crawler`, `python3 dev.py demo --refetch`).
The virtualenv is reinstalled only when pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".chipwatch-installed"


def ensure_venv() -> None:
    """Create the virtualenv and install the project with its test and transformers extras when needed."""
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py runs under whatever python3 the machine has
        sys.exit(f"chipwatch needs Python 3.11 or newer (this is {sys.version.split()[0]})")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if (BIN / "python").exists() and STAMP.exists() and STAMP.read_text().strip() == wanted:
        return
    if not (BIN / "python").exists():
        print("creating virtualenv in .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("installing chipwatch and its dependencies into .venv (first run takes a few minutes) …", flush=True)
    log = VENV / "install.log"
    with log.open("w") as output:
        installed = subprocess.call([str(BIN / "python"), "-m", "pip", "install", "--disable-pip-version-check",
                                     "-e", f"{ROOT}[test,transformers]"], stdout=output, stderr=subprocess.STDOUT)
    if installed != 0:
        print("".join(log.read_text().splitlines(keepends=True)[-20:]), end="")
        sys.exit(f"installing the dependencies failed; the whole pip log is in {log}")
    STAMP.write_text(wanted)


def ensure_chromium() -> None:
    """Install Debian's chromium for the test that renders the HTML digest, where that is possible."""
    if shutil.which("chromium"):
        return
    if not shutil.which("apt-get") or os.geteuid() != 0:
        print("chromium is not installed and cannot be installed here: the browser test will be skipped")
        return
    print("installing Debian's chromium for the digest rendering test …", flush=True)
    quiet = {"stdout": subprocess.DEVNULL}
    if subprocess.call(["apt-get", "update", "-qq"], **quiet) or subprocess.call(
            ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium"], **quiet):
        print("could not install chromium: the browser test will be skipped")


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("demo", "test", "shell"):
        print(__doc__.strip())
        return 2
    command, rest = argv[0], argv[1:]
    ensure_venv()
    os.chdir(ROOT)
    if command == "shell":
        print(f"source {BIN / 'activate'}")
        return 0
    if command == "demo":
        return subprocess.call([str(BIN / "chipwatch"), "demo", *rest])
    ensure_chromium()
    lint = subprocess.call([str(BIN / "ruff"), "check", "."])
    tests = subprocess.call([str(BIN / "python"), "-m", "pytest", *rest])
    return tests or lint


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
