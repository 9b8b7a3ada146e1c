/*
 * yield_offsets.h: the struct fields the yield fast paths (each arch's
 * yield.S) read and write, as byte offsets. Both arches are LP64 with the
 * same alignment rules, so one set serves both; sched.c checks every one
 * against the C structs at compile time.
 */
#ifndef YIELD_OFFSETS_H
#define YIELD_OFFSETS_H

#define HART_CURRENT      8
#define HART_TRACE        56
#define HART_READY_HEAD   64
#define HART_READY_TAIL   72
#define HART_SLOW_YIELD   96
#define HART_LOCK         104

#define TASK_ID           0
#define TASK_STATE        8
#define TASK_SP           32
#define TASK_STACK_BOTTOM 80
#define TASK_CANARY       88
#define TASK_NEXT         224
#define TASK_SWITCHES     248
#define TASK_TRACE_AS_PREV 256
#define TASK_TRACE_AS_NEXT 264
#define TASK_RUN_NS       888
#define TASK_SLICE_START  896

#define RING_HEAD         0
#define RING_EV           16
#define RING_EVENTS       1024  /* TRACE_EVENTS */

#define STATE_READY       1     /* TABULA_TASK_READY; yield.S uses its 1 */
#define STATE_RUNNING     2     /* TABULA_TASK_RUNNING */

#endif
