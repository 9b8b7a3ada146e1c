/*
 * vt.h: the ANSI/VT interpreter that turns what a program writes into
 * changes on a text surface. It knows the subset C programs use: UTF-8
 * text, CR, LF (which also returns the carriage, as a terminal's output
 * processing would), backspace and tab; SGR colours (16, 256 and 24-bit)
 * and attributes; cursor position, movement, save and restore; erasing
 * the screen and lines; inserting and deleting characters and lines; the
 * scrolling region; hiding and showing the cursor; and the alternate
 * screen, approximated by clearing. Questions a program asks (the cursor
 * position report, device attributes) are answered through reply.
 * Anything else is swallowed whole, never shown as junk.
 */
#ifndef MONITOR_VT_H
#define MONITOR_VT_H

#include <stddef.h>
#include <stdint.h>

#include "surface.h"

#define VT_PARAMS_MAX 16

struct vt {
    struct surface *s;
    int state;
    int params[VT_PARAMS_MAX];
    int nparams;
    char marker;      /* a CSI's private marker ('?', '>', ...), or 0 */
    char intermediate;
    uint32_t utf8;    /* the code point being decoded */
    int utf8_left;    /* continuation bytes still expected */
    void (*reply)(void *ctx, const char *buf, size_t len);
    void *ctx;
};

void vt_init(struct vt *vt, struct surface *s,
             void (*reply)(void *ctx, const char *buf, size_t len), void *ctx);
void vt_feed(struct vt *vt, const char *buf, size_t len);
static inline void vt_puts(struct vt *vt, const char *text)
{
    size_t n = 0;
    while (text[n])
        n++;
    vt_feed(vt, text, n);
}

#endif
