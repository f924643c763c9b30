"""Reading and rewriting a saved related-stories index (a NumPy ``.npz``) in tests that damage or age one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import orjson


def read_arrays(path: Path) -> dict[str, np.ndarray]:
    with np.load(path) as data:
        return {name: data[name] for name in data.files}


def write_arrays(path: Path, arrays: dict[str, np.ndarray]) -> None:
    with path.open("wb") as out:
        np.savez(out, **arrays)


def header_of(arrays: dict[str, np.ndarray]) -> dict[str, Any]:
    header: dict[str, Any] = orjson.loads(arrays["header"].tobytes())
    return header


def rewrite_header(path: Path, arrays: dict[str, np.ndarray], header: dict[str, Any]) -> None:
    """Save ``arrays`` to ``path`` with ``header`` in place of theirs."""
    arrays["header"] = np.frombuffer(orjson.dumps(header), dtype=np.uint8)
    write_arrays(path, arrays)
