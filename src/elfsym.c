/*
 * elfsym.c: symbol lookups in an app's ELF file (see elfsym.h). A lookup is
 * a linear scan: an app has a few hundred function symbols once the
 * compiler's local labels are stripped, and lookups happen only when
 * something has already crashed.
 */
#include "elfsym.h"

#include <string.h>

#define EHDR_SIZE 64u
#define SHDR_SIZE 64u
#define SYM_SIZE 24u
#define SHT_SYMTAB 2
#define SHT_STRTAB 3
#define STT_FUNC 2
#define SHN_UNDEF 0

static uint64_t rd(const uint8_t *p, int bytes)
{
    uint64_t v = 0;
    for (int i = bytes - 1; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

static bool in_file(uint64_t len, uint64_t off, uint64_t size)
{
    return off <= len && size <= len - off;
}

bool elfsym_open(const void *file, size_t len, struct elf_symtab *st)
{
    const uint8_t *f = file;
    memset(st, 0, sizeof *st);
    if (len < EHDR_SIZE || memcmp(f, "\177ELF", 4) != 0 || f[4] != 2 || f[5] != 1)
        return false;
    uint64_t shoff = rd(f + 40, 8);
    unsigned shentsize = (unsigned)rd(f + 58, 2), shnum = (unsigned)rd(f + 60, 2);
    if (shoff == 0 || shnum == 0 || shentsize != SHDR_SIZE ||
        !in_file(len, shoff, (uint64_t)shnum * SHDR_SIZE))
        return false;
    for (unsigned i = 0; i < shnum; i++) {
        const uint8_t *sh = f + shoff + (uint64_t)i * SHDR_SIZE;
        if (rd(sh + 4, 4) != SHT_SYMTAB)
            continue;
        uint64_t off = rd(sh + 24, 8), size = rd(sh + 32, 8);
        unsigned link = (unsigned)rd(sh + 40, 4);
        if (rd(sh + 56, 8) != SYM_SIZE || !in_file(len, off, size) || link >= shnum)
            return false;
        const uint8_t *strsh = f + shoff + (uint64_t)link * SHDR_SIZE;
        uint64_t soff = rd(strsh + 24, 8), ssize = rd(strsh + 32, 8);
        if (rd(strsh + 4, 4) != SHT_STRTAB || !in_file(len, soff, ssize))
            return false;
        st->syms = f + off;
        st->count = size / SYM_SIZE;
        st->strs = (const char *)f + soff;
        st->strs_len = ssize;
        return true;
    }
    return false;
}

/* The symbol's name if it is terminated inside the string table. */
static const char *sym_name(const struct elf_symtab *st, uint64_t at)
{
    if (at == 0 || at >= st->strs_len || !memchr(st->strs + at, 0, st->strs_len - at))
        return NULL;
    return st->strs + at;
}

/*
 * The candidates are the function symbols at the highest address at or
 * below addr (any below them are shadowed). A sized one there knows its
 * function's extent, so it must contain addr and it rules out unsized
 * aliases; without one, an unsized symbol (hand-written assembly) covers
 * everything up to the next symbol.
 */
bool elfsym_lookup(const struct elf_symtab *st, uint64_t addr, const char **name,
                   uint64_t *offset)
{
    const uint8_t *sized = NULL, *unsized = NULL;
    bool have_floor = false, floor_sized = false;
    uint64_t floor = 0;
    if (!st->syms)
        return false;
    for (uint64_t i = 0; i < st->count; i++) {
        const uint8_t *s = st->syms + i * SYM_SIZE;
        uint64_t value = rd(s + 8, 8), size = rd(s + 16, 8);
        if ((s[4] & 0xf) != STT_FUNC || rd(s + 6, 2) == SHN_UNDEF || value > addr ||
            (have_floor && value < floor) || !sym_name(st, rd(s, 4)))
            continue;
        if (!have_floor || value > floor) {
            have_floor = true;
            floor = value;
            sized = unsized = NULL;
            floor_sized = false;
        }
        if (size) {
            floor_sized = true;
            if (addr - value < size && !sized)
                sized = s;
        } else if (!unsized) {
            unsized = s;
        }
    }
    const uint8_t *best = floor_sized ? sized : unsized;
    if (!best)
        return false;
    *name = sym_name(st, rd(best, 4));
    *offset = addr - floor;
    return true;
}
