/*
 * trace.h: the event trace, a fixed ring of timestamped events per hart:
 * switches, spawns, exits, interrupts, syscalls and faults. It is cheap
 * enough to leave on (it is on from boot): recording is a handful of
 * instructions inlined at the event, with no lock, and with tracing off
 * each event costs a load and a branch.
 *
 * Each hart writes only its own ring. A slot is claimed with one atomic add
 * (an interrupt on the same hart may record in between, never into the
 * same slot); the ring keeps the newest TRACE_EVENTS events. A syscall
 * event does not store its task: it is the one the hart last switched to,
 * which trace_read works out, saving the fast path two instructions.
 */
#ifndef TRACE_H
#define TRACE_H

#include <stdint.h>

#include "arch_inline.h"
#include "hart.h"
#include "tabula.h"

#define TRACE_EVENTS 1024 /* per hart; a power of two */

/* A slot's word: type in bits 0-7, arg in 8-39, task in 40-55. A syscall's
 * word is then a small constant: one or two instructions to make. */
#define TRACE_WORD(type, task, arg) \
    ((uint64_t)(type) | (uint64_t)(uint32_t)(arg) << 8 | (uint64_t)(uint16_t)(task) << 40)
#define TRACE_WORD_TYPE(w) ((uint8_t)(w))
#define TRACE_WORD_ARG(w) ((uint32_t)((w) >> 8))
#define TRACE_WORD_TASK(w) ((uint16_t)((w) >> 40))
/* Syscall events leave the task out (trace_read fills it in). */
#define TRACE_TASK_IMPLICIT 0

struct trace_slot {
    uint64_t ticks;  /* arch_counter() */
    uint64_t word;
};

struct trace_ring {
    uint32_t head;   /* events ever claimed; the next goes to head % TRACE_EVENTS */
    uint32_t start;  /* head when last cleared: older events are gone */
    uint32_t hart;   /* this ring's hart index */
    uint32_t pad;
    struct trace_slot ev[TRACE_EVENTS];
};

static inline void trace_put(struct trace_ring *r, uint64_t word)
{
    uint32_t i = __atomic_fetch_add(&r->head, 1, __ATOMIC_RELAXED);
    struct trace_slot *s = &r->ev[i & (TRACE_EVENTS - 1)];
    s->ticks = arch_counter_inline();
    s->word = word;
}

/* Records an event on hart h (the caller's). A macro, so that with
 * tracing off not even the arguments are worked out. */
#define trace_event(h, type, task, arg)                                       \
    do {                                                                      \
        struct trace_ring *trace_r_ = (h)->trace;                             \
        if (__builtin_expect(trace_r_ != 0, 0))                               \
            trace_put(trace_r_, TRACE_WORD(type, task, arg));                 \
    } while (0)

/* Records a call of syscall-table entry `entry` by the running task. */
#define TRACE_SYSCALL(entry)                                                  \
    do {                                                                      \
        struct trace_ring *trace_r_ = arch_hart_self_inline()->trace;         \
        if (__builtin_expect(trace_r_ != 0, 0))                               \
            trace_put(trace_r_, TRACE_WORD(TABULA_TRACE_SYSCALL,              \
                                           TRACE_TASK_IMPLICIT,               \
                                           TABULA_SYS_INDEX(entry)));         \
    } while (0)

/* Gives hart h a ring, with tracing as it is for the other harts. */
void trace_init_hart(struct hart *h);

/* TABULA_TRACE_ON, _OFF, _CLEAR or _STATUS; returns 1 when tracing is on
 * afterwards, 0 when off, -TABULA_EINVAL for another op. */
int trace_control(int op);

/* The newest max events of all harts, merged by time, oldest first, with
 * times in ns since boot. Returns the count. */
int trace_read(struct tabula_trace_event *out, int max);

#endif
