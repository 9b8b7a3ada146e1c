/* font.c: finding a code point's glyph in the generated font table. */
#include "font.h"

#include <stddef.h>

const uint8_t *font_glyph(const struct font *f, uint32_t ch, bool bold)
{
    int lo = 0, hi = f->count - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (f->codes[mid] == ch) {
            size_t at = (size_t)f->index[mid] * (size_t)(f->height * f->row_bytes);
            return (bold ? f->bold : f->regular) + at;
        }
        if (f->codes[mid] < ch)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return NULL;
}
