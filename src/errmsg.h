/*
 * errmsg.h: the one way portable parsers (the device tree, the app archive)
 * say why they refused their input: a message in the caller's buffer and
 * a negative code.
 */
#ifndef ERRMSG_H
#define ERRMSG_H

#include <stddef.h>

/* Formats the reason into err (when err and errlen allow) and returns
 * -TABULA_EINVAL, so a refusal is `return errmsg_invalid(err, errlen, ...)`. */
__attribute__((format(printf, 3, 4)))
int errmsg_invalid(char *err, size_t errlen, const char *fmt, ...);

#endif
