/*
 * runtime.h: how the runtime's own files and its arch_<isa>.S reach one
 * another. Apps include tabula_app.h instead.
 */
#ifndef RUNTIME_H
#define RUNTIME_H

#include <stdint.h>

#include "tabula_app.h"

/* Called by _start; sets up the task and exits with main's result. */
void runtime_start(const struct tabula_sys *sys, int argc, char **argv,
                   uintptr_t stack_limit) __attribute__((noreturn));

/* Points the thread pointer at this task's TLS block (arch_<isa>.S). */
void runtime_arch_set_tls(void *block);

/* Arranges for buffered console output to be flushed at exit. */
void runtime_console_init(void);
/* Hands whatever stdout and stderr still hold to the kernel. */
void runtime_console_flush(void);

#endif
