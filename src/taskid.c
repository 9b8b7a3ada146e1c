/*
 * taskid.c: the next free task id (taskid.h). Ids past 65,535 used to be
 * cut to 65,535 in the log and trace, so the 65,536th spawn on named the
 * wrong task (or none) there.
 */
#include "taskid.h"

int taskid_next(int *last, bool (*taken)(int id))
{
    int id = *last;
    do
        id = id >= TASKID_MAX || id < 1 ? 1 : id + 1;
    while (taken(id));
    *last = id;
    return id;
}
