/*
 * task.h: tasks, the unit of everything in tabula. A task is an app image
 * loaded into one contiguous slot:
 *
 *   slot_base                                                      slot_base+size
 *   | image: text data bss | heap (sbrk) -> ... | guard | canary stack <- | args |
 *                          ^image_end     brk^  ^guard_page ^stack_bottom  ^stack_top
 *
 * The slot is the task's for life and is freed the moment the task ends;
 * the task table entry (with how it ended and any output not yet read) stays
 * until the parent reaps it.
 */
#ifndef TASK_H
#define TASK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "elfsym.h"
#include "arch_inline.h"
#include "hart.h"
#include "ring.h"
#include "tabula.h"

#define TASK_MAX 32 /* at most 64: struct task.children is a bit mask */
#define TASK_STREAM_SIZE 4096
/* The unmapped page below every task stack (src/guard.c). */
#define TASK_STACK_GUARD 4096
#define TASK_STACK_MIN 8192 /* run --stack refuses less; above the kernel's KERNEL_STACK_MAX */
#define TASK_CANARY_WORDS 2 /* task_canary_ok reads exactly two */
/* Longer arguments and environment strings are cut here when spawning
 * (the Monitor's boot arguments are one such string). */
#define TASK_ARG_MAX 4096

/* What a blocked task waits for (task.wait_mask). */
#define WAKE_INPUT        (1u << 0) /* its console has input */
#define WAKE_OUTPUT_SPACE (1u << 1) /* its output stream has room */
#define WAKE_CHILD        (1u << 2) /* a child wrote output or ended */
#define WAKE_TIMER        (1u << 3) /* its deadline passed */
#define WAKE_KILLED       (1u << 4)
#define WAKE_DEVICE       (1u << 5) /* a device answered its request */
#define WAKE_FILELOCK     (1u << 6) /* a file lock it waits for may be free */

struct task {
    int id;
    int parent;
    int state;                  /* enum tabula_task_state */
    uint32_t caps;
    char name[TABULA_NAME_MAX];

    uintptr_t sp;               /* saved context while switched out */
    uintptr_t slot_base;
    size_t slot_size;
    uintptr_t entry;
    uintptr_t image_end;        /* where the heap starts */
    uintptr_t brk;              /* current end of the heap */
    uintptr_t stack_bottom;     /* the canary's address */
    uint64_t canary[TASK_CANARY_WORDS]; /* what it holds while intact */
    uintptr_t stack_limit;      /* the lowest stack address above the canary */
    uintptr_t guard_page;       /* unmapped below the stack; 0 once mapped back */
    bool stack_breached;        /* a kernel call hit the guard: report written */
    bool breach_overflow;       /* ... by running out of stack (else a bad pointer) */
    uintptr_t trip_page;        /* then: the app code page it returns to, unmapped */
    uintptr_t stack_top;
    size_t image_size, stack_size;
    size_t code_end;            /* its code: [slot_base, slot_base + code_end) */
    struct elf_symtab syms;     /* the app's function names, in the archive */
    int argc;
    char **argv;

    struct hart *hart;          /* where it runs, for its whole life */
    struct task *next;          /* run queue or sleep list */
    uint32_t wait_mask;
    uint64_t wake_at;           /* deadline in clock ns, while sleeping */
    uint64_t switches;
    /* This task's parts of a switch event's word (TRACE_WORD), as the task
     * switched from and as the one switched to: yield.S ORs them. */
    uint64_t trace_as_prev, trace_as_next;

    bool console_owner;         /* reads and writes the console device */
    uint32_t console_flags;
    struct ring in, out;        /* console streams to and from the parent */
    bool in_closed;             /* the parent sent end-of-file */
    uint8_t *stream_buf;

    struct tabula_exit end;     /* valid once state is ENDED */

    /* Bit i set: tasks[i] is this task's child, live or ended but not yet
     * reaped. poll() looks at these only, not at the whole table. Lock. */
    uint64_t children;

    /* The watchdog (src/watchdog.c) and the attention key. */
    uint64_t run_ns;            /* counter ticks on a hart, until slice_start */
    uint64_t slice_start;       /* counter value when it was switched in or last yielded */
    bool not_responding;        /* ran past the watchdog without yielding */
    bool kill_pending;          /* ends at its next switch or trap in its own code */
    int killed_by;              /* ... for kill from this task (0: the attention key) */

    /* Its canvas (src/canvas.c): pixels in its own slot. */
    uint32_t *canvas;
    uint32_t canvas_w, canvas_h;
    uint64_t canvas_frame;      /* canvas_present calls */
    uint64_t canvas_seen;       /* the frame the parent last read */

    /* Its files (src/vfs.c): open descriptors, working directory, grants. */
    struct vfs_task *files;
    unsigned in_fs;             /* inside the file system: a kill waits */
    bool starting;              /* reserved by a spawn still filling it in: no
                                   call finds it or lists it until it is ready */
    void *disk_image;           /* an app loaded from the disk: its ELF file */
};

/* The RAM after the kernel, carved into task slots. */
extern struct slot_arena task_arena;

/* The task running on this hart, NULL in the idle loop. Inline: every
 * syscall asks. */
