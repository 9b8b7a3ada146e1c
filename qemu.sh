#!/bin/sh
# qemu.sh: build what is out of date and boot tabula in QEMU.
# Run ./qemu.sh --help for the flags. Quit QEMU with Ctrl-] then X (in plain
# mode Ctrl-A then X).
set -eu
cd "$(dirname "$0")"

usage() {
    cat <<'USAGE'
usage: ./qemu.sh [options]

  --nographic       serial console on this terminal, no window and no
                    display devices (the default when there is no desktop;
                    on --board pi3 the kernel is told "nodisplay")
  --plain           line-oriented Monitor: no colours, no cursor movement,
                    prompt "tabula> " (for scripts and tests); without it the
                    Monitor is the tabbed console
  --exec "CMDS"     commands the Monitor runs at start, separated by ';'
                    e.g. --exec "run hello; halt"
  --smp N           number of harts (default 1; the Pi 3 has 4)
  --mem SIZE        RAM size, e.g. 128M or 1G (default 128M; the Pi 3 has 1G)
  --icount          deterministic instruction counting (-icount shift=0):
                    one instruction is one nanosecond of guest time
  --icount-nosleep  the same, and an idle machine skips ahead to its next
                    timer instead of waiting in real time, so that even
                    sleeps are deterministic (make bench uses it)
  --board NAME      virt (RISC-V, the default) or pi3 (Raspberry Pi 3,
                    AArch64, QEMU's raspi3b; built into build/pi3)
  --gdb             start halted, with a GDB stub on localhost:1234 (or
                    $TABULA_GDB_PORT); attach with `make gdb` in another
                    terminal
  --gdb-port N      the GDB stub's port (implies --gdb)
  --headless        the display, keyboard and tablet devices, but no window
                    (for tests, screenshots through --qmp, or VNC); on
                    --board pi3 the framebuffer, a USB keyboard and tablet
  --resolution WxH  the display's size (default 1024x768), e.g. 1280x800
  --qmp PATH        a QMP socket at PATH, for screenshots and input
  --kernel FILE     boot this kernel ELF instead of build/tabula.elf (on
                    pi3, the raw image made beside it, or a raw image)
  --disk FILE       attach FILE as the disk (virtio-blk on virt, the SD
                    card on pi3); by default the board's build/disk.img or
                    build/pi3/disk.img, made with the ports the first time
                    (make ports disk); TABULA_DISK=FILE or none in the
                    environment changes that default
  --no-disk         attach no disk
  --help            this text

Quit QEMU with Ctrl-] then X: the tabbed console uses Ctrl-A for its own
keys, so QEMU's escape key moves to Ctrl-]. With --plain it stays Ctrl-A X.
USAGE
}

plain=0 exec_cmds="" smp="" mem="" icount=0 board=virt kernel=""
display=auto resolution=1024x768 qmp=""
gdb=0 gdb_port=${TABULA_GDB_PORT:-1234}
# TABULA_DISK=FILE or =none changes the default (the tests set none).
disk=${TABULA_DISK:-auto}
[ "$disk" = none ] && disk=""
while [ $# -gt 0 ]; do
    case "$1" in
    --nographic) display=none ;;
    --headless) display=headless ;;
    --resolution) [ $# -ge 2 ] || { echo "qemu.sh: --resolution needs a size like 1024x768" >&2; exit 2; }
        resolution=$2; shift
        case "$resolution" in
        [1-9]*x[1-9]*) ;;
        *) echo "qemu.sh: --resolution needs a size like 1024x768, not '$resolution'" >&2; exit 2 ;;
        esac ;;
    --qmp) [ $# -ge 2 ] || { echo "qemu.sh: --qmp needs a socket path" >&2; exit 2; }
        qmp=$2; shift ;;
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
        virt|pi3) ;;
        *) echo "qemu.sh: unknown board '$board' (known: virt, pi3)" >&2; exit 2 ;;
        esac ;;
    --gdb) gdb=1 ;;
    --gdb-port) [ $# -ge 2 ] || { echo "qemu.sh: --gdb-port needs a port number" >&2; exit 2; }
        gdb=1 gdb_port=$2; shift ;;
    --kernel) [ $# -ge 2 ] || { echo "qemu.sh: --kernel needs a file" >&2; exit 2; }
        kernel=$2; shift ;;
    --disk) [ $# -ge 2 ] || { echo "qemu.sh: --disk needs an image file" >&2; exit 2; }
        disk=$2; shift
        [ -f "$disk" ] || { echo "qemu.sh: no disk image at '$disk' (make disk builds build/disk.img)" >&2; exit 2; } ;;
    --no-disk) disk="" ;;
    --help|-h) usage; exit 0 ;;
    *) echo "qemu.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
    esac
    shift
done

# BUILD (an environment variable, as for make) picks the build directory;
# by default build/ for virt and build/pi3 for the Pi 3, as make does.
if [ "$board" = virt ]; then build=${BUILD:-build}; else build=${BUILD:-build/$board}; fi
if [ -z "$kernel" ]; then
    make -s all BOARD="$board" BUILD="$build" >&2
    kernel=$build/tabula.elf
fi
[ -f "$kernel" ] || { echo "qemu.sh: no kernel at $kernel" >&2; exit 2; }

