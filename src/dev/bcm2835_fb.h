/*
 * bcm2835_fb.h: the Pi's framebuffer, which the VideoCore's firmware
 * allocates and scans out, behind the display interface (display.h).
 */
#ifndef BCM2835_FB_H
#define BCM2835_FB_H

#include <stddef.h>
#include <stdint.h>

struct bcm2835_fb {
    uint32_t *pixels;   /* ARM physical address of the first pixel */
    uint32_t width, height;
    uint32_t pitch;     /* bytes from one row to the next */
    size_t size;        /* bytes the firmware allocated */
};

/*
 * Asks the firmware (through the mailbox, which must be set up) for a
 * 32-bit 0x00RRGGBB framebuffer at the display's own size: what QEMU's
 * xres/yres or a real Pi's HDMI and config.txt chose. Fills fb and returns
 * 0, or returns a negative TABULA_E* code and writes why to err.
 */
int bcm2835_fb_alloc(struct bcm2835_fb *fb, char *err, size_t errlen);

/* Attaches fb (mapped by the board so the CPU may cache it) as the
 * display: each flush cleans the rectangles' cache lines to RAM, where the
 * VideoCore reads them. */
void bcm2835_fb_attach(const struct bcm2835_fb *fb);

#endif
