/*
 * fbcon.h: the framebuffer renderer of the tab model, for both front-ends
 * (the plain one shows its shell tab alone). It draws the same tab model
 * as the tabbed console's serial renderer (ui.c composes both), in pixels:
 * the tab bar, the focused tab's body and the status line in the bitmap
 * font, with thin neon rules, angled tab edges and optional scanlines;
 * canvas tabs as their real pixels at an integer scale. Only cells that
 * changed are drawn again, and only the rectangles drawn are flushed.
 * The mouse focuses a tab with a click in the tab bar and scrolls back
 * with the wheel.
 */
#ifndef MONITOR_FBCON_H
#define MONITOR_FBCON_H

#include <stdbool.h>
#include <stdint.h>

#include "ui.h"

/* Opens the display if the machine has one and the Monitor may use it;
 * then *cols x *rows becomes the size of its body in cells (the tabs'
 * surfaces take that size). False, changing nothing, without a display. */
bool fbcon_init(int *cols, int *rows);
bool fbcon_active(void);

/* Draws what changed since the last frame, and shows it. */
void fbcon_render(const struct ui_facts *facts);
/* True when the display wants a frame although the model has not changed
 * (a new mode, a wheel or click already applied, an invalidation). */
bool fbcon_pending(void);
/* Everything is drawn again at the next frame. */
void fbcon_invalidate(void);

/* Pointer events and mode changes; call after every wait, with or
 * without a console on the display. */
void fbcon_service(void);

struct fbcon_stats {
    uint32_t width, height;     /* pixels */
    int cols, rows;             /* the cell grid, chrome included */
    int cell_w, cell_h;
    uint64_t frames;            /* frames drawn */
    uint64_t rects, pixels;     /* flushed so far */
    unsigned fps;               /* frames drawn in the last whole second */
    unsigned canvas_fps;        /* canvas frames shown in the last whole second one was */
    bool fx;                    /* scanlines on */
};
void fbcon_stats(struct fbcon_stats *out);
void fbcon_set_fx(bool on);

/* Redraws the whole screen n times, flushing all of it each time; the
 * time spent drawing and the time waiting for the host, in ns. */
void fbcon_bench(int n, uint64_t *draw_ns, uint64_t *flush_ns);

#endif
