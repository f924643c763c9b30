"""The parse pool's processes: multiprocessing's forkserver context, with workers that start without the command's
main module. Split from :mod:`feeds.refresh_pool` and imported when the pool is made: multiprocessing costs about
5 ms of CPU to import, which a refresh where every feed answers 304 never needs."""

from __future__ import annotations

import multiprocessing.context
import multiprocessing.spawn
from collections.abc import Callable
from typing import Any

#: The name parse workers' processes start with (see _worker_context).
WORKER_NAME = "newsdesk-parser"


def _preparation(name: str) -> dict[str, Any]:
    """multiprocessing's preparation data of a child process, without its main module for a parse worker."""
    data: dict[str, Any] = _real_preparation(name)
    if name.startswith(WORKER_NAME):
        data.pop("init_main_from_path", None)
        data.pop("init_main_from_name", None)
    return data


_real_preparation: Callable[[str], dict[str, Any]] = multiprocessing.spawn.get_preparation_data
if hasattr(multiprocessing.context, "ForkServerProcess"):  # not on Windows

    class _ParseWorker(multiprocessing.context.ForkServerProcess):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.name = f"{WORKER_NAME}-{self.name}"

    class _ParseContext(multiprocessing.context.ForkServerContext):
        Process = _ParseWorker


def worker_context() -> multiprocessing.context.BaseContext:
    """The forkserver context, with processes that start without the command's main module.

    multiprocessing runs the parent's ``__main__`` again in every child it starts, for functions pickled from it:
    here the ``newsdesk`` script, so each parse worker imported the command line and the store (tinydb, argparse,
    the store's modules), about 0.12 s of CPU per worker before its first feed, which waited for it. The workers
    run only :mod:`feeds.refresh_pool`'s functions, so their preparation leaves the main module out (see
    _preparation)."""
    if multiprocessing.spawn.get_preparation_data is not _preparation:
        multiprocessing.spawn.get_preparation_data = _preparation
    return _ParseContext()