static inline struct task *task_current(void)
{
    return arch_hart_self_inline()->current;
}

struct task *task_find(int id);
/* Entry i of the task table, or NULL when it is free. Lock held. */
struct task *task_find_index(int i);

/* Spawns an app for parent (NULL: the kernel itself). Returns the new
 * task's id, or a negative TABULA_E* code with req->error filled. */
int task_spawn(struct task *parent, struct tabula_spawn *req);
/* What app's notes ask for (tabula_sys app_note), the image found as
 * task_spawn finds it; app is in kernel memory. */
int task_app_note(struct task *caller, const char *app, struct tabula_app_note *out);

__attribute__((noreturn)) void task_exit(int status);
/* Ends the calling task as TABULA_END_ABORT for signal sig, with the
 * backtrace from its call. */
__attribute__((noreturn)) void task_abort(int sig);
int task_kill(struct task *by, int id);
int task_reap(struct task *parent, int id, struct tabula_exit *out);
/* Gives an ended task's slot back, once the task can no longer be running
 * on it (the scheduler calls it after switching away for the last time). */
void task_release_slot(struct task *t);

/*
 * Ends the running task because of an exception at pc. Called from the trap
 * handler; switches to another task and never returns.
 */
struct trap_frame;
__attribute__((noreturn)) void task_fault(struct task *t, uint64_t cause,
                                          uint64_t pc, uint64_t tval,
                                          uint64_t sp, const struct trap_frame *tf);

/* True when [p, p+len) lies inside t's slot. Inline: every syscall that
 * takes a pointer asks. */
static inline bool task_owns(const struct task *t, const void *p, size_t len)
{
    uintptr_t a = (uintptr_t)p;
    return t && a >= t->slot_base && len <= t->slot_size &&
           a - t->slot_base <= t->slot_size - len;
}
/* The canary pattern depends on its address, so a stale copy of another
 * stack's canary does not pass for a live one. Inline: every switch and
 * every trap checks one. */
static inline uint64_t canary_value(uintptr_t at, int i)
{
    return (0x7ab01a5ca7a11e5ull ^ at) + (uint64_t)i * 0x9e3779b97f4a7c15ull;
}

static inline bool canary_intact(uintptr_t at)
{
    for (int i = 0; i < TASK_CANARY_WORDS; i++)
        if (((volatile uint64_t *)at)[i] != canary_value(at, i))
            return false;
    return true;
}

void canary_plant(uintptr_t at);

/* True when t's stack canary is intact. The values it should hold are
 * kept in the task (canary_plant's, for its address): two loads less on
 * every switch than computing them. */
static inline bool task_canary_ok(const struct task *t)
{
    const volatile uint64_t *c = (const volatile uint64_t *)t->stack_bottom;
    return c[0] == t->canary[0] && c[1] == t->canary[1];
}

/* Ends t, whose canary died, and switches away. Lock held. */
__attribute__((noreturn)) void task_stack_died(struct task *t);


/*
 * The attention key asks for task id to end (lock held): it is marked, and
 * woken if it waits, so that it ends at its next switch; a task interrupted
 * in its own code ends at once through task_end_pending from the trap
 * path. Returns false when id is not a task the key may end (none, ended,
 * or the Monitor), so the key is passed on as input.
 */
bool task_attention(int id);
/* Ends t, which has kill_pending set, from the trap path (pc: where it
 * was interrupted). Never returns. */
__attribute__((noreturn)) void task_end_pending(struct task *t, uint64_t pc);
/* Marks t to end at its next switch, or trap in its own code; a yield on
 * its hart then takes the C path, which sees to it (struct hart's
 * slow_yield). */
static inline void task_mark_killed(struct task *t)
{
    t->kill_pending = true;
    t->hart->slow_yield = true;
}
/* Ends the current task at a switch point if it has kill_pending. Lock
 * held; returns only when it has not. */
void task_check_pending(struct task *t);

/* At a switch: ends the current task t (may be NULL) if its canary died or
 * the attention key asked for it to end. Lock held; returns only when
 * neither. */
static inline void task_check_stack(struct task *t)
{
    if (!t)
        return;
    if (__builtin_expect(t->kill_pending, 0))
        task_check_pending(t);
    if (!task_canary_ok(t))
        task_stack_died(t);
}

/*
 * Frees the entries of ended tasks whose parent is gone: nobody can reap
 * them any more, and each holds a task entry and its stream buffers. Run
 * from the idle loop (apps_idle), after a dead Monitor's children have
 * been adopted by the new one. Returns how many it freed.
 */
int task_reap_orphans(void);

int task_list(struct tabula_task_info *out, int max);
/* Gives every child of task old_parent to new_parent. */
void task_adopt(int old_parent, int new_parent);
/* Fills a line like "main+0x40" or, without symbols, "crashme+0x1a4" for
 * pc, or the bare address. */
void task_symbolize(const struct task *t, uint64_t pc, char *buf, size_t len);
/* The task whose slot holds addr, or NULL. Lock-free, for diagnostics: the
 * answer may be stale by the time it is used. */
struct task *task_at(uintptr_t addr);

#endif
