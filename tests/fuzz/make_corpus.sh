#!/bin/sh
# make_corpus.sh OUT_DIR [APPS_DIR]: seeds the ELF loader fuzzer's corpus.
# Builds the loader test's fixture (tests/host/elf_fixtures/task.c) for
# RISC-V and AArch64, linked every way the host test links it (RELA, REL,
# RELR, linker/task.ld), stripped so mutations land in the parts the loader
# reads; then copies any app images already built in APPS_DIR (stripped/*.elf
# or else *.elf, and corrupt/*.elf). Existing corpus files are kept.
set -eu
out=$1
apps=${2:-}
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"

src=$root/tests/host/elf_fixtures/task.c
riscv64-unknown-elf-gcc -march=rv64imafdc -mabi=lp64d -mcmodel=medany -fPIE \
    -ffreestanding -nostdlib -O2 -I"$root/src/include" -c "$src" -o "$tmp/rv.o"
clang --target=aarch64-none-elf -fPIE -ffreestanding -nostdlib -O2 \
    -I"$root/src/include" -c "$src" -o "$tmp/a64.o"

link="ld.lld -pie --no-dynamic-linker -e _start -z max-page-size=4096 --strip-all"
# The same without -fPIE: absolute pointers in .rodata, relocated in the
# text segment (a text relocation, as Picolibc's iconv tables need).
riscv64-unknown-elf-gcc -march=rv64imafdc -mabi=lp64d -mcmodel=medany -fno-PIE \
    -ffreestanding -nostdlib -O2 -I"$root/src/include" -c "$src" -o "$tmp/rv-nopic.o"
clang --target=aarch64-none-elf -fno-PIE -ffreestanding -nostdlib -O2 \
    -I"$root/src/include" -c "$src" -o "$tmp/a64-nopic.o"

for a in rv a64; do
    $link -z notext -o "$out/seed-$a-textrel.elf" "$tmp/$a-nopic.o"
    $link -o "$out/seed-$a.elf" "$tmp/$a.o"
    $link -z rel -o "$out/seed-$a-rel.elf" "$tmp/$a.o"
    $link --pack-dyn-relocs=relr -o "$out/seed-$a-relr.elf" "$tmp/$a.o"
    $link -z norelro --gc-sections -T "$root/linker/task.ld" \
        -o "$out/seed-$a-task.elf" "$tmp/$a.o"
done

n=10
if [ -n "$apps" ] && [ -d "$apps" ]; then
    # Prefer the stripped copies: debug info only slows mutation down.
    images=$apps/*.elf
    [ -d "$apps/stripped" ] && images=$apps/stripped/*.elf
    for f in $images "$apps"/corrupt/*.elf; do
        [ -f "$f" ] || continue
        case $f in */corrupt/*) name=corrupt-$(basename "$f") ;; *) name=app-$(basename "$f") ;; esac
        cp "$f" "$out/$name"
        n=$((n + 1))
    done
fi
echo "make_corpus: $n seeds in $out"
