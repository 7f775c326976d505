"""Run a command with no network at all, only loopback (used by `make test`).

    python tests/offline.py COMMAND [ARGS...]

Where the system allows unprivileged user namespaces (``unshare -rn``), the
command runs in a fresh network namespace whose only interface is loopback,
brought up here so Jupyter kernels can still talk to their clients. That
covers the kernels too, not only the pytest process (which pytest-socket
guards anyway). Elsewhere the command runs as is, with a note.
"""
from __future__ import annotations

import fcntl
import os
import shutil
import socket
import struct
import subprocess
import sys

SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x8913, 0x8914, 0x1


def loopback_up() -> None:
    with socket.socket() as s:
        flags = struct.unpack("16sh", fcntl.ioctl(s, SIOCGIFFLAGS, struct.pack("16sh", b"lo", 0)))[1]
        fcntl.ioctl(s, SIOCSIFFLAGS, struct.pack("16sh", b"lo", flags | IFF_UP))


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    if os.environ.get("COURSE_OFFLINE_INSIDE") == "1":
        loopback_up()
        return subprocess.call(argv)
    unshare = shutil.which("unshare")
    probe = unshare and subprocess.run([unshare, "-rn", "true"], capture_output=True).returncode == 0
    if not probe:
        print("offline.py: no network namespace available here; pytest-socket still blocks "
              "the test process's sockets", file=sys.stderr)
        return subprocess.call(argv)
    env = dict(os.environ, COURSE_OFFLINE_INSIDE="1")
    return subprocess.call([unshare, "-rn", sys.executable, __file__, *argv], env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
