/*
 * elf.c: loads static PIE task images (see elf.h). The file is untrusted: it
 * comes from the app archive and may be truncated or hostile, so every field
 * is read with explicit bounds checks and every sum is overflow-checked
 * before it is used as an offset. All multi-byte fields are read byte by
 * byte (the file may be unaligned in the archive); both our targets are
 * little-endian and the loader refuses anything else.
 *
 * inspect validates everything, including each relocation, by a dry run of
 * the same code that load runs for real; so once inspect has passed, load
 * can only fail on its own arguments (slot too small, unaligned base).
 */
#include "elf.h"
#include "tabula.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* The parts of the System V gABI we read. */
#define EHDR_SIZE 64u
#define PHDR_SIZE 56u
#define SHDR_SIZE 64u
#define NOTE_HDR_SIZE 12u
#define ET_DYN 3
#define PT_LOAD 1
#define PT_DYNAMIC 2
#define PT_INTERP 3
#define PT_NOTE 4
#define PT_TLS 7
#define PF_X 1
#define SHT_NOTE 7
#define SHT_RELA 4
#define SHT_REL 9
#define SHT_RELR 19
#define PN_XNUM 0xffff

/* Dynamic tags. RELR is the packed RELATIVE format (ld.lld
 * --pack-dyn-relocs=relr); REL has implicit addends (ld.lld -z rel). */
#define DT_NULL 0
#define DT_NEEDED 1
#define DT_PLTRELSZ 2
#define DT_RELA 7
#define DT_RELASZ 8
#define DT_RELAENT 9
#define DT_REL 17
#define DT_RELSZ 18
#define DT_RELENT 19
#define DT_PLTREL 20
#define DT_JMPREL 23
#define DT_RELRSZ 35
#define DT_RELR 36
#define DT_RELRENT 37

enum reloc_kind { KIND_RELA, KIND_REL, KIND_RELR };

struct phdr {
    uint32_t type, flags;
    uint64_t offset, vaddr, filesz, memsz, align;
};

/* One relocation table named by PT_DYNAMIC. */
struct reloc_table {
    bool has_addr, has_size;
    uint64_t addr, size, entsize;
    int kind;
    const char *name; /* "DT_RELA", for messages */
};

/* The state of one inspect or load. */
struct image {
    const struct elf_target *t;
    const uint8_t *file;
    uint64_t len;
    char *err;
    size_t errlen;
    uint64_t phoff;
    unsigned phnum;
    bool has_dynamic;
    uint64_t dyn_off, dyn_size;
    struct elf_info info;
    uint8_t *dest;     /* NULL: check relocations without applying them */
    uint64_t run_base;
};

/* A little-endian field of 2, 4 or 8 bytes. Fields are naturally aligned
 * in any sane file (the archive aligns files to 16 bytes), and then one
 * load does; a misaligned one is read a byte at a time (a misaligned load
 * would trap to the firmware and be emulated, a hundred times slower).
 * Both targets and the host tests are little-endian. */
static uint64_t rd(const uint8_t *p, int bytes)
{
    if (((uintptr_t)p & (bytes - 1)) == 0) {
        uint16_t h;
        uint32_t w;
        uint64_t d;
        switch (bytes) {
        case 2: __builtin_memcpy(&h, __builtin_assume_aligned(p, 2), 2); return h;
        case 4: __builtin_memcpy(&w, __builtin_assume_aligned(p, 4), 4); return w;
        case 8: __builtin_memcpy(&d, __builtin_assume_aligned(p, 8), 8); return d;
        }
    }
    uint64_t v = 0;
    for (int i = bytes - 1; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

static void wr64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++, v >>= 8)
        p[i] = (uint8_t)v;
}

static uint64_t align_up(uint64_t v, uint64_t align)
{
    return (v + align - 1) & ~(align - 1);
}

