/*
 * taskq.h: the scheduler's two kinds of queue, as pure list operations on
 * struct task's next link, so the host tests can drive them against a
 * model. A run queue is first in, first out; a sleep list is sorted by
 * wake_at, and a task keeps its place behind those due no later, so
 * sleepers with the same deadline wake in the order they slept. The
 * caller holds the scheduler lock; a task is on at most one queue.
 * Inline because the yield path calls them (make bench BENCH=yield).
 */
#ifndef TASKQ_H
#define TASKQ_H

#include <stdbool.h>
#include <stdint.h>

#include "hart.h"
#include "task.h"

static inline void runqueue_push(struct runqueue *q, struct task *t)
{
    t->next = 0;
    if (q->tail)
        q->tail->next = t;
    else
        q->head = t;
    q->tail = t;
}

/* The head, or NULL when the queue is empty. */
static inline struct task *runqueue_pop(struct runqueue *q)
{
    struct task *t = q->head;
    if (t) {
        q->head = t->next;
        if (!q->head)
            q->tail = 0;
        t->next = 0;
    }
    return t;
}

/* Takes t out wherever it is; nothing happens when it is not queued. */
static inline void runqueue_unlink(struct runqueue *q, struct task *t)
{
    struct task *prev = 0;
    for (struct task *p = q->head; p; prev = p, p = p->next) {
        if (p != t)
            continue;
        if (prev)
            prev->next = p->next;
        else
            q->head = p->next;
        if (q->tail == p)
            q->tail = prev;
        p->next = 0;
        return;
    }
}

/* Inserts t by t->wake_at; true when it became the earliest (the timer
 * must then be programmed for it). */
static inline bool sleepq_insert(struct task **list, struct task *t)
{
    struct task **p = list;
    while (*p && (*p)->wake_at <= t->wake_at)
        p = &(*p)->next;
    t->next = *p;
    *p = t;
    return *list == t;
}

/* Takes t out; nothing happens when it is not on the list. */
static inline void sleepq_unlink(struct task **list, struct task *t)
{
    for (struct task **p = list; *p; p = &(*p)->next) {
        if (*p == t) {
            *p = t->next;
            t->next = 0;
            return;
        }
    }
}

/* The earliest sleeper if it is due at now, taken off the list; else NULL. */
static inline struct task *sleepq_pop_due(struct task **list, uint64_t now)
{
    struct task *t = *list;
    if (!t || t->wake_at > now)
        return 0;
    *list = t->next;
    return t;
}

#endif
