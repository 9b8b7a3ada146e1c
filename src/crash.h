/*
 * crash.h: names and backtraces for crash reports and panics. Kernel
 * addresses are named from the kernel's own table (ksyms.h), app addresses
 * from the app's symbol table kept by the loader (elfsym.h). Frames are
 * read through frame pointers: everything is built with them.
 */
#ifndef CRASH_H
#define CRASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct task;

/*
 * Writes "function+0x1c" for pc in t's image, or "" when t's app has no
 * symbol there. ret: pc is a return address, so the call that made it is
 * at pc - 1 (a call can be a function's last instruction).
 */
const char *crash_symbol(const struct task *t, uintptr_t pc, bool ret, char *buf,
                         size_t len);

/*
 * Names any address for a panic: "function+0x1c" in the kernel,
 * "app:function+0x1c" (or "app+0x2b2") in a task's slot, else "". Takes no
 * locks, so it works whatever state the kernel is in.
 */
const char *crash_symbol_any(uintptr_t pc, bool ret, char *buf, size_t len);

/*
 * Walks a chain of frames outwards, reading nothing outside [lo, hi):
 *
 *     struct unwind u;
 *     unwind_start(&u, pc, fp, link, lo, hi);
 *     do use(u.pc, u.ret); while (unwind_next(&u));
 *
 * The first frame is pc itself. Its caller needs care: a function that
 * trapped before building its frame (hand-written assembly, code built
 * without frame pointers, an epilogue) or that is a leaf (it saves no
 * return address) has its caller only in the link register. That register
 * counts when the frame says so (a leaf), or when it names another
 * function than pc and the chain does not already hold it; a function
 * that has called something keeps a stale return address into itself
 * there. link 0: unknown.
 */
struct unwind {
    uintptr_t pc;    /* the current frame's pc */
    bool ret;        /* pc is a return address (it names the call before it) */
    uintptr_t fp;    /* the frame to read the next caller from */
    uintptr_t lo, hi;
    uintptr_t pending_pc, pending_fp; /* the first caller, when decided early */
};

void unwind_start(struct unwind *u, uintptr_t pc, uintptr_t fp, uintptr_t link,
                  uintptr_t lo, uintptr_t hi);
/* Moves to the caller; false at the end of the chain or on a bad frame. */
bool unwind_next(struct unwind *u);

/*
 * Fills the backtrace, depth and stack use of t->end from the state at the
 * crash: pc, frame pointer fp, link register link (0: unknown) and sp. The
 * chain is untrusted (the task may have scribbled on it): nothing outside
 * t's slot is read and the walk ends when the chain stops climbing. Kernel
 * frames before the first app frame (a fault found inside a syscall) are
 * skipped.
 */
void crash_backtrace(struct task *t, uintptr_t pc, uintptr_t fp, uintptr_t link,
                     uintptr_t sp);

#endif
