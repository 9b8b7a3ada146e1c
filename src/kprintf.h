/* kprintf.h: formatted output straight to the console, for boot and panic. */
#ifndef KPRINTF_H
#define KPRINTF_H

#include <stdarg.h>

__attribute__((format(printf, 1, 2))) void kprintf(const char *fmt, ...);
void kvprintf(const char *fmt, va_list ap);

struct tabula_log_record;
/* Prints a log record on the console: the log's echo until the Monitor
 * takes over the screen. */
void klog_console_echo(const struct tabula_log_record *r);

#endif