/* Records the reason and returns -code, for `return fail(...)`. */
__attribute__((format(printf, 3, 4)))
static int fail(struct image *img, int code, const char *fmt, ...)
{
    if (img->err && img->errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(img->err, img->errlen, fmt, ap);
        va_end(ap);
    }
    return -code;
}

/* True when [off, off+size) lies inside the file. */
static bool in_file(const struct image *img, uint64_t off, uint64_t size)
{
    return off <= img->len && size <= img->len - off;
}

static void read_phdr(const struct image *img, unsigned i, struct phdr *ph)
{
    const uint8_t *p = img->file + img->phoff + (uint64_t)i * PHDR_SIZE;
    ph->type = (uint32_t)rd(p, 4);
    ph->flags = (uint32_t)rd(p + 4, 4);
    ph->offset = rd(p + 8, 8);
    ph->vaddr = rd(p + 16, 8);
    ph->filesz = rd(p + 32, 8);
    ph->memsz = rd(p + 40, 8);
    ph->align = rd(p + 48, 8);
}

/* Finds the file offset of image range [addr, addr+size) when it lies in
 * the file-backed part of one PT_LOAD; false otherwise. */
static bool file_range(const struct image *img, uint64_t addr, uint64_t size,
                       uint64_t *off)
{
    struct phdr ph;
    for (unsigned i = 0; i < img->phnum; i++) {
        read_phdr(img, i, &ph);
        if (ph.type != PT_LOAD || addr < ph.vaddr || size > ph.filesz ||
            addr - ph.vaddr > ph.filesz - size)
            continue;
        *off = ph.offset + (addr - ph.vaddr);
        return true;
    }
    return false;
}

static const char *machine_name(unsigned m)
{
    switch (m) {
    case 3: return "x86";
    case 40: return "ARM (32-bit)";
    case 62: return "x86-64";
    case ELF_EM_AARCH64: return "AArch64";
    case ELF_EM_RISCV: return "RISC-V";
    default: return NULL;
    }
}

static int check_header(struct image *img)
{
    const uint8_t *f = img->file;
    if (img->len < 4 || memcmp(f, "\177ELF", 4) != 0)
        return fail(img, TABULA_ENOEXEC, "not an ELF file (bad magic)");
    if (img->len < EHDR_SIZE)
        return fail(img, TABULA_ENOEXEC,
                    "truncated: the ELF header ends at %#x but file is %#lx bytes",
                    EHDR_SIZE, (unsigned long)img->len);
    if (f[4] == 1)
        return fail(img, TABULA_ENOEXEC, "ELF class 32, need 64-bit");
    if (f[4] != 2)
        return fail(img, TABULA_ENOEXEC, "bad ELF class %u, need 64-bit", f[4]);
    if (f[5] == 2)
        return fail(img, TABULA_ENOEXEC, "big-endian ELF, need little-endian");
    if (f[5] != 1)
        return fail(img, TABULA_ENOEXEC, "bad ELF data encoding %u", f[5]);
    if (f[6] != 1 || rd(f + 20, 4) != 1)
        return fail(img, TABULA_ENOEXEC, "unknown ELF version %u", f[6]);

    unsigned machine = (unsigned)rd(f + 18, 2);
    if (machine != img->t->machine) {
        const char *have = machine_name(machine);
        const char *need = img->t->name ? img->t->name : "another";
        if (have)
            return fail(img, TABULA_ENOEXEC, "machine %s, need %s", have, need);
        return fail(img, TABULA_ENOEXEC, "machine %u, need %s", machine, need);
    }
    unsigned type = (unsigned)rd(f + 16, 2);
    if (type != ET_DYN) {
        static const char *const names[] = {"NONE", "REL (an object file)", "EXEC",
                                            "DYN", "CORE"};
        char num[16];
        snprintf(num, sizeof num, "%u", type);
        return fail(img, TABULA_ENOEXEC,
                    "type %s, need a position-independent executable (ET_DYN)",
                    type < 5 ? names[type] : num);
    }

    img->info.entry = rd(f + 24, 8);
    img->phoff = rd(f + 32, 8);
    img->phnum = (unsigned)rd(f + 56, 2);
    unsigned phentsize = (unsigned)rd(f + 54, 2);
    if (img->phnum == 0)
        return fail(img, TABULA_ENOEXEC, "no program headers");
    if (img->phnum == PN_XNUM)
        return fail(img, TABULA_ENOEXEC, "too many program headers (PN_XNUM)");
    if (phentsize != PHDR_SIZE)
        return fail(img, TABULA_ENOEXEC, "program header size %u, need %u",
                    phentsize, PHDR_SIZE);
    uint64_t size = (uint64_t)img->phnum * PHDR_SIZE;
    if (!in_file(img, img->phoff, size)) {
        if (img->phoff > UINT64_MAX - size)
            return fail(img, TABULA_ENOEXEC,
                        "program headers at offset %#lx lie past the end of the file",
                        (unsigned long)img->phoff);
        return fail(img, TABULA_ENOEXEC,
                    "truncated: program headers end at %#lx but file is %#lx bytes",
                    (unsigned long)(img->phoff + size), (unsigned long)img->len);
    }
    return 0;
}

