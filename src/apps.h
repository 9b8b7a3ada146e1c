/*
 * apps.h: the app archive the build links into the kernel, and the
 * Monitor's life: the kernel spawns it first and again if it ever dies.
 */
#ifndef APPS_H
#define APPS_H

#include <stddef.h>

#include "tabula.h"

struct task;

/* Opens the linked-in archive; returns 0 or a negative code (logged). */
int apps_init(void);
int apps_find(const char *name, const void **image, size_t *len);
int apps_list(struct tabula_app_info *out, int max);
/* The position in apps_list of the app whose file is image, or -1. */
int apps_index(const void *image);

/* Spawns the Monitor with the boot arguments; returns its id or an error. */
int apps_start_monitor(const char *bootargs);
/* Called when the Monitor's slot is released: schedules a new Monitor. */
void apps_monitor_ended(struct task *t);
/* Idle-time work: respawns the Monitor if it died. */
void apps_idle(void);

#endif
