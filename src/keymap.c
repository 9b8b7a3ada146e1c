/*
 * keymap.c: key codes to terminal bytes (see keymap.h). The printable keys
 * are two strings indexed by code, unshifted and shifted; everything else
 * is a case of its own.
 */
#include "keymap.h"

#include <stdio.h>
#include <string.h>

/* Codes 0 to 83: the main block and the keypad (Num Lock taken as on). A
 * space marks a code with no character, except code 57, the space bar. */
static const char plain[] =
    "  1234567890-=  qwertyuiop[]  asdfghjkl;'` \\zxcvbnm,./ *   "
    "            789-456+1230.";
static const char shifted[] =
    "  !@#$%^&*()_+  QWERTYUIOP{}  ASDFGHJKL:\"~ |ZXCVBNM<>? *   "
    "            789-456+1230.";

static int csi(char *out, const char *num, int mod, char final)
{
    if (mod > 1)
        return snprintf(out, KEYMAP_OUT_MAX, "\033[%s;%d%c", *num ? num : "1", mod, final);
    return snprintf(out, KEYMAP_OUT_MAX, "\033[%s%c", num, final);
}

/* The keys with an escape sequence; 0 for any other. */
static int special(unsigned code, int mod, char *out)
{
    static const char arrows[] = {[KEY_UP - KEY_HOME] = 'A', [KEY_DOWN - KEY_HOME] = 'B',
                                  [KEY_RIGHT - KEY_HOME] = 'C', [KEY_LEFT - KEY_HOME] = 'D',
                                  [0] = 'H', [KEY_END - KEY_HOME] = 'F'};
    static const char *const tilde[] = {[KEY_INSERT - KEY_PAGEUP] = "2", [KEY_DELETE - KEY_PAGEUP] = "3",
                                        [0] = "5", [KEY_PAGEDOWN - KEY_PAGEUP] = "6"};
    static const char *const fkeys[] = {"15", "17", "18", "19", "20", "21", "23", "24"};
    if (code >= KEY_HOME && code <= KEY_DOWN && arrows[code - KEY_HOME])
        return csi(out, "", mod, arrows[code - KEY_HOME]);
    if (code >= KEY_PAGEUP && code <= KEY_DELETE && tilde[code - KEY_PAGEUP])
        return csi(out, tilde[code - KEY_PAGEUP], mod, '~');
    int f = code >= KEY_F1 && code <= KEY_F10 ? (int)(code - KEY_F1)
          : code == KEY_F11 ? 10 : code == KEY_F12 ? 11 : -1;
    if (f >= 0 && f < 4) {
        if (mod > 1)
            return csi(out, "1", mod, "PQRS"[f]);
        return snprintf(out, KEYMAP_OUT_MAX, "\033O%c", "PQRS"[f]);
    }
    if (f >= 4)
        return csi(out, fkeys[f - 4], mod, '~');
    return 0;
}

/* What Ctrl makes of character c, as terminals have it. */
static int control(char c)
{
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 1;
    if (c >= '@' && c <= '_')
        return c - '@';
    switch (c) {
    case ' ': case '2': return 0;
    case '3': return 0x1b;
    case '4': return 0x1c;
    case '5': return 0x1d;
    case '6': return 0x1e;
    case '7': case '-': case '/': return 0x1f;
    case '8': case '?': return 0x7f;
    }
    return c;
}

int keymap_key(struct keymap_state *s, unsigned code, int value, char *out)
{
    bool down = value != 0;
    switch (code) {
    case KEY_LEFTSHIFT: s->shift_l = down; return 0;
    case KEY_RIGHTSHIFT: s->shift_r = down; return 0;
    case KEY_LEFTCTRL: s->ctrl_l = down; return 0;
    case KEY_RIGHTCTRL: s->ctrl_r = down; return 0;
    case KEY_LEFTALT: s->alt_l = down; return 0;
    case KEY_RIGHTALT: s->alt_r = down; return 0;
    case KEY_CAPSLOCK: s->caps ^= value == 1; return 0;
    }
    if (!down)
        return 0;
    bool shift = s->shift_l || s->shift_r, ctrl = s->ctrl_l || s->ctrl_r;
    bool alt = s->alt_l || s->alt_r;
    int mod = 1 + shift + 2 * alt + 4 * ctrl;
    int n = special(code, mod, out);
    if (n)
        return n;

    char c;
    if (code == KEY_ESC)
        c = 0x1b;
    else if (code == KEY_BACKSPACE)
        c = ctrl ? 0x08 : 0x7f;
    else if (code == KEY_ENTER || code == KEY_KPENTER)
        c = '\r';
    else if (code == KEY_KPSLASH)
        c = '/';
    else if (code == KEY_TAB && shift)
        return snprintf(out, KEYMAP_OUT_MAX, "%s\033[Z", alt ? "\033" : "");
    else if (code == KEY_TAB)
        c = '\t';
    else if (code < sizeof plain - 1 && (plain[code] != ' ' || code == 57)) {
        bool letter = plain[code] >= 'a' && plain[code] <= 'z';
        c = (shift ^ (letter && s->caps)) ? shifted[code] : plain[code];
        if (ctrl)
            c = (char)control(letter ? plain[code] : c);
    } else {
        return 0;
    }
    n = 0;
    if (alt)
        out[n++] = 0x1b;
    out[n++] = c;
    return n;
}

unsigned keymap_char(char c, unsigned *mods)
{
    *mods = 0;
    switch (c) {
    case 0x1b: return KEY_ESC;
    case '\r': case '\n': return KEY_ENTER;
    case '\t': return KEY_TAB;
    case 0x7f: case 0x08: return KEY_BACKSPACE;
    }
    if (c >= 1 && c <= 26) {
        *mods = TABULA_KEY_CTRL;
        c = (char)(c - 1 + 'a');
    }
    for (unsigned code = 0; code < sizeof plain - 1; code++) {
        if (plain[code] == ' ' && code != 57)
            continue;
        if (plain[code] == c)
            return code;
        if (shifted[code] == c && shifted[code] != plain[code]) {
            *mods |= TABULA_KEY_SHIFT;
            return code;
        }
    }
    return 0;
}
