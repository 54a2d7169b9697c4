#!/usr/bin/env python3
"""`python build.py ...` in a clone: the `sitegen` command (sitegen/cli.py) for the site in this
repository, from any working folder. `python build.py --help` lists the commands."""

from __future__ import annotations

import sys
from pathlib import Path

from sitegen import cli

REPOSITORY = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    return cli.main(argv, default_root=REPOSITORY)


if __name__ == "__main__":
    sys.exit(main())
