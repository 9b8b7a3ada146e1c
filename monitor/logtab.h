/*
 * logtab.h: the log tab: the kernel log, live, one record a line, coloured
 * by level, filterable with a key (e: errors, w: and warnings, i: and
 * info, d: everything). It also keeps the last few records for the
 * dashboard.
 */
#ifndef MONITOR_LOGTAB_H
#define MONITOR_LOGTAB_H

#include <stdbool.h>

#include "keys.h"
#include "tabula.h"
#include "vt.h"

#define LOGTAB_RECENT 16

void logtab_init(struct vt *vt);
/* Appends records logged since the last call. Returns how many of them
 * were warnings or errors. */
int logtab_poll(struct vt *vt);
void logtab_key(struct vt *vt, const struct key *k);
const char *logtab_hint(void);
/* Remembers a task's name for records written after it is gone. */
void logtab_name(int id, const char *name);
/* The i-th most recent record (0: the newest), or NULL. */
const struct tabula_log_record *logtab_recent(int i);
/* A record's line as the log tab shows it, colours included, cut to
 * width columns. */
void logtab_format(char *buf, size_t cap, const struct tabula_log_record *r, int width);

#endif
