/*
 * histfile.h: the histories of typed lines, by app name, as the Monitor
 * keeps them: across runs in the table of history.h, and across boots in
 * a file per name under /data/.history on a writable disk. The shell
 * tab's own history is kept under the name "monitor", the Monitor's own
 * (an app on the disk may be called "shell"). NOTES.md, "Line history",
 * says why it is written as it is.
 */
#ifndef MONITOR_HISTFILE_H
#define MONITOR_HISTFILE_H

#include "history.h"

#define HISTFILE_DIR "/data/.history"
#define HISTFILE_SHELL "monitor"
#define HISTFILE_MAX 16384 /* a longer file is read from its tail and rewritten */

/* name's history: its last run's, or its file's on the first ask in a boot. */
const struct history *histfile_get(const char *name);

/* A line entered at name's prompt: kept (unless history_add refuses it)
 * and appended to name's file. */
void histfile_add(const char *name, const char *line);

#endif
