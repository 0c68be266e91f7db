"""A throwaway PostgreSQL cluster for the tests and benchmarks, owned by the run.

    python -m tests.pg_server start FOLDER   # prints the server's URL
    python -m tests.pg_server stop FOLDER

The cluster lives in FOLDER and listens only on a Unix socket inside it (no TCP port to
collide with anything else on the machine), with ``trust`` authentication for the
``postgres`` role. PostgreSQL refuses to run as root, so as root the server runs as the
``postgres`` system user that Debian's package creates.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import sys
from pathlib import Path

#: Where Debian's packages put the server programs (they are not on the PATH).
DEBIAN_BIN = Path("/usr/lib/postgresql")
PORT = 5439


def _program(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(DEBIAN_BIN.glob("*/bin"), key=lambda p: int(p.parent.name), reverse=True)
    for folder in versions:
        if (folder / name).exists():
            return str(folder / name)
    raise SystemExit(f"{name} not found: install PostgreSQL (apt-get install postgresql)")


def installed() -> bool:
    """Whether PostgreSQL's server programs are here to start a cluster with."""
    try:
        _program("initdb")
    except SystemExit:
        return False
    return True


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


def url(folder: Path) -> str:
    """The URL of the cluster's ``postgres`` database."""
    return f"postgresql+psycopg://postgres@/postgres?host={folder.resolve() / 'socket'}&port={PORT}"


def start(folder: Path) -> str:
    folder = folder.resolve()
    data, socket = folder / "data", folder / "socket"
    socket.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        record = pwd.getpwnam("postgres")
        for path in (folder, socket):
            os.chown(path, record.pw_uid, record.pw_gid)
    if not (data / "PG_VERSION").exists():
        subprocess.run(
            _as_server_user(
                [
                    _program("initdb"),
                    "-D",
                    str(data),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "--encoding=UTF8",
                    "--locale=C.UTF-8",
                    "--no-sync",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
    options = (
        f"-k {socket} -p {PORT} -c listen_addresses='' -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    )
    subprocess.run(
        _as_server_user(
            [
                _program("pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-l",
                str(folder / "server.log"),
                "-w",
                "start",
            ]
        ),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return url(folder)


def stop(folder: Path) -> None:
    data = folder.resolve() / "data"
    if (data / "postmaster.pid").exists():
        subprocess.run(
            _as_server_user([_program("pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]),
            check=True,
            stdout=subprocess.DEVNULL,
        )


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in {"start", "stop"}:
        print(__doc__, file=sys.stderr)
        return 2
    folder = Path(argv[1])
    if argv[0] == "start":
        print(start(folder))
    else:
        stop(folder)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
