#!/bin/sh
# qemu.sh: build what is out of date and boot tabula in QEMU.
# Run ./qemu.sh --help for the flags. Quit QEMU with Ctrl-] then X (in plain
# mode Ctrl-A then X).
set -eu
cd "$(dirname "$0")"

usage() {
    cat <<'USAGE'
usage: ./qemu.sh [options]

  --nographic       serial console on this terminal, no window (today the
                    only display, so this is also the default)
  --plain           line-oriented Monitor: no colours, no cursor movement,
                    prompt "tabula> " (for scripts and tests); without it the
                    Monitor is the tabbed console
  --exec "CMDS"     commands the Monitor runs at start, separated by ';'
                    e.g. --exec "run hello; halt"
  --smp N           number of harts (default 1)
  --mem SIZE        RAM size, e.g. 128M or 1G (default 128M)
  --icount          deterministic instruction counting (-icount shift=0):
                    one instruction is one nanosecond of guest time
  --board NAME      virt (default); pi3 arrives with the Raspberry Pi port
  --gdb             halted with a GDB stub: arrives with the debugging work
  --headless, --qmp PATH
                    display devices and QMP: arrive with the framebuffer
  --kernel FILE     boot this kernel ELF instead of build/tabula.elf
  --help            this text

Quit QEMU with Ctrl-] then X: the tabbed console uses Ctrl-A for its own
keys, so QEMU's escape key moves to Ctrl-]. With --plain it stays Ctrl-A X.
USAGE
}

plain=0 exec_cmds="" smp=1 mem=128M icount=0 board=virt kernel=""
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
    --board) [ $# -ge 2 ] || { echo "qemu.sh: --board needs virt or pi3" >&2; exit 2; }
        board=$2; shift
        case "$board" in
        virt) ;;
        pi3) echo "qemu.sh: --board pi3 is not available yet (the Raspberry Pi 3 port is still to come)" >&2; exit 2 ;;
        *) echo "qemu.sh: unknown board '$board' (known: virt)" >&2; exit 2 ;;
        esac ;;
    --gdb) echo "qemu.sh: --gdb is not available yet (debugging support is still to come)" >&2; exit 2 ;;
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
# The tabbed console's prefix key is Ctrl-A, QEMU's serial escape by
# default: move QEMU's to Ctrl-] (0x1d), as telnet has it.
quit="Ctrl-A then X"
if [ "$plain" = 0 ]; then
    set -- "$@" -echr 0x1d
    quit="Ctrl-] then X"
fi

echo "tabula: booting $kernel on QEMU virt ($smp hart(s), $mem); quit with $quit" >&2
exec qemu-system-riscv64 "$@"
