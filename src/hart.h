/*
 * hart.h: what the kernel keeps per hardware thread. The arch layer finds
 * the running hart's struct (on RISC-V through sscratch) without using the
 * thread pointer, which belongs to the task.
 */
#ifndef HART_H
#define HART_H

#include <stdint.h>

struct task;
struct trace_ring;

struct hart {
    unsigned id;               /* the platform's hart id */
    struct task *current;      /* NULL while the idle loop runs */
    uintptr_t idle_sp;         /* the idle loop's saved context */
    struct task *ended;        /* left the hart for good; release after the switch */
    int in_trap;               /* a trap handler is running: a second trap is a kernel bug */
    uintptr_t idle_stack_lo;   /* for the canary checks */
    uintptr_t trap_stack_lo;
    struct trace_ring *trace;  /* this hart's event ring; NULL while tracing is off */
};

/* Installs h as this hart's struct and trap_stack_top as its trap stack. */
void arch_hart_init(struct hart *h, uintptr_t trap_stack_top);
struct hart *arch_hart_self(void);

#endif
