#!/bin/sh
# mkdisk.sh IMAGE SIZE_MIB ELF...: the disk tabula mounts. Creates IMAGE as
# a bare FAT32 volume of SIZE_MIB MiB (mkfs.fat) when it does not exist,
# makes /bin and /data, and copies each ELF into /bin (mcopy), replacing
# older copies. An existing image keeps its size and every other file: a
# rebuild updates /bin in place and never wipes what a user put there.
# An argument DEST=FILE (a port's data: DOOM's IWAD) copies FILE to the
# path DEST on the disk, making its directories; it is copied only when
# the disk's copy is missing or of another size (an IWAD is 27 MB).
set -eu
[ $# -ge 2 ] || { echo "usage: $0 IMAGE SIZE_MIB ELF..." >&2; exit 2; }
img=$1
size=$2
shift 2
case $size in
    ''|*[!0-9]*) echo "mkdisk: DISK_SIZE '$size' is not a number of MiB" >&2; exit 2 ;;
esac
# FAT32 needs 65,525 clusters: 33 MiB at 512-byte clusters.
if [ "$size" -lt 33 ]; then
    echo "mkdisk: DISK_SIZE $size MiB is too small for FAT32 (33 MiB at least)" >&2
    exit 2
fi
# QEMU's SD card (the Pi's disk) refuses an image whose size is not a
# power of two; virtio-blk takes any.
if [ $((size & (size - 1))) -ne 0 ]; then
    echo "mkdisk: note: $size MiB is not a power of two, which QEMU's SD card (raspi3b) refuses" >&2
fi
if [ ! -e "$img" ]; then
    mkdir -p "$(dirname "$img")"
    truncate -s "${size}M" "$img.tmp"
    mkfs.fat -F 32 -n TABULA "$img.tmp" >/dev/null
    mv "$img.tmp" "$img"
    echo "mkdisk: made $img (FAT32, $size MiB)"
elif ! minfo -i "$img" :: >/dev/null 2>&1; then
    echo "mkdisk: $img exists but is not a FAT volume: move it away first" >&2
    exit 1
else
    have=$(( $(stat -c %s "$img") / 1048576 ))
    [ "$have" = "$size" ] || echo "mkdisk: $img stays $have MiB (DISK_SIZE=$size applies to a new image)"
fi
for d in bin data; do
    mdir -i "$img" "::/$d" >/dev/null 2>&1 || mmd -i "$img" "::/$d"
done
elfs=
for a in "$@"; do
    case $a in
    /*=*)
        dest=${a%%=*} file=${a#*=}
        d=$(dirname "$dest") path=
        while [ "$d" != / ] && [ -n "$d" ]; do path="$d $path"; d=$(dirname "$d"); done
        for p in $path; do
            mdir -i "$img" "::$p" >/dev/null 2>&1 || mmd -i "$img" "::$p"
        done
        have=$(mdir -b -i "$img" "::$dest" 2>/dev/null | wc -l)
        [ "$have" = 0 ] || have=$(mtype -i "$img" "::$dest" | wc -c)
        [ "$have" = "$(stat -c %s "$file")" ] || mcopy -o -i "$img" "$file" "::$dest"
        ;;
    *) elfs="$elfs $a" ;;
    esac
done
set -- $elfs
[ $# -eq 0 ] || mcopy -o -i "$img" "$@" ::/bin/
echo "mkdisk: $img: /bin holds $(mdir -b -i "$img" ::/bin | wc -l) files"
