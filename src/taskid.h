/*
 * taskid.h: task ids. They fit every 16-bit field that carries one (log
 * records, trace events, with 0xffff meaning unknown), so they run from 1
 * to TASKID_MAX and wrap, skipping ids still in the task table, as Unix
 * process ids do.
 */
#ifndef TASKID_H
#define TASKID_H

#include <stdbool.h>

#define TASKID_MAX 65534

/* The first id after *last, wrapping past TASKID_MAX to 1, for which
 * taken() is false; stores it in *last. The table is far smaller than the
 * id space, so one is always free. */
int taskid_next(int *last, bool (*taken)(int id));

#endif
