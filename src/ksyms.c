/*
 * ksyms.c: lookups in the kernel's symbol table (see ksyms.h). The table is
 * sorted by address, so a lookup is a binary search for the last symbol at
 * or below pc; a symbol with a size must also contain pc, which keeps an
 * address in padding or data from borrowing its neighbour's name.
 */
#include "ksyms.h"

#include <stdio.h>

struct ksym {
    uint64_t addr;
    uint32_t size;  /* 0: unknown (assembly without .size) */
    uint32_t name;  /* offset into ksyms_names */
};

/* Generated at build time (tools/mksyms.py). */
extern const uint64_t ksyms_count;
extern const struct ksym ksyms_table[];
extern const char ksyms_names[];
extern char _kernel_start[], _text_end[];

bool ksyms_lookup(uintptr_t pc, const char **name, uintptr_t *offset)
{
    if (pc < (uintptr_t)_kernel_start || pc >= (uintptr_t)_text_end || !ksyms_count)
        return false;
    size_t lo = 0, hi = ksyms_count; /* the answer is below hi */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (ksyms_table[mid].addr <= pc)
            lo = mid;
        else
            hi = mid;
    }
    const struct ksym *s = &ksyms_table[lo];
    if (s->addr > pc || (s->size && pc - s->addr >= s->size))
        return false;
    *name = ksyms_names + s->name;
    *offset = pc - s->addr;
    return true;
}

const char *ksyms_format(uintptr_t pc, char *buf, size_t len)
{
    const char *name;
    uintptr_t off;
    if (ksyms_lookup(pc, &name, &off))
        snprintf(buf, len, "%s+0x%lx", name, (unsigned long)off);
    else if (len)
        buf[0] = 0;
    return buf;
}
