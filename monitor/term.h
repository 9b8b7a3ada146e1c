/*
 * term.h: the line console, where all of the Monitor's output goes. It knows
 * plain mode (no colours, no escape sequences) from the neon mode, and
 * keeps an input line (the prompt and what is typed) intact when output
 * arrives in the middle of it.
 *
 * Commands print only through this interface, so the future tabbed console
 * can take their output by reimplementing it.
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

void term_init(bool plain);
bool term_plain(void);

/* Writes len bytes as they are. */
void term_write(const char *buf, size_t len);
void term_puts(const char *s);
void term_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The escape sequence that starts style, or "" in plain mode. */
const char *term_style(enum term_style style);

/* Prints "fmt\n" in the error colour. */
void term_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Ends the current line with "\n" unless the cursor is already at its start. */
void term_end_line(void);

/*
 * The input line: while one is shown, redraw (which must print the prompt
 * and the typed text) is remembered; NULL means none is shown. Output that
 * arrives on its own (from background tasks) is wrapped in
 * term_async_begin/end, which move the input line out of the way and draw
 * it again afterwards.
 */
void term_input_line(void (*redraw)(void));
void term_async_begin(void);
void term_async_end(void);

#endif
