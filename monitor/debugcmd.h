/*
 * debugcmd.h: the Monitor's debugging commands, which stay out of the general
 * command set (commands.h): `trace` (tracecmd.c) shows and switches the
 * kernel's event trace, `debug` (debugcmd.c) crashes the kernel on purpose so
 * its panic report can be seen. Same contract as commands.h: the words
 * typed in, 0 on success, 1 after an error.
 */
#ifndef MONITOR_DEBUGCMD_H
#define MONITOR_DEBUGCMD_H

int cmd_trace(int argc, char **argv);
int cmd_debug(int argc, char **argv);

#endif
