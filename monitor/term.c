/*
 * term.c: where the shell's and the commands' output goes. Commands print
 * a line or more per call, so each call is one write to the front-end
 * (frontend.h), which shows it: the plain one on the Monitor's console
 * stream, the tabbed one in its shell tab. Styles are the front-end's.
 */
#include "term.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "frontend.h"

static bool at_line_start = true;

/*
 * Follows the cursor's column well enough to know whether it is at the start
 * of a line: escape sequences (colours, erase) do not move it.
 */
static void track(char c)
{
    static enum { TEXT, ESC, CSI } state;

    if (state == ESC) {
        state = c == '[' ? CSI : TEXT;
    } else if (state == CSI) {
        if (c >= 0x40 && c <= 0x7e)
            state = TEXT;
    } else if (c == '\033') {
        state = ESC;
    } else {
        at_line_start = c == '\n' || c == '\r';
    }
}

void term_write(const char *buf, size_t len)
{
    for (size_t i = 0; i < len; i++)
        track(buf[i]);
    frontend->write(buf, len);
}

void term_puts(const char *s)
{
    term_write(s, strlen(s));
}

static void term_vprintf(const char *fmt, va_list ap)
{
    char line[512];
    int n = vsnprintf(line, sizeof line, fmt, ap);
    if (n < 0)
        return;
    if ((size_t)n >= sizeof line) {
        /* Too long for one go: show what fits and say so. */
        n = sizeof line - 1;
        line[n - 1] = '~';
    }
    term_write(line, (size_t)n);
}

void term_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    term_vprintf(fmt, ap);
    va_end(ap);
}

const char *term_style(enum term_style style)
{
    return frontend->style(style);
}

void term_error(const char *fmt, ...)
{
    va_list ap;

    term_puts(term_style(TERM_RED));
    va_start(ap, fmt);
    term_vprintf(fmt, ap);
    va_end(ap);
    term_puts(term_style(TERM_RESET));
    term_puts("\n");
}

void term_end_line(void)
{
    if (!at_line_start)
        term_puts("\n");
}
