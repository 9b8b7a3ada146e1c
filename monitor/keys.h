/*
 * keys.h: turning the bytes a terminal sends into keys. Printable text
 * (UTF-8 included) and control characters come out as KEY_CHAR; escape
 * sequences as arrows, editing keys and F1-F12, in the spellings of xterm,
 * the Linux console, rxvt and VT100 alike; ESC then a character as that
 * character with alt set; a cursor position report (the answer to the
 * size query) as KEY_CPR. A lone ESC can only be told from the start of a
 * sequence by the pause after it: keys_timeout ends one. Each key keeps
 * the bytes it came from, so keys nobody binds pass through unchanged.
 *
 * Pure, so the framebuffer's keyboard driver can produce the same keys.
 */
#ifndef MONITOR_KEYS_H
#define MONITOR_KEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum key_code {
    KEY_CHAR = 1,  /* ch: a code point, control characters included */
    KEY_UP, KEY_DOWN, KEY_LEFT, KEY_RIGHT,
    KEY_HOME, KEY_END, KEY_PGUP, KEY_PGDN, KEY_INSERT, KEY_DELETE,
    KEY_F1,        /* KEY_F1 + n - 1 is Fn, up to F12 */
    KEY_F12 = KEY_F1 + 11,
    KEY_ESC,       /* a lone Escape */
    KEY_CPR,       /* a cursor position report: row, col */
    KEY_OTHER,     /* a sequence with no name here: see raw */
};

#define KEY_RAW_MAX 24

struct key {
    int code;
    uint32_t ch;   /* KEY_CHAR */
    bool alt;      /* arrived with ESC before it (Alt held) */
    int row, col;  /* KEY_CPR, 1-based */
    char raw[KEY_RAW_MAX];
    int len;
};

struct keys {
    char buf[KEY_RAW_MAX];
    int len;
    int utf8_left;
};

void keys_init(struct keys *k);
/* Feeds one byte; returns true with *out filled when it completes a key. */
bool keys_feed(struct keys *k, unsigned char c, struct key *out);
/* True while bytes wait for the rest of a sequence. */
bool keys_pending(const struct keys *k);
/* After a pause: whatever is pending becomes a key (a lone ESC, or Alt
 * with a partial sequence as KEY_OTHER). Returns false if nothing was. */
bool keys_timeout(struct keys *k, struct key *out);

#endif
