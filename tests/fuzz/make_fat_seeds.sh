#!/bin/sh
# make_fat_seeds.sh OUT_DIR: the FAT fuzzer's base images (FAT12, FAT16,
# FAT32, made by mkfs.fat and filled by mcopy) and a corpus seed per image.
# Existing images are kept.
set -eu
mkdir -p "$1"
out=$(cd "$1" && pwd)
mkdir -p "$out/corpus"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/src/sub/deeper"
printf 'one' > "$tmp/src/one.bin"
head -c 3000 /dev/zero | tr '\0' 'x' > "$tmp/src/A long file name.txt"
printf 'leaf' > "$tmp/src/sub/deeper/leaf.txt"
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
    : > "$tmp/src/sub/entry number $i"
done
make() { # type size-KiB options file
    [ -e "$out/$4" ] && return 0
    mkfs.fat -C -F "$1" $3 "$out/$4.tmp" "$2" >/dev/null
    (cd "$tmp/src" && mcopy -s -Q -i "$out/$4.tmp" ./* ::/)
    mv "$out/$4.tmp" "$out/$4"
}
make 12 360 "-r 32" fat12.img
make 16 2200 "-s 1 -r 64" fat16.img
make 32 34000 "-s 1" fat32.img
# One seed per image: the image's number and no patch.
printf '\000' > "$out/corpus/fat12"
printf '\001' > "$out/corpus/fat16"
printf '\002' > "$out/corpus/fat32"