static int check_tls(struct image *img, unsigned i, const struct phdr *ph)
{
    if (img->info.tls_align)
        return fail(img, TABULA_ENOEXEC, "more than one PT_TLS segment");
    if (ph->filesz > ph->memsz)
        return fail(img, TABULA_ENOEXEC,
                    "segment %u: TLS file size %#lx exceeds its memory size %#lx",
                    i, (unsigned long)ph->filesz, (unsigned long)ph->memsz);
    if (ph->align & (ph->align - 1))
        return fail(img, TABULA_ENOEXEC, "segment %u: TLS alignment %#lx is not a power of 2",
                    i, (unsigned long)ph->align);
    if (ph->align > ELF_LOAD_ALIGN)
        return fail(img, TABULA_ENOEXEC, "segment %u: TLS alignment %#lx exceeds %#x",
                    i, (unsigned long)ph->align, ELF_LOAD_ALIGN);
    if (ph->memsz > ELF_IMAGE_MAX)
        return fail(img, TABULA_ENOEXEC, "segment %u: TLS block of %#lx bytes is too large",
                    i, (unsigned long)ph->memsz);
    img->info.tls_offset = ph->vaddr;
    img->info.tls_filesz = ph->filesz;
    img->info.tls_memsz = ph->memsz;
    img->info.tls_align = ph->align ? ph->align : 1;
    return 0;
}

/*
 * Walks the program headers: the PT_LOAD layout (sorted, disjoint, inside
 * the file), the entry point, PT_TLS, PT_DYNAMIC. Sets image_size.
 */
