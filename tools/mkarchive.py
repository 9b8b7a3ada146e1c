#!/usr/bin/python3
"""mkarchive.py: packs app ELF files into one tabula app archive image.

    mkarchive.py -o OUT [FILE...] [--entry NAME=FILE...]

Each FILE is stored under its basename without the extension
(build/apps/hello.elf -> "hello"); --entry stores FILE under an explicit NAME
(tests use it to add deliberately broken apps). Names are 1 to 15 printable
ASCII characters without '/' and must be unique; entries are sorted by name.
The format is described in src/archive.h: a 16-byte header "TABULAAR",
version 1, count; a table of {name[16], offset u64, size u64}; then each file
at a 16-byte aligned offset, all little-endian.
"""
import argparse
import os
import struct
import sys

MAGIC = b"TABULAAR"
VERSION = 1
NAME_MAX = 15
ALIGN = 16
HEADER = struct.Struct("<8sII")
ENTRY = struct.Struct("<16sQQ")


def fail(message):
    sys.exit(f"mkarchive: {message}")


def check_name(name, source):
    if not 1 <= len(name) <= NAME_MAX:
        fail(f"{source}: name {name!r} must be 1 to {NAME_MAX} characters")
    if not all(" " < c <= "~" and c != "/" for c in name):
        fail(f"{source}: name {name!r} must be printable ASCII without spaces or '/'")


def build(entries):
    """entries: list of (name, bytes), already sorted. Returns the image."""
    table_end = HEADER.size + ENTRY.size * len(entries)
    offset = (table_end + ALIGN - 1) // ALIGN * ALIGN
    table, files = [], bytearray()
    for name, data in entries:
        table.append(ENTRY.pack(name.encode("ascii"), offset, len(data)))
        files += data
        pad = -len(data) % ALIGN
        files += bytes(pad)
        offset += len(data) + pad
    image = bytearray(HEADER.pack(MAGIC, VERSION, len(entries)))
    image += b"".join(table)
    image += bytes(-len(image) % ALIGN)
    image += files
    return bytes(image)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-o", "--output", required=True, help="image to write")
    parser.add_argument("--entry", action="append", default=[], metavar="NAME=FILE",
                        help="add FILE under an explicit NAME")
    parser.add_argument("files", nargs="*", metavar="FILE")
    args = parser.parse_args()

    sources = []
    for path in args.files:
        sources.append((os.path.splitext(os.path.basename(path))[0], path))
    for spec in args.entry:
        name, sep, path = spec.partition("=")
        if not sep or not path:
            fail(f"--entry {spec!r}: expected NAME=FILE")
        sources.append((name, path))

    entries, seen = [], {}
    for name, path in sources:
        check_name(name, path)
        if name in seen:
            fail(f"{path}: name {name!r} is already used by {seen[name]}")
        seen[name] = path
        try:
            with open(path, "rb") as f:
                entries.append((name, f.read()))
        except OSError as e:
            fail(f"{path}: {e.strerror}")
    entries.sort(key=lambda e: e[0].encode("ascii"))

    image = build(entries)
    tmp = args.output + ".tmp"
    try:
        with open(tmp, "wb") as f:
            f.write(image)
        os.replace(tmp, args.output)
    except OSError as e:
        fail(f"{args.output}: {e.strerror}")


if __name__ == "__main__":
    main()
