#!/usr/bin/python3
"""mkcorrupt.py: makes a deliberately broken copy of a good task image, for
the loader's integration tests (`run badmagic` must be refused with a clear
message, never crash the kernel).

    mkcorrupt.py KIND IN.elf OUT

Kinds:
    badmagic   the ELF magic overwritten: not an ELF file at all
    truncated  the file cut in the middle of its largest PT_LOAD segment
    wrongarch  e_machine changed to another machine's code
    badreloc   the first dynamic relocation's type changed to an unknown one

Only 64-bit little-endian ELF input is handled, which is all tabula builds.
"""
import struct
import sys

PT_LOAD = 1
PT_DYNAMIC = 2
DT_NULL = 0
DT_RELA = 7
DT_RELASZ = 8
EM_X86_64 = 62
EM_RISCV = 243
# No architecture defines relocation type 0xdead.
UNKNOWN_RELOC = 0xDEAD


def die(msg):
    sys.exit("mkcorrupt: " + msg)


def program_headers(data):
    """Yields (type, offset, vaddr, filesz) for each program header."""
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        die("input is not a 64-bit little-endian ELF file")
    phoff, = struct.unpack_from("<Q", data, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    for i in range(phnum):
        p_type, _flags, off, vaddr, _paddr, filesz = struct.unpack_from(
            "<IIQQQQ", data, phoff + i * phentsize)
        yield p_type, off, vaddr, filesz


def vaddr_to_offset(data, vaddr):
    for p_type, off, start, filesz in program_headers(data):
        if p_type == PT_LOAD and start <= vaddr < start + filesz:
            return off + vaddr - start
    die("address %#x is not in any PT_LOAD" % vaddr)


def bad_magic(data):
    data[0:4] = b"NOPE"


def truncated(data):
    loads = [(filesz, off) for p_type, off, _v, filesz in program_headers(data)
             if p_type == PT_LOAD and filesz > 0]
    if not loads:
        die("no PT_LOAD with file contents to cut")
    filesz, off = max(loads)
    del data[off + filesz // 2:]


def wrong_arch(data):
    machine, = struct.unpack_from("<H", data, 0x12)
    other = EM_X86_64 if machine != EM_X86_64 else EM_RISCV
    struct.pack_into("<H", data, 0x12, other)


def bad_reloc(data):
    dynamic = [(off, filesz) for p_type, off, _v, filesz in program_headers(data)
               if p_type == PT_DYNAMIC]
    if not dynamic:
        die("no PT_DYNAMIC: the input has no relocations to corrupt")
    off, size = dynamic[0]
    tags = {}
    for pos in range(off, off + size, 16):
        tag, value = struct.unpack_from("<qQ", data, pos)
        if tag == DT_NULL:
            break
        tags[tag] = value
    if tags.get(DT_RELASZ, 0) < 24:
        die("no DT_RELA relocations to corrupt")
    entry = vaddr_to_offset(data, tags[DT_RELA])
    # Elf64_Rela: r_offset, r_info (symbol << 32 | type), r_addend.
    info, = struct.unpack_from("<Q", data, entry + 8)
    struct.pack_into("<Q", data, entry + 8, (info & ~0xFFFFFFFF) | UNKNOWN_RELOC)


KINDS = {
    "badmagic": bad_magic,
    "truncated": truncated,
    "wrongarch": wrong_arch,
    "badreloc": bad_reloc,
}


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in KINDS:
        sys.exit("usage: mkcorrupt.py {%s} IN.elf OUT" % ",".join(KINDS))
    kind, src, dst = sys.argv[1:]
    with open(src, "rb") as f:
        data = bytearray(f.read())
    KINDS[kind](data)
    with open(dst, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main()
