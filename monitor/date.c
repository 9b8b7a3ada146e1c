/*
 * date.c: the date command, the wall clock as the kernel keeps it (the
 * board's RTC, or what the storage stack set from the disk).
 */
#include <stdio.h>
#include <time.h>

#include "commands.h"
#include "tabula_app.h"
#include "term.h"

int cmd_date(int argc, char **argv)
{
    if (cmd_no_args(argc, argv))
        return 1;
    uint64_t ns = TABULA_HAS(walltime_ns) ? tabula->walltime_ns() : 0;
    if (!ns) {
        term_error("date: the machine has no clock and nothing has set it");
        return 1;
    }
    time_t secs = (time_t)(ns / 1000000000u);
    struct tm tm;
    gmtime_r(&secs, &tm);
    term_printf("%04d-%02d-%02d %02d:%02d:%02d UTC\n", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    return 0;
}
