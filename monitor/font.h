/*
 * font.h: the framebuffer console's bitmap font, a regular and a bold
 * face of one cell size. The table is made at build time by
 * tools/mkfont.py from a Linux console font of a Debian package (Terminus,
 * from console-setup-linux); see the Makefile's FONT setting.
 */
#ifndef MONITOR_FONT_H
#define MONITOR_FONT_H

#include <stdbool.h>
#include <stdint.h>

struct font {
    int width, height;      /* the cell, in pixels */
    int row_bytes;          /* bytes per glyph row, leftmost pixel in the top bit */
    int count;              /* code points mapped */
    const uint32_t *codes;  /* sorted */
    const uint16_t *index;  /* codes[i]'s glyph */
    const uint8_t *regular, *bold; /* glyphs, height * row_bytes bytes each */
};

extern const struct font font_console;

/* The glyph for code point ch, or NULL when the font has none. */
const uint8_t *font_glyph(const struct font *f, uint32_t ch, bool bold);

#endif
