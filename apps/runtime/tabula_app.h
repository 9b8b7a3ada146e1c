/*
 * tabula_app.h: what the app runtime gives an app beyond Picolibc. Include
 * it to call the kernel directly through its syscall table:
 *
 *     #include <tabula_app.h>
 *     tabula->sleep_ns(1000000);
 *
 * Everything else an app needs (printf, getchar, malloc, exit) is plain
 * Picolibc, wired to the kernel by the runtime.
 */
#ifndef TABULA_APP_H
#define TABULA_APP_H

#include <stddef.h>
#include <stdint.h>
#include <tabula.h>

/* The kernel's syscall table, set before main runs. */
extern const struct tabula_sys *tabula __attribute__((visibility("hidden")));

/* The lowest address the stack may reach (see tabula.h). */
extern uintptr_t runtime_stack_limit __attribute__((visibility("hidden")));

/*
 * True when the running kernel's table has `entry`: an app built against a
 * newer tabula.h checks this before calling an entry appended since.
 */
#define TABULA_HAS(entry) \
    (offsetof(struct tabula_sys, entry) + sizeof(tabula->entry) <= tabula->size)

/*
 * The size of the screen the app's output lands on (its tab in the tabbed
 * console), asked with a cursor position report. Returns 0, or -1 with
 * 80 x 24 when nothing answers within 0.3 s. Keys typed meanwhile may be
 * lost; the console mode is left as it was.
 */
int tabula_term_size(int *cols, int *rows);

#endif
