/*
 * placement.h: where `run` puts a new task (the least loaded hart), and
 * the `harts` command.
 */
#ifndef PLACEMENT_H
#define PLACEMENT_H

/* The spawn request's hart for a new task: 1 + the index of the hart with
 * the fewest tasks, or 0 (the Monitor's own) on a machine with one. */
int placement_pick(void);
/* The harts that are up. */
int placement_count(void);

int cmd_harts(int argc, char **argv);

#endif
