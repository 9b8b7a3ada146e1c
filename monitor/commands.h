/*
 * commands.h: the Monitor's commands. Each takes the words typed, the
 * command's name first, prints its result or a one-line error through term,
 * and returns 0 on success or 1 after an error.
 */
#ifndef MONITOR_COMMANDS_H
#define MONITOR_COMMANDS_H

#include <stdbool.h>
#include <stddef.h>

#include "tabula.h"

int cmd_apps(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_ps(int argc, char **argv);
int cmd_kill(int argc, char **argv);
int cmd_mem(int argc, char **argv); /* in memview.c */
int cmd_log(int argc, char **argv);
int cmd_uptime(int argc, char **argv);
int cmd_date(int argc, char **argv);
int cmd_halt(int argc, char **argv);
int cmd_reboot(int argc, char **argv);
/* The tabbed console's commands, in tabcmds.c. */
int cmd_tabs(int argc, char **argv);
int cmd_tab(int argc, char **argv);
int cmd_close(int argc, char **argv);
int cmd_resize(int argc, char **argv);
int cmd_watchdog(int argc, char **argv);
int cmd_theme(int argc, char **argv);
int cmd_raster(int argc, char **argv);
/* The framebuffer console's command, in fbcmd.c. */
int cmd_display(int argc, char **argv);

/* The file commands, in files.c. */
int cmd_ls(int argc, char **argv);
int cmd_cat(int argc, char **argv);
int cmd_hexdump(int argc, char **argv);
int cmd_cp(int argc, char **argv);
int cmd_mv(int argc, char **argv);
int cmd_rm(int argc, char **argv);
int cmd_mkdir(int argc, char **argv);
int cmd_rmdir(int argc, char **argv);
int cmd_cd(int argc, char **argv);
int cmd_pwd(int argc, char **argv);
int cmd_df(int argc, char **argv);
int cmd_sync(int argc, char **argv);
int cmd_grant(int argc, char **argv);
/* Tab completion: the paths that word[0..len) could become (a directory
 * ends in '/'), at most max, into out. */
#define FILES_COMPLETE_MAX 64
int files_complete(const char *word, size_t len, const char **out, int max);

/* Prints "NAME: takes no arguments" and returns true if any were given. */
bool cmd_no_args(int argc, char **argv);

/*
 * The name of task id in a task_list snapshot: "kernel" for 0, "display"
 * for the framebuffer's slot (TABULA_SLOT_DISPLAY), the task's
 * name, or "task N" (written to buf) when it is not in the snapshot.
 */
const char *cmd_task_name(const struct tabula_task_info *tasks, int count,
                          int id, char *buf, size_t cap);
/* Remembers a task's name for when it has ended and been reaped (the
 * Monitor's own children are remembered when they start). */
void cmd_remember_name(int id, const char *name);

#endif
