"""The trained CRF read straight from crfsuite's model file, and Viterbi decoding over numpy arrays.

Why not crfsuite's own tagger: it takes every token's features as strings, converts each to a C++ string and
looks it up in the model's hash table, on every call. Most of a token's features depend on one word alone (its
form, shape, affixes; the same word seen as a neighbour), so their summed weights can be cached per word type as
a small vector of label scores, and a token's scores become the sum of five cached vectors plus its few
per-token features. Decoding then runs as array operations over all sentences of a story at once. The result is
crfsuite's (same weights, same first-best tie-breaking); a test checks the two agree on the evaluation data.

The file layout (crfsuite's ``crf1d`` model, little-endian): a 48-byte header with the chunk offsets, the
features chunk ``FEAT`` (type, source, destination, weight per feature: type 0 is attribute -> label, type 1
label -> label), and two ``CQDB`` string tables for the labels and attributes, whose backward arrays give each
id's string.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence

import numpy as np


class ModelFormatError(ValueError):
    """The file is not a crfsuite model of the layout this reader knows."""


def _cqdb_strings(data: bytes, chunk: int) -> list[str]:
    """Id -> string of one CQDB table (ids are dense from 0)."""
    if data[chunk : chunk + 4] != b"CQDB":
        raise ModelFormatError("no string table where the header says")
    bwd_size, bwd_offset = struct.unpack_from("<II", data, chunk + 16)
    strings: list[str] = []
    for i, (offset,) in enumerate(
        struct.iter_unpack("<I", data[chunk + bwd_offset : chunk + bwd_offset + 4 * bwd_size])
    ):
        if not offset:
            raise ModelFormatError("a string table with a hole")
        ident, size = struct.unpack_from("<II", data, chunk + offset)
        if ident != i:
            raise ModelFormatError("a string table out of order")
        strings.append(data[chunk + offset + 8 : chunk + offset + 7 + size].decode("utf-8"))
    return strings


class CRFModel:
    """Label names, attribute ids, and the weights as arrays: ``state[attribute, label]``, ``trans[from, to]``."""

    def __init__(
        self, labels: list[str], attributes: list[str], state: np.ndarray, trans: np.ndarray
    ) -> None:
        self.labels = labels
        self.attribute_ids = {name: i for i, name in enumerate(attributes)}
        self.state = state
        self.trans = trans
        self.size = len(labels)
        self._into = np.ascontiguousarray(trans.T)

    @classmethod
    def from_bytes(cls, data: bytes) -> CRFModel:
        try:
            if data[:4] != b"lCRF" or data[8:12] != b"FOMC":
                raise ModelFormatError("not a crfsuite CRF model")
            # (the header's feature count is left 0 by crfsuite: the FEAT chunk's own count is the real one)
            num_labels, num_attrs, off_features, off_labels, off_attrs = struct.unpack_from("<5I", data, 20)
            labels = _cqdb_strings(data, off_labels)
            attributes = _cqdb_strings(data, off_attrs)
            if len(labels) != num_labels or len(attributes) != num_attrs:
                raise ModelFormatError("string tables of the wrong size")
            if data[off_features : off_features + 4] != b"FEAT":
                raise ModelFormatError("no feature table where the header says")
            size, count = struct.unpack_from("<II", data, off_features + 4)
            if size != 12 + 20 * count:
                raise ModelFormatError("a feature table of the wrong size")
            table = np.frombuffer(
                data,
                dtype=np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")]),
                count=count,
                offset=off_features + 12,
            )
        except (struct.error, UnicodeDecodeError) as exc:
            raise ModelFormatError(f"damaged model file ({exc})") from exc
        state = np.zeros((num_attrs, num_labels))
        trans = np.zeros((num_labels, num_labels))
        kinds = table["type"]
        s = table[kinds == 0]
        t = table[kinds == 1]
        np.add.at(state, (s["src"].astype(np.intp), s["dst"].astype(np.intp)), s["weight"])
        np.add.at(trans, (t["src"].astype(np.intp), t["dst"].astype(np.intp)), t["weight"])
        return cls(labels, attributes, state, trans)

    def decode(self, scores: np.ndarray, lengths: Sequence[int]) -> list[list[str]]:
        """Best label sequence of each sentence: ``scores[b, t]`` are sentence b's token t's label scores.

        ``lengths`` must not increase (longest sentence first), so the sentences still running at step t are
        the first few rows; all of them advance together, one array operation per step. Following the
        back-pointers is plain Python over a list copy: one lookup per token beats three array calls per step.
        """
        count = len(lengths)
        if not count:
            return []
        steps = scores.shape[1]
        into = self._into  # [to, from]: the reductions run along the last, contiguous axis
        best = scores[:, 0].copy()
        back = np.zeros((count, steps, self.size), dtype=np.intp)
        # running[t]: how many sentences are longer than t (they are the first rows)
        running = np.searchsorted(-np.asarray(lengths), -np.arange(steps), side="left").tolist()
        for t in range(1, steps):
            k = running[t]
            cand = best[:k, None, :] + into  # [b, to, from]
            back[:k, t] = cand.argmax(axis=2)  # the first best, as crfsuite takes it
            best[:k] = cand.max(axis=2) + scores[:k, t]
        last = best.argmax(axis=1).tolist()
        pointers = back.tolist()
        labels = self.labels
        out: list[list[str]] = []
        for b, n in enumerate(lengths):
            cur = last[b]
            path = [cur]
            row = pointers[b]
            for t in range(n - 1, 0, -1):
                cur = row[t][cur]
                path.append(cur)
            out.append([labels[y] for y in reversed(path)])
        return out
