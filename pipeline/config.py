"""planpipe.toml: the settings file a user keeps beside their plans.

``load_config`` returns its raw tables; each section is read by its owner:
``[profile]`` by ``pipeline.profile`` (how this user's plans are written) and
``[publish]`` by the publishing side. Nothing here knows what a section means.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from pipeline.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

CONFIG_NAME = "planpipe.toml"


def load_config(path: str | Path | None = None) -> dict:
    """Return the tables of a planpipe.toml.

    With ``path`` None, ``planpipe.toml`` in the working folder is read when
    it is there (no file gives ``{}``). A named file must exist. A file that
    is not valid TOML raises ConfigError naming the file and the line.
    """
    if path is None:
        target = Path(CONFIG_NAME)
        if not target.exists():
            return {}
    else:
        target = Path(path)
    name = str(target)
    try:
        data = target.read_bytes()
    except FileNotFoundError:
        raise ConfigError(name, "no such file") from None
    except IsADirectoryError:
        raise ConfigError(name, "is a folder, not a settings file") from None
    except OSError as exc:
        raise ConfigError(name, f"cannot read: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ConfigError(name, f"line {line}: not UTF-8 text") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(name, _toml_message(exc, text.count("\n") + 1)) from None


def _toml_message(exc: Exception, last_line: int) -> str:
    """Return "line N: what" from a TOMLDecodeError, on one line."""
    message = str(exc).splitlines()[0] if str(exc) else "not valid TOML"
    line = getattr(exc, "lineno", None)
    if line is None:
        # tomllib before 3.14 puts the place in the text: "Invalid value (at line 3, column 5)".
        found = re.search(r"\(at line (\d+), column \d+\)$", message)
        if found:
            line = int(found.group(1))
            message = message[: found.start()].rstrip()
        elif message.endswith("(at end of document)"):
            message = message[: -len("(at end of document)")].rstrip()
            return f"line {last_line} (end of file): not valid TOML: {message}"
    where = f"line {line}" if line else "document"
    return f"{where}: not valid TOML: {message}"
