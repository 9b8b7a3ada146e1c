/*
 * canvas.h: raster canvases. A task's canvas is pixels in its own slot that
 * it declares with canvas_open and draws into; canvas_present counts a
 * frame and tells its parent, which copies the frame out with canvas_read.
 * The copy keeps the parent safe from a canvas whose slot is freed under
 * it, and leaves the pixels' owner free to draw the next frame.
 */
#ifndef CANVAS_H
#define CANVAS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tabula.h"

struct task;

int canvas_open(struct task *t, uint32_t *pixels, uint32_t width, uint32_t height);
int canvas_present(struct task *t);
/* Lock held; child is the caller's child. */
long canvas_read(struct task *child, struct tabula_canvas_info *info,
                 uint32_t *pixels, size_t max);
/* True when child has a frame its parent has not read (lock held). */
bool canvas_news(const struct task *child);

#endif