static int check_segments(struct image *img)
{
    struct phdr ph;
    bool have_load = false, entry_ok = false;
    unsigned prev = 0;
    uint64_t prev_vaddr = 0, end = 0;

    for (unsigned i = 0; i < img->phnum; i++) {
        read_phdr(img, i, &ph);
        if (ph.type == PT_INTERP)
            return fail(img, TABULA_ENOEXEC,
                        "has an interpreter (PT_INTERP): dynamically linked");
        if (ph.type != PT_LOAD && ph.type != PT_DYNAMIC && ph.type != PT_NOTE &&
            ph.type != PT_TLS)
            continue;
        if (ph.type == PT_TLS) {
            int rc = check_tls(img, i, &ph);
            if (rc)
                return rc;
            continue;
        }
        if (!in_file(img, ph.offset, ph.filesz))
            return fail(img, TABULA_ENOEXEC, "segment %u extends past the end of the file", i);
        if (ph.type == PT_DYNAMIC) {
            if (img->has_dynamic)
                return fail(img, TABULA_ENOEXEC, "more than one PT_DYNAMIC segment");
            img->has_dynamic = true;
            img->dyn_off = ph.offset;
            img->dyn_size = ph.filesz;
        }
        if (ph.type != PT_LOAD)
            continue;

        if (ph.filesz > ph.memsz)
            return fail(img, TABULA_ENOEXEC,
                        "segment %u: file size %#lx exceeds memory size %#lx", i,
                        (unsigned long)ph.filesz, (unsigned long)ph.memsz);
        if (ph.align > ELF_LOAD_ALIGN)
            return fail(img, TABULA_ENOEXEC,
                        "segment %u needs %#lx-byte alignment but slots are 4 KiB-aligned "
                        "(link with -z max-page-size=4096)", i, (unsigned long)ph.align);
        if (ph.vaddr > ELF_IMAGE_MAX || ph.memsz > ELF_IMAGE_MAX - ph.vaddr)
            return fail(img, TABULA_ENOEXEC,
                        "segment %u ends beyond the %lu MiB image limit", i,
                        (unsigned long)(ELF_IMAGE_MAX >> 20));
        if (ph.memsz == 0)
            continue;
        if (have_load && ph.vaddr < prev_vaddr)
            return fail(img, TABULA_ENOEXEC,
                        "segments %u and %u are out of order (PT_LOAD must ascend)",
                        prev, i);
        if (have_load && ph.vaddr < end)
            return fail(img, TABULA_ENOEXEC, "segments %u and %u overlap", prev, i);
        if ((ph.flags & PF_X) && img->info.entry >= ph.vaddr &&
            img->info.entry - ph.vaddr < ph.filesz)
            entry_ok = true;
        if (ph.flags & PF_X)
            img->info.code_end = ph.vaddr + ph.memsz;
        have_load = true;
        prev = i;
        prev_vaddr = ph.vaddr;
        end = ph.vaddr + ph.memsz;
    }
    if (!have_load)
        return fail(img, TABULA_ENOEXEC, "no loadable segments");
    if (!entry_ok)
        return fail(img, TABULA_ENOEXEC,
                    "entry point %#lx is not in an executable segment",
                    (unsigned long)img->info.entry);
    img->info.image_size = align_up(end, 16);

    uint64_t unused;
    if (img->info.tls_filesz &&
        !file_range(img, img->info.tls_offset, img->info.tls_filesz, &unused))
        return fail(img, TABULA_ENOEXEC,
                    "TLS template at %#lx is not inside a loaded segment",
                    (unsigned long)img->info.tls_offset);
    return 0;
}

/* "tabula" with one or two NULs, as TABULA_APP_MEMORY writes it. */
static bool is_tabula_name(const uint8_t *name, uint64_t namesz)
{
    return (namesz == 7 || namesz == 8) && memcmp(name, "tabula", 7) == 0 &&
           (namesz == 7 || name[7] == 0);
}

/*
 * Walks the notes in file[off, off+size), padded to `align` (4 or 8, from
 * the segment's or section's alignment, as binutils reads them), for the
 * tabula notes (memory, capabilities, file grants). Returns 1 when it found any, 0 when
 * none, or an error.
 */
