/*
 * pixels.h: drawing on a 0x00RRGGBB pixel buffer: fills, rules, blends,
 * glyph cells from the bitmap font, and pictures blown up at an integer
 * scale. Everything clips to the buffer. Pure (no syscalls), so host tests
 * draw into plain arrays.
 */
#ifndef MONITOR_PIXELS_H
#define MONITOR_PIXELS_H

#include <stdbool.h>
#include <stdint.h>

#include "font.h"

struct pix {
    uint32_t *p;
    int w, h;
    int stride;   /* pixels from one row to the next */
};

/* Glyph styles beyond the face (pix_glyph's style). */
#define PIX_BOLD      0x01
#define PIX_UNDERLINE 0x02
#define PIX_STRIKE    0x04
#define PIX_SCANLINES 0x08 /* odd pixel rows a little darker (PIX_SCANLINE_ALPHA) */
#define PIX_SCANLINE_ALPHA 36

void pix_fill(struct pix *d, int x, int y, int w, int h, uint32_t rgb);
/* Mixes rgb into the rectangle's pixels: alpha 0 (none) to 256 (all). */
void pix_blend(struct pix *d, int x, int y, int w, int h, uint32_t rgb, int alpha);
void pix_hline(struct pix *d, int x, int y, int w, uint32_t rgb);
void pix_vline(struct pix *d, int x, int y, int h, uint32_t rgb);
/* A slanted edge h pixels tall from (x, y) down, leaning right (dir 1,
 * like '/': its foot is at x) or left (dir -1, like '\'), filled
 * towards the left with `left` and towards the right with `right`, over a
 * width of w pixels. The tab bar's angled separators. */
void pix_slant(struct pix *d, int x, int y, int w, int h, int dir, uint32_t left, uint32_t right);

/* One character cell at (x, y): ch in fg on bg. Block elements and a few
 * shapes the console font lacks are drawn as geometry; anything else
 * missing shows as a small hollow box. */
void pix_glyph(struct pix *d, int x, int y, const struct font *f, uint32_t ch, int style,
               uint32_t fg, uint32_t bg);

/* src (sw x sh pixels, row by row) at (x, y), each pixel as a scale x
 * scale square; with scanlines, odd rows of the display darkened as
 * pix_blend(..., 0, PIX_SCANLINE_ALPHA) would (in the same pass). A
 * source wider than PIX_SCALE_MAX_W (a canvas's limit) draws nothing. */
#define PIX_SCALE_MAX_W 1024
void pix_scale(struct pix *d, int x, int y, const uint32_t *src, int sw, int sh, int scale,
               bool scanlines);

/* The mix of two colours, t from 0 (a) to 256 (b). */
uint32_t pix_mix(uint32_t a, uint32_t b, int t);

#endif
