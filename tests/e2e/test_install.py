"""`pip install .` gives a working package: the wheel holds every module, and its `sitegen`
command, installed in a fresh virtual environment, builds a site in a folder of its own."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import lxml.html
import pytest

from sitegen.pipeline import PROJECT_ROOT
from tests.support.builds import a_site_folder

PACKAGES = ("sitegen", "schemas")


def run(command: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run a command with no trace of this repository on the import path."""
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run(
        command, cwd=cwd, env=clean, capture_output=True, text=True, check=False, timeout=120
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built from a copy of what a clone has at the top and in the packages (a build
    in the repository would leave build/ behind in it)."""
    source = tmp_path_factory.mktemp("source")
    for item in PROJECT_ROOT.iterdir():
        if item.is_file():
            shutil.copy2(item, source / item.name)
    for package in PACKAGES:
        ignore = shutil.ignore_patterns("__pycache__")
        shutil.copytree(PROJECT_ROOT / package, source / package, ignore=ignore)
    wheels = tmp_path_factory.mktemp("wheels")
    built = run([
        sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
        "--no-index", "--wheel-dir", str(wheels), str(source),
    ])  # fmt: skip
    assert built.returncode == 0, built.stderr
    (found,) = wheels.glob("*.whl")
    return found


def test_the_wheel_holds_every_module_of_the_packages(wheel: Path) -> None:
    modules = {
        path.relative_to(PROJECT_ROOT).as_posix()  # a wheel names its files with '/'
        for package in PACKAGES
        for path in (PROJECT_ROOT / package).rglob("*.py")
    }
    assert "sitegen/outputs/__init__.py" in modules  # the subpackage a listed wheel once lost
    with zipfile.ZipFile(wheel) as archive:
        missing = modules - set(archive.namelist())
    assert not missing, f"not in the wheel: {sorted(missing)}"


def test_the_installed_command_builds_a_site_in_its_own_folder(wheel: Path, tmp_path: Path) -> None:
    python, scripts = fresh_environment(tmp_path / "env")
    installed = run([
        sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
        "--no-deps", "--no-index", str(wheel),
    ])  # fmt: skip
    assert installed.returncode == 0, installed.stderr
    # Every dependency that the wheel names is there, in the versions it asks for.
    checked = run([sys.executable, "-m", "pip", "--python", str(python), "check"])
    assert checked.returncode == 0, checked.stdout + checked.stderr

    site = a_site_folder(tmp_path / "my-site")
    where = run([str(python), "-c", "import sitegen.cli; print(sitegen.cli.__file__)"], site)
    assert Path(where.stdout.strip()).is_relative_to(tmp_path / "env"), where.stdout
    command = shutil.which("sitegen", path=str(scripts))
    assert command is not None, f"no sitegen command in {scripts}"
    result = run([command, "build", "--today", "2026-11-25"], cwd=site)

    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    out = site / "site"
    assert (out / "en" / "index.html").is_file()
    home = lxml.html.parse(out / "index.html").getroot()
    assert home.get("lang") == "nl"
    stylesheets = home.xpath("//link[@rel='stylesheet']/@href")
    assert stylesheets, "the home page links no stylesheet"
    for href in stylesheets:  # the assets came from this folder's static/
        assert (out / href.lstrip("/")).is_file(), href
    assert (out / "pagefind").is_dir()  # the search index: Pagefind ran too


def fresh_environment(folder: Path) -> tuple[Path, Path]:
    """A new virtual environment (its python, its scripts folder) that finds the dependencies
    installed from the lock in this one, offline: a path line in a .pth file adds this
    environment's site-packages, but runs none of its .pth files, so not the editable
    install of this repository either."""
    builder = venv.EnvBuilder(with_pip=False)
    builder.create(folder)
    context = builder.ensure_directories(folder)
    python = Path(context.env_exe)
    asked = run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"])
    own_site_packages = Path(asked.stdout.strip())
    ours = dict.fromkeys([sysconfig.get_path("purelib"), sysconfig.get_path("platlib")])
    (own_site_packages / "dependencies.pth").write_text("\n".join(ours) + "\n", encoding="utf-8")
    return python, Path(context.bin_path)
