"""Safe YAML parsing that remembers the line of every key and list element."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from sitegen.model.raw import FieldPath
from sitegen.stages.yaml_versions import differs_between_versions, version_difference

# Content is at most a few levels deep; a limit keeps deeply nested input from exhausting
# Python's recursion limit while the lines are recorded or the values are built.
MAX_DEPTH = 50
# Invisible control characters (often pasted from a word processor, or written as "\x07"
# escapes) and Unicode noncharacters are not allowed in HTML or XML, so they are refused here.
_CONTROL_HINT = "delete it: it is invisible, and often comes with text pasted from a word processor"
# Noncharacters beyond the first plane (U+1FFFE, U+1FFFF, ...) are checked by code point: a
# character class listing them made the search ten times slower on every file.
_FORBIDDEN_OR_ASTRAL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff\U00010000-\U0010ffff]"
)


# What a text of one-byte characters (Latin-1: most Dutch and English) may hold: deleting
# these from its bytes leaves nothing unless it holds a forbidden character, in a tenth of the
# time the search takes.
_ALLOWED_BYTES = b"\t\n\r" + bytes(range(0x20, 0x7F)) + bytes(range(0xA0, 0x100))


def find_forbidden(text: str) -> str | None:
    """The first character of text that content may not contain, if any."""
    try:
        if not text.encode("latin-1").translate(None, _ALLOWED_BYTES):
            return None
    except UnicodeEncodeError:  # a character beyond Latin-1: the search below
        pass
    for found in _FORBIDDEN_OR_ASTRAL.finditer(text):
        character = found[0]
        if character < "\U00010000" or ord(character) & 0xFFFE == 0xFFFE:
            return character
    return None


# Explicit tags such as !!binary build values the checks here never see (a control character
# hidden in base64); content needs only text, numbers, yes/no, lists and fields.
_PLAIN_TAGS = {
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq")
}

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _ContentLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """Safe loading; dates stay text so the models can report an impossible date by line."""


_ContentLoader.yaml_implicit_resolvers = {
    first: [(tag, rule) for tag, rule in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class YamlProblem(Exception):
    def __init__(
        self,
        line: int | None,
        message: str,
        hint: str = "",
        field: str = "",
        also: tuple[YamlProblem, ...] = (),
    ) -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.hint = hint
        self.field = field
        self.also = also  # more problems of the same kind in the file, reported with it


@dataclass(frozen=True)
class ParsedYaml:
    data: Any
    lines: dict[FieldPath, int]  # the line of every key and list element
    # The text of each unquoted value that YAML read as a number, yes/no or nothing: the hint of
    # a field that wants text can then quote it as written ('+31703119717', not 31703119717).
    written: dict[FieldPath, str]
    # the line of the first line of each literal block (`body: |`) text, for an error about one
    # line inside it
    text_starts: dict[FieldPath, int] = field(default_factory=dict)


def parse_yaml(text: str) -> tuple[Any, dict[FieldPath, int]]:
    """Parse one YAML document; return its data and a map from field path to line number."""
    parsed = read_yaml(text)
    return parsed.data, parsed.lines


def read_yaml(text: str) -> ParsedYaml:
    """Parse one YAML document, refusing what YAML 1.1 and 1.2 read differently (all of it)."""
    try:
        loader = _ContentLoader(text)  # the pure-Python reader checks the characters here
    except yaml.reader.ReaderError as error:
        raise _unreadable_character(text, error) from None
    try:
        node = loader.get_single_node()
        if node is None:
            raise YamlProblem(1, "the file is empty", "write the item's fields, or delete the file")
        walk = _Walk(text)
        walk.record(node, ())
        if walk.differing:
            first, *more = walk.differing
            raise YamlProblem(first.line, first.message, first.hint, first.field, tuple(more))
        # Only an escape ("\x07") or the character itself can put one in a value; most files
        # have neither, and searching every value costs more than parsing.
        if "\\" in text or find_forbidden(text):
            _refuse_invisible_characters(node)
        data = _values(loader, node)
        return ParsedYaml(data, walk.lines, walk.written, walk.text_starts)
    except yaml.reader.ReaderError as error:
        raise _unreadable_character(text, error) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        message = f"this is not valid YAML: {error.problem or error.context}"
        raise YamlProblem(line, message, _yaml_hint(str(error.problem))) from None
    except yaml.YAMLError as error:
        raise YamlProblem(None, f"this is not valid YAML: {error}") from None
    except (ValueError, OverflowError) as error:  # e.g. a number with more than 4,300 digits
        raise YamlProblem(
            None, f"a value cannot be read: {error}", "put it between quotes"
        ) from None
    finally:
        loader.dispose()


class _Unusual(Exception):
    """A document _values leaves to YAML's own constructor."""


