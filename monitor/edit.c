/*
 * edit.c: the shell's line editor (see edit.h).
 */
#include "edit.h"

#include <string.h>

#define CTRL(c) ((c) & 0x1f)

void edit_init(struct edit *e)
{
    memset(e, 0, sizeof *e);
}

void edit_clear(struct edit *e)
{
    e->len = e->cursor = 0;
    e->buf[0] = 0;
    e->browse = e->history.count;
    e->tabs = 0;
}

void edit_set_history(struct edit *e, const struct history *h)
{
    e->history = *h;
    edit_clear(e);
}

static void set_text(struct edit *e, const char *text)
{
    size_t n = strlen(text);
    if (n >= EDIT_MAX)
        n = EDIT_MAX - 1;
    memcpy(e->buf, text, n);
    e->buf[n] = 0;
    e->len = e->cursor = n;
}

void edit_insert(struct edit *e, const char *text)
{
    size_t n = strlen(text);
    if (e->len + n >= EDIT_MAX)
        n = EDIT_MAX - 1 - e->len;
    memmove(e->buf + e->cursor + n, e->buf + e->cursor, e->len - e->cursor + 1);
    memcpy(e->buf + e->cursor, text, n);
    e->len += n;
    e->cursor += n;
}

static void erase(struct edit *e, size_t from, size_t to)
{
    memmove(e->buf + from, e->buf + to, e->len - to + 1);
    e->len -= to - from;
    e->cursor = from;
}

static enum edit_event browse(struct edit *e, int step)
{
    int to = e->browse + step;
    if (to < 0 || to > e->history.count)
        return EDIT_NONE;
    if (e->browse == e->history.count)
        strcpy(e->draft, e->buf);
    e->browse = to;
    set_text(e, to == e->history.count ? e->draft : e->history.lines[to]);
    return EDIT_CHANGED;
}

enum edit_event edit_key(struct edit *e, const struct key *k)
{
    int tabs = e->tabs;
    bool after_cr = e->after_cr;
    e->tabs = 0;
    e->after_cr = false;
    if (k->code != KEY_CHAR || k->alt) {
        switch (k->code) {
        case KEY_LEFT:
            if (!e->cursor)
                return EDIT_NONE;
            e->cursor--;
            return EDIT_CHANGED;
        case KEY_RIGHT:
            if (e->cursor == e->len)
                return EDIT_NONE;
            e->cursor++;
            return EDIT_CHANGED;
        case KEY_HOME:
            e->cursor = 0;
            return EDIT_CHANGED;
        case KEY_END:
            e->cursor = e->len;
            return EDIT_CHANGED;
        case KEY_DELETE:
            if (e->cursor == e->len)
                return EDIT_NONE;
            erase(e, e->cursor, e->cursor + 1);
            return EDIT_CHANGED;
        case KEY_UP:
            return browse(e, -1);
        case KEY_DOWN:
            return browse(e, 1);
        default:
            return EDIT_NONE;
        }
    }
    switch (k->ch) {
    case '\r': case '\n':
        if (k->ch == '\n' && after_cr)
            return EDIT_NONE; /* CRLF is one Enter */
        e->after_cr = k->ch == '\r';
        strcpy(e->line, e->buf);
        history_add(&e->history, e->line);
        edit_clear(e);
        return EDIT_ENTER;
    case '\b': case 0x7f:
        if (!e->cursor)
            return EDIT_NONE;
        erase(e, e->cursor - 1, e->cursor);
        return EDIT_CHANGED;
    case CTRL('U'):
        erase(e, 0, e->cursor);
        return EDIT_CHANGED;
    case CTRL('K'):
        e->buf[e->cursor] = 0;
        e->len = e->cursor;
        return EDIT_CHANGED;
    case CTRL('W'): {
        size_t i = e->cursor;
        while (i > 0 && e->buf[i - 1] == ' ')
            i--;
        while (i > 0 && e->buf[i - 1] != ' ')
            i--;
        erase(e, i, e->cursor);
        return EDIT_CHANGED;
    }
    case CTRL('C'):
        edit_clear(e);
        return EDIT_INTERRUPT;
    case CTRL('D'):
        return e->len ? EDIT_NONE : EDIT_EOF;
    case '\t':
        e->tabs = tabs + 1;
        return EDIT_COMPLETE;
    default:
        break;
    }
    if (k->ch < 0x20 || k->ch > 0x7e || e->len + 1 >= EDIT_MAX)
        return EDIT_NONE;
    char c[2] = {(char)k->ch, 0};
    edit_insert(e, c);
    return EDIT_CHANGED;
}

const char *edit_current_word(const struct edit *e, size_t *len, int *index)
{
    size_t start = e->cursor;
    while (start > 0 && e->buf[start - 1] != ' ')
        start--;
    int words = 0;
    bool in_word = false;
    for (size_t i = 0; i < start; i++) {
        if (e->buf[i] != ' ' && !in_word)
            words++;
        in_word = e->buf[i] != ' ';
    }
    *len = e->cursor - start;
    *index = words;
    return e->buf + start;
}

int edit_complete(struct edit *e, const char *const *candidates, int count)
{
    size_t len;
    int index, matches = 0;
    const char *word = edit_current_word(e, &len, &index);
    size_t common = 0;
    const char *first = 0;

    for (int i = 0; i < count; i++) {
        if (strncmp(candidates[i], word, len) != 0)
            continue;
        if (!matches++) {
            first = candidates[i];
            common = strlen(first);
        } else {
            size_t j = len;
            while (j < common && candidates[i][j] == first[j])
                j++;
            common = j;
        }
    }
    if (!matches)
        return 0;
    char extra[EDIT_MAX];
    size_t n = common - len < EDIT_MAX - 2 ? common - len : EDIT_MAX - 2;
    memcpy(extra, first + len, n);
    extra[n] = 0;
    if (matches == 1 && first[strlen(first) - 1] != '/')
        strcat(extra, " "); /* a directory's contents come next, not a new word */
    edit_insert(e, extra);
    return matches;
}
