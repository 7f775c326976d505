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


def test_no_route_outside_when_run_offline():
    """Under `make test` the whole suite runs in a loopback-only network namespace."""
    import os

    if os.environ.get("COURSE_OFFLINE_INSIDE") != "1":
        pytest.skip("not running inside tests/offline.py's namespace")
    import subprocess
    import sys

    # A child process is not guarded by pytest-socket: only the namespace stops it.
    import errno

    code = ("import socket\ntry:\n socket.create_connection(('192.0.2.1', 80), timeout=2)\n"
            "except OSError as e:\n print(e.errno)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30)
    assert out.stdout.strip() == str(errno.ENETUNREACH)
