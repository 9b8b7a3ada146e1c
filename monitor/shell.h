/*
 * shell.h: the command line. It draws the prompt, edits what is typed
 * (typed input goes to the foreground job instead while one runs), runs the
 * commands given at boot, and dispatches each line to its command.
 */
#ifndef MONITOR_SHELL_H
#define MONITOR_SHELL_H

#include <stddef.h>

/* exec: ';'-separated commands to run first, as if typed; may be NULL. */
void shell_init(const char *exec);

/*
 * Moves the shell on before the Monitor waits: runs boot commands until one
 * starts a foreground job, then shows the prompt once nothing runs.
 */
void shell_step(void);

/* Feeds bytes typed on the console (plain mode). */
void shell_input(const char *buf, size_t len);

/* Feeds a key typed in the tabbed console's shell tab. */
struct key;
void shell_key(const struct key *k);

/* Parses and runs one command line; prints an error for a bad one. */
void shell_execute(const char *line);

#endif
