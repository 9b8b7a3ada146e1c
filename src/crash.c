/*
 * crash.c: what a crash report says beyond the cause: which function, the
 * chain of callers, and how deep the stack went (see crash.h). Telling
 * whether the link register holds a real caller needs to know which
 * function an address is in, so it takes the symbols, the kernel's or the
 * app's: without them an app's report can miss the caller of a function
 * that crashed in its epilogue or before its prologue.
 */
#include "crash.h"

#include <stdio.h>
#include <string.h>

#include "arch.h"
#include "elfsym.h"
#include "ksyms.h"
#include "task.h"

#define WALK_MAX 100000 /* frames counted at most: bounds a huge slot's walk */

static bool app_lookup(const struct task *t, uintptr_t pc, bool ret,
                       const char **name, uint64_t *off)
{
    if (!t->slot_base || pc < t->slot_base + ret || pc >= t->image_end)
        return false;
    if (!elfsym_lookup(&t->syms, pc - ret - t->slot_base, name, off))
        return false;
    *off += ret;
    return true;
}

const char *crash_symbol(const struct task *t, uintptr_t pc, bool ret, char *buf,
                         size_t len)
{
    const char *name;
    uint64_t off;
    if (app_lookup(t, pc, ret, &name, &off))
        snprintf(buf, len, "%s+0x%lx", name, (unsigned long)off);
    else if (len)
        buf[0] = 0;
    return buf;
}

const char *crash_symbol_any(uintptr_t pc, bool ret, char *buf, size_t len)
{
    const char *name;
    uintptr_t koff;
    uint64_t off;
    if (ksyms_lookup(pc - ret, &name, &koff)) {
        snprintf(buf, len, "%s+0x%lx", name, (unsigned long)(koff + ret));
        return buf;
    }
    struct task *t = task_at(pc);
    if (t && app_lookup(t, pc, ret, &name, &off))
        snprintf(buf, len, "%s:%s+0x%lx", t->name, name, (unsigned long)off);
    else if (t)
        snprintf(buf, len, "%s+0x%lx", t->name, (unsigned long)(pc - t->slot_base));
    else if (len)
        buf[0] = 0;
    return buf;
}

/* The start of the function holding pc, kernel or app, or 0 if unknown. */
static uintptr_t function_start(uintptr_t pc, bool ret)
{
    const char *name;
    uintptr_t koff;
    uint64_t off;
    if (ksyms_lookup(pc - ret, &name, &koff))
        return pc - ret - koff;
    struct task *t = task_at(pc);
    if (t && app_lookup(t, pc, ret, &name, &off))
        return pc - off;
    return 0;
}

void unwind_start(struct unwind *u, uintptr_t pc, uintptr_t fp, uintptr_t link,
                  uintptr_t lo, uintptr_t hi)
{
    uintptr_t caller_fp, first_fp = fp, first_ret = 0;
    u->pc = pc;
    u->ret = false;
    u->fp = fp;
    u->lo = lo;
    u->hi = hi;
    u->pending_pc = 0;
    if (!link)
        return;
    if (arch_frame_leaf(fp, lo, hi, &caller_fp)) {
        u->pending_pc = link;
        u->pending_fp = caller_fp;
        return;
    }
    arch_frame_step(&first_fp, &first_ret, lo, hi);
    uintptr_t here = function_start(pc, false), there = function_start(link, true);
    if (link != first_ret && here && there && here != there) {
        u->pending_pc = link;
        u->pending_fp = fp; /* the frame pointer is still the caller's */
    }
}

bool unwind_next(struct unwind *u)
{
    u->ret = true;
    if (u->pending_pc) {
        u->pc = u->pending_pc;
        u->fp = u->pending_fp;
        u->pending_pc = 0;
        return true;
    }
    return arch_frame_step(&u->fp, &u->pc, u->lo, u->hi);
}

static bool in_image(const struct task *t, uintptr_t pc)
{
    return pc >= t->slot_base && pc < t->image_end;
}

static void add_frame(struct task *t, uintptr_t pc, bool ret)
{
    struct tabula_exit *e = &t->end;
    if (e->depth++ >= TABULA_BACKTRACE_MAX)
        return;
    struct tabula_frame *f = &e->backtrace[e->frames++];
    f->pc_offset = pc - t->slot_base;
    crash_symbol(t, pc, ret, f->symbol, sizeof f->symbol);
}

void crash_backtrace(struct task *t, uintptr_t pc, uintptr_t fp, uintptr_t link,
                     uintptr_t sp)
{
    struct tabula_exit *e = &t->end;
    struct unwind u;
    bool started = false;
    e->frames = e->depth = 0;
    memset(e->backtrace, 0, sizeof e->backtrace);
    e->stack_used = sp >= t->slot_base && sp <= t->stack_top ? t->stack_top - sp : 0;

    /* Frames live on the stack, above the guard page: never read below
     * it (a broken chain could point into the guard and fault here). */
    uintptr_t lo = t->guard_page ? t->guard_page + TASK_STACK_GUARD : t->slot_base;
    unwind_start(&u, pc, fp, link, lo, t->slot_base + t->slot_size);
    int steps = 0;
    do {
        if (!in_image(t, u.pc)) {
            if (started)
                break; /* below the app: the kernel's call of its entry */
            continue;  /* kernel frames of a syscall, on the task's stack */
        }
        started = true;
        add_frame(t, u.pc, u.ret);
    } while (++steps < WALK_MAX && unwind_next(&u));
}
