#!/bin/sh
# gdb.sh: attaches gdb-multiarch to tabula started with ./qemu.sh --gdb, with
# the kernel's symbols and the tabula commands (tools/gdb/tabula.py), which
# load each app's symbols where it lands. `make gdb` runs this.
#
#   tools/gdb.sh [--port N] [GDB ARGUMENTS...]
#
# The port is --port, else $TABULA_GDB_PORT, else 1234 (what qemu.sh uses).
# BUILD picks the build directory, as for make. Further arguments go to GDB
# (e.g. -batch -ex "break hello.c:main" -ex continue).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
port=${TABULA_GDB_PORT:-1234}
if [ "${1:-}" = --port ]; then
    [ $# -ge 2 ] || { echo "gdb.sh: --port needs a number" >&2; exit 2; }
    port=$2; shift 2
fi
case "$port" in ''|*[!0-9]*) echo "gdb.sh: the port must be a number, not '$port'" >&2; exit 2 ;; esac
build=${BUILD:-build}
case "$build" in /*) ;; *) build=$root/$build ;; esac
kernel=$build/tabula.elf
[ -f "$kernel" ] || { echo "gdb.sh: no kernel at $kernel; ./qemu.sh --gdb builds it" >&2; exit 2; }
command -v gdb-multiarch >/dev/null || { echo "gdb.sh: gdb-multiarch is missing; make installs it (tools/deps.sh)" >&2; exit 2; }

# A friendlier word than GDB's connection timeout, after giving a QEMU
# that is just starting 5 seconds to listen. (QEMU takes the next
# connection after this probe closes.)
probe='
import socket, sys, time
for _ in range(50):
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.1)
sys.exit(1)'
if ! /usr/bin/python3 -c "$probe" "$port" 2>/dev/null; then
    echo "gdb.sh: nothing listens on localhost:$port; start tabula with ./qemu.sh --gdb first" >&2
    exit 1
fi

exec gdb-multiarch -q -nx \
    -ex "set breakpoint pending on" \
    -ex "source $root/tools/gdb/tabula.py" \
    -ex "set tabula-apps $build/apps" \
    -ex "target remote localhost:$port" \
    -ex "tabula attach" \
    "$@" "$kernel"
