/*
 * fmt.h: turning kernel values into text and pictures for the user: sizes,
 * times, how a task ended, names of states and errors, and the layout of the
 * memory bar. Pure functions with no I/O, shared by the line console and the
 * future tabbed one, and built on the host for unit tests.
 */
#ifndef MONITOR_FMT_H
#define MONITOR_FMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tabula.h"

/*
 * Writes bytes as "512B", "64K", "1M", "1.5M": exact multiples of the unit
 * without a decimal, others with one decimal, truncated. Returns buf.
 */
const char *fmt_size(char *buf, size_t cap, uint64_t bytes);

/* Writes ns as seconds with six decimals, "12.345678". Returns buf. */
const char *fmt_seconds(char *buf, size_t cap, uint64_t ns);

/* Writes ns as a wall-clock span, "0:01:23" or "2d 3:04:05". Returns buf. */
const char *fmt_clock(char *buf, size_t cap, uint64_t ns);

/*
 * Writes the sentence saying how a task ended, without brackets, naming it
 * by label (e.g. "hello" or "hello (task 3)"):
 *   "hello exited with status 0"
 *   "crashme crashed: store access fault at pc 0x80a01234 (crashme+0x234), address 0x0"
 *   "crashme died: stack overflow"
 *   "crashme killed"
 * app is the app's name, used for the pc offset. Returns buf.
 */
const char *fmt_end(char *buf, size_t cap, const char *label, const char *app,
                    const struct tabula_exit *end);

/*
 * Writes line i (from 0) of the report that follows a crash's end line, and
 * returns false when there is no such line. The lines are the stack depth
 * for an overflow, then the app's frames innermost first, each named
 * function+offset when the app has symbols, else app+offset:
 *   "  stack overflow: 66048 bytes deep (the stack is 65536), 258 frames"
 *   "  at crash_null+0x1e"
 *   "  #1 main+0x8c"
 *   "  ... 250 more frames"
 */
bool fmt_report_line(char *buf, size_t cap, const char *app,
                     const struct tabula_exit *end, unsigned i);

/* A short human name for a negative error code from a syscall. */
const char *fmt_error(int ret);

/* "ready", "running", ...; "?" for an unknown state. */
const char *fmt_state(int state);

/* "error", "warn", "info", "debug"; "?" for an unknown level. */
const char *fmt_level(int level);

/*
 * Lays the slot map (in address order) out on a bar of width cells covering
 * [base, base + size): cells[i] is the index in slots of the used slot drawn
 * there, or -1 for free. Each used slot covers the cells its addresses round
 * to, and at least one: a slot too small for a cell of its own still shows,
 * pushing its neighbours right if it must, so the bar keeps address order
 * and every task is there while cells last. The bar is a picture; the
 * legend has the exact numbers. Assumes size * width < 2^64.
 */
void fmt_bar(int *cells, int width, uint64_t base, uint64_t size,
             const struct tabula_slot_info *slots, int count);

#endif