def _values(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """The document's values, as loader.construct_document makes them, in a third of its time
    (it is a fifth of the whole check): content holds only text keys, and no aliases (refused).
    Anything else, or a value that cannot be read, goes to the constructor, which says why."""
    try:
        return _built(loader, node)
    except (_Unusual, ValueError, OverflowError, yaml.YAMLError):
        return loader.construct_document(node)


def _built(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    tag = node.tag
    if isinstance(node, yaml.ScalarNode):
        if tag == _TEXT_TAG:
            return node.value
        if tag in _COLLECTION_TAGS:
            raise _Unusual
        return loader.yaml_constructors[tag](loader, node)  # a number, yes/no or nothing
    if isinstance(node, yaml.SequenceNode) and tag == _SEQUENCE_TAG:
        return [_built(loader, child) for child in node.value]
    if not isinstance(node, yaml.MappingNode) or tag != _MAPPING_TAG:
        raise _Unusual
    mapping = {}
    for key_node, value_node in node.value:
        if key_node.tag != _TEXT_TAG or not isinstance(key_node, yaml.ScalarNode):
            raise _Unusual  # a number, a merge key (<<), a list as a key, ...
        mapping[key_node.value] = _built(loader, value_node)
    return mapping


def _unreadable_character(text: str, error: yaml.reader.ReaderError) -> YamlProblem:
    line = text.count("\n", 0, error.position) + 1
    code = f"U+{error.character:04X}" if isinstance(error.character, int) else "?"
    return YamlProblem(
        line, f"the text contains a character that is not allowed ({code})", _CONTROL_HINT
    )


def _yaml_hint(problem: str) -> str:
    if "mapping values are not allowed" in problem:
        return "put text that contains ': ' between quotes"
    if "found character '\\t'" in problem:
        return "indent with spaces, not tabs"
    if "but found another document" in problem:
        return "a content file holds one item: remove the '---' line"
    return "check the indentation and the quotes on this line and the one above"


def _refuse_invisible_characters(node: yaml.Node) -> None:
    """Every key and value, in document order (the nesting is limited by _record_lines)."""
    if isinstance(node, yaml.ScalarNode):
        found = find_forbidden(node.value)
        if found:
            message = f"the text contains an invisible control character (U+{ord(found):04X})"
            raise YamlProblem(node.start_mark.line + 1, message, _CONTROL_HINT)
    elif isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            _refuse_invisible_characters(key_node)
            _refuse_invisible_characters(value_node)
    elif isinstance(node, yaml.SequenceNode):
        for child in node.value:
            _refuse_invisible_characters(child)


@dataclass
class _Walk:
    """One pass over the document's nodes: the line of every value, the text of unquoted
    non-text values, and the values YAML 1.1 and 1.2 read differently."""

    text: str  # the file, to tell a value tagged !!str by its editor
    lines: dict[FieldPath, int] = field(default_factory=dict)
    written: dict[FieldPath, str] = field(default_factory=dict)
    text_starts: dict[FieldPath, int] = field(default_factory=dict)
    differing: list[YamlProblem] = field(default_factory=list)
    _seen: set[int] = field(default_factory=set)

    def record(self, node: yaml.Node, path: FieldPath) -> None:
        # An alias makes the composer hand back a node it has already seen; refusing them keeps
        # 'billion laughs' documents from expanding into huge structures downstream.
        if id(node) in self._seen:
            raise YamlProblem(
                node.start_mark.line + 1,
                "anchors and aliases (& and *) are not allowed in content files",
                "write the value out in full",
            )
        self._seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            self._scalar(node, path)
        if node.tag not in _PLAIN_TAGS:
            short = node.tag.replace("tag:yaml.org,2002:", "!!")
            message = f"the tag {short} is not allowed in content files"
            raise YamlProblem(node.start_mark.line + 1, message, "write the value as text")
        if len(path) >= MAX_DEPTH:
            message = f"the values are nested more than {MAX_DEPTH} levels deep"
            raise YamlProblem(node.start_mark.line + 1, message)
        if isinstance(node, yaml.MappingNode):
            self._mapping(node, path)
        elif isinstance(node, yaml.SequenceNode):
            for index, child in enumerate(node.value):
                child_path = (*path, index)
                self.lines[child_path] = child.start_mark.line + 1
                self.record(child, child_path)

    def _scalar(self, node: yaml.ScalarNode, path: FieldPath) -> None:
        if node.style:  # quoted, or a | or > block: text in both versions
            if node.style == "|":  # its text starts on the line after the |
                self.text_starts[path] = node.start_mark.line + 2
            return
        if node.tag != _TEXT_TAG:
            self.written[path] = node.value
        elif node.value[:1].isalpha():  # most values: text in both (see _maybe_read_otherwise)
            return
        if self._read_otherwise(node):
            name = str(path[-1]) if path and isinstance(path[-1], str) else ""
            message, hint = version_difference(node, name)
            where = ".".join(map(str, path))
            self.differing.append(YamlProblem(node.start_mark.line + 1, message, hint, where))

    def _mapping(self, node: yaml.MappingNode, path: FieldPath) -> None:
        for key_node, value_node in node.value:
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
            child = (*path, key)
            if child in self.lines:
                raise YamlProblem(
                    key_node.start_mark.line + 1,
                    f"the field '{key}' is written twice (first on line {self.lines[child]})",
                    "keep one of the two",
                )
            self.lines[child] = key_node.start_mark.line + 1
            if _maybe_read_otherwise(key_node) and self._read_otherwise(key_node):
                message, hint = version_difference(key_node, "")
                where = ".".join(map(str, child))
                self.differing.append(YamlProblem(self.lines[child], message, hint, where))
            self.record(value_node, child)

    def _read_otherwise(self, node: yaml.Node) -> bool:
        """Whether YAML 1.1 and 1.2 read the value differently. `!!str 017` is text in both:
        the editor wrote the tag, so neither version guesses."""
        if not isinstance(node, yaml.ScalarNode) or not _maybe_read_otherwise(node):
            return False
        if not differs_between_versions(node):
            return False
        return node.tag != _TEXT_TAG or not self._tag_written(node)

    def _tag_written(self, node: yaml.Node) -> bool:
        """Whether the value starts with a tag of its own (`!!str`, `!<...>`), not the
        non-specific `!` (which leaves the guess to each version)."""
        mark = node.start_mark
        lines = self.text.splitlines()
        written = lines[mark.line][mark.column :] if mark.line < len(lines) else ""
        return written.startswith("!") and not written.startswith(("! ", "!\t"))


_TEXT_TAG = "tag:yaml.org,2002:str"
_MAPPING_TAG = "tag:yaml.org,2002:map"
_SEQUENCE_TAG = "tag:yaml.org,2002:seq"
_COLLECTION_TAGS = (_MAPPING_TAG, _SEQUENCE_TAG)


def _maybe_read_otherwise(node: yaml.Node) -> bool:
    """False for most values, at little cost: text that starts with a letter is text in YAML
    1.2 too (1.2's null, true and false are not text in 1.1 either)."""
    if not isinstance(node, yaml.ScalarNode) or node.style:
        return False  # quoted, or a | or > block: text in both (plain is None, or "" in libyaml)
    return node.tag != _TEXT_TAG or not node.value[:1].isalpha()
