"""The low-level parts of the fetcher: a total deadline and a cancel flag under httpx.

httpx's timeouts are per operation: a read timeout of 20 s lets a server that sends one byte every second hold a
connection forever, and a server that trickles its *headers* never even hands control back to us. So the fetcher
wraps httpcore's network backend: every connect, read and write of the current thread is clamped to that thread's
deadline, and long waits are cut into short slices so a cancel is noticed within a quarter of a second. The
deadline and the cancel flags are thread-local, set by :func:`budget` around one fetch; a client used outside it
behaves exactly like a plain httpx client.

Bounded decoding of a body (gzip, deflate, stacked codings) is :mod:`feeds.fetch_decode`.

Imported lazily by :mod:`feeds.fetch` (httpx costs about 0.2 s to import, and the first paint does not need it).
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import httpcore
import httpx

SLICE = 0.25  # longest uninterrupted wait when a cancel flag is watched


#: A resolver: a host name to its IP addresses, best first (raises ``socket.gaierror`` when it has none).
Resolve = Callable[[str], Sequence[str]]


class _Budget(threading.local):
    deadline: float | None = None
    cancel: tuple[threading.Event, ...] = ()
    reused: bool = False  # this thread's last request went out on a connection that had answered one before


_budget = _Budget()


@contextmanager
def budget(deadline: float, cancel: tuple[threading.Event, ...] = ()) -> Iterator[None]:
    """Clamp all network waits of this thread to ``deadline`` (``time.monotonic``) and watch ``cancel``."""
    saved = (_budget.deadline, _budget.cancel)
    _budget.deadline, _budget.cancel = deadline, cancel
    try:
        yield
    finally:
        _budget.deadline, _budget.cancel = saved


def cancelled() -> bool:
    return any(e.is_set() for e in _budget.cancel)


def reused_connection() -> bool:
    """Whether this thread's last request was written to a kept-alive connection that had already answered one
    (False when the deadline-aware backend is not installed)."""
    return _budget.reused


def _limit(timeout: float | None, started: float, exc: type[Exception]) -> float | None:
    """The next wait: what is left of the operation's own timeout and of the deadline, at most one slice when a
    cancel is watched. Raises ``exc`` (an httpcore timeout) when nothing is left, or a read error on cancel."""
    if cancelled():
        raise httpcore.ReadError("cancelled")
    now = time.monotonic()
    ends = []
    if timeout is not None:
        ends.append(started + timeout)
    if _budget.deadline is not None:
        ends.append(_budget.deadline)
    left = min(ends) - now if ends else None
    if left is not None and left <= 0:
        raise exc("deadline passed")
    if _budget.cancel:
        left = SLICE if left is None else min(left, SLICE)
    return left


def system_addresses(host: str) -> list[str]:
    """The system resolver's addresses for ``host``, in its order of preference, each once."""
    infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class NameTimeout(httpcore.ConnectTimeout):
    """A host name did not resolve before the fetch's deadline."""

    def __init__(self, host: str) -> None:
        super().__init__(f"the name {host} did not resolve in time")
        self.host = host


class _Lookup:
    def __init__(self) -> None:
        self.done = threading.Event()
        self.addresses: Sequence[str] = ()
        self.error: Exception | None = None


class Names:
    """Host name look-ups that end at the thread's deadline, or on cancel.

    ``resolve`` (by default :func:`system_addresses`) runs on a daemon thread of its own: a look-up the fetch
    stopped waiting for ends whenever the resolver gives up, holding nothing but that thread (and never the exit
    of the program). Fetches of a name already being looked up wait for that look-up instead of starting another,
    so two hundred feeds on one unresponsive host cost one thread, not two hundred."""

    def __init__(self, resolve: Resolve = system_addresses) -> None:
        self.resolve = resolve
        self._lock = threading.Lock()
        self._pending: dict[str, _Lookup] = {}

    def addresses(self, host: str, timeout: float | None) -> Sequence[str]:
        """``host``'s addresses; raises :class:`NameTimeout` when ``timeout`` or the thread's deadline passes
        first, ``httpcore.ConnectError`` (caused by the resolver's error) when the name does not resolve."""
        with self._lock:
            lookup = self._pending.get(host)
            if lookup is None:
                lookup = self._pending[host] = _Lookup()
                threading.Thread(
                    target=self._run, args=(host, lookup), name="newsdesk-dns", daemon=True
                ).start()
        started = time.monotonic()
        while not lookup.done.is_set():
            try:
                wait = _limit(timeout, started, httpcore.ConnectTimeout)
            except httpcore.ReadError:  # what _limit raises on cancel
                raise httpcore.ConnectError("cancelled") from None
            except httpcore.ConnectTimeout:
                raise NameTimeout(host) from None
            lookup.done.wait(SLICE if wait is None else min(wait, SLICE))
        if lookup.error is not None:
            try:  # raised here so it is the context too: httpcore's pool drops causes ("raise exc from None")
                raise lookup.error
            except Exception as exc:
                raise httpcore.ConnectError(str(exc)) from exc
        return lookup.addresses

    def _run(self, host: str, lookup: _Lookup) -> None:
        try:
            addresses = list(self.resolve(host))
            if not addresses:
                raise socket.gaierror(socket.EAI_NONAME, f"no address for {host}")
            lookup.addresses = addresses
        except Exception as exc:  # handed to the fetch that waits for it, if one still does
            lookup.error = exc
        finally:
            with self._lock:
                self._pending.pop(host, None)
            lookup.done.set()


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


