/* errmsg.c: refusal messages for the portable parsers (see errmsg.h). */
#include "errmsg.h"

#include <stdarg.h>
#include <stdio.h>

#include "tabula.h"

int errmsg_invalid(char *err, size_t errlen, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return -TABULA_EINVAL;
}
