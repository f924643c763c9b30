"""The order in which :func:`feeds.fetch.fetch_many` starts its fetches: the feeds' own order, with at most
:data:`PER_HOST` fetches at once from one host.

Many subscriptions often live on one host (a hundred YouTube channels, a dozen subreddits, a newspaper's section
feeds). Sixteen requests at once to such a host look like a flood and are answered 429 "Too Many Requests", or
refused for a while; browsers keep to six connections a host for the same reason. A request whose host is full
waits (parked, in order) while the fetch goes on with other hosts' feeds, and starts as soon as one of its host's
fetches ends. Local files and ``file://`` addresses have no host and no cap.

Once a host has answered 429 (too many requests), the rest of its feeds are not requested in this refresh
(:meth:`HostOrder.block`): each further request would be one more reason for it to keep refusing, or to block
the user's address for longer.
"""

from __future__ import annotations

import urllib.parse
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Generic, Protocol, TypeVar

#: Fetches at once from one host.
PER_HOST = 4


class _Request(Protocol):
    @property
    def url(self) -> str: ...


def host_of(url: str) -> str | None:
    """The host a fetch of ``url`` talks to (lower case, without the port), or ``None`` for a local file."""
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https"):
        return None
    try:
        return (parts.hostname or "").rstrip(".")
    except ValueError:
        return None


R = TypeVar("R", bound=_Request)


class HostOrder(Generic[R]):
    """Hands out requests in order, holding back one whose host already has ``per_host`` fetches running."""

    def __init__(self, requests: Iterable[R], per_host: int = PER_HOST) -> None:
        self._todo: Iterator[R] = iter(requests)
        self._per_host = max(1, per_host)
        self._running: dict[str, int] = {}
        self._parked: dict[str, deque[R]] = {}
        self._blocked: set[str] = set()
        #: Requests not to be made, their host having said it gets too many (see :meth:`block`), in order.
        self.skipped: deque[R] = deque()

    def take(self, freed: str | None = None) -> R | None:
        """The next request that may start now, counted as running; ``None`` when none may. ``freed``: the host
        of the fetch that just ended (see :meth:`done`); a request of that host that waited goes first, as it
        came before any not yet looked at."""
        if freed is not None:
            waiting = self._parked.get(freed)
            if waiting:
                req = waiting.popleft()
                if not waiting:
                    del self._parked[freed]
                self._start(freed)
                return req
        for req in self._todo:
            host = host_of(req.url)
            if host is None:
                return req
            if host in self._blocked:
                self.skipped.append(req)
                continue
            if self._running.get(host, 0) < self._per_host:
                self._start(host)
                return req
            self._parked.setdefault(host, deque()).append(req)
        return None

    def done(self, url: str) -> str | None:
        """Count the fetch of ``url`` as ended; its host, to pass to :meth:`take`."""
        host = host_of(url)
        if host is not None:
            left = self._running.get(host, 0) - 1
            if left > 0:
                self._running[host] = left
            else:
                self._running.pop(host, None)
        return host

    def block(self, host: str) -> None:
        """Request nothing more from ``host``: what waits for it, and what comes later, goes to :attr:`skipped`."""
        self._blocked.add(host)
        self.skipped.extend(self._parked.pop(host, ()))

    def _start(self, host: str) -> None:
        self._running[host] = self._running.get(host, 0) + 1
