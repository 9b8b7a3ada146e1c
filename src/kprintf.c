/* kprintf.c: formatted console output for boot messages and panics. */
#include "kprintf.h"

#include <stdio.h>

#include "console.h"
#include "klog.h"

void kvprintf(const char *fmt, va_list ap)
{
    char buf[256];
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    if (n > (int)sizeof buf - 1)
        n = sizeof buf - 1;
    if (n > 0)
        console_write(buf, (size_t)n);
}

void kprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    kvprintf(fmt, ap);
    va_end(ap);
}

static const char *const level_names[] = {"error", "warn", "info", "debug"};

void klog_console_echo(const struct tabula_log_record *r)
{
    unsigned long long us = r->time_ns / 1000;
    kprintf("[%5llu.%06llu] %s: %s\n", us / 1000000, us % 1000000,
            level_names[r->level & 3], r->text);
}
