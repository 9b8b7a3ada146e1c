/*
 * history.c: histories of typed lines, their file format and the table of
 * them by app name (see history.h).
 */
#include "history.h"

#include <string.h>

static struct history_named table[HISTORY_NAMES];
static uint64_t ticks;

bool history_wanted(const char *line, size_t len)
{
    if (len == 0 || len >= HISTORY_LINE_MAX || line[0] == ' ')
        return false;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)line[i] < 0x20 || (unsigned char)line[i] > 0x7e)
            return false;
    return true;
}

static void append(struct history *h, const char *line, size_t len)
{
    if (h->count == HISTORY_LINES) {
        memmove(h->lines[0], h->lines[1], sizeof h->lines[0] * (HISTORY_LINES - 1));
        h->count--;
    }
    memcpy(h->lines[h->count], line, len);
    h->lines[h->count++][len] = 0;
}

bool history_add(struct history *h, const char *line)
{
    size_t len = strnlen(line, HISTORY_LINE_MAX);
    if (!history_wanted(line, len) ||
        (h->count && strcmp(h->lines[h->count - 1], line) == 0))
        return false;
    append(h, line, len);
    return true;
}

int history_parse(struct history *h, const char *text, size_t len, bool mid_line)
{
    int junk = 0;
    size_t at = 0;
    if (mid_line) {
        while (at < len && text[at] != '\n')
            at++;
        at++;
    }
    while (at < len) {
        const char *line = text + at;
        const char *nl = memchr(line, '\n', len - at);
        size_t n = nl ? (size_t)(nl - line) : len - at;
        at += n + 1;
        /* A file edited on another system may end its lines in CRLF. */
        if (n && line[n - 1] == '\r')
            n--;
        if (!history_wanted(line, n)) {
            junk += n > 0; /* blank lines are not worth a word */
            continue;
        }
        if (h->count && strlen(h->lines[h->count - 1]) == n &&
            memcmp(h->lines[h->count - 1], line, n) == 0)
            continue;
        append(h, line, n);
    }
    return junk;
}

size_t history_format(const struct history *h, char *out, size_t cap)
{
    size_t len = 0;
    for (int i = 0; i < h->count; i++) {
        size_t n = strlen(h->lines[i]);
        if (len + n + 1 > cap)
            break;
        memcpy(out + len, h->lines[i], n);
        out[len + n] = '\n';
        len += n + 1;
    }
    return len;
}

struct history_named *history_named(const char *name)
{
    struct history_named *oldest = &table[0];
    for (int i = 0; i < HISTORY_NAMES; i++) {
        struct history_named *e = &table[i];
        if (e->name[0] && strncmp(e->name, name, sizeof e->name) == 0) {
            e->used = ++ticks;
            return e;
        }
        if (!e->name[0] ? oldest->name[0] != 0 : oldest->name[0] && e->used < oldest->used)
            oldest = e;
    }
    memset(oldest, 0, sizeof *oldest);
    strncpy(oldest->name, name, sizeof oldest->name - 1);
    oldest->used = ++ticks;
    return oldest;
}
