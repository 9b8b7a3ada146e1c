/*
 * bench.c: the kernel half of apps/bench. Some costs worth knowing live
 * wholly inside the kernel (the heap, the log, the loader) and no syscall
 * isolates them, so the BENCH capability lets a task run one of them in a
 * tight loop here while it reads the clock around the call. Each loop is a
 * counter and a branch; TABULA_BENCH_EMPTY measures exactly that, so the
 * app can subtract it.
 *
 * The iteration count is the caller's, so a loop can run for hours inside
 * the call, where neither the attention key nor preemption reaches (they
 * act on task code only). Every few thousand iterations each loop looks:
 * a pending kill stops it (the syscall then ends the task), and once the
 * watchdog has marked the task not responding it yields, so the Monitor
 * runs and Ctrl-C can kill it there.
 */
#include "bench.h"

#include <stdio.h>
#include <string.h>

#include "apps.h"
#include "arch.h"
#include "codewipe.h"
#include "elf.h"
#include "klog.h"
#include "kmem.h"
#include "sched.h"
#include "slots.h"
#include "task.h"

#define MIXED_LIVE 8
/* Iterations between looks at the task's state: a kmalloc pair is some
 * 100 instructions, so the look costs well under 1%. */
#define CHECK_EVERY 4096

/* True when t must stop looping; yields first if it should let others run. */
static bool stop(struct task *t, uint64_t i)
{
    if (i % CHECK_EVERY)
        return false;
    if (sched_preempt_wanted(t))
        sched_yield();
    return t->kill_pending;
}

/* The scratch slot elf_load_loop holds while it yields; freed by
 * bench_task_ended when the task is killed there. */
static struct {
    int owner;
    uintptr_t base;
} scratch;

/* Keeps the compiler from deleting or merging the empty loop's iterations. */
static inline void opaque(void)
{
    __asm__ volatile("" ::: "memory");
}

static long kmalloc_small(struct task *t, uint64_t n)
{
    for (uint64_t i = 0; i < n; i++) {
        if (stop(t, i))
            return -TABULA_EINVAL;
        void *p = kmalloc(64);
        if (!p)
            return -TABULA_ENOMEM;
        kfree(p);
    }
    return 64;
}

/*
 * Sizes from 16 bytes to 2 KiB in a fixed scrambled order, eight blocks
 * live at a time, freed oldest first: the free list holds holes of many
 * sizes, as it does after the kernel has run for a while.
 */
static long kmalloc_mixed(struct task *t, uint64_t n)
{
    static const uint16_t sizes[16] = {
        16, 480, 64, 2048, 24, 192, 1024, 40, 256, 96, 1536, 32, 128, 768, 48, 320,
    };
    void *live[MIXED_LIVE] = {0};
    long rc = 0;
    for (uint64_t i = 0; i < n && !rc; i++) {
        unsigned k = i % MIXED_LIVE;
        if (i % CHECK_EVERY == 0 && sched_preempt_wanted(t)) {
            /* Nothing held across the yield: a kill there leaks nothing. */
            for (unsigned j = 0; j < MIXED_LIVE; j++) {
                kfree(live[j]);
                live[j] = 0;
            }
        }
        if (stop(t, i)) {
            rc = -TABULA_EINVAL;
            break;
        }
        kfree(live[k]);
        live[k] = kmalloc(sizes[(i * 7) % 16]);
        if (!live[k])
            rc = -TABULA_ENOMEM;
    }
    for (unsigned k = 0; k < MIXED_LIVE; k++)
        kfree(live[k]);
    return rc;
}

static long log_write(struct task *t, uint64_t n)
{
    for (uint64_t i = 0; i < n; i++) {
        if (stop(t, i))
            return -TABULA_EINVAL;
        klog_write(TABULA_LOG_DEBUG, t->id, "bench: log record %lu of %lu",
                   (unsigned long)i + 1, (unsigned long)n);
    }
    return TABULA_LOG_TEXT_MAX;
}

/* Loads app into a scratch slot n times, as a spawn would (without the
 * task around it). */
static long elf_load_loop(struct task *t, uint64_t n, const char *app)
{
    char name[TABULA_NAME_MAX], err[TABULA_ERROR_MAX];
    const void *image;
    size_t len;
    struct elf_info info;
    uintptr_t base;

    snprintf(name, sizeof name, "%.*s", TABULA_NAME_MAX - 1, app);
    if (apps_find(name, &image, &len) < 0)
        return -TABULA_ENOENT;
    int rc = elf_inspect(&arch_elf_target, image, len, &info, err, sizeof err);
    if (rc < 0)
        return rc;
    size_t size = (info.image_size + 4095) & ~(size_t)4095;
    if (slots_alloc(&task_arena, size, t->id, &base) < 0)
        return -TABULA_ENOMEM;
    codewipe_claim(base, size, size); /* elf_load writes all of it */
    scratch.owner = t->id;
    scratch.base = base;
    for (uint64_t i = 0; i < n && !rc; i++) {
        /* A load is thousands of instructions: look at every one. */
        if (stop(t, i * CHECK_EVERY))
            rc = -TABULA_EINVAL;
        else
            rc = elf_load(&arch_elf_target, image, len, (void *)base, size, base, &info,
                          err, sizeof err);
    }
    scratch.owner = 0;
    slots_free(&task_arena, base);
    return rc < 0 ? rc : (long)info.image_size;
}

long bench_run(struct task *t, int op, uint64_t iterations, const char *app)
{
    switch (op) {
    case TABULA_BENCH_EMPTY:
        /* The empty loop keeps its one counter and branch per iteration
         * (the app subtracts it) and looks at the task between chunks. */
        for (uint64_t done = 0; done < iterations; done += CHECK_EVERY) {
            uint64_t chunk = iterations - done < CHECK_EVERY ? iterations - done : CHECK_EVERY;
            for (uint64_t i = 0; i < chunk; i++)
                opaque();
            if (stop(t, 0))
                return -TABULA_EINVAL;
        }
        return 0;
    case TABULA_BENCH_KMALLOC_SMALL:
        return kmalloc_small(t, iterations);
    case TABULA_BENCH_KMALLOC_MIXED:
        return kmalloc_mixed(t, iterations);
    case TABULA_BENCH_LOG_WRITE:
        return log_write(t, iterations);
    case TABULA_BENCH_ELF_LOAD:
        return elf_load_loop(t, iterations, app);
    }
    return -TABULA_EINVAL;
}

void bench_task_ended(struct task *t)
{
    if (scratch.owner && scratch.owner == t->id) {
        scratch.owner = 0;
        slots_free(&task_arena, scratch.base);
    }
}
