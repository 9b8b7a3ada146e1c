/*
 * cell.h: one character cell of the console model, shared by text
 * surfaces, raster rendering, the compositor and (later) the framebuffer
 * renderer. A colour is the terminal's default, an index into the
 * 256-colour palette, or 24-bit RGB, tagged in its top byte.
 */
#ifndef MONITOR_CELL_H
#define MONITOR_CELL_H

#include <stdint.h>

#define COLOR_DEFAULT 0u
#define COLOR_INDEX(n) (0x01000000u | ((uint32_t)(n) & 0xffu))
#define COLOR_RGB(r, g, b) \
    (0x02000000u | ((uint32_t)(r) & 0xffu) << 16 | ((uint32_t)(g) & 0xffu) << 8 | ((uint32_t)(b) & 0xffu))
#define COLOR_HEX(x) (0x02000000u | ((uint32_t)(x) & 0xffffffu))
#define COLOR_KIND(c) ((c) >> 24)
#define COLOR_KIND_DEFAULT 0
#define COLOR_KIND_INDEX 1
#define COLOR_KIND_RGB 2
#define COLOR_R(c) (((c) >> 16) & 0xffu)
#define COLOR_G(c) (((c) >> 8) & 0xffu)
#define COLOR_B(c) ((c) & 0xffu)

#define ATTR_BOLD      0x01
#define ATTR_DIM       0x02
#define ATTR_ITALIC    0x04
#define ATTR_UNDERLINE 0x08
#define ATTR_BLINK     0x10
#define ATTR_REVERSE   0x20
#define ATTR_STRIKE    0x40
/* Not an SGR attribute: the cell is a picture's pixels (a raster), whose
 * colours the compositor may send approximately to save bytes. */
#define ATTR_PIXELS    0x80

struct cell {
    uint32_t ch : 24; /* a Unicode code point; ' ' when blank */
    uint32_t attr : 8;
    uint32_t fg, bg;
};

static inline struct cell cell_blank(uint32_t fg, uint32_t bg)
{
    struct cell c = {' ', 0, fg, bg};
    return c;
}

static inline int cell_same(struct cell a, struct cell b)
{
    return a.ch == b.ch && a.attr == b.attr && a.fg == b.fg && a.bg == b.bg;
}

#endif
