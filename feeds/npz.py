"""Where an array lies inside an ``.npz`` file, so the search and related indexes can map it instead of reading it.

An ``.npz`` is a zip of ``.npy`` files. A member stored uncompressed is the ``.npy`` bytes as they are: after the
zip's local header and the array's own header, its data sits at a fixed offset of the file, which ``mmap`` (or
``np.memmap``) can view without reading. Both indexes keep their large arrays that way, so an index of 50k stories
costs the pages a query touches, not the whole file. :func:`write_aligned` writes such a file with every array
starting on a 64-byte boundary (``np.savez`` puts them at any offset, and numpy is slower on misaligned arrays).
"""

from __future__ import annotations

import io
import os
import struct
import zipfile
from typing import IO, Any, BinaryIO

import numpy as np

#: Arrays smaller than this are read, not mapped: a mapping costs a page at least.
MAP_MIN = 1 << 16
#: Windows refuses to rename over a mapped file (the next save would fail): there, every array is read.
MAP = os.name != "nt"
_ALIGN = 64  # as numpy pads an array's header: the data then starts on this boundary of the member
_PAD_ID = 0xD935  # a zip extra field that only pads (the id Android's zipalign uses)


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


def write_aligned(out: BinaryIO, arrays: dict[str, Any]) -> None:
    """What ``np.savez`` writes (one uncompressed ``.npy`` member per array, ``np.load`` reads it), but every
    member starts on a 64-byte boundary of the file, padded by a zip extra field; numpy pads the ``.npy`` header
    to 64 bytes, so each array's data is aligned where an index maps it."""
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf:
        for name, value in arrays.items():
            array = np.ascontiguousarray(value)
            head = io.BytesIO()
            np.lib.format.write_array_header_1_0(head, np.lib.format.header_data_from_array_1_0(array))
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED
            info.file_size = head.tell() + array.nbytes
            filename = info.filename.encode("utf-8")
            pad = -(out.tell() + 30 + len(filename)) % _ALIGN
            if 0 < pad < 4:  # an extra field takes four bytes at least
                pad += _ALIGN
            if pad:
                info.extra = struct.pack("<HH", _PAD_ID, pad - 4) + bytes(pad - 4)
            with zf.open(info, "w") as member:
                member.write(head.getvalue())
                if array.nbytes:
                    member.write(array.reshape(-1).view(np.uint8).data)
