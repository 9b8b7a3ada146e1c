/*
 * guard.h: the unmapped page below every task stack, and what a fault on
 * it means. The MMU's identity map (arch_page_guard) does the refusing;
 * this file decides where the page goes and how a fault on it is told.
 */
#ifndef GUARD_H
#define GUARD_H

#include <stdbool.h>
#include <stdint.h>

struct task;
struct trap_frame;

/* Unmaps t's guard page (t->guard_page). Returns false when the MMU has no
 * page table left for it. */
bool guard_place(struct task *t);

/* Maps t's guard page back, before its slot is freed. */
void guard_release(struct task *t);

/*
 * Kernel code faulted at addr while t was current. When addr is in t's
 * guard page, a kernel call running on t's stack (or reading a pointer t
 * handed it) went there: the call cannot be abandoned halfway, so the
 * guard moves one page down, t is marked to end as soon as it is back in
 * its own code or switches, and true is returned (the access is retried).
 * False means a kernel bug.
 */
bool guard_kernel_hit(struct task *t, uintptr_t addr, uintptr_t sp,
                      const struct trap_frame *tf);

/* Writes why t ended after a fault at addr with stack pointer sp: a stack
 * overflow (with depth and a --stack hint), a null pointer, or the plain
 * cause; or keeps the reason guard_kernel_hit wrote. Returns true for a
 * stack overflow. */
bool guard_fault_reason(struct task *t, uint64_t cause, uintptr_t addr, uintptr_t sp);

/* The kernel's own stacks: a name for a fault at addr on the hart's guard
 * pages ("trap stack overflow"), or NULL. */
const char *guard_kernel_stack(uintptr_t addr);

#endif
