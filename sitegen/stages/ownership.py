"""Which folder a build may publish into: one of its own, never anyone else's.

Publishing replaces the output folder whole (write.py), so pointed at a folder that holds
other files it would delete them. A build therefore leaves a record of every file it wrote
in the folder (RECORD), and publishes only into a folder that does not exist yet, is empty,
or holds such a record naming everything in it. Some folders are refused whatever they hold:
the file-system root, the home folder, shared system folders, and any folder that is, holds
or lies inside the content, templates, static or cache folders or a repository.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from sitegen.model.problems import UsageError

RECORD = ".sitegen-files.json"  # the files a build wrote into its output folder
RECORD_FORMAT = "sitegen output record 1"
PROJECT_MARKERS = (".git", "content", "templates")  # a folder holding one is someone's project
HOST_FILES = {"CNAME": "cname", ".nojekyll": "nojekyll"}  # files a host needs -> setting
# files a file browser leaves in the folders it shows -> the browser
BROWSER_FILES = {".DS_Store": "the Finder", "Thumbs.db": "Explorer", "desktop.ini": "Explorer"}
NAMED_AT_MOST = 5


class OutputFolderRefused(UsageError):
    """The output folder is not the build's own; nothing was done. The message says why and
    what to do instead."""

    option = "--out"


def refuse_unsafe_location(out_dir: Path, project_folders: Mapping[str, Path]) -> None:
    """Refuse a folder that must never be replaced, whatever it holds.

    project_folders name the folders the build reads or keeps ('content': ..., 'cache': ...):
    the output folder may be none of them, lie inside none, and hold none."""
    problem = _location_problem(out_dir.resolve(), project_folders)
    if problem is not None:
        reason, advice = problem
        _refuse(out_dir, reason, advice.replace("OUT", str(out_dir)))


def _location_problem(folder: Path, project_folders: Mapping[str, Path]) -> tuple[str, str] | None:
    """Why folder can never be an output folder, and what to do instead (OUT: the folder as
    given); None when it may be one."""
    own_folder = "choose a folder of its own for the site, such as site/"
    if folder.exists() and not folder.is_dir():
        return "it is a file, not a folder", "choose a folder for the site"
    if (reason := _shared_folder(folder)) is not None:
        return reason, own_folder
    for role, project_folder in project_folders.items():
        if (reason := _overlap(folder, project_folder.resolve(), role)) is not None:
            return reason, own_folder
    if folder.is_dir() and os.path.ismount(folder):
        mounted = "it is a mount point (a disk or volume of its own), which cannot be renamed"
        return mounted, "publish into a folder inside it, such as OUT/site"
    for site in folder.parents:
        if (site / RECORD).is_file():
            inside = f"it lies inside the site published in {site}"
            return inside, f"publish into {site} itself, or into a folder of its own"
    for marker in PROJECT_MARKERS:
        if (folder / marker).exists():
            project = f"it holds {marker}, so it is a project's or repository's folder"
            return project, "choose a folder of its own inside it, such as site/"
    return None


def claim_output_folder(
    out_dir: Path, recorded_elsewhere: Callable[[], Iterable[str]] = tuple
) -> frozenset[str]:
    """The files the build may replace or delete in out_dir; refuses a folder that holds
    anything else. recorded_elsewhere, asked only when the folder has no record: the files an
    earlier build listed elsewhere (the cache's manifest of builds made before records)."""
    if not out_dir.exists():
        return frozenset()
    record = read_record(out_dir)
    owned = record if record is not None else frozenset(recorded_elsewhere())
    foreign = foreign_entries(out_dir, owned)
    if foreign:
        _refuse(out_dir, _holds(foreign), _what_to_do(foreign))
    return owned


def read_record(folder: Path) -> frozenset[str] | None:
    """The files the record in folder names (itself included); None without a readable one."""
    try:
        data = json.loads((folder / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != RECORD_FORMAT:
        return None
    files = data.get("files")
    if not isinstance(files, list) or not all(isinstance(name, str) for name in files):
        return None
    return frozenset([*files, RECORD])


def record_bytes(files: Iterable[str]) -> bytes:
    """The record of a folder holding files (sorted, so that equal sites give equal bytes)."""
    names = sorted(set(files) - {RECORD})
    return json.dumps({"format": RECORD_FORMAT, "files": names}, indent=0).encode()


def files_in(folder: Path) -> list[str]:
    """Every file, symbolic link and empty folder ('name/') below folder, as relative POSIX
    paths; symbolic links are not followed. Strings and a stack, not Paths and recursion:
    the warm build walks 18,000 files with this."""
    found: list[str] = []
    folders = [("", str(folder))]
    while folders:
        prefix, path = folders.pop()
        with os.scandir(path) as entries:
            before = len(found) + len(folders)
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append((f"{prefix}{entry.name}/", entry.path))
                else:
                    found.append(prefix + entry.name)
        if prefix and len(found) + len(folders) == before:
            found.append(prefix)
    return found


def foreign_entries(folder: Path, owned: frozenset[str]) -> list[str]:
    """What folder holds that the build did not write, sorted. An empty folder on the way to
    a file the build wrote is its own (someone deleted the file)."""
    foreign = [name for name in files_in(folder) if name not in owned]
    if any(name.endswith("/") for name in foreign):
        made = {name[: i + 1] for name in owned for i, c in enumerate(name) if c == "/"}
        foreign = [name for name in foreign if name not in made]
    return sorted(foreign)


def discard_owned(folder: Path, also_owned: frozenset[str] = frozenset()) -> list[str]:
    """Delete what the build wrote in folder (its record says what), then the folders left
    empty; return what is left, which the build did not write and so does not touch."""
    owned = (read_record(folder) or frozenset()) | also_owned
    _delete_owned(folder, folder, owned)
    if folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        return []
    return foreign_entries(folder, frozenset()) if folder.is_dir() else []


def _delete_owned(folder: Path, root: Path, owned: frozenset[str]) -> None:
    for entry in os.scandir(folder):
        path = Path(entry.path)
        if entry.is_dir(follow_symlinks=False):
            _delete_owned(path, root, owned)
            if not any(path.iterdir()):
                path.rmdir()
        elif path.relative_to(root).as_posix() in owned:
            path.unlink()


def _shared_folder(folder: Path) -> str | None:
    if folder == Path(folder.anchor):
        return "it is the root of the file system"
    home = Path.home().resolve()
    if folder == home:
        return "it is your home folder"
    if folder in home.parents:
        return "it holds the home folders"
    if _key(folder) in {_key(shared) for shared in _shared_folders(home)}:
        return "it is a folder that other programs and people share"
    return None


def _shared_folders(home: Path) -> list[Path]:
    """Well-known folders of the system and of the user's own files."""
    system = ["/tmp", "/var/tmp", "/usr", "/usr/local", "/etc", "/var", "/bin", "/sbin", "/lib"]
    system += ["/lib64", "/opt", "/srv", "/mnt", "/media", "/dev", "/proc", "/sys", "/boot"]
    system += ["/root", "/home", "/Users", "/Applications", "/Library", "/System", "/private"]
    system += ["/private/tmp", "/private/var", "/Volumes"]
    variables = ["SystemRoot", "ProgramFiles", "ProgramFiles(x86)", "ProgramData", "APPDATA"]
    variables += ["LOCALAPPDATA", "PUBLIC", "TEMP", "TMP", "USERPROFILE", "OneDrive"]
    folders = [Path(name) for name in system]
    folders += [Path(os.environ[name]) for name in variables if os.environ.get(name)]
    folders += [home / name for name in ("Desktop", "Documents", "Downloads", "Pictures")]
    folders.append(Path(tempfile.gettempdir()))
    return [folder.resolve() for folder in folders]


def _key(folder: Path) -> str:
    return os.path.normcase(str(folder))  # Windows compares paths without case


def _overlap(out_dir: Path, folder: Path, role: str) -> str | None:
    if out_dir == folder:
        return f"it is the {role} folder"
    if out_dir.is_relative_to(folder):
        return f"it lies inside the {role} folder ({folder})"
    if folder.is_relative_to(out_dir):
        return f"it holds the {role} folder ({folder})"
    return None


def _holds(foreign: list[str]) -> str:
    named = ", ".join(foreign[:NAMED_AT_MOST])
    more = f", and {len(foreign) - NAMED_AT_MOST} more" if len(foreign) > NAMED_AT_MOST else ""
    noun = "file" if len(foreign) == 1 else "files"
    return f"it holds {len(foreign)} {noun} this build did not write ({named}{more})"


def _what_to_do(foreign: list[str]) -> str:
    advice = "choose an empty or new folder, or move those files out of it"
    names = {name.rsplit("/", 1)[-1] for name in foreign}
    hosts = [f"{name} (set {setting} in content/site.yaml)"
             for name, setting in HOST_FILES.items() if name in foreign]  # fmt: skip
    if hosts:
        advice += "; the build writes " + ", ".join(hosts) + " itself"
    browsers = sorted({browser for name, browser in BROWSER_FILES.items() if name in names})
    if browsers:
        advice += f"; {' and '.join(browsers)} left files that only say how it shows the folder"
        advice += ": those can simply be deleted"
    return advice


def _refuse(out_dir: Path, reason: str, advice: str) -> None:
    raise OutputFolderRefused(
        f"refusing to publish into {out_dir}: {reason}. The build replaces its output folder "
        f"whole, so it never publishes into a folder it does not own: {advice}."
    )
