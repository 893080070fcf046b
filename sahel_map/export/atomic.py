"""Write a file whole or not at all: a temporary file beside the target, renamed when complete."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


class ExportError(Exception):
    """A problem the user can fix (bad option, empty selection, unwritable path): one clear line."""


def check_target(out: Path) -> None:
    """Refuse an ``--out`` that cannot be written, before any work is done."""
    out = Path(out)
    if out.is_dir():
        raise ExportError(f"cannot write {out}: it is a folder (name a file)")
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"cannot write {out}: folder {folder} does not exist")
    if not os.access(folder, os.W_OK):
        raise ExportError(f"cannot write {out}: folder {folder} is not writable")
    if out.exists() and not os.access(out, os.W_OK):
        raise ExportError(f"cannot write {out}: the file is read-only")


@contextlib.contextmanager
def atomic_path(out: Path) -> Iterator[Path]:
    """A temporary path beside ``out``, renamed to ``out`` only if the block succeeds."""
    out = Path(out)
    check_target(out)
    folder = out.parent if str(out.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{out.name}.", suffix=out.suffix)
    except OSError as exc:
        raise ExportError(f"cannot write {out}: {os.strerror(exc.errno) if exc.errno else 'not writable'}") from None
    os.close(fd)
    try:
        yield Path(tmp)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; give the file the usual permissions
        try:
            os.replace(tmp, out)
        except OSError as exc:
            raise ExportError(f"cannot write {out}: {os.strerror(exc.errno) if exc.errno else 'failed'}") from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
