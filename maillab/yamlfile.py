"""Load YAML keeping the line of every value, so errors can say file:line."""

import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from maillab.errors import LabFileError

Loaded = TypeVar("Loaded")


def line_of(text: str, mark: Any) -> int:
    """The 1-based line of a YAML mark as an editor counts lines (YAML also breaks lines at NEL, LS and PS)."""
    return text.count("\n", 0, mark.index) + 1


class LineMap:
    """Maps a path inside a YAML document (keys and indexes) to its 1-based line."""

    def __init__(self, root: Any, text: str = ""):
        self._root, self._text = root, text

    def line(self, location: Sequence[str | int]) -> int | None:
        """The line of the deepest node along `location` that exists."""
        node, best = self._root, None
        if node is not None:
            best = line_of(self._text, node.start_mark)
        for step in location:
            node = self._child(node, step)
            if node is None:
                break
            best = line_of(self._text, node.start_mark)
        return best

    def inner_line(self, location: Sequence[str | int], inner: int | None) -> int | None:
        """The file line of line `inner` (1-based) of the string at `location`; block scalars (| and >)
        start on the line after their indicator."""
        import yaml

        node = self._root
        for step in location:
            node = self._child(node, step)
            if node is None:
                return self.line(location)
        start = line_of(self._text, node.start_mark)
        if inner is None:
            return start
        block = isinstance(node, yaml.ScalarNode) and node.style in ("|", ">")
        return start + inner - (0 if block else 1)

    @staticmethod
    def _child(node: Any, step: str | int) -> Any:
        import yaml

        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == step:
                    return value
        if isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            return node.value[step]
        return None


def load(path: Path) -> tuple[Any, LineMap]:
    """Parse one YAML file; a syntax error becomes a LabFileError with its line."""
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise LabFileError(path, None, f"cannot read: {error}") from None
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)  # libyaml parses ~15x faster when present
    try:
        root = loader.get_single_node()  # parsed once: the node tree gives lines, its construction the data
        data = loader.construct_document(root) if root is not None else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = line_of(text, mark) if mark else None
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise LabFileError(path, line, f"invalid YAML: {problem}") from None
    except RecursionError:
        raise LabFileError(path, None, "invalid YAML: nested too deeply") from None
    finally:
        loader.dispose()
    return data, LineMap(root, text)


def validation_error(path: Path, lines: LineMap, error: Any) -> LabFileError:
    """Turn the first pydantic ValidationError entry into a file:line error."""
    first = error.errors()[0]
    location = [step for step in first["loc"] if isinstance(step, str | int)]
    # a key may hold any character (a line break too); the message stays one line
    field = ".".join(str(step) if str(step).isprintable() else repr(step) for step in location) or "document"
    return LabFileError(path, lines.line(location), f"{field}: {first['msg']}")


def load_model(path: Path, model: Any, what: str) -> tuple[Any, LineMap]:
    """Load one YAML mapping and validate it as the pydantic `model`; (instance, lines) or a file:line error."""
    from pydantic import ValidationError

    data, lines = load(path)
    if not isinstance(data, dict):
        raise LabFileError(path, lines.line([]), f"{what} must be a mapping of keys to values")
    try:
        return model.model_validate(data), lines
    except ValidationError as error:
        raise validation_error(path, lines, error) from None


def remembered(load: Callable[..., Loaded]) -> Callable[..., Loaded]:
    """`load(path, *args)`, parsed and validated again only when the file's bytes have changed: one
    batch grading or exam sitting loads the same labs many times. Keyed by content, not by modification
    time, which can stay the same across quick rewrites. Errors are not remembered."""
    by_content = functools.lru_cache(maxsize=256)(lambda path, _content, *args: load(path, *args))

    @functools.wraps(load)
    def cached(path: Path, *args: Any) -> Loaded:
        try:
            content = path.read_bytes()
        except OSError:
            return load(path, *args)  # the loader says what is wrong with the file
        return by_content(path, content, *args)

    return cached
