/*
 * hidkbd.h: a USB keyboard's boot-protocol reports (HID 1.11, appendix B)
 * turned into key press and release events with Linux input codes, the
 * codes src/keymap.c takes from virtio-input, so a USB keyboard types
 * exactly as the virtio one does. Pure, so host tests run it.
 */
#ifndef HIDKBD_H
#define HIDKBD_H

#include <stdint.h>

#define HIDKBD_REPORT 8 /* modifiers, reserved, six key usages */

struct hidkbd_state {
    uint8_t last[HIDKBD_REPORT]; /* the previous report */
};

/*
 * Compares report with the previous one and calls key(ctx, code, value)
 * for each change: value 1 for a press, 0 for a release; modifiers first
 * (releases before presses), then keys. A report whose key slots all say
 * ErrorRollOver (too many keys held) changes nothing. Usages with no Linux
 * code are ignored. len is what the device sent (short reports are padded
 * with zeros: nothing pressed).
 */
void hidkbd_report(struct hidkbd_state *s, const uint8_t *report, unsigned len,
                   void (*key)(void *ctx, unsigned code, int value), void *ctx);

/* The Linux input code for a HID keyboard usage (page 7), or 0. */
unsigned hidkbd_code(uint8_t usage);

#endif
