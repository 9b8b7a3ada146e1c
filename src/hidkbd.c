/*
 * hidkbd.c: boot-protocol keyboard reports to key events (see hidkbd.h).
 * A boot report is a snapshot of what is held, not a list of events, so
 * the events are the difference between two snapshots.
 */
#include "hidkbd.h"

#include <stdbool.h>
#include <string.h>

#define USAGE_ROLLOVER 0x01 /* ErrorRollOver: more keys than the report holds */

/* The modifier byte's bits, left then right Ctrl, Shift, Alt, GUI. */
static const uint8_t modifier_codes[8] = {29, 42, 56, 125, 97, 54, 100, 126};

/* Usages 0x04 to 0x63 (letters through the keypad's dot), by usage. */
static const uint8_t usage_codes[0x64] = {
    /* a-z */
    [0x04] = 30, [0x05] = 48, [0x06] = 46, [0x07] = 32, [0x08] = 18, [0x09] = 33,
    [0x0a] = 34, [0x0b] = 35, [0x0c] = 23, [0x0d] = 36, [0x0e] = 37, [0x0f] = 38,
    [0x10] = 50, [0x11] = 49, [0x12] = 24, [0x13] = 25, [0x14] = 16, [0x15] = 19,
    [0x16] = 31, [0x17] = 20, [0x18] = 22, [0x19] = 47, [0x1a] = 17, [0x1b] = 45,
    [0x1c] = 21, [0x1d] = 44,
    /* 1-9, 0 */
    [0x1e] = 2, [0x1f] = 3, [0x20] = 4, [0x21] = 5, [0x22] = 6, [0x23] = 7,
    [0x24] = 8, [0x25] = 9, [0x26] = 10, [0x27] = 11,
    /* Enter, Esc, Backspace, Tab, space, - = [ ] \ (non-US # as \) ; ' ` , . / */
    [0x28] = 28, [0x29] = 1, [0x2a] = 14, [0x2b] = 15, [0x2c] = 57, [0x2d] = 12,
    [0x2e] = 13, [0x2f] = 26, [0x30] = 27, [0x31] = 43, [0x32] = 43, [0x33] = 39,
    [0x34] = 40, [0x35] = 41, [0x36] = 51, [0x37] = 52, [0x38] = 53,
    /* Caps Lock, F1-F12 */
    [0x39] = 58, [0x3a] = 59, [0x3b] = 60, [0x3c] = 61, [0x3d] = 62, [0x3e] = 63,
    [0x3f] = 64, [0x40] = 65, [0x41] = 66, [0x42] = 67, [0x43] = 68, [0x44] = 87,
    [0x45] = 88,
    /* Print Screen, Scroll Lock, Pause, Insert, Home, Page Up, Delete, End,
     * Page Down, Right, Left, Down, Up */
    [0x46] = 99, [0x47] = 70, [0x48] = 119, [0x49] = 110, [0x4a] = 102, [0x4b] = 104,
    [0x4c] = 111, [0x4d] = 107, [0x4e] = 109, [0x4f] = 106, [0x50] = 105, [0x51] = 108,
    [0x52] = 103,
    /* Num Lock, keypad / * - + Enter 1-9 0 . */
    [0x53] = 69, [0x54] = 98, [0x55] = 55, [0x56] = 74, [0x57] = 78, [0x58] = 96,
    [0x59] = 79, [0x5a] = 80, [0x5b] = 81, [0x5c] = 75, [0x5d] = 76, [0x5e] = 77,
    [0x5f] = 71, [0x60] = 72, [0x61] = 73, [0x62] = 82, [0x63] = 83,
};

unsigned hidkbd_code(uint8_t usage)
{
    return usage < sizeof usage_codes ? usage_codes[usage] : 0;
}

static bool holds(const uint8_t *report, uint8_t usage)
{
    for (int i = 2; i < HIDKBD_REPORT; i++)
        if (report[i] == usage)
            return true;
    return false;
}

void hidkbd_report(struct hidkbd_state *s, const uint8_t *report, unsigned len,
                   void (*key)(void *ctx, unsigned code, int value), void *ctx)
{
    uint8_t now[HIDKBD_REPORT] = {0};
    memcpy(now, report, len < HIDKBD_REPORT ? len : HIDKBD_REPORT);
    if (now[2] == USAGE_ROLLOVER)
        return;
    uint8_t *was = s->last;
    uint8_t gone = was[0] & ~now[0], came = now[0] & ~was[0];
    for (int b = 0; b < 8; b++)
        if (gone & (1u << b))
            key(ctx, modifier_codes[b], 0);
    for (int b = 0; b < 8; b++)
        if (came & (1u << b))
            key(ctx, modifier_codes[b], 1);
    for (int i = 2; i < HIDKBD_REPORT; i++)
        if (was[i] > USAGE_ROLLOVER && !holds(now, was[i]) && hidkbd_code(was[i]))
            key(ctx, hidkbd_code(was[i]), 0);
    for (int i = 2; i < HIDKBD_REPORT; i++)
        if (now[i] > USAGE_ROLLOVER && !holds(was, now[i]) && hidkbd_code(now[i]))
            key(ctx, hidkbd_code(now[i]), 1);
    memcpy(s->last, now, HIDKBD_REPORT);
}
