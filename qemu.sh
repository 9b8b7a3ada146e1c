#!/bin/sh
# qemu.sh: build what is out of date and boot tabula in QEMU.
# Run ./qemu.sh --help for the flags. Quit QEMU with Ctrl-A then X.
set -eu
cd "$(dirname "$0")"

usage() {
    cat <<'USAGE'
usage: ./qemu.sh [options]

  --nographic       serial console on this terminal, no window (today the
                    only display, so this is also the default)
  --plain           line-oriented Monitor: no colours, no cursor movement,
                    prompt "tabula> " (for scripts and tests)
  --exec "CMDS"     commands the Monitor runs at start, separated by ';'
                    e.g. --exec "run hello; halt"
  --smp N           number of harts (default 1)
  --mem SIZE        RAM size, e.g. 128M or 1G (default 128M)
  --icount          deterministic instruction counting (-icount shift=0):
                    one instruction is one nanosecond of guest time
  --icount-nosleep  the same, and an idle machine skips ahead to its next
                    timer instead of waiting in real time, so that even
                    sleeps are deterministic (make bench uses it)
  --board NAME      virt (default); pi3 arrives with the Raspberry Pi port
  --gdb             start halted, with a GDB stub on localhost:1234 (or
                    $TABULA_GDB_PORT); attach with `make gdb` in another
                    terminal
  --gdb-port N      the GDB stub's port (implies --gdb)
  --headless, --qmp PATH
                    display devices and QMP: arrive with the framebuffer
  --kernel FILE     boot this kernel ELF instead of build/tabula.elf
  --help            this text

Quit QEMU with Ctrl-A then X.
USAGE
}

plain=0 exec_cmds="" smp=1 mem=128M icount=0 board=virt kernel=""
gdb=0 gdb_port=${TABULA_GDB_PORT:-1234}
while [ $# -gt 0 ]; do
    case "$1" in
    --nographic) ;;
    --plain) plain=1 ;;
    --exec) [ $# -ge 2 ] || { echo "qemu.sh: --exec needs commands" >&2; exit 2; }
        exec_cmds=$2; shift ;;
    --smp) [ $# -ge 2 ] || { echo "qemu.sh: --smp needs a number" >&2; exit 2; }
        smp=$2; shift
        case "$smp" in ''|*[!0-9]*) echo "qemu.sh: --smp needs a number, not '$smp'" >&2; exit 2 ;; esac
        if [ "$smp" -lt 1 ] || [ "$smp" -gt 8 ]; then
            echo "qemu.sh: --smp must be between 1 and 8" >&2; exit 2
        fi ;;
    --mem) [ $# -ge 2 ] || { echo "qemu.sh: --mem needs a size like 128M" >&2; exit 2; }
        mem=$2; shift
        case "$mem" in *[0-9][MG]|*[0-9]) ;; *) echo "qemu.sh: --mem needs a size like 128M or 1G, not '$mem'" >&2; exit 2 ;; esac ;;
    --icount) icount=1 ;;
    --icount-nosleep) icount=nosleep ;;
    --board) [ $# -ge 2 ] || { echo "qemu.sh: --board needs virt or pi3" >&2; exit 2; }
        board=$2; shift
        case "$board" in
        virt) ;;
        pi3) echo "qemu.sh: --board pi3 is not available yet (the Raspberry Pi 3 port is still to come)" >&2; exit 2 ;;
        *) echo "qemu.sh: unknown board '$board' (known: virt)" >&2; exit 2 ;;
        esac ;;
    --gdb) gdb=1 ;;
    --gdb-port) [ $# -ge 2 ] || { echo "qemu.sh: --gdb-port needs a port number" >&2; exit 2; }
        gdb=1 gdb_port=$2; shift ;;
    --headless|--qmp) echo "qemu.sh: $1 is not available yet (the framebuffer console is still to come)" >&2; exit 2 ;;
    --kernel) [ $# -ge 2 ] || { echo "qemu.sh: --kernel needs a file" >&2; exit 2; }
        kernel=$2; shift ;;
    --help|-h) usage; exit 0 ;;
    *) echo "qemu.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
    esac
    shift
done

# BUILD (an environment variable, as for make) picks the build directory.
build=${BUILD:-build}
if [ -z "$kernel" ]; then
    make -s all BUILD="$build" >&2
    kernel=$build/tabula.elf
fi
[ -f "$kernel" ] || { echo "qemu.sh: no kernel at $kernel" >&2; exit 2; }

bootargs=""
[ "$plain" = 1 ] && bootargs="plain"
[ -n "$exec_cmds" ] && bootargs="${bootargs:+$bootargs }exec=$exec_cmds"

set -- -M virt -bios default -m "$mem" -smp "$smp" -kernel "$kernel" \
    -nographic -append "$bootargs"
[ "$icount" = 1 ] && set -- "$@" -icount shift=0
[ "$icount" = nosleep ] && set -- "$@" -icount shift=0,sleep=off
if [ "$gdb" = 1 ]; then
    case "$gdb_port" in
    ''|*[!0-9]*) echo "qemu.sh: the GDB port must be a number, not '$gdb_port'" >&2; exit 2 ;;
    esac
    set -- "$@" -S -gdb "tcp:127.0.0.1:$gdb_port"
    attach="make gdb"
    [ "$gdb_port" = 1234 ] || attach="make gdb GDB_PORT=$gdb_port"
    [ "$build" = build ] || attach="$attach BUILD=$build"
    echo "tabula: halted with a GDB stub on localhost:$gdb_port; in another terminal: $attach" >&2
fi

echo "tabula: booting $kernel on QEMU virt ($smp hart(s), $mem); quit with Ctrl-A then X" >&2
exec qemu-system-riscv64 "$@"
