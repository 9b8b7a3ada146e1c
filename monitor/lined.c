/*
 * lined.c: the line editor's state machine. Escape sequences are recognised
 * only far enough to swallow them whole (ESC [ params final, ESC O x, or ESC
 * and one byte), so an arrow key never leaves "[A" in the line. A control
 * byte inside a sequence ends it and is then handled as itself, so a cut-off
 * sequence cannot eat the user's Enter.
 */
#include "lined.h"

#include <string.h>

enum { ESC_NONE, ESC_START, ESC_CSI, ESC_SS3 };

#define CTRL(c) ((c) & 0x1f)
#define DEL 0x7f
#define ESC 0x1b

void lined_reset(struct lined *ed)
{
    memset(ed, 0, sizeof *ed);
}

/* Returns true while c is still part of an escape sequence. */
static bool in_escape(struct lined *ed, unsigned char c)
{
    if (ed->escape == ESC_NONE)
        return false;
    if (c < 0x20 || c == DEL) {
        ed->escape = ESC_NONE;
        return false;
    }
    switch (ed->escape) {
    case ESC_START:
        ed->escape = c == '[' ? ESC_CSI : c == 'O' ? ESC_SS3 : ESC_NONE;
        break;
    case ESC_CSI:
        /* Parameters and intermediates are 0x20-0x3f; 0x40-0x7e ends it. */
        if (c >= 0x40)
            ed->escape = ESC_NONE;
        break;
    default:
        ed->escape = ESC_NONE;
        break;
    }
    return true;
}

static enum lined_event erase(struct lined *ed, size_t n)
{
    if (n == 0)
        return LINED_NONE;
    ed->len -= n;
    ed->buf[ed->len] = 0;
    ed->erased = n;
    return LINED_ERASE;
}

/* How many characters Ctrl-W removes: trailing blanks, then one word. */
static size_t last_word(const struct lined *ed)
{
    size_t i = ed->len;
    while (i > 0 && ed->buf[i - 1] == ' ')
        i--;
    while (i > 0 && ed->buf[i - 1] != ' ')
        i--;
    return ed->len - i;
}

enum lined_event lined_feed(struct lined *ed, unsigned char c)
{
    bool after_cr = ed->after_cr;

    ed->after_cr = false;
    if (in_escape(ed, c))
        return LINED_NONE;
    switch (c) {
    case '\n':
        if (after_cr)
            return LINED_NONE;
        /* fall through */
    case '\r':
        ed->after_cr = c == '\r';
        memcpy(ed->line, ed->buf, ed->len + 1);
        ed->len = 0;
        ed->buf[0] = 0;
        return LINED_ENTER;
    case '\b':
    case DEL:
        return erase(ed, ed->len ? 1 : 0);
    case CTRL('U'):
        return erase(ed, ed->len);
    case CTRL('W'):
        return erase(ed, last_word(ed));
    case CTRL('C'):
        ed->len = 0;
        ed->buf[0] = 0;
        return LINED_INTERRUPT;
    case CTRL('D'):
        return LINED_EOF;
    case ESC:
        ed->escape = ESC_START;
        return LINED_NONE;
    }
    if (c < 0x20 || c > 0x7e || ed->len + 1 >= LINED_MAX)
        return LINED_NONE;
    ed->buf[ed->len++] = (char)c;
    ed->buf[ed->len] = 0;
    return LINED_INSERT;
}