static int scan_notes(struct image *img, uint64_t off, uint64_t size, uint64_t align)
{
    align = align == 8 ? 8 : 4;
    uint64_t pos = 0;
    int found = 0;
    while (size - pos >= NOTE_HDR_SIZE) {
        const uint8_t *n = img->file + off + pos;
        uint64_t namesz = rd(n, 4), descsz = rd(n + 4, 4), type = rd(n + 8, 4);
        uint64_t desc = align_up(NOTE_HDR_SIZE + namesz, align);
        if (desc > size - pos || descsz > size - pos - desc)
            return fail(img, TABULA_ENOEXEC,
                        "note at file offset %#lx runs past the end of its segment",
                        (unsigned long)(off + pos));
        bool ours = is_tabula_name(n + NOTE_HDR_SIZE, namesz);
        if (ours && type == TABULA_NOTE_TYPE_MEMORY) {
            if (descsz != 16)
                return fail(img, TABULA_ENOEXEC,
                            "tabula memory note holds %lu bytes, need 16",
                            (unsigned long)descsz);
            img->info.mem_size = rd(n + desc, 8);
            img->info.stack_size = rd(n + desc + 8, 8);
            found = 1;
        } else if (ours && type == TABULA_NOTE_TYPE_CAPS) {
            if (descsz != 8)
                return fail(img, TABULA_ENOEXEC,
                            "tabula capability note holds %lu bytes, need 8",
                            (unsigned long)descsz);
            img->info.caps = (uint32_t)rd(n + desc, 8);
            found = 1;
        } else if (ours && type == TABULA_NOTE_TYPE_FS) {
            /* Text only, NUL-terminated inside the note: what it means is
             * the spawner's business (the Monitor parses it). */
            const uint8_t *text = n + desc;
            uint64_t len = 0;
            while (len < descsz && text[len])
                len++;
            if (descsz != TABULA_NOTE_FS_MAX || len == descsz)
                return fail(img, TABULA_ENOEXEC,
                            "tabula file-grant note holds %lu bytes, need %u ending in a NUL",
                            (unsigned long)descsz, TABULA_NOTE_FS_MAX);
            for (uint64_t i = 0; i < len; i++)
                if (text[i] < 0x20 || text[i] > 0x7e)
                    return fail(img, TABULA_ENOEXEC,
                                "tabula file-grant note holds byte %#x at %lu (printable ASCII only)",
                                text[i], (unsigned long)i);
            img->info.fs_offset = off + pos + desc;
            img->info.fs_len = (uint32_t)len;
            found = 1;
        }
        uint64_t next = align_up(desc + descsz, align);
        if (next >= size - pos)
            break;
        pos += next;
    }
    return found;
}

/* Finds the tabula notes in the PT_NOTE segments or, failing that, in the
 * SHT_NOTE sections; leaves mem_size, stack_size and caps 0 when there are
 * none. */
