/*
 * elfsym.h: function names from an app's ELF symbol table, for crash
 * reports. The archive keeps each app's .symtab and .strtab (the build
 * strips only debug info and compiler-local labels, see apps/apps.mk), and
 * a task's table points into the archive, which lives as long as the
 * kernel: nothing is copied.
 *
 * The file is untrusted like everything the loader reads: elfsym_open
 * checks that both tables lie inside it, and elfsym_lookup that every name
 * it returns is terminated inside the string table.
 */
#ifndef ELFSYM_H
#define ELFSYM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct elf_symtab {
    const uint8_t *syms;  /* Elf64_Sym entries; NULL: no table */
    uint64_t count;
    const char *strs;     /* the linked string table */
    uint64_t strs_len;
};

/* Finds the symbol table of file[0..len). Returns false, with an empty
 * *st, when there is none or it is malformed; a task runs without names. */
bool elfsym_open(const void *file, size_t len, struct elf_symtab *st);

/*
 * The function holding addr (an image offset, the ELF's own addresses): its
 * name (NUL-terminated) and addr's offset from its start. A function with a
 * size must contain addr; one without (hand-written assembly) is taken as
 * reaching up to the next symbol. False when no function qualifies.
 */
bool elfsym_lookup(const struct elf_symtab *st, uint64_t addr, const char **name,
                   uint64_t *offset);

#endif
