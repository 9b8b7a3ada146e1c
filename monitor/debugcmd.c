/*
 * debugcmd.c: `debug panic` and `debug fault`, which stop the machine through
 * the kernel's panic path so that its report (the registers, a backtrace
 * named function by function, the last log records) can be seen and tested.
 * The kernel requires the POWER capability: it is a way to power off.
 */
#include <string.h>

#include "debugcmd.h"
#include "fmt.h"
#include "tabula_app.h"
#include "term.h"

int cmd_debug(int argc, char **argv)
{
    int how;

    if (argc == 2 && strcmp(argv[1], "panic") == 0) {
        how = TABULA_DEBUG_PANIC;
    } else if (argc == 2 && strcmp(argv[1], "fault") == 0) {
        how = TABULA_DEBUG_FAULT;
    } else {
        term_error("debug: usage: debug panic|fault (stops the machine with a kernel panic)");
        return 1;
    }
    if (!TABULA_HAS(debug_crash)) {
        term_error("debug: this kernel has no debug_crash entry");
        return 1;
    }
    int r = tabula->debug_crash(how);
    term_error("debug: %s", fmt_error(r));
    return 1;
}
