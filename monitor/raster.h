/*
 * raster.h: a raster surface, the model of a canvas tab: the last frame
 * copied from the app (0x00RRGGBB pixels, row by row) and its number.
 * raster_cells renders it for a character screen with Unicode half
 * blocks: each cell shows two pixels, the upper as the foreground of
 * U+2580 and the lower as the background, so pixels come out square. The
 * picture is scaled to fit (averaging when it shrinks), centred, with
 * its aspect kept.
 */
#ifndef MONITOR_RASTER_H
#define MONITOR_RASTER_H

#include <stdint.h>

#include "cell.h"

#define RASTER_UPPER_HALF 0x2580

struct raster {
    int width, height;
    uint32_t *pixels;
    uint64_t frame;
};

/* Fills cols x rows cells (row by row) with the picture on background bg. */
void raster_cells(const struct raster *r, struct cell *cells, int cols, int rows, uint32_t bg);

#endif
