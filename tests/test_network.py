"""The test process has no network: only loopback connections are allowed."""
from __future__ import annotations

import socket

import pytest


def test_outbound_connections_are_blocked():
    from pytest_socket import SocketConnectBlockedError

    with pytest.raises(SocketConnectBlockedError), \
            pytest.warns(UserWarning, match="tried to use socket.socket.connect"):
        socket.create_connection(("192.0.2.1", 80), timeout=1)  # TEST-NET-1, never routed


def test_loopback_stays_available_for_kernels():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    client = socket.create_connection(server.getsockname(), timeout=1)
    client.close()
    server.close()
