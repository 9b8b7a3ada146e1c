/*
 * guard.c: stack guard pages. Every task stack sits above one unmapped
 * page (and the kernel's stacks above theirs, placed by the board file),
 * so a runaway recursion faults on its first access past the stack, in
 * whatever code makes it: no check on every function entry. This file
 * places and removes a task's guard, and turns a fault on a guard into a
 * report that says "stack overflow", how deep, and what to do about it.
 */
#include "guard.h"

#include <stdio.h>

#include "arch.h"
#include "crash.h"
#include "hart.h"
#include "task.h"

bool guard_place(struct task *t)
{
    return arch_page_guard(t->guard_page);
}

void guard_release(struct task *t)
{
    if (t->guard_page)
        arch_page_unguard(t->guard_page);
    if (t->trip_page)
        arch_page_unguard(t->trip_page);
    t->guard_page = t->trip_page = 0;
}

static bool in_page(uintptr_t page, uintptr_t addr)
{
    return page && addr - page < TASK_STACK_GUARD;
}

/* "128K", "2M": a size worth suggesting, twice the stack t had. */
static void next_size(char *buf, size_t len, uint64_t stack)
{
    uint64_t kib = (stack * 2 + 1023) / 1024;
    if (kib >= 1024 && kib % 1024 == 0)
        snprintf(buf, len, "%lluM", (unsigned long long)(kib / 1024));
    else
        snprintf(buf, len, "%lluK", (unsigned long long)kib);
}

static void overflow_reason(struct task *t, uintptr_t sp)
{
    char bigger[24];
    next_size(bigger, sizeof bigger, t->stack_size);
    snprintf(t->end.reason, sizeof t->end.reason,
             "stack overflow: %llu bytes deep (the stack is %llu), %u frames; try run --stack %s",
             (unsigned long long)(t->stack_top - sp), (unsigned long long)t->stack_size,
             (unsigned)t->end.depth, bigger);
}

bool guard_kernel_hit(struct task *t, uintptr_t addr, uintptr_t sp,
                      const struct trap_frame *tf)
{
    uintptr_t page = t->guard_page;
    if (in_page(t->trip_page, addr)) {
        /* The call reads the page it returns to: the task ends at its
         * next switch or trap instead. */
        arch_page_unguard(t->trip_page);
        t->trip_page = 0;
        return true;
    }
    if (!in_page(page, addr))
        return false;
    /* The page below takes over as the guard while the call finishes, so
     * the task cannot run on past its stack meanwhile; its heap there is
     * lost, but the task is ending anyway. */
    uintptr_t below = page - TASK_STACK_GUARD;
    t->guard_page = below >= t->image_end && arch_page_guard(below) ? below : 0;
    arch_page_unguard(page);
    t->stack_breached = true;
    task_mark_killed(t);

    uintptr_t pc, fp;
    arch_frame_origin(tf, &pc, &fp);
    crash_backtrace(t, pc, fp, arch_frame_link(tf), sp);
    /* The app code the call returns to is unmapped too, so the task ends
     * the moment the call is over, with this report. */
    if (t->end.frames) {
        uintptr_t ret = t->slot_base + t->end.backtrace[0].pc_offset;
        uintptr_t trip = ret & ~(uintptr_t)(TASK_STACK_GUARD - 1);
        if (arch_page_guard(trip))
            t->trip_page = trip;
    }
    /* sp need not be below the guard yet: a store with pre-decrement
     * (AArch64's stp ... [sp, #-n]!) faults before it moves sp. A call
     * whose sp is well above the guard was handed a bad pointer. */
    t->breach_overflow = sp - page < 2 * TASK_STACK_GUARD;
    if (t->breach_overflow) {
        overflow_reason(t, sp);
    } else {
        snprintf(t->end.reason, sizeof t->end.reason,
                 "passed the kernel a pointer into its stack guard page (0x%llx)",
                 (unsigned long long)addr);
    }
    return true;
}

bool guard_fault_reason(struct task *t, uint64_t cause, uintptr_t addr, uintptr_t sp)
{
    if (t->stack_breached)
        return t->breach_overflow; /* the reason was written at the hit */
    bool on_guard = arch_cause_is_memory(cause) && in_page(t->guard_page, addr);
    /* An overflow leaves sp just under the stack (a frame or two below its
     * bottom at most); an sp further down or outside the slot was set to
     * junk, and calling that an overflow "2 GB deep" would send the user
     * after the wrong bug. */
    bool wild_sp = sp < t->stack_bottom - 2 * TASK_STACK_GUARD ||
                   sp > t->slot_base + t->slot_size;
    if (wild_sp && !on_guard) {
        snprintf(t->end.reason, sizeof t->end.reason,
                 "%s with a stack pointer outside the stack (sp 0x%llx)",
                 arch_cause_name(cause), (unsigned long long)sp);
        return false;
    }
    if (on_guard || sp < t->stack_limit || !task_canary_ok(t)) {
        overflow_reason(t, sp);
        return true;
    }
    if (arch_cause_is_memory(cause) && addr < TASK_STACK_GUARD)
        snprintf(t->end.reason, sizeof t->end.reason, "null pointer dereference (%s)",
                 arch_cause_name(cause));
    else
        snprintf(t->end.reason, sizeof t->end.reason, "%s", arch_cause_name(cause));
    return false;
}

const char *guard_kernel_stack(uintptr_t addr)
{
    struct hart *h = arch_hart_self();
    if (in_page(h->trap_stack_lo - TASK_STACK_GUARD, addr))
        return "trap stack overflow";
    if (in_page(h->idle_stack_lo - TASK_STACK_GUARD, addr))
        return "idle stack overflow";
    return 0;
}
