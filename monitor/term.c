/*
 * term.c: the line console on the Monitor's own console stream, which the
 * kernel connects to the UART (the kernel's console turns "\n" into "\r\n";
 * everything else, colours included, passes through as written). Commands
 * print a line or more per call, so each call is one write to the kernel.
 * While the tabbed console runs, the same output goes to its shell tab
 * instead, and the colours are the theme's.
 */
#include "term.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tabbed.h"
#include "tabula_app.h"
#include "theme.h"

static bool plain;
static bool at_line_start = true;
static void (*input_redraw)(void);

void term_init(bool plain_mode)
{
    plain = plain_mode;
}

bool term_plain(void)
{
    return plain;
}

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
    size_t done = 0;

    for (size_t i = 0; i < len; i++)
        track(buf[i]);
    if (tabbed_active()) {
        tabbed_shell_write(buf, len);
        return;
    }
    while (done < len) {
        long n = tabula->write(buf + done, len - done);
        if (n <= 0)
            break; /* nowhere to report it: the console is the report */
        done += (size_t)n;
    }
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
    static const char *const codes[] = {
        [TERM_RESET] = "\033[0m",
        [TERM_PINK] = "\033[38;5;205m",
        [TERM_CYAN] = "\033[38;5;51m",
        [TERM_VIOLET] = "\033[38;5;141m",
        [TERM_DIM] = "\033[38;5;244m",
        [TERM_RED] = "\033[38;5;203m",
        [TERM_YELLOW] = "\033[38;5;221m",
        [TERM_BOLD] = "\033[1m",
    };
    static const enum theme_role roles[] = {
        [TERM_PINK] = TH_PINK, [TERM_CYAN] = TH_CYAN, [TERM_VIOLET] = TH_VIOLET,
        [TERM_DIM] = TH_DIM,   [TERM_RED] = TH_RED,   [TERM_YELLOW] = TH_AMBER,
    };
    if (tabbed_active() && style != TERM_RESET && style != TERM_BOLD)
        return theme_sgr(roles[style]);
    return plain ? "" : codes[style];
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

void term_input_line(void (*redraw)(void))
{
    input_redraw = redraw;
}

void term_async_begin(void)
{
    if (tabbed_active())
        return;
    if (input_redraw && !plain) {
        /* Carriage return and erase the line: the input line vanishes. */
        term_puts("\r\033[K");
        at_line_start = true;
    } else {
        term_end_line();
    }
}

void term_async_end(void)
{
    if (tabbed_active())
        return;
    term_end_line();
    if (input_redraw)
        input_redraw();
}
