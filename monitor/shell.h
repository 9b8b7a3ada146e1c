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

/* A line typed at the prompt (NULL: none, as after Ctrl-C): runs it,
 * then moves the shell on to the next prompt. */
void shell_enter(const char *line);

/* The commands' names, for completion; returns how many (at most max). */
int shell_command_names(const char **names, int max);

/* Parses and runs one command line; prints an error for a bad one. */
void shell_execute(const char *line);

#endif