class _BudgetStream(httpcore.NetworkStream):
    """A network stream whose waits end at the thread's deadline or on cancel."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner
        self._answered = False  # something was read: a request written from now on is on a reused connection

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        started = time.monotonic()
        while True:
            wait = _limit(timeout, started, httpcore.ReadTimeout)
            try:
                data = self._inner.read(max_bytes, wait)
                self._answered = self._answered or bool(data)
                return data
            except httpcore.ReadTimeout:
                # A slice ran out with nothing to read: nothing was consumed, so asking again is safe. The next
                # _limit raises if the real timeout or the deadline has passed, or on cancel.
                continue

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        # Requests are small: one clamped write, not sliced (a partial write cannot be resumed safely).
        _budget.reused = self._answered
        self._inner.write(buffer, _remaining(timeout, httpcore.WriteTimeout, httpcore.WriteError))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        left = _remaining(timeout, httpcore.ConnectTimeout)
        return _BudgetStream(self._inner.start_tls(ssl_context, server_hostname, left))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


def _remaining(
    timeout: float | None,
    exc: type[Exception] = httpcore.ConnectTimeout,
    on_cancel: type[Exception] = httpcore.ConnectError,
) -> float | None:
    """``timeout`` clamped to the deadline, unsliced: for connects, TLS handshakes and writes, which cannot be
    resumed after a timeout."""
    if cancelled():
        raise on_cancel("cancelled")
    if _budget.deadline is None:
        return timeout
    left = _budget.deadline - time.monotonic()
    if left <= 0:
        raise exc("deadline passed")
    return left if timeout is None else min(timeout, left)


class _BudgetBackend(httpcore.NetworkBackend):
    """httpcore's network backend with every stream it opens wrapped in :class:`_BudgetStream`, and host names
    looked up by :class:`Names`."""

    def __init__(self, inner: httpcore.NetworkBackend, names: Names) -> None:
        self._inner = inner
        self.names = names

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        left = _remaining(timeout, httpcore.ConnectTimeout)
        _budget.reused = False
        if _is_address(host):
            return _BudgetStream(self._inner.connect_tcp(host, port, left, local_address, socket_options))
        failure: Exception | None = None
        for address in self.names.addresses(host, left):  # each in turn, as socket.create_connection does
            # What is left; raises once the deadline has passed, or on cancel.
            left = _remaining(timeout, httpcore.ConnectTimeout)
            try:
                stream = self._inner.connect_tcp(address, port, left, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
                continue
            return _BudgetStream(stream)
        raise failure or httpcore.ConnectError(f"no address for {host}")

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        left = _remaining(timeout, httpcore.ConnectTimeout)
        _budget.reused = False
        return _BudgetStream(self._inner.connect_unix_socket(path, left, socket_options))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class LazyTransport(httpx.BaseTransport):
    """A transport made on its first request (thread-safe), with the deadline-aware backend installed."""

    def __init__(self, factory: Callable[[], httpx.HTTPTransport]) -> None:
        self._factory = factory
        self._real: httpx.HTTPTransport | None = None
        self.names = Names()  # install_budget gives it the client's
        self._lock = threading.Lock()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._made().handle_request(request)

    def _made(self) -> httpx.HTTPTransport:
        real = self._real
        if real is None:
            with self._lock:
                if self._real is None:
                    made = self._factory()
                    _install(made, self.names)
                    self._real = made
                real = self._real
        return real

    def close(self) -> None:
        if self._real is not None:
            self._real.close()


class ProxyTransport(LazyTransport):
    """A proxy from the environment (``HTTP_PROXY``, ``ALL_PROXY``...): a failure to reach it, or a setting no
    request can go through, is said of the proxy. Every feed failed as if its own server had ("connection
    refused", "host not found (DNS)"), a setting that is no address as "redirected to an invalid address", and a
    SOCKS proxy as "unexpected error: ImportError: ... pip install httpx[socks]"."""

    def __init__(self, proxy: str, factory: Callable[[], httpx.HTTPTransport]) -> None:
        super().__init__(factory)
        self.proxy = proxy

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        from .fetch import Failure
        from .fetch_words import describe
        from .text import hide_password

        shown = f"{hide_password(self.proxy)} (from the environment)"
        try:
            real = self._made()
        except ImportError:  # socks5:// needs socksio: installed with us, unless removed
            raise Failure(f"the proxy {shown} is a SOCKS proxy, which newsdesk cannot use") from None
        except (httpx.InvalidURL, ValueError) as exc:  # no address, or a scheme no proxy has
            raise Failure(f"the proxy setting {shown} is not an address newsdesk can use ({exc})") from None
        try:
            return real.handle_request(request)
        except (httpx.ConnectError, httpx.ProxyError) as exc:
            raise Failure(f"the proxy {shown}: {describe(exc, False)}") from None


class SchemeTransport(httpx.BaseTransport):
    """The client's default transport: http:// to a plain one, https:// to a TLS one (a :class:`LazyTransport`).
    Anything but https goes to ``plain``, which therefore never needs certificates."""

    def __init__(self, plain: httpx.HTTPTransport, tls: LazyTransport) -> None:
        self.plain, self.tls = plain, tls

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.scheme == "https":
            return self.tls.handle_request(request)
        return self.plain.handle_request(request)

    def close(self) -> None:
        self.plain.close()
        self.tls.close()


def _install(transport: object, names: Names) -> bool:
    if isinstance(transport, LazyTransport):
        transport.names = names  # installed when the transport is made
        return False
    if isinstance(transport, SchemeTransport):
        _install(transport.tls, names)
        return _install(transport.plain, names)
    pool = getattr(transport, "_pool", None)
    backend = getattr(pool, "_network_backend", None)
    if backend is None:
        return False
    if isinstance(backend, _BudgetBackend):
        backend.names = names
    else:
        setattr(pool, "_network_backend", _BudgetBackend(backend, names))  # noqa: B010 (private attribute)
        _guard_reuse(pool)
    return True


def _guard_reuse(pool: object) -> None:
    """Make the pool drop an idle connection whose server sent bytes past the end of the response it framed.

    A Content-Length smaller than the body, or a 304 (which has no body) sent with one, leaves those bytes in the
    connection's HTTP parser, where httpcore's own check (is the idle socket readable?) cannot see them: the
    connection was pooled, and the next feed fetched on it read them as its status line and failed ("illegal
    status line"). The pool asks ``has_expired`` of every connection before it hands one out, under its lock, so
    answering yes there keeps such a connection from ever being reused."""
    create = getattr(pool, "create_connection", None)
    if create is None:
        return

    def create_connection(origin: Any) -> Any:
        connection = create(origin)
        expired = connection.has_expired
        connection.has_expired = lambda: expired() or _overrun(connection)
        return connection

    setattr(pool, "create_connection", create_connection)  # noqa: B010 (an instance's method, replaced)


def _overrun(connection: object) -> bool:
    """An idle HTTP/1.1 connection holding bytes no response has claimed."""
    import h11

    http11 = getattr(connection, "_connection", None)
    state = getattr(http11, "_h11_state", None)
    if not isinstance(state, h11.Connection) or state.their_state is not h11.IDLE:
        return False
    return bool(state.trailing_data[0])


def install_budget(client: httpx.Client, resolve: Resolve = system_addresses) -> bool:
    """Put the deadline-aware backend under every connection pool of ``client`` (before its first request), its
    host names looked up with ``resolve`` (a proxy's name too; the names of URLs sent through a proxy are the
    proxy's to resolve).

    This reaches into httpx's and httpcore's private attributes; if a future version renames them, nothing
    breaks: fetching still works with per-operation timeouts and a per-chunk deadline check. Returns whether the
    backend is in place."""
    transports = [getattr(client, "_transport", None), *getattr(client, "_mounts", {}).values()]
    names = Names(resolve)
    installed = False
    for transport in transports:
        installed = _install(transport, names) or installed
    return installed


def one_location(response: httpx.Response) -> None:
    """Leave a redirect with one Location header: the first that is a web address (an httpx response hook).

    A misconfigured proxy adds a Location of its own; httpx read the two as one, joined with ", ", and the feed
    was redirected to that nonsense address ("not found (404)", or "redirected to an invalid address"). curl (so
    newsboat) follows the first; so do we, passing over one that is no http(s) address. When none is, the feed
    fails in one line that says so. Runs before httpx builds its own next request from the header."""
    values = [value.strip() for value in response.headers.get_list("location")]
    values = [value for value in values if value]
    if len(values) < 2:
        return
    chosen = next((value for value in values if _web_address(response.url, value)), None)
    if chosen is None:
        from .fetch import Failure

        raise Failure(
            f"redirected ({response.status_code}) to {len(values)} addresses at once (one Location header each),"
            " none of them a web address"
        )
    response.headers["location"] = chosen  # replaces every Location header with this one


def _web_address(base: httpx.URL, location: str) -> bool:
    try:
        target = base.join(location)
    except Exception:
        return False
    return target.scheme in ("http", "https") and bool(target.host)
