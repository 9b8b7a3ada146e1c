/* syscall.h: the kernel's one instance of the syscall table. */
#ifndef SYSCALL_H
#define SYSCALL_H

#include "tabula.h"

extern const struct tabula_sys syscall_table;

/* The yield syscall's C path (see syscall.c). */
void sys_yield_slow(void);

#endif
