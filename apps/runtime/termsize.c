/*
 * termsize.c: tabula_term_size, the size of the screen an app's output
 * lands on. It asks the way full-screen programs ask a terminal: park the
 * cursor at the far corner, request its position (ESC [ 6 n) and read the
 * answer (ESC [ rows ; cols R) from the console. The tabbed console
 * answers for the app's tab; a console that does not answer leaves the
 * defaults.
 */
#include <stdio.h>

#include "runtime.h"

/* Parses "ESC [ r ; c R"; returns 1 when reply is one. */
static int parse_report(const char *reply, int *r, int *c)
{
    const char *p = reply;
    int *into = r;
    *r = *c = 0;
    if (p[0] != '\033' || p[1] != '[')
        return 0;
    for (p += 2; *p; p++) {
        if (*p >= '0' && *p <= '9' && *into < 10000)
            *into = *into * 10 + (*p - '0');
        else if (*p == ';' && into == r)
            into = c;
        else
            return *p == 'R' && into == c && *r > 0 && *c > 0;
    }
    return 0;
}

#define WAIT_NS 300000000ull
#define STEP_NS 5000000ull

int tabula_term_size(int *cols, int *rows)
{
    static const char ask[] = "\0337\033[999;999H\033[6n\0338";
    char reply[24];
    int len = 0, r = 0, c = 0, found = 0;

    *cols = 80;
    *rows = 24;
    fflush(stdout);
    int old = tabula->console_mode(TABULA_CONSOLE_RAW | TABULA_CONSOLE_NONBLOCK);
    if (old < 0)
        return -1;
    tabula->write(ask, sizeof ask - 1);
    uint64_t until = tabula->time_ns() + WAIT_NS;
    while (!found && tabula->time_ns() < until) {
        char ch;
        long n = tabula->read(&ch, 1);
        if (n != 1) {
            tabula->sleep_ns(STEP_NS);
            continue;
        }
        if (ch == '\033')
            len = 0;
        if (len < (int)sizeof reply - 1)
            reply[len++] = ch;
        reply[len] = 0;
        if (ch == 'R')
            found = parse_report(reply, &r, &c);
    }
    tabula->console_mode((uint32_t)old);
    if (!found)
        return -1;
    *cols = c;
    *rows = r;
    return 0;
}
