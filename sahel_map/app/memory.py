"""The server's memory: what the big reads freed goes back to the system.

Parsing a 100,000-row upload and building its map payload free some 150 MB
of transient blocks that glibc and Arrow's pool would otherwise keep; handing
them back after those reads keeps the server near what it really holds (about
100 MB for such a layer). Where the C library is not glibc (macOS, musl) the
glibc call is skipped.

Streamlit runs each rerun in a thread of its own, and glibc gives threads
heaps of their own (up to eight per core), each keeping what was freed in it:
the servers we start set ``MALLOC_ARENA_MAX=2`` (``make run``, the replicas,
the tests and benchmarks), which must be in the environment before the process
starts (``mallopt`` later is too late: the limit is fixed at the first thread's
heap). See docs/deploy.md.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc


def _libc():
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc if hasattr(libc, "malloc_trim") else None
    except OSError:
        return None


_LIBC = _libc()


def give_back() -> None:
    """Hand what was freed back to the system: Python's garbage, glibc's heaps and Arrow's pool (pandas
    keeps text columns in Arrow)."""
    gc.collect()
    if _LIBC is not None:
        _LIBC.malloc_trim(0)
    try:
        import pyarrow

        pyarrow.default_memory_pool().release_unused()
    except (ImportError, AttributeError):
        pass