static int read_note(struct image *img)
{
    struct phdr ph;
    int found = 0;
    for (unsigned i = 0; i < img->phnum; i++) {
        read_phdr(img, i, &ph);
        if (ph.type != PT_NOTE)
            continue;
        int rc = scan_notes(img, ph.offset, ph.filesz, ph.align);
        if (rc < 0)
            return rc;
        found |= rc;
    }
    if (found)
        return 0;

    const uint8_t *f = img->file;
    uint64_t shoff = rd(f + 40, 8);
    unsigned shentsize = (unsigned)rd(f + 58, 2), shnum = (unsigned)rd(f + 60, 2);
    if (shoff == 0 || shnum == 0)
        return 0;
    if (shentsize != SHDR_SIZE)
        return fail(img, TABULA_ENOEXEC, "section header size %u, need %u",
                    shentsize, SHDR_SIZE);
    if (!in_file(img, shoff, (uint64_t)shnum * SHDR_SIZE))
        return fail(img, TABULA_ENOEXEC,
                    "truncated: section headers at %#lx run past the end of the file (%#lx bytes)",
                    (unsigned long)shoff, (unsigned long)img->len);
    for (unsigned i = 0; i < shnum; i++) {
        const uint8_t *sh = f + shoff + (uint64_t)i * SHDR_SIZE;
        if (rd(sh + 4, 4) != SHT_NOTE)
            continue;
        uint64_t off = rd(sh + 24, 8), size = rd(sh + 32, 8);
        if (!in_file(img, off, size))
            return fail(img, TABULA_ENOEXEC, "section %u extends past the end of the file", i);
        int rc = scan_notes(img, off, size, rd(sh + 48, 8));
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* Checks one relocation at image offset `at` and, when loading, applies
 * it: the word becomes run_base + addend, where the addend is `addend`
 * (RELA) or the word already in place (REL, RELR). */
static int relocate(struct image *img, uint64_t at, bool implicit, uint64_t addend)
{
    if (at > img->info.image_size || img->info.image_size - at < 8)
        return fail(img, TABULA_ENOEXEC, "relocation at offset %#lx is outside the image",
                    (unsigned long)at);
    img->info.relocs++;
    if (img->dest) {
        if (implicit)
            addend = rd(img->dest + at, 8);
        wr64(img->dest + at, img->run_base + addend);
    }
    return 0;
}

static int apply_rel(struct image *img, const uint8_t *e, bool rela)
{
    uint64_t at = rd(e, 8);
    uint32_t type = (uint32_t)rd(e + 8, 4);
    if (type == img->t->reloc_none)
        return 0;
    if (type != img->t->reloc_relative)
        return fail(img, TABULA_ENOEXEC, "unknown relocation type %u at offset %#lx",
                    (unsigned)type, (unsigned long)at);
    return relocate(img, at, !rela, rela ? rd(e + 16, 8) : 0);
}

/* RELR: an even entry is an address to relocate; an odd entry is a bitmap
 * of the 63 words after the last one handled. */
static int apply_relr(struct image *img, const uint8_t *e, uint64_t n)
{
    uint64_t where = 0;
    bool have_where = false;
    for (uint64_t i = 0; i < n; i++, e += 8) {
        uint64_t v = rd(e, 8);
        int rc;
        if ((v & 1) == 0) {
            if ((rc = relocate(img, v, true, 0)))
                return rc;
            where = v + 8; /* v < image_size: no overflow */
            have_where = true;
            continue;
        }
        if (!have_where)
            return fail(img, TABULA_ENOEXEC, "DT_RELR table starts with a bitmap");
        for (uint64_t bit = 0, bits = v >> 1; bits; bit++, bits >>= 1)
            if ((bits & 1) && (rc = relocate(img, where + bit * 8, true, 0)))
                return rc;
        if (where > ELF_IMAGE_MAX)
            return fail(img, TABULA_ENOEXEC, "DT_RELR bitmaps run past the image");
        where += 63 * 8;
    }
    return 0;
}

static int apply_table(struct image *img, struct reloc_table *rt)
{
    static const uint64_t entsize[] = {[KIND_RELA] = 24, [KIND_REL] = 16, [KIND_RELR] = 8};
    uint64_t want = entsize[rt->kind], off;
    if (!rt->has_addr && !rt->has_size)
        return 0;
    if (!rt->has_addr || !rt->has_size)
        return fail(img, TABULA_ENOEXEC, "%s table is missing its address or size", rt->name);
    if (rt->entsize && rt->entsize != want)
        return fail(img, TABULA_ENOEXEC, "%s entries are %lu bytes, need %lu", rt->name,
                    (unsigned long)rt->entsize, (unsigned long)want);
    if (rt->size % want)
        return fail(img, TABULA_ENOEXEC, "%s size %#lx is not a multiple of %lu", rt->name,
                    (unsigned long)rt->size, (unsigned long)want);
    if (!file_range(img, rt->addr, rt->size, &off))
        return fail(img, TABULA_ENOEXEC,
                    "%s table at %#lx (%#lx bytes) is not inside a loaded segment",
                    rt->name, (unsigned long)rt->addr, (unsigned long)rt->size);
    const uint8_t *e = img->file + off;
    uint64_t n = rt->size / want;
    if (rt->kind == KIND_RELR)
        return apply_relr(img, e, n);
    for (uint64_t i = 0; i < n; i++, e += want) {
        int rc = apply_rel(img, e, rt->kind == KIND_RELA);
        if (rc)
            return rc;
    }
    return 0;
}

/* An image whose dynamic tags name no relocation table may still carry
 * relocations the loader would then never apply (the tags removed, or no
 * PT_DYNAMIC at all): loaded as is, its pointers would hold link-time
 * addresses. A relocation section in the section table says so; with no
 * section table there is nothing more to ask. */
static int check_unnamed_relocs(struct image *img)
{
    const uint8_t *f = img->file;
    uint64_t shoff = rd(f + 40, 8);
    unsigned shnum = (unsigned)rd(f + 60, 2);
    if (shoff == 0 || shnum == 0 || rd(f + 58, 2) != SHDR_SIZE ||
        !in_file(img, shoff, (uint64_t)shnum * SHDR_SIZE))
        return 0;
    for (unsigned i = 0; i < shnum; i++) {
        const uint8_t *sh = f + shoff + (uint64_t)i * SHDR_SIZE;
        uint32_t type = (uint32_t)rd(sh + 4, 4);
        uint64_t size = rd(sh + 32, 8);
        if ((type == SHT_RELA || type == SHT_REL || type == SHT_RELR) && size)
            return fail(img, TABULA_ENOEXEC,
                        "section %u holds %lu bytes of relocations, but %s no relocation table",
                        i, (unsigned long)size,
                        img->has_dynamic ? "PT_DYNAMIC names" : "there is no PT_DYNAMIC to name");
    }
    return 0;
}

/* Reads PT_DYNAMIC and checks (dest NULL) or applies every relocation. */
static int relocate_all(struct image *img)
{
    struct reloc_table rela = {.kind = KIND_RELA, .name = "DT_RELA"};
    struct reloc_table rel = {.kind = KIND_REL, .name = "DT_REL"};
    struct reloc_table relr = {.kind = KIND_RELR, .name = "DT_RELR"};
    struct reloc_table plt = {.kind = KIND_RELA, .name = "DT_JMPREL"};
    uint64_t pltrel = DT_RELA;

    img->info.relocs = 0;
    if (!img->has_dynamic)
        return check_unnamed_relocs(img);
    for (uint64_t pos = 0; img->dyn_size - pos >= 16; pos += 16) {
        const uint8_t *d = img->file + img->dyn_off + pos;
        uint64_t tag = rd(d, 8), val = rd(d + 8, 8);
        if (tag == DT_NULL)
            break;
        switch (tag) {
        case DT_NEEDED:
            return fail(img, TABULA_ENOEXEC,
                        "needs a shared library (DT_NEEDED): dynamically linked");
        case DT_RELA: rela.has_addr = true; rela.addr = val; break;
        case DT_RELASZ: rela.has_size = true; rela.size = val; break;
        case DT_RELAENT: rela.entsize = val; break;
        case DT_REL: rel.has_addr = true; rel.addr = val; break;
        case DT_RELSZ: rel.has_size = true; rel.size = val; break;
        case DT_RELENT: rel.entsize = val; break;
        case DT_RELR: relr.has_addr = true; relr.addr = val; break;
        case DT_RELRSZ: relr.has_size = true; relr.size = val; break;
        case DT_RELRENT: relr.entsize = val; break;
        case DT_JMPREL: plt.has_addr = true; plt.addr = val; break;
        case DT_PLTRELSZ: plt.has_size = true; plt.size = val; break;
        case DT_PLTREL: pltrel = val; break;
        }
    }
    if (pltrel != DT_RELA && pltrel != DT_REL)
        return fail(img, TABULA_ENOEXEC, "DT_PLTREL is %lu, need DT_RELA or DT_REL",
                    (unsigned long)pltrel);
    plt.kind = pltrel == DT_RELA ? KIND_RELA : KIND_REL;
    if (!rela.has_addr && !rel.has_addr && !relr.has_addr && !plt.has_addr &&
        !rela.has_size && !rel.has_size && !relr.has_size && !plt.has_size) {
        int rc = check_unnamed_relocs(img);
        if (rc)
            return rc;
    }

    int rc;
    if ((rc = apply_table(img, &rela)) || (rc = apply_table(img, &rel)) ||
        (rc = apply_table(img, &relr)) || (rc = apply_table(img, &plt)))
        return rc;
    return 0;
}

static int inspect(struct image *img)
{
    int rc;
    if ((rc = check_header(img)) || (rc = check_segments(img)) || (rc = read_note(img)) ||
        (rc = relocate_all(img)))
        return rc;
    return 0;
}

static int start(struct image *img, const struct elf_target *t, const void *file,
                 size_t len, char *err, size_t errlen)
{
    memset(img, 0, sizeof *img);
    img->t = t;
    img->file = file;
    img->len = file ? len : 0;
    img->err = err;
    img->errlen = errlen;
    if (err && errlen)
        err[0] = 0;
    if (!t)
        return fail(img, TABULA_EINVAL, "no ELF target");
    return 0;
}

int elf_inspect(const struct elf_target *t, const void *file, size_t len,
                struct elf_info *info, char *err, size_t errlen)
{
    struct image img;
    int rc = start(&img, t, file, len, err, errlen);
    if (!rc)
        rc = inspect(&img);
    if (info)
        *info = rc ? (struct elf_info){0} : img.info;
    return rc;
}

/* Writes the segments in address order, zeroing the gaps between them,
 * each .bss, and the tail up to image_size. */
static void copy_segments(struct image *img)
{
    struct phdr ph;
    uint64_t cursor = 0;
    for (unsigned i = 0; i < img->phnum; i++) {
        read_phdr(img, i, &ph);
        if (ph.type != PT_LOAD || ph.memsz == 0)
            continue;
        /* check_segments proved vaddr >= cursor and vaddr + memsz <= image_size. */
        memset(img->dest + cursor, 0, ph.vaddr - cursor);
        memcpy(img->dest + ph.vaddr, img->file + ph.offset, ph.filesz);
        cursor = ph.vaddr + ph.filesz;
    }
    memset(img->dest + cursor, 0, img->info.image_size - cursor);
}

static void format_size(char *buf, size_t len, uint64_t bytes, bool round_up)
{
    if (bytes < 10 * 1024)
        snprintf(buf, len, "%lu bytes", (unsigned long)bytes);
    else
        snprintf(buf, len, "%lu KiB", (unsigned long)((bytes + (round_up ? 1023 : 0)) / 1024));
}

int elf_load(const struct elf_target *t, const void *file, size_t len, void *dest,
             size_t dest_size, uint64_t run_base, struct elf_info *info, char *err,
             size_t errlen)
{
    struct image img;
    int rc = start(&img, t, file, len, err, errlen);
    if (!rc)
        rc = inspect(&img);
    if (!rc && run_base % ELF_LOAD_ALIGN)
        rc = fail(&img, TABULA_EINVAL, "load address %#lx is not 4 KiB-aligned",
                  (unsigned long)run_base);
    if (!rc && !dest)
        rc = fail(&img, TABULA_EINVAL, "no destination to load into");
    if (!rc && img.info.image_size > dest_size) {
        char need[32], have[32];
        format_size(need, sizeof need, img.info.image_size, true);
        format_size(have, sizeof have, dest_size, false);
        rc = fail(&img, TABULA_ENOMEM, "image needs %s but the slot holds %s", need, have);
    }
    if (!rc && run_base > UINT64_MAX - img.info.image_size)
        rc = fail(&img, TABULA_EINVAL, "image at %#lx would wrap around the address space",
                  (unsigned long)run_base);
    if (!rc) {
        img.dest = dest;
        img.run_base = run_base;
        copy_segments(&img);
        rc = relocate_all(&img);
    }
    if (info)
        *info = rc ? (struct elf_info){0} : img.info;
    return rc;
}
