/*
 * lined.h: the line editor. It is fed the raw bytes typed on the terminal,
 * one at a time, keeps the line being typed, and reports what changed as an
 * event; drawing the change (echo) is the caller's job, so the line console
 * and the future tabbed console share the same editing rules.
 *
 * Keys: printable ASCII inserts; Backspace or DEL erases one character;
 * Ctrl-U erases the line, Ctrl-W the last word; Enter is CR, LF or CRLF (one
 * line, not two); Ctrl-C interrupts and clears the line; Ctrl-D reports
 * end-of-input. Escape sequences (arrows, function keys) and every other
 * control byte are swallowed.
 */
#ifndef MONITOR_LINED_H
#define MONITOR_LINED_H

#include <stdbool.h>
#include <stddef.h>

#define LINED_MAX 256 /* longest line, with the NUL */

enum lined_event {
    LINED_NONE,      /* nothing to draw */
    LINED_INSERT,    /* one character appended: buf[len - 1] */
    LINED_ERASE,     /* `erased` characters removed from the end */
    LINED_ENTER,     /* a line is done: see `line`; buf is empty again */
    LINED_INTERRUPT, /* Ctrl-C: buf is empty again */
    LINED_EOF,       /* Ctrl-D: buf is unchanged */
};

struct lined {
    char buf[LINED_MAX];  /* the line being typed, NUL-terminated */
    size_t len;
    size_t erased;        /* for LINED_ERASE */
    char line[LINED_MAX]; /* the last line entered */
    int escape;           /* where we are inside an escape sequence */
    bool after_cr;        /* swallow the LF of a CRLF */
};

void lined_reset(struct lined *ed);

/* Feeds one typed byte and returns what it did to the line. */
enum lined_event lined_feed(struct lined *ed, unsigned char c);

#endif
