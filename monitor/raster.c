/*
 * raster.c: half-block rendering (see raster.h).
 */
#include "raster.h"

/* The average colour of source pixels [x0,x1) x [y0,y1). */
static uint32_t average(const struct raster *r, int x0, int x1, int y0, int y1)
{
    uint32_t red = 0, green = 0, blue = 0, n = 0;
    for (int y = y0; y < y1; y++) {
        const uint32_t *row = r->pixels + (long)y * r->width;
        for (int x = x0; x < x1; x++) {
            red += row[x] >> 16 & 0xff;
            green += row[x] >> 8 & 0xff;
            blue += row[x] & 0xff;
            n++;
        }
    }
    return n ? COLOR_RGB(red / n, green / n, blue / n) : 0;
}

void raster_cells(const struct raster *r, struct cell *cells, int cols, int rows, uint32_t bg)
{
    int tw = cols, th = rows * 2; /* the target, in half-cell pixels */
    int dw, dh;

    for (int i = 0; i < cols * rows; i++)
        cells[i] = cell_blank(bg, bg);
    if (!r->pixels || r->width < 1 || r->height < 1 || cols < 1 || rows < 1)
        return;
    if ((long)r->width * th > (long)r->height * tw) {
        dw = tw;
        dh = (int)((long)r->height * tw / r->width);
    } else {
        dh = th;
        dw = (int)((long)r->width * th / r->height);
    }
    if (dw < 1 || dh < 1)
        return;
    int ox = (tw - dw) / 2, oy = (th - dh) / 2;

    for (int row = 0; row < rows; row++) {
        for (int col = 0; col < cols; col++) {
            uint32_t half[2];
            for (int k = 0; k < 2; k++) {
                int tx = col - ox, ty = row * 2 + k - oy;
                if (tx < 0 || ty < 0 || tx >= dw || ty >= dh) {
                    half[k] = bg;
                    continue;
                }
                int x0 = (int)((long)tx * r->width / dw), x1 = (int)((long)(tx + 1) * r->width / dw);
                int y0 = (int)((long)ty * r->height / dh), y1 = (int)((long)(ty + 1) * r->height / dh);
                half[k] = average(r, x0, x1 > x0 ? x1 : x0 + 1, y0, y1 > y0 ? y1 : y0 + 1);
            }
            struct cell *c = &cells[row * cols + col];
            if (half[0] == half[1]) {
                *c = cell_blank(half[0], half[0]);
                c->attr = ATTR_PIXELS;
            } else {
                c->ch = RASTER_UPPER_HALF;
                c->attr = ATTR_PIXELS;
                c->fg = half[0];
                c->bg = half[1];
            }
        }
    }
}