# The default disk is the board's own (its apps are built for its CPU),
# made the first time, with the programs of apps/ports when they can be
# fetched: so that `./qemu.sh` and then `run doom` just work.
if [ "$disk" = auto ]; then
    disk=$build/disk.img
    if [ ! -f "$disk" ]; then
        echo "qemu.sh: making $disk with the programs in apps/ports, once (a few minutes; --no-disk boots without a disk)" >&2
        make -s ports disk BOARD="$board" BUILD="$build" >&2 ||
            { echo "qemu.sh: could not make $disk; booting without a disk" >&2; disk=""; }
    fi
fi

bootargs=""
[ "$plain" = 1 ] && bootargs="plain"
[ -n "$exec_cmds" ] && bootargs="${bootargs:+$bootargs }exec=$exec_cmds"
# The kernel's limit on boot arguments (PLATFORM_BOOTARGS_MAX - 1).
if [ ${#bootargs} -gt 4095 ]; then
    echo "qemu.sh: --exec is too long (${#bootargs} bytes of boot arguments; the limit is 4095)" >&2
    exit 2
fi

case "$board" in
virt)
    smp=${smp:-1} mem=${mem:-128M}
    # A window when there is a desktop to open it on.
    if [ "$display" = auto ]; then
        if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then display=window; else display=none; fi
    fi
    set -- qemu-system-riscv64 -M virt -bios default -m "$mem" -smp "$smp" \
        -kernel "$kernel" -append "$bootargs"
    if [ "$display" = none ]; then
        set -- "$@" -nographic
    else
        # The modern virtio-mmio interface (version 2), which the drivers
        # speak; QEMU's default for virt is the legacy one.
        set -- "$@" -global virtio-mmio.force-legacy=false \
            -device "virtio-gpu-device,xres=${resolution%x*},yres=${resolution#*x}" \
            -device virtio-keyboard-device -device virtio-tablet-device \
            -serial mon:stdio
        if [ "$display" = window ]; then
            set -- "$@" -display gtk,zoom-to-fit=off
        else
            set -- "$@" -display none
        fi
    fi
    if [ -n "$disk" ]; then
        set -- "$@" -global virtio-mmio.force-legacy=false \
            -drive "file=$disk,if=none,format=raw,id=disk0" -device virtio-blk-device,drive=disk0
    fi
    what="QEMU virt ($smp hart(s), $mem)" ;;
pi3)
    # raspi3b is a fixed board: four cores, 1 GiB.
    case "$smp" in ''|4) ;; *) echo "qemu.sh: the Pi 3 has 4 cores; --smp $smp is not possible on --board pi3" >&2; exit 2 ;; esac
    case "$mem" in ''|1G|1024M) ;; *) echo "qemu.sh: the Pi 3 has 1G of RAM; --mem $mem is not possible on --board pi3" >&2; exit 2 ;; esac
    # QEMU starts the Pi's raw image as the firmware does (EL2, other cores
    # in the spin table); the ELF beside it has the symbols, for GDB.
    case "$kernel" in *.elf) image=${kernel%.elf}.img ;; *) image=$kernel ;; esac
    [ -f "$image" ] || { echo "qemu.sh: no raw image $image beside $kernel (make BOARD=pi3 $image)" >&2; exit 2; }
    # The boot arguments travel in /chosen/bootargs of a small device tree,
    # as cmdline.txt's do on a real Pi (see arch/aarch64/qemu-pi3.dts).
    dtb=$build/qemu-pi3.dtb
    [ -f "$dtb" ] || make -s BOARD=pi3 BUILD="$build" "$dtb" >&2
    if [ "$display" = auto ]; then
        if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then display=window; else display=none; fi
    fi
    if [ "$display" = none ]; then
        # The framebuffer is part of the SoC, so raspi3b always has one:
        # "nodisplay" tells the kernel to leave it alone (before exec=,
        # which takes the rest of the line).
        bootargs="nodisplay${bootargs:+ $bootargs}"
        set -- qemu-system-aarch64 -M raspi3b -kernel "$image" -dtb "$dtb" \
            -nographic -append "$bootargs"
    else
        # The firmware's framebuffer takes its size from the display, as
        # a real Pi's does from HDMI and config.txt.
        set -- qemu-system-aarch64 -M raspi3b -kernel "$image" -dtb "$dtb" \
            -append "$bootargs" -global "bcm2835-fb.xres=${resolution%x*}" \
            -global "bcm2835-fb.yres=${resolution#*x}" -serial mon:stdio \
            -usb -device usb-kbd -device usb-tablet
        if [ "$display" = window ]; then
            set -- "$@" -display gtk,zoom-to-fit=off
        else
            set -- "$@" -display none
        fi
    fi
    # The SD card: QEMU wants its size a power of two (make disk's is).
    [ -n "$disk" ] && set -- "$@" -drive "file=$disk,if=sd,format=raw"
    what="QEMU raspi3b (Raspberry Pi 3: 4 cores, 1G)" ;;
esac
[ -n "$qmp" ] && set -- "$@" -qmp "unix:$qmp,server=on,wait=off"
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

# The tabbed console's prefix key is Ctrl-A, QEMU's serial escape by
# default: move QEMU's to Ctrl-] (0x1d), as telnet has it.
quit="Ctrl-A then X"
if [ "$plain" = 0 ]; then
    set -- "$@" -echr 0x1d
    quit="Ctrl-] then X"
fi

echo "tabula: booting $kernel on $what${disk:+, disk $disk}; quit with $quit" >&2
exec "$@"
