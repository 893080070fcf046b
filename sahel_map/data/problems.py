"""What is wrong with a file: one :class:`Problem` per fault, precise enough to fix it.

Every reader in :mod:`sahel_map.data` returns problems instead of raising, so
the app can show a banner and keep drawing what is valid, and the CLI can print
``file: feature: field: problem`` lines.

>>> str(Problem("events.geojson", "koulogon-2019", "date", "'2019-13-01' is not a date written YYYY-MM-DD"))
"events.geojson: koulogon-2019: date: '2019-13-01' is not a date written YYYY-MM-DD"
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    file: str
    feature: str | None
    field: str | None
    message: str
    #: warnings (a likely paste error, an unexplained inconsistency) do not stop a load or an export
    warning: bool = False

    def __str__(self) -> str:
        tag = "warning: " if self.warning else ""
        return f"{self.file}: {self.feature or '-'}: {self.field or '-'}: {tag}{self.message}"


def unreadable(path: Path) -> str | None:
    """Why ``path`` cannot be read as a regular file (missing, a folder, a FIFO, a loop), or None.

    Checked before opening, because opening a FIFO blocks for ever and a folder
    or a symlink loop raises errors that name server paths.
    """
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "file not found"
    except OSError as exc:
        return f"cannot be read ({os.strerror(exc.errno) if exc.errno else 'unreadable'})"
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    if not stat.S_ISREG(mode):
        return "is not a regular file"
    if not os.access(path, os.R_OK):
        return "cannot be read (permission denied)"
    return None


def read_text(path: Path) -> tuple[str | None, str | None]:
    """The file's UTF-8 text, or ``(None, why not)``: never raises for a bad file."""
    why = unreadable(path)
    if why:
        return None, why
    try:
        return path.read_text(encoding="utf-8"), None
    except UnicodeDecodeError as exc:
        return None, f"not UTF-8 text ({exc.reason} at byte {exc.start})"
    except OSError as exc:
        return None, f"cannot be read ({os.strerror(exc.errno) if exc.errno else 'unreadable'})"
