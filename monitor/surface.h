/*
 * surface.h: a text surface, the model of a text tab: a grid of cells the
 * size of the tab's body, with lines of scrollback above it, a cursor, a
 * pen (the colours and attributes new text gets) and a scrolling region.
 * It only holds state; vt.c interprets escape sequences into these calls,
 * and renderers read the rows. No output happens here.
 */
#ifndef MONITOR_SURFACE_H
#define MONITOR_SURFACE_H

#include <stdbool.h>
#include <stdint.h>

#include "cell.h"

struct surface {
    int cols, rows;      /* the visible grid */
    int history;         /* scrollback lines it can keep */
    int kept;            /* scrollback lines it holds */
    int cap;             /* rows + history: lines in the ring */
    int top;             /* ring index of visible row 0 */
    struct cell *lines;  /* cap lines of cols cells */
    int cx, cy;          /* the cursor, in the visible grid */
    bool wrap_pending;   /* the last column was written: wrap before the next */
    bool autowrap;
    bool cursor_visible;
    struct cell pen;     /* attr, fg and bg of new text */
    int region_top, region_bottom; /* the scrolling region, inclusive */
    int saved_cx, saved_cy;
    struct cell saved_pen;
    uint64_t version;    /* changes whenever the content or cursor does */
    uint64_t scrolled;   /* lines that have left the top, ever */
};

/* Allocates the grid; returns 0, or -1 when memory is short (the surface
 * is then 0 x 0 and every call on it does nothing). */
int surface_init(struct surface *s, int cols, int rows, int history);
void surface_free(struct surface *s);

/* Changes the visible size, keeping the lines nearest the cursor and
 * moving those that no longer fit into the scrollback. Returns 0 or -1
 * (the surface is then unchanged). */
int surface_resize(struct surface *s, int cols, int rows);

/* Row y: 0..rows-1 visible, -1..-kept the scrollback (most recent first). */
struct cell *surface_row(struct surface *s, int y);
const struct cell *surface_row_c(const struct surface *s, int y);

/* Writes one character at the cursor with the pen and moves on, wrapping
 * at the right edge when autowrap is on. */
void surface_put(struct surface *s, uint32_t ch);
void surface_linefeed(struct surface *s);   /* down one, scrolling at the region's bottom */
void surface_reverse_index(struct surface *s); /* up one, scrolling down at the region's top */
void surface_carriage_return(struct surface *s);
void surface_backspace(struct surface *s);
void surface_tab(struct surface *s);
void surface_goto(struct surface *s, int x, int y); /* clamped */

/* mode 0: cursor to end, 1: start to cursor, 2: all. */
void surface_erase_line(struct surface *s, int mode);
void surface_erase_screen(struct surface *s, int mode);
void surface_erase_chars(struct surface *s, int n);
void surface_insert_chars(struct surface *s, int n);
void surface_delete_chars(struct surface *s, int n);
void surface_insert_lines(struct surface *s, int n);
void surface_delete_lines(struct surface *s, int n);
/* Scrolls the region up (text moves up) or down by n lines. */
void surface_scroll_up(struct surface *s, int n);
void surface_scroll_down(struct surface *s, int n);
void surface_set_region(struct surface *s, int top, int bottom);

/* Everything blank, scrollback too; cursor home; pen and modes reset. */
void surface_reset(struct surface *s);

/* Writes a NUL-terminated UTF-8-free ASCII string with the pen. */
void surface_puts(struct surface *s, const char *text);

#endif
