#!/bin/sh
# deps.sh: checks that every tool tabula builds and tests with is installed.
# As root it installs what is missing with apt-get; otherwise it prints the
# exact command and fails. Cheap when everything is there: no apt calls.
#
# Each line: a Debian package, then the file that proves it is installed.
set -u
need() { [ -e "$2" ] || missing="$missing $1"; }
missing=""
need gcc-riscv64-unknown-elf      /usr/bin/riscv64-unknown-elf-gcc
need binutils-riscv64-unknown-elf /usr/bin/riscv64-unknown-elf-ld
need picolibc-riscv64-unknown-elf /usr/lib/picolibc/riscv64-unknown-elf/picolibc.specs
need qemu-system-misc             /usr/bin/qemu-system-riscv64
need gcc-aarch64-linux-gnu        /usr/bin/aarch64-linux-gnu-gcc
need binutils-aarch64-linux-gnu   /usr/bin/aarch64-linux-gnu-ld
need picolibc-aarch64-linux-gnu   /usr/lib/picolibc/aarch64-linux-gnu/picolibc.specs
need qemu-system-arm              /usr/bin/qemu-system-aarch64
need device-tree-compiler         /usr/bin/dtc
need opensbi                      /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin
need lld                          /usr/bin/ld.lld
need clang                        /usr/bin/clang
need libclang-rt-14-dev           /usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a
need gcc                          /usr/bin/gcc
need make                         /usr/bin/make
need python3                      /usr/bin/python3
need python3-pytest               /usr/lib/python3/dist-packages/pytest
need python3-pexpect              /usr/lib/python3/dist-packages/pexpect
need gdb-multiarch                /usr/bin/gdb-multiarch
need python3-pyte                 /usr/lib/python3/dist-packages/pyte
need console-setup-linux          /usr/share/consolefonts/Uni2-Terminus20x10.psf.gz
need qemu-system-gui              /usr/share/doc/qemu-system-gui/copyright
need qemu-user                    /usr/bin/qemu-riscv64
need dosfstools                   /usr/sbin/mkfs.fat
need mtools                       /usr/bin/mcopy
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
    echo "tabula: installing$missing" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2 && apt-get install -y -qq $missing >&2 && exit 0
    echo "tabula: apt-get failed; run it by hand:" >&2
else
    echo "tabula: missing packages; install them with:" >&2
fi
echo "  sudo apt-get install -y$missing" >&2
exit 1
