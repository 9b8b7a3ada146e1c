/*
 * keys.c: the key decoder (see keys.h). Bytes collect in buf until they
 * make a whole key; a sequence longer than buf, or one that cannot be a
 * sequence, is handed out as KEY_OTHER rather than lost.
 */
#include "keys.h"

#include <string.h>

#define ESC 0x1b

void keys_init(struct keys *k)
{
    memset(k, 0, sizeof *k);
}

bool keys_pending(const struct keys *k)
{
    return k->len > 0;
}

static bool emit(struct keys *k, struct key *out, int code)
{
    memset(out, 0, sizeof *out);
    out->code = code;
    memcpy(out->raw, k->buf, (size_t)k->len);
    out->len = k->len;
    k->len = 0;
    k->utf8_left = 0;
    return true;
}

static uint32_t utf8_value(const char *b, int n)
{
    const unsigned char *u = (const unsigned char *)b;
    uint32_t cp = n == 2 ? u[0] & 0x1f : n == 3 ? u[0] & 0x0f : u[0] & 0x07;
    for (int i = 1; i < n; i++)
        cp = cp << 6 | (u[i] & 0x3f);
    return cp;
}

/* ESC [ n ~ : the editing keys and F5-F12 (F1-F4 in the Linux console's
 * and rxvt's spelling). */
static int tilde_key(int n)
{
    switch (n) {
    case 1: case 7: return KEY_HOME;
    case 2: return KEY_INSERT;
    case 3: return KEY_DELETE;
    case 4: case 8: return KEY_END;
    case 5: return KEY_PGUP;
    case 6: return KEY_PGDN;
    case 11: case 12: case 13: case 14: case 15: return KEY_F1 + n - 11;
    case 17: case 18: case 19: case 20: case 21: return KEY_F1 + n - 12;
    case 23: case 24: return KEY_F1 + n - 13;
    default: return KEY_OTHER;
    }
}

static int letter_key(char c)
{
    switch (c) {
    case 'A': return KEY_UP;
    case 'B': return KEY_DOWN;
    case 'C': return KEY_RIGHT;
    case 'D': return KEY_LEFT;
    case 'H': return KEY_HOME;
    case 'F': return KEY_END;
    case 'P': return KEY_F1;
    case 'Q': return KEY_F1 + 1;
    case 'R': return KEY_F1 + 2;
    case 'S': return KEY_F1 + 3;
    default: return KEY_OTHER;
    }
}

/* A complete CSI sequence in buf (ESC [ params final). */
static bool csi_done(struct keys *k, struct key *out)
{
    int params[4] = {0}, n = 0;
    char final = k->buf[k->len - 1];
    bool linux_f = k->len == 4 && k->buf[2] == '['; /* ESC [ [ A: Linux F1-F5 */

    for (int i = 2; i < k->len - 1 && n < 4; i++) {
        char c = k->buf[i];
        if (c >= '0' && c <= '9')
            params[n] = params[n] * 10 + (c - '0');
        else if (c == ';')
            n++;
    }
    n++;
    if (linux_f && final >= 'A' && final <= 'E')
        return emit(k, out, KEY_F1 + final - 'A');
    if (final == 'R' && n == 2 && params[0] > 0 && params[1] > 0) {
        emit(k, out, KEY_CPR);
        out->row = params[0];
        out->col = params[1];
        return true;
    }
    if (final == '~')
        return emit(k, out, tilde_key(params[0]));
    /* ESC [ 1 ; 5 C and friends: the arrow, modifiers dropped. */
    return emit(k, out, letter_key(final));
}

bool keys_feed(struct keys *k, unsigned char c, struct key *out)
{
    if (k->len == KEY_RAW_MAX) /* too long to be a key: pass it on, drop c */
        return emit(k, out, KEY_OTHER);
    k->buf[k->len++] = (char)c;

    if (k->utf8_left) {
        if ((c & 0xc0) != 0x80) {
            emit(k, out, KEY_OTHER);
            return true;
        }
        if (--k->utf8_left)
            return false;
        int start = k->buf[0] == ESC ? 1 : 0;
        uint32_t cp = utf8_value(k->buf + start, k->len - start);
        bool alt = start == 1;
        emit(k, out, KEY_CHAR);
        out->ch = cp;
        out->alt = alt;
        return true;
    }
    if (k->buf[0] != ESC || k->len == 1) {
        if (k->buf[0] == ESC)
            return false; /* wait: a sequence, Alt, or a lone Escape */
        if (c >= 0xc0 && c < 0xf8) {
            k->utf8_left = c < 0xe0 ? 1 : c < 0xf0 ? 2 : 3;
            return false;
        }
        emit(k, out, KEY_CHAR);
        out->ch = c;
        return true;
    }
    if (k->len == 2) {
        if (c == '[' || c == 'O')
            return false;
        if (c >= 0xc0 && c < 0xf8) {
            k->utf8_left = c < 0xe0 ? 1 : c < 0xf0 ? 2 : 3;
            return false;
        }
        if (c == ESC) { /* Escape pressed twice: the first stands alone */
            k->len = 1;
            memset(out, 0, sizeof *out);
            out->code = KEY_ESC;
            out->raw[0] = ESC;
            out->len = 1;
            return true;
        }
        emit(k, out, KEY_CHAR);
        out->ch = c;
        out->alt = true;
        return true;
    }
    if (k->buf[1] == 'O') /* SS3: one letter */
        return emit(k, out, letter_key((char)c));
    /* CSI: parameters (and '[' for the Linux console's F-keys) until a
     * final byte. */
    if (c >= 0x40 && c <= 0x7e && !(k->len == 3 && c == '['))
        return csi_done(k, out);
    if (c < 0x20) {
        /* A control character cuts the sequence short; it stays pending
         * and comes out as itself at keys_timeout. */
        k->len--;
        emit(k, out, KEY_OTHER);
        k->buf[0] = (char)c;
        k->len = 1;
        return true;
    }
    return false;
}

bool keys_timeout(struct keys *k, struct key *out)
{
    if (!k->len)
        return false;
    if (k->len == 1 && k->buf[0] != ESC) {
        unsigned char c = (unsigned char)k->buf[0];
        emit(k, out, KEY_CHAR);
        out->ch = c;
        return true;
    }
    return emit(k, out, k->len == 1 ? KEY_ESC : KEY_OTHER);
}
