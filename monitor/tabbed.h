/*
 * tabbed.h: the tabbed console, the Monitor's face when it is not in plain
 * mode. It owns the terminal: it asks the terminal its size, switches to
 * the alternate screen, reads keys, routes them (to the console's own
 * bindings, the shell, or the focused app through its line discipline),
 * feeds every app's output into its tab, and renders at most 30 frames a
 * second, sending only what changed.
 */
#ifndef MONITOR_TABBED_H
#define MONITOR_TABBED_H

#include <stdbool.h>
#include <stddef.h>

#include "keys.h"
#include "surface.h"
#include "tabula.h"

/* The console is frontend_tabbed (frontend.h); these reach into it from
 * its own parts. */

/* The shell tab, where term.c puts command output (tabline.c edits there). */
struct surface *tabbed_shell(void);

/* A message in the status line for a few seconds. */
void tabbed_notify(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Draw the next frame even if nothing in the model changed; everything:
 * resend every cell, whatever the terminal is believed to show. */
void tabbed_redraw(bool everything);

/* Tab commands (tabcmds.c) and keys (tabkeys.c) reach the console
 * through these. */
bool tabbed_focus(int index);    /* false: no such tab */
void tabbed_resize(int cols, int rows);
void tabbed_query_size(void);    /* asks the terminal; the answer resizes */
void tabbed_size(int *cols, int *rows);
/* 24-bit colour, or the 256-colour palette for terminals without it. */
void tabbed_set_depth(bool truecolor);
/* Canvas frames sent to the terminal as half blocks (without a display). */
struct tabbed_raster_stats {
    uint64_t frames, bytes, write_ns;
    size_t last_bytes;     /* the last frame's */
    unsigned last_second;  /* frames in the last whole second one was sent */
};
void tabbed_raster_stats(struct tabbed_raster_stats *out);
/* Gives the terminal back (normal screen, cursor, colours) before the
 * machine powers off. */
void tabbed_leave(void);

#endif
