/*
 * term.h: where all of the Monitor's output goes, whichever front-end
 * (frontend.h) shows it. Commands print only through this interface.
 */
#ifndef MONITOR_TERM_H
#define MONITOR_TERM_H

#include <stdbool.h>
#include <stddef.h>

enum term_style {
    TERM_RESET,
    TERM_PINK,   /* the prompt, headings */
    TERM_CYAN,   /* values, the prompt's '>' */
    TERM_VIOLET, /* labels, addresses */
    TERM_DIM,    /* background output prefixes, debug logs */
    TERM_RED,    /* errors */
    TERM_YELLOW, /* warnings */
    TERM_BOLD,
};

/* Writes len bytes as they are. */
void term_write(const char *buf, size_t len);
void term_puts(const char *s);
void term_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The escape sequence that starts style, or "" where there are none. */
const char *term_style(enum term_style style);

/* Prints "fmt\n" in the error colour. */
void term_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Ends the current line with "\n" unless the cursor is already at its start. */
void term_end_line(void);

#endif
