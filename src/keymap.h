/*
 * keymap.h: a keyboard's key codes (Linux input event codes, which
 * virtio-input reports) turned into the bytes a terminal would send for
 * them, so that typing in the display's window reaches the console exactly
 * as typing on the serial line does: text as UTF-8 (US layout), control
 * characters, Alt as an ESC prefix, and xterm's sequences for arrows,
 * editing keys and F1-F12, with xterm's modifier parameter when Shift,
 * Alt or Ctrl is held. Pure, so host tests run it.
 */
#ifndef KEYMAP_H
#define KEYMAP_H

#include <stdbool.h>

#include "tabula.h"

#define KEYMAP_OUT_MAX 16 /* the longest a key's bytes get */

/* The Linux input codes the key paths need by name. */
#define KEY_ESC 1
#define KEY_BACKSPACE 14
#define KEY_TAB 15
#define KEY_ENTER 28
#define KEY_LEFTCTRL 29
#define KEY_LEFTSHIFT 42
#define KEY_RIGHTSHIFT 54
#define KEY_LEFTALT 56
#define KEY_SPACE 57
#define KEY_CAPSLOCK 58
#define KEY_F1 59
#define KEY_F10 68
#define KEY_F11 87
#define KEY_F12 88
#define KEY_KPENTER 96
#define KEY_RIGHTCTRL 97
#define KEY_KPSLASH 98
#define KEY_RIGHTALT 100
#define KEY_HOME 102
#define KEY_UP 103
#define KEY_PAGEUP 104
#define KEY_LEFT 105
#define KEY_RIGHT 106
#define KEY_END 107
#define KEY_DOWN 108
#define KEY_PAGEDOWN 109
#define KEY_INSERT 110
#define KEY_DELETE 111

struct keymap_state {
    bool shift_l, shift_r, ctrl_l, ctrl_r, alt_l, alt_r;
    bool caps;
};

/* value: 1 pressed, 2 repeated, 0 released. Writes the key's bytes to out
 * (at least KEYMAP_OUT_MAX) and returns how many; modifiers only change
 * the state and give 0. */
int keymap_key(struct keymap_state *s, unsigned code, int value, char *out);

/* The other way, for a serial terminal's bytes: the key that types c (US
 * layout) and the modifiers held for it (TABULA_KEY_SHIFT, _CTRL), or 0
 * for a byte no single key gives. */
unsigned keymap_char(char c, unsigned *mods);

#endif
