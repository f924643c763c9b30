"""Where an array lies inside an ``.npz`` file, so the search and related indexes can map it instead of reading it.

An ``.npz`` is a zip of ``.npy`` files. A member stored uncompressed is the ``.npy`` bytes as they are: after the
zip's local header and the array's own header, its data sits at a fixed offset of the file, which ``mmap`` (or
``np.memmap``) can view without reading. Both indexes keep their large arrays that way, so an index of 50k stories
costs the pages a query touches, not the whole file.
"""

from __future__ import annotations

import struct
import zipfile
from typing import IO

import numpy as np


def member_layout(raw: IO[bytes], info: zipfile.ZipInfo) -> tuple[int, tuple[int, ...], np.dtype] | None:
    """(offset of the data in the file, shape, dtype) of the array stored uncompressed in ``info``; None when it
    cannot be viewed as it lies (an unknown ``.npy`` version, objects, a Fortran-ordered matrix).

    Raises ValueError for a damaged entry: a local header that is not one, or an array that does not fill it.
    """
    raw.seek(info.header_offset)
    local = raw.read(30)
    if len(local) != 30 or local[:4] != b"PK\x03\x04":
        raise ValueError(f"{info.filename}: damaged entry")
    name_len, extra_len = struct.unpack("<HH", local[26:30])
    start = info.header_offset + 30 + name_len + extra_len
    raw.seek(start)
    version = np.lib.format.read_magic(raw)
    if version == (1, 0):
        shape, fortran, dtype = np.lib.format.read_array_header_1_0(raw)
    elif version == (2, 0):
        shape, fortran, dtype = np.lib.format.read_array_header_2_0(raw)
    else:
        return None
    if dtype.hasobject or (fortran and len(shape) > 1):
        return None
    offset = raw.tell()
    count = int(np.prod(shape, dtype=np.int64))
    if offset - start + count * dtype.itemsize != info.file_size:
        raise ValueError(f"{info.filename}: the array does not fill its entry")
    return offset, tuple(shape), dtype
