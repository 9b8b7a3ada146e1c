/*
 * bcm2835_fb.c: the framebuffer the VideoCore's firmware allocates, set up
 * with one property message (size, depth, pixel order, no virtual offset)
 * and then drawn into directly by the console's owner. The VideoCore scans
 * the buffer out of RAM and does not see the ARM's data cache, so the
 * board maps it cacheable (drawing reads pixels back to blend them, and
 * uncached reads are slow) and a flush cleans the dirty rectangles' lines
 * to RAM; see NOTES.md for why QEMU cannot show what goes wrong without.
 * There is one buffer, so what the scanout shows between two flushes may
 * be half drawn; on a 60 Hz scanout that is a tear at most.
 */
#include "bcm2835_fb.h"

#include <stdio.h>

#include "arch.h"
#include "dev/bcm2835_mbox.h"
#include "display.h"
#include "tabula.h"

#define TAG_ALLOCATE 0x00040001    /* alignment -> bus address, size */
#define TAG_GET_PHYS_SIZE 0x00040003
#define TAG_GET_PITCH 0x00040008
#define TAG_SET_PHYS_SIZE 0x00048003
#define TAG_SET_VIRT_SIZE 0x00048004
#define TAG_SET_DEPTH 0x00048005
#define TAG_SET_PIXEL_ORDER 0x00048006
#define TAG_SET_VIRT_OFFSET 0x00048009
/* The firmware names the order of the bytes in memory: blue, green, red
 * (0) is what a little-endian 0x00RRGGBB word stores. */
#define PIXEL_ORDER_BGR 0
#define BUS_TO_ARM 0x3fffffffu     /* drops the VideoCore's cache alias bits */
#define MAX_SIDE 4096
#define TAG_RESPONSE (1u << 31)

static struct bcm2835_fb shown;

/* Appends a tag of len value words, vals[0..n) filled, to msg at *at. */
static unsigned tag(uint32_t *msg, unsigned at, uint32_t id, unsigned len,
                    const uint32_t *vals, unsigned n)
{
    msg[at] = id;
    msg[at + 1] = len * 4;
    msg[at + 2] = 0;
    for (unsigned i = 0; i < len; i++)
        msg[at + 3 + i] = i < n ? vals[i] : 0;
    return at + 3 + len;
}

/* True when the tag at msg[at] was answered; its values follow at +3. */
static bool answered(const uint32_t *msg, unsigned at)
{
    return msg[at + 2] & TAG_RESPONSE;
}

int bcm2835_fb_alloc(struct bcm2835_fb *fb, char *err, size_t errlen)
{
    uint32_t msg[MBOX_MAX_WORDS];
    unsigned at = 2;
    at = tag(msg, at, TAG_GET_PHYS_SIZE, 2, 0, 0);
    msg[at++] = 0;
    msg[0] = at * 4;
    msg[1] = 0;
    int rc = bcm2835_mbox_property(msg);
    uint32_t w = msg[5], h = msg[6];
    if (rc < 0 || !answered(msg, 2)) {
        snprintf(err, errlen, "the VideoCore did not say the display's size");
        return rc < 0 ? rc : -TABULA_EINVAL;
    }
    if (w == 0 || h == 0 || w > MAX_SIDE || h > MAX_SIDE) {
        snprintf(err, errlen, "the VideoCore gave a display of %ux%u", (unsigned)w, (unsigned)h);
        return -TABULA_EINVAL;
    }

    const uint32_t size[2] = {w, h}, zero[2] = {0, 0}, depth = 32,
                   order = PIXEL_ORDER_BGR, align = 4096;
    unsigned phys, virt, dep, ord, alloc, pitch;
    at = 2;
    at = tag(msg, phys = at, TAG_SET_PHYS_SIZE, 2, size, 2);
    at = tag(msg, virt = at, TAG_SET_VIRT_SIZE, 2, size, 2);
    at = tag(msg, at, TAG_SET_VIRT_OFFSET, 2, zero, 2);
    at = tag(msg, dep = at, TAG_SET_DEPTH, 1, &depth, 1);
    at = tag(msg, ord = at, TAG_SET_PIXEL_ORDER, 1, &order, 1);
    at = tag(msg, alloc = at, TAG_ALLOCATE, 2, &align, 1);
    at = tag(msg, pitch = at, TAG_GET_PITCH, 1, 0, 0);
    msg[at++] = 0;
    msg[0] = at * 4;
    msg[1] = 0;
    rc = bcm2835_mbox_property(msg);
    if (rc < 0 || !answered(msg, alloc) || !answered(msg, pitch) || !answered(msg, dep)) {
        snprintf(err, errlen, "the VideoCore refused a %ux%u framebuffer", (unsigned)w, (unsigned)h);
        return rc < 0 ? rc : -TABULA_EINVAL;
    }
    if (msg[phys + 3] != w || msg[phys + 4] != h || msg[virt + 3] != w ||
        msg[virt + 4] != h || msg[dep + 3] != 32 || msg[ord + 3] != PIXEL_ORDER_BGR) {
        snprintf(err, errlen, "the VideoCore gave %ux%u at %u bits (order %u), not %ux%u at 32",
                 (unsigned)msg[phys + 3], (unsigned)msg[phys + 4], (unsigned)msg[dep + 3],
                 (unsigned)msg[ord + 3], (unsigned)w, (unsigned)h);
        return -TABULA_EINVAL;
    }
    uint32_t bus = msg[alloc + 3], bytes = msg[alloc + 4], stride = msg[pitch + 3];
    if (!bus || stride < w * 4 || stride % 4 || bytes < (uint64_t)stride * h) {
        snprintf(err, errlen, "the VideoCore's framebuffer is not usable "
                 "(bus address 0x%x, %u bytes, pitch %u)", (unsigned)bus, (unsigned)bytes,
                 (unsigned)stride);
        return -TABULA_EINVAL;
    }
    fb->pixels = (uint32_t *)(uintptr_t)(bus & BUS_TO_ARM);
    fb->width = w;
    fb->height = h;
    fb->pitch = stride;
    fb->size = bytes;
    return 0;
}

/* Cleans each rectangle's lines to RAM: one range for rows that span the
 * buffer's full width, a range per row otherwise. The clean finishes (a
 * dsb) before this returns, so the pixels are in RAM when the console's
 * owner is told the flush is done. */
static int fb_flush(void *dev, const struct tabula_rect *rects, int count)
{
    for (int i = 0; i < count; i++) {
        const struct tabula_rect *r = &rects[i];
        uint8_t *row = (uint8_t *)shown.pixels + (size_t)r->y * shown.pitch + (size_t)r->x * 4;
        if ((uint32_t)r->w == shown.width && shown.pitch == shown.width * 4) {
            arch_cache_clean(row, (size_t)r->h * shown.pitch);
            continue;
        }
        for (int y = 0; y < r->h; y++, row += shown.pitch)
            arch_cache_clean(row, (size_t)r->w * 4);
    }
    return 0;
}

/* The firmware's mode is fixed at boot: nothing asks for another. */
static void fb_change_mode(void *dev)
{
}

static const struct display_ops fb_display = {
    .flush = fb_flush,
    .change_mode = fb_change_mode,
};

void bcm2835_fb_attach(const struct bcm2835_fb *fb)
{
    shown = *fb;
    display_attach(&fb_display, &shown);
    display_set_mode(fb->pixels, fb->width, fb->height, fb->pitch / 4);
}
