"""A SOCKS5 proxy on 127.0.0.1 for tests (RFC 1928, no authentication, CONNECT only), as ``ssh -D`` or Tor
serve one: each connection is relayed to the address the client asks for. A host name the client sends (socks5h,
remote DNS) is looked up in ``hosts`` first, so a feed at a host that does not exist comes through, as it would
through Tor; every target asked for is recorded in ``asked``.
"""

from __future__ import annotations

import contextlib
import socket
import socketserver
import struct
import threading


class SocksServer:
    def __init__(self, hosts: dict[str, str] | None = None) -> None:
        self.hosts = dict(hosts or {})
        self.asked: list[tuple[str, int]] = []
        self.lock = threading.Lock()
        self._server: socketserver.ThreadingTCPServer | None = None

    def __enter__(self) -> SocksServer:
        server = _Server(("127.0.0.1", 0), _Handler)
        server.socks = self
        self._server = server
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def port(self) -> int:
        assert self._server is not None
        return int(self._server.server_address[1])


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    socks: SocksServer


def _exactly(sock: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise ConnectionError("the client left")
        data += chunk
    return data


class _Handler(socketserver.BaseRequestHandler):
    server: _Server

    def handle(self) -> None:
        client: socket.socket = self.request
        socks = self.server.socks
        try:
            version, count = _exactly(client, 2)
            methods = _exactly(client, count)
            if version != 5 or 0 not in methods:
                client.sendall(b"\x05\xff")
                return
            client.sendall(b"\x05\x00")
            _, command, _, kind = _exactly(client, 4)
            if kind == 1:
                host = socket.inet_ntoa(_exactly(client, 4))
            elif kind == 3:
                host = _exactly(client, _exactly(client, 1)[0]).decode("idna")
            else:
                host = socket.inet_ntop(socket.AF_INET6, _exactly(client, 16))
            (port,) = struct.unpack("!H", _exactly(client, 2))
            with socks.lock:
                socks.asked.append((host, port))
            if command != 1:
                client.sendall(b"\x05\x07\x00\x01" + bytes(6))  # command not supported
                return
            try:
                upstream = socket.create_connection((socks.hosts.get(host, host), port), timeout=10)
            except OSError:
                client.sendall(b"\x05\x04\x00\x01" + bytes(6))  # host unreachable
                return
            client.sendall(b"\x05\x00\x00\x01" + bytes(6))
            _relay(client, upstream)
        except (ConnectionError, OSError, ValueError):
            pass


def _relay(a: socket.socket, b: socket.socket) -> None:
    def pump(src: socket.socket, dst: socket.socket) -> None:
        try:
            while chunk := src.recv(65536):
                dst.sendall(chunk)
        except OSError:
            pass
        finally:
            for sock, how in ((dst, socket.SHUT_WR), (src, socket.SHUT_RD)):
                with contextlib.suppress(OSError):
                    sock.shutdown(how)

    back = threading.Thread(target=pump, args=(b, a), daemon=True)
    back.start()
    pump(a, b)
    back.join(30)
    b.close()
