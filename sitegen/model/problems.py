"""Content problems, collected by every stage and reported together."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class ContentError:
    """One problem in one file: where it is, what is wrong and what to write instead."""

    path: str
    line: int | None
    field: str
    message: str
    hint: str = ""
    severity: Severity = "error"

    def format(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        field = f" {self.field}:" if self.field else ""
        text = f"{where}: {self.severity}:{field} {self.message}"
        return f"{text}\n    hint: {self.hint}" if self.hint else text

    def github(self) -> str:
        """A GitHub Actions workflow command, shown as an annotation on the file and line."""
        properties = f"file={_escape_property(self.path)}"
        if self.line:
            properties += f",line={self.line}"
        if self.field:
            properties += f",title={_escape_property(self.field)}"
        message = f"{self.message} (hint: {self.hint})" if self.hint else self.message
        return f"::{self.severity} {properties}::{_escape_data(message)}"

    def as_error(self) -> ContentError:
        return ContentError(self.path, self.line, self.field, self.message, self.hint, "error")


class UsageError(Exception):
    """A command-line option that cannot work as given (exit 2); nothing was done. The message
    says why and what to do instead."""

    option = ""  # the option it concerns, such as --out


def suggest(word: str, choices: Iterable[str]) -> str:
    """'did you mean ...?' for the closest choice, or '' when nothing is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def errors_only(problems: Iterable[ContentError]) -> list[ContentError]:
    return [problem for problem in problems if problem.severity == "error"]


def sorted_problems(problems: Iterable[ContentError]) -> list[ContentError]:
    return sorted(problems, key=lambda p: (p.path, p.line or 0, p.field, p.message))


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
