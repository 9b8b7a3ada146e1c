/*
 * ksyms.h: the kernel's own symbol table, so that panics and crash reports
 * name functions instead of printing bare addresses. The table is made at
 * build time from the linked kernel (tools/mksyms.py, a second link; see
 * the Makefile) and lives in .rodata: it works in a panic, with no locks,
 * no allocation and nothing that could fault.
 */
#ifndef KSYMS_H
#define KSYMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The kernel function holding pc: its name and pc's offset from its start.
 * False for an address outside kernel code, or before the first symbol.
 */
bool ksyms_lookup(uintptr_t pc, const char **name, uintptr_t *offset);

/* Writes "function+0x1c" for a kernel pc, or "" when ksyms_lookup fails.
 * Returns buf. */
const char *ksyms_format(uintptr_t pc, char *buf, size_t len);

#endif
