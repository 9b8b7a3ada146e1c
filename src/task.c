/*
 * task.c: the task table, spawning, ending and reaping. Spawning is a copy
 * and a relocation pass: find the app in the archive, check its ELF headers,
 * carve a slot, load and relocate the image, lay out the stack with the
 * arguments on top and a canary at the bottom, and queue the task.
 */
#include "task.h"

#include <stdio.h>
#include <string.h>

#include "apps.h"
#include "arch.h"
#include "bench.h"
#include "clock.h"
#include "console.h"
#include "crash.h"
#include "debug.h"
#include "display.h"
#include "codewipe.h"
#include "elf.h"
#include "guard.h"
#include "hart.h"
#include "klog.h"
#include "kmem.h"
#include "panic.h"
#include "sched.h"
#include "slots.h"
#include "syscall.h"
#include "task_layout.h"
#include "taskid.h"
#include "trace.h"
#include "vfs.h"
#include "watchdog.h"

struct slot_arena task_arena;
static struct task tasks[TASK_MAX];
static int last_id;
/* Set when a task that may have children is reaped, or a task whose parent
 * is gone ends: task_reap_orphans has work. */
static bool orphans_maybe;

_Static_assert(TASK_MAX <= 64, "struct task.children has a bit per task");

static uint64_t task_bit(const struct task *t)
{
    return 1ull << (t - tasks);
}

/* Lock held, or a caller that only reads a stable field. */
/* Where each recent id's entry is: ids grow by one per spawn, so the low
 * bits spread them over the table and a lookup is one probe, with the scan
 * only for an id whose hint was taken over by a newer one. */
static uint8_t id_hint[TASK_MAX];

/* The entry of id, live or ended, or one a spawn has reserved for it. */
static struct task *task_entry(int id)
{
    struct task *t = &tasks[id_hint[(unsigned)id % TASK_MAX]];
    if (t->id == id && t->state != TABULA_TASK_FREE)
        return t;
    for (int i = 0; i < TASK_MAX; i++)
        if (tasks[i].state != TABULA_TASK_FREE && tasks[i].id == id)
            return &tasks[i];
    return 0;
}

/* A half-made task (another hart can look while a spawn fills it in, or
 * a kill could end it before it starts) is nobody's to find. */
struct task *task_find(int id)
{
    struct task *t = task_entry(id);
    return t && !t->starting ? t : 0;
}

/* Lock held. */
static bool id_taken(int id)
{
    return task_entry(id) != 0;
}

struct task *task_find_index(int i)
{
    return tasks[i].state != TABULA_TASK_FREE ? &tasks[i] : 0;
}

void canary_plant(uintptr_t at)
{
    for (int i = 0; i < TASK_CANARY_WORDS; i++)
        ((volatile uint64_t *)at)[i] = canary_value(at, i);
}

void task_symbolize(const struct task *t, uint64_t pc, char *buf, size_t len)
{
    if (t && crash_symbol(t, pc, false, buf, len)[0])
        return;
    if (t && pc >= t->slot_base && pc < t->slot_base + t->slot_size)
        snprintf(buf, len, "%s+0x%llx", t->name,
                 (unsigned long long)(pc - t->slot_base));
    else
        snprintf(buf, len, "0x%llx", (unsigned long long)pc);
}

struct task *task_at(uintptr_t addr)
{
    for (int i = 0; i < TASK_MAX; i++) {
        struct task *t = &tasks[i];
        uintptr_t base = t->slot_base;
        if (t->state != TABULA_TASK_FREE && base && addr >= base &&
            addr - base < t->slot_size)
            return t;
    }
    return 0;
}

static void size_text(char *buf, size_t len, uint64_t bytes)
{
    if (bytes >= (1u << 20) && bytes % (1u << 20) == 0)
        snprintf(buf, len, "%llu MiB", (unsigned long long)(bytes >> 20));
    else
        snprintf(buf, len, "%llu KiB", /* rounded up, without wrapping near 2^64 */
                 (unsigned long long)(bytes / 1024 + (bytes % 1024 != 0)));
}


/*
 * A spawn request as checked, read from the caller's memory once: the
 * request, and where each argument and environment string is and how long.
 * All tasks share one address space, so another hart may rewrite the
 * caller's memory while the spawn runs; reading a count, a pointer or a
 * string's end a second time could take the kernel past the caller's slot.
 * The strings are copied into the child by their checked lengths (their
 * bytes may have changed meanwhile, harmlessly). kmalloc'd: too large for
 * the caller's stack, on which the call runs.
 */
struct spawn_args {
    struct tabula_spawn req;     /* its error is copied back to the caller's */
    char app[TABULA_NAME_MAX];   /* req.app points here */
    /* req.argc arguments, then req.envc environment strings. Sized to the
     * request: the heap checks and junk-fills every byte it hands out. */
    struct spawn_string {
        const char *s;
        size_t len;
    } str[];
};

/* One string of a spawn request: inside the caller's slot, NUL included,
 * and shorter than TASK_ARG_MAX; its length goes to *len. */
static int spawn_check_string(struct task *parent, const char *s, const char *what, int i,
                              struct tabula_spawn *req, size_t *len)
{
    long n = task_layout_string(parent->slot_base, parent->slot_base + parent->slot_size, s,
                                TASK_ARG_MAX);
    if (n >= 0) {
        *len = (size_t)n;
        return 0;
    }
    if (n == -TABULA_EINVAL)
        snprintf(req->error, sizeof req->error, "%s %d is longer than %d bytes", what, i,
                 TASK_ARG_MAX - 1);
    else
        snprintf(req->error, sizeof req->error,
                 "%s %d runs past the end of the caller's memory", what, i);
    return (int)n;
}

/* Everything a spawn request points at must be readable by the caller,
 * every string up to its NUL; a records what was checked. The kernel's own
 * requests are trusted, and only measured. */
static int spawn_check_request(struct task *parent, struct spawn_args *a)
{
    struct tabula_spawn *req = &a->req;
    if (!parent) {
        snprintf(a->app, sizeof a->app, "%s", req->app);
        req->app = a->app;
        for (int i = 0; i < req->argc + req->envc; i++) {
            a->str[i].s = i < req->argc ? req->argv[i] : req->envp[i - req->argc];
            a->str[i].len = strnlen(a->str[i].s, TASK_ARG_MAX - 1);
        }
        return 0;
    }
    long n = task_layout_string(parent->slot_base, parent->slot_base + parent->slot_size,
                                req->app, TABULA_NAME_MAX);
    if (n < 0) {
        snprintf(req->error, sizeof req->error, n == -TABULA_EINVAL
                 ? "app name is longer than %d bytes"
                 : "app name runs past the end of the caller's memory", TABULA_NAME_MAX - 1);
        return (int)n;
    }
    memcpy(a->app, req->app, (size_t)n);
    a->app[n] = 0;
    req->app = a->app;
    if ((req->argc && !task_owns(parent, req->argv, req->argc * sizeof(char *))) ||
        (req->envc && !task_owns(parent, req->envp, req->envc * sizeof(char *)))) {
        snprintf(req->error, sizeof req->error, "spawn request points outside the caller's memory");
        return -TABULA_EFAULT;
    }
    int rc = 0;
    for (int i = 0; i < req->argc && !rc; i++) {
        a->str[i].s = req->argv[i];
        rc = spawn_check_string(parent, a->str[i].s, "argument", i, req, &a->str[i].len);
    }
    for (int i = 0; i < req->envc && !rc; i++) {
        struct spawn_string *s = &a->str[req->argc + i];
        s->s = req->envp[i];
        rc = spawn_check_string(parent, s->s, "environment string", i, req, &s->len);
    }
    return rc;
}

/* Copies argv and then the environment to the top of the slot, strings
 * first, then the pointer array the runtime reads: argv[0..argc-1], NULL,
 * env[0..envc-1], NULL. Returns the stack pointer below it. */
/* String i of the child's argv and then its environment, as checked; with
 * no arguments the name stands in as argv[0]. */
static const char *spawn_string(const struct spawn_args *a, const char *name, int i,
                                size_t *len)
{
    if (!a->req.argc) {
        if (i == 0) {
            *len = strlen(name);
            return name;
        }
        i--;
    }
    *len = a->str[i].len;
    return a->str[i].s;
}

static uintptr_t spawn_push_args(struct task *t, const struct spawn_args *a,
                                 const char *name)
{
    uintptr_t top = t->slot_base + t->slot_size;
    int argc = a->req.argc ? a->req.argc : 1;
    int n = argc + a->req.envc;
    size_t len;
    uintptr_t p = top;
    for (int i = n - 1; i >= 0; i--) {
        const char *s = spawn_string(a, name, i, &len);
        p -= len + 1;
        memcpy((char *)p, s, len);
        ((char *)p)[len] = 0;
    }
    uintptr_t strings = p;
    p = (p - (n + 2) * sizeof(char *)) & ~(uintptr_t)15;
    char **argv = (char **)p, **slot = argv;
    uintptr_t s = strings;
    for (int i = 0; i < n; i++) {
        *slot++ = (char *)s;
        spawn_string(a, name, i, &len);
        s += len + 1;
        if (i == argc - 1)
            *slot++ = 0;
    }
    *slot = 0;
    t->argc = argc;
    t->argv = argv;
    return p;
}

static size_t args_bytes(const struct spawn_args *a)
{
    size_t n = 16 + (size_t)(a->req.argc + a->req.envc + 3) * sizeof(char *);
    for (int i = 0; i < a->req.argc + a->req.envc; i++)
        n += a->str[i].len + 1u;
    return n + TABULA_NAME_MAX;
}

static struct task *task_alloc_entry(void)
{
    for (int i = 0; i < TASK_MAX; i++)
        if (tasks[i].state == TABULA_TASK_FREE)
            return &tasks[i];
    return 0;
}

static void task_start(void *arg);

/* The image of req->app: from the archive, or from the disk: /bin/NAME
 * for a plain name the archive lacks, or the path itself for one starting
 * with '/' (which the spawner must be granted). A disk image is kmalloc'd
 * into *disk_image and lives as long as the task (its symbols point into
 * it). name gets the task's name. */
static int find_image(struct task *parent, struct tabula_spawn *req, char *name,
                      const void **image, size_t *len, void **disk_image)
{
    char path[TABULA_PATH_MAX];
    const char *base = strrchr(req->app, '/');
    base = base ? base + 1 : req->app;
    size_t blen = strlen(base);
    if (blen > 4 && strcmp(base + blen - 4, ".elf") == 0)
        blen -= 4; /* make disk names them NAME.elf; the task is NAME */
    snprintf(name, TABULA_NAME_MAX, "%.*s", (int)blen, base);
    if (req->app[0] != '/' && apps_find(name, image, len) == 0)
        return 0;
    if (req->app[0] == '/')
        snprintf(path, sizeof path, "%s", req->app);
    else
        snprintf(path, sizeof path, "/bin/%s", req->app);
    int rc = vfs_may_read(parent, path);
    if (rc == 0)
        rc = vfs_load(path, disk_image, len);
    if (rc == -TABULA_ENOENT && req->app[0] != '/') {
        snprintf(path, sizeof path, "/bin/%s.elf", req->app);
        if ((rc = vfs_may_read(parent, path)) == 0)
            rc = vfs_load(path, disk_image, len);
    }
    if (rc < 0) {
        if (req->app[0] == '/')
            snprintf(req->error, sizeof req->error, "%s: %s", path,
                     rc == -TABULA_EACCES ? "not granted" : rc == -TABULA_ENOENT
                     ? "no such file" : "can't be read");
        else
            snprintf(req->error, sizeof req->error,
                     "no app named '%s' in the archive or /bin (type apps for the list)", req->app);
        return rc == -TABULA_EACCES || req->app[0] == '/' ? rc : -TABULA_ENOENT;
    }
    *image = *disk_image;
    return 0;
}

static int spawn_image(struct task *parent, struct spawn_args *a, const char *name,
                       const void *image, size_t image_len, void *disk_image);

int task_app_note(struct task *caller, const char *app, struct tabula_app_note *out)
{
    /* On the heap: the caller's kernel stack is small, and loading from
     * the disk goes deep. */
    struct {
        struct tabula_spawn req;
        struct elf_info info;
        char name[TABULA_NAME_MAX];
        char err[TABULA_ERROR_MAX];
    } *a = kzalloc(sizeof *a);
    const void *image;
    size_t len;
    void *disk_image = 0;
    int rc;

    if (!a)
        return -TABULA_ENOMEM;
    a->req.app = app;
    rc = find_image(caller, &a->req, a->name, &image, &len, &disk_image);
    if (rc == 0)
        rc = elf_inspect(&arch_elf_target, image, len, &a->info, a->err, sizeof a->err);
    if (rc == 0) {
        memset(out, 0, sizeof *out);
        out->mem_size = a->info.mem_size;
        out->stack_size = a->info.stack_size;
        out->caps = a->info.caps;
        memcpy(out->fs, (const char *)image + a->info.fs_offset, a->info.fs_len);
    }
    vfs_unload(disk_image);
    kfree(a);
    return rc;
}

int task_spawn(struct task *parent, struct tabula_spawn *user_req)
{
    const void *image;
    size_t image_len;
    void *disk_image = 0;
    char name[TABULA_NAME_MAX];
    int rc;

    /* The counts are read once, checked, and what the copy below holds is
     * overwritten with them: another hart may change the caller's. */
    int argc = user_req->argc, envc = user_req->envc;
    if (argc < 0 || argc > 64 || envc < 0 || envc > 64) {
        snprintf(user_req->error, sizeof user_req->error,
                 "spawn request has %d arguments and %d environment strings (at most 64 each)",
                 argc, envc);
        return -TABULA_EINVAL;
    }
    struct spawn_args *a = kmalloc(sizeof *a + (size_t)(argc + envc) * sizeof a->str[0]);
    if (!a) {
        snprintf(user_req->error, sizeof user_req->error, "the kernel heap is full");
        return -TABULA_ENOMEM;
    }
    a->req = *user_req;
    struct tabula_spawn *req = &a->req;
    req->argc = argc;
    req->envc = envc;
    req->error[0] = 0;
    if ((rc = spawn_check_request(parent, a)) < 0 ||
        (rc = find_image(parent, req, name, &image, &image_len, &disk_image)) < 0)
        goto out;
    rc = spawn_image(parent, a, name, image, image_len, disk_image);
    if (rc < 0)
        vfs_unload(disk_image);
out:
    memcpy(user_req->error, req->error, sizeof req->error);
    kfree(a);
    return rc;
}

static int spawn_image(struct task *parent, struct spawn_args *a, const char *name,
                       const void *image, size_t image_len, void *disk_image)
{
    struct tabula_spawn *req = &a->req;
    char err[TABULA_ERROR_MAX], sz1[24], sz2[24];
    struct elf_info info;
    int rc;

    rc = elf_inspect(&arch_elf_target, image, image_len, &info, err, sizeof err);
    if (rc < 0) {
        snprintf(req->error, sizeof req->error, "%s: %s", name, err);
        return rc;
    }
    struct task_layout_req lreq = {
        .image_size = info.image_size,
        .stack = req->stack_size ? req->stack_size
               : info.stack_size ? info.stack_size : TABULA_DEFAULT_STACK,
        .mem = req->mem_size ? req->mem_size : info.mem_size ? info.mem_size : TABULA_DEFAULT_MEM,
        .args = args_bytes(a),
        .guard = TASK_STACK_GUARD,
        .stack_min = TASK_STACK_MIN,
    };
    struct task_layout lay;
    uint64_t stack = lreq.stack, mem = lreq.mem;
    switch (task_layout(&lreq, &lay)) {
    case TASK_LAYOUT_OK:
        break;
    case TASK_LAYOUT_STACK_SMALL:
    case TASK_LAYOUT_TOO_LARGE:
        snprintf(req->error, sizeof req->error, "a stack of %llu bytes is %s for %s",
                 (unsigned long long)stack, stack < TASK_STACK_MIN
                 ? "too small (at least 8K)" : "too large", name);
        return -TABULA_EINVAL;
    case TASK_LAYOUT_SLOT_SMALL:
        size_text(sz1, sizeof sz1, mem);
        size_text(sz2, sizeof sz2, lay.need);
        snprintf(req->error, sizeof req->error,
                 "a %s slot is too small for %s: it needs at least %s (image %llu KiB, stack %llu KiB)",
                 sz1, name, sz2, (unsigned long long)(info.image_size + 1023) / 1024,
                 (unsigned long long)stack / 1024);
        return -TABULA_ENOMEM;
    }

    /* Where it runs: the hart asked for (placement is the Monitor's
     * policy), else the caller's. */
    unsigned harts = __atomic_load_n(&hart_count, __ATOMIC_ACQUIRE);
    if (req->hart < 0 || (unsigned)req->hart > harts) {
        snprintf(req->error, sizeof req->error, "no hart %d: %u hart%s %s up (0 to %u)",
                 req->hart - 1, harts, harts == 1 ? "" : "s", harts == 1 ? "is" : "are",
                 harts - 1);
        return -TABULA_EINVAL;
    }
    struct hart *where = req->hart ? hart_table[req->hart - 1] : arch_hart_self();

    uintptr_t saved = sched_lock();
    struct task *t = task_alloc_entry();
    if (!t) {
        sched_unlock(saved);
        snprintf(req->error, sizeof req->error, "all %d task entries are in use", TASK_MAX);
        return -TABULA_ENOMEM;
    }
    memset(t, 0, sizeof *t);
    t->state = TABULA_TASK_BLOCKED; /* reserved; not runnable yet */
    t->starting = true;
    t->hart = where;
    t->id = taskid_next(&last_id, id_taken);
    t->trace_as_prev = TRACE_WORD(TABULA_TRACE_SWITCH, 0, t->id);
    t->trace_as_next = TRACE_WORD(0, t->id, 0);
    id_hint[(unsigned)t->id % TASK_MAX] = (uint8_t)(t - tasks);
    sched_unlock(saved);

    uintptr_t base;
    if (slots_alloc(&task_arena, mem, t->id, &base) < 0) {
        size_t used, free_total;
        slots_usage(&task_arena, &used, &free_total);
        size_text(sz1, sizeof sz1, mem);
        if (mem > used + free_total) {
            size_text(sz2, sizeof sz2, used + free_total);
            snprintf(req->error, sizeof req->error,
                     "a slot of %s for %s is larger than all task memory (%s)", sz1, name, sz2);
        } else {
            size_text(sz2, sizeof sz2, slots_largest_free(&task_arena));
            snprintf(req->error, sizeof req->error,
                     "no free slot of %s for %s (largest free block: %s)", sz1, name, sz2);
        }
        rc = -TABULA_ENOMEM;
        goto fail_entry;
    }
    codewipe_claim(base, mem, info.image_size);
    rc = elf_load(&arch_elf_target, image, image_len, (void *)base, mem, base,
                  &info, err, sizeof err);
    if (rc < 0) {
        snprintf(req->error, sizeof req->error, "%s: %s", name, err);
        goto fail_slot;
    }
    rc = vfs_spawn(parent, t, req);
    if (rc < 0)
        goto fail_slot;
    t->stream_buf = kmalloc(2 * TASK_STREAM_SIZE);
    if (!t->stream_buf) {
        snprintf(req->error, sizeof req->error, "the kernel heap is full");
        rc = -TABULA_ENOMEM;
        goto fail_slot;
    }
    ring_init(&t->in, t->stream_buf, TASK_STREAM_SIZE);
    ring_init(&t->out, t->stream_buf + TASK_STREAM_SIZE, TASK_STREAM_SIZE);
    arch_sync_icache((void *)base, info.image_size);

    snprintf(t->name, sizeof t->name, "%s", name);
    t->parent = parent ? parent->id : 0;
    t->caps = parent ? (req->caps & parent->caps) : req->caps;
    t->slot_base = base;
    t->slot_size = mem;
    t->entry = base + info.entry;
    t->image_size = info.image_size;
    t->code_end = info.code_end;
    t->image_end = t->brk = base + lay.image_end;
    t->stack_size = stack;
    t->stack_top = spawn_push_args(t, a, name);
    t->stack_bottom = base + lay.stack_bottom;
    t->stack_limit = t->stack_bottom + TASK_CANARY_WORDS * 8;
    t->guard_page = base + lay.guard_page;
    if (!guard_place(t)) {
        snprintf(req->error, sizeof req->error, "no page table left for %s's stack guard", name);
        rc = -TABULA_ENOMEM;
        kfree(t->stream_buf);
        goto fail_slot;
    }
    canary_plant(t->stack_bottom);
    for (int i = 0; i < TASK_CANARY_WORDS; i++)
        t->canary[i] = canary_value(t->stack_bottom, i);
    t->wake_at = UINT64_MAX;
    t->end.id = t->id;
    t->sp = arch_context_init(t->stack_top, task_start, t, 0);
    elfsym_open(image, image_len, &t->syms);
    /* Before the debugger's hook: tools/gdb reads the file's build-id. */
    t->disk_image = disk_image;
    debug_task_loaded(t);

    saved = sched_lock();
    t->starting = false;
    if (parent)
        parent->children |= task_bit(t);
    where->tasks++;
    trace_event(arch_hart_self(), TABULA_TRACE_SPAWN, t->id,
                (uint32_t)t->parent | (uint32_t)apps_index(image) << 16);
    sched_make_ready(t);
    sched_unlock(saved);
    klog_write(TABULA_LOG_INFO, t->id, "spawned %s%s: slot 0x%llx, %llu KiB", t->name,
               disk_image ? " from the disk" : "",
               (unsigned long long)base, (unsigned long long)mem / 1024);
    return t->id;

fail_slot:
    vfs_task_end(t);
    slots_free(&task_arena, base);
fail_entry:
    saved = sched_lock();
    t->state = TABULA_TASK_FREE;
    sched_unlock(saved);
    klog_write(TABULA_LOG_WARN, parent ? parent->id : 0, "spawn %s failed: %s", name, req->error);
    return rc;
}

typedef void task_entry_fn(const struct tabula_sys *sys, long argc,
                           char **argv, uintptr_t stack_limit);

/* A new task's first code, on its own stack: finish the switch that brought
 * us here, then call the app. The runtime never returns; if an app's entry
 * does anyway, that is an exit with its return value. */
static void task_start(void *arg)
{
    struct task *t = arg;
    sched_started();
    sched_unlock(1);
    arch_page_guards_sync(); /* its guard may have been placed on another hart */
    if (t->console_owner)
        klog_set_echo(0); /* the Monitor owns the screen from here on */
    ((task_entry_fn *)t->entry)(&syscall_table, t->argc, t->argv, t->stack_limit);
    task_exit(0);
}

/* Records how t ended and tells its parent. Lock held. */
static void task_end(struct task *t, int how)
{
    t->end.id = t->id;
    t->end.how = how;
    t->state = TABULA_TASK_ENDED;
    t->hart->tasks--;
    if (t->parent && !task_find(t->parent))
        orphans_maybe = true;
    display_task_ended(t); /* it may have been killed inside the driver */
    vfs_task_ended(t);     /* its record locks: a waiter need not wait for the reap */
    trace_event(arch_hart_self(), TABULA_TRACE_EXIT, t->id,
                (uint32_t)how | (uint32_t)t->end.status << 8);
    sched_wake(task_find(t->parent), WAKE_CHILD);
}

/* Gives the slot back; called once the task can no longer be running on it. */
void task_release_slot(struct task *t)
{
    if (t->slot_base) {
        debug_task_unloaded(t);
        guard_release(t);
        codewipe_add(t->slot_base, t->slot_base + t->code_end);
        slots_free(&task_arena, t->slot_base);
        t->slot_base = 0;
        bench_task_ended(t);
    }
    if (t->console_owner)
        apps_monitor_ended(t);
}

/* A dead canary at a switch means the task overflowed its stack: it ends
 * here rather than run on with its heap trampled. Lock held. */
void task_stack_died(struct task *t)
{
    /* We run on t's stack (called from a syscall), so the walk goes from
     * these kernel frames into the app's. */
    uintptr_t fp = (uintptr_t)__builtin_frame_address(0);
    crash_backtrace(t, 0, fp, 0, fp);
    snprintf(t->end.reason, sizeof t->end.reason,
             "stack overflow: the canary at 0x%llx was overwritten, %u frames deep",
             (unsigned long long)t->stack_bottom, (unsigned)t->end.depth);
    klog_write(TABULA_LOG_ERROR, t->id, "%s: %s", t->name, t->end.reason);
    task_end(t, TABULA_END_STACK);
    sched_leave();
}

/* Names the usual signals in an abort's reason; others go by number. */
static const char *signal_name(int sig)
{
    static const char *const names[] = {
        [1] = "SIGHUP", [2] = "SIGINT", [3] = "SIGQUIT", [4] = "SIGILL", [5] = "SIGTRAP",
        [6] = "SIGABRT", [8] = "SIGFPE", [9] = "SIGKILL", [11] = "SIGSEGV", [13] = "SIGPIPE",
        [14] = "SIGALRM", [15] = "SIGTERM",
    };
    return sig > 0 && sig < (int)(sizeof names / sizeof names[0]) && names[sig] ? names[sig] : 0;
}

void task_abort(int sig)
{
    struct task *t = task_current();
    char what[24];
    sched_lock();
    /* On t's stack, like task_stack_died: the walk goes from this kernel
     * frame into the app's, whose first frame called abort. */
    uintptr_t fp = (uintptr_t)__builtin_frame_address(0);
    crash_backtrace(t, 0, fp, 0, fp);
    const char *name = signal_name(sig);
    if (name)
        snprintf(what, sizeof what, "%s", name);
    else
        snprintf(what, sizeof what, "signal %d", sig);
    t->end.status = sig;
    if (sig == 6)
        snprintf(t->end.reason, sizeof t->end.reason, "aborted (SIGABRT)");
    else
        snprintf(t->end.reason, sizeof t->end.reason, "killed by %s", what);
    klog_write(TABULA_LOG_ERROR, t->id, "%s %s, %u frames deep", t->name, t->end.reason,
               (unsigned)t->end.depth);
    task_end(t, TABULA_END_ABORT);
    sched_leave();
}

/* Ends t for the attention key; pc is where it was stopped, 0 for a
 * switch inside a kernel call. Lock held. */
__attribute__((noreturn)) static void task_end_killed(struct task *t, uint64_t pc)
{
    char where[48] = "a kernel call";
    t->kill_pending = false;
    if (t->stack_breached) {
        /* A kernel call ran into the guard page (guard_kernel_hit): the
         * report was written then. */
        klog_write(TABULA_LOG_ERROR, t->id, "%s: %s", t->name, t->end.reason);
        task_end(t, t->breach_overflow ? TABULA_END_STACK : TABULA_END_CRASH);
        sched_leave();
    }
    t->end.pc = pc;
    t->end.pc_offset = pc ? pc - t->slot_base : 0;
    if (t->killed_by)
        snprintf(t->end.reason, sizeof t->end.reason, "killed by task %d", t->killed_by);
    else
        snprintf(t->end.reason, sizeof t->end.reason, "killed from the keyboard");
    if (pc)
        task_symbolize(t, pc, where, sizeof where);
    klog_write(TABULA_LOG_WARN, t->id, "%s (task %d) %s, in %s on hart %u", t->name, t->id,
               t->end.reason, where, t->hart->index);
    task_end(t, TABULA_END_KILLED);
    sched_leave();
}

void task_check_pending(struct task *t)
{
    if (t && t->kill_pending && !t->in_fs)
        task_end_killed(t, 0);
}

void task_end_pending(struct task *t, uint64_t pc)
{
    sched_lock();
    arch_hart_self()->in_trap = 0;
    task_end_killed(t, pc);
}

bool task_attention(int id)
{
    struct task *t = id > 0 ? task_find(id) : 0;
    if (!t || t->state == TABULA_TASK_ENDED || t->console_owner)
        return false;
    if (!t->kill_pending)
        klog_write(TABULA_LOG_INFO, 0, "attention key: ending %s (task %d)", t->name, t->id);
    task_mark_killed(t);
    sched_wake(t, WAKE_KILLED);
    sched_kick_running(t);
    return true;
}

void task_exit(int status)
{
    struct task *t = task_current();
    vfs_task_end(t); /* on its own stack, where closing may wait for the disk */
    uintptr_t saved = sched_lock();
    (void)saved;
    t->end.status = status;
    snprintf(t->end.reason, sizeof t->end.reason, "exited with status %d", status);
    klog_write(TABULA_LOG_INFO, t->id, "%s exited with status %d", t->name, status);
    task_end(t, TABULA_END_EXIT);
    sched_leave();
}

void task_fault(struct task *t, uint64_t cause, uint64_t pc, uint64_t tval, uint64_t sp,
                const struct trap_frame *tf)
{
    char where[48];
    uintptr_t trapped_pc, fp = 0, link = 0;
    sched_lock();
    arch_hart_self()->in_trap = 0;
    t->end.cause = (uint32_t)cause;
    t->end.pc = pc;
    t->end.pc_offset = pc - t->slot_base < t->slot_size ? pc - t->slot_base : TABULA_PC_OUTSIDE;
    t->end.tval = tval;
    if (tf) {
        arch_frame_origin(tf, &trapped_pc, &fp);
        link = arch_frame_link(tf);
    }
    crash_backtrace(t, pc, fp, link, sp);
    trace_event(arch_hart_self(), TABULA_TRACE_FAULT, t->id, (uint32_t)cause);
    int how = guard_fault_reason(t, cause, tval, sp) ? TABULA_END_STACK : TABULA_END_CRASH;
    task_symbolize(t, pc, where, sizeof where);
    klog_write(TABULA_LOG_ERROR, t->id, "%s crashed: %s at pc 0x%llx (%s), tval 0x%llx",
               t->name, t->end.reason, (unsigned long long)pc, where,
               (unsigned long long)tval);
    task_end(t, how);
    sched_leave();
}

/* t runs on another hart: it can only be stopped there. It ends like the
 * attention key's kill (at once in its own code, at its next switch in a
 * kernel call), and the caller waits until it has: the kill is done when
 * kill returns, and its parent can reap it. Entered with the lock held. */
static int kill_running(struct task *by, struct task *t, uintptr_t saved)
{
    int id = t->id;
    bool logged = t->kill_pending;
    task_mark_killed(t);
    t->killed_by = by ? by->id : 0;
    sched_kick_running(t);
    sched_unlock(saved);
    if (!logged)
        klog_write(TABULA_LOG_INFO, by ? by->id : 0, "killing task %d (%s) on hart %u", id,
                   t->name, t->hart->index);
    for (;;) {
        saved = sched_lock();
        bool gone = t->id != id || t->state == TABULA_TASK_FREE ||
                    (t->state == TABULA_TASK_ENDED && !t->slot_base);
        if (!gone && by) {
            /* A short nap rather than a spin: the other hart needs the lock
             * to end it. */
            sched_block(WAKE_TIMER, clock_ns() + 1000000);
            sched_unlock(saved);
            continue;
        }
        sched_unlock(saved);
        if (gone)
            return 0;
    }
}

int task_kill(struct task *by, int id)
{
    uintptr_t saved = sched_lock();
    struct task *t = task_find(id);
    if (!t || t->state == TABULA_TASK_ENDED) {
        sched_unlock(saved);
        return -TABULA_ESRCH;
    }
    if (t->console_owner) {
        sched_unlock(saved);
        return -TABULA_EPERM;
    }
    if (t == by) {
        sched_unlock(saved);
        task_exit(-1);
    }
    if (t->state == TABULA_TASK_RUNNING)
        return kill_running(by, t, saved);
    if (t->in_fs) {
        /* Halfway through a file system call: it ends as the call returns. */
        task_mark_killed(t);
        sched_unlock(saved);
        klog_write(TABULA_LOG_INFO, by ? by->id : 0, "task %d (%s) ends when its file call returns",
                   t->id, t->name);
        return 0;
    }
    sched_remove(t);
    snprintf(t->end.reason, sizeof t->end.reason, "killed by task %d", by ? by->id : 0);
    task_end(t, TABULA_END_KILLED);
    sched_unlock(saved);
    klog_write(TABULA_LOG_INFO, by ? by->id : 0, "killed task %d (%s)", t->id, t->name);
    task_release_slot(t);
    return 0;
}

int task_reap(struct task *parent, int id, struct tabula_exit *out)
{
    uintptr_t saved = sched_lock();
    struct task *t = task_find(id);
    if (!t) {
        sched_unlock(saved);
        return -TABULA_ESRCH;
    }
    if (parent && t->parent != parent->id) {
        sched_unlock(saved);
        return -TABULA_ECHILD;
    }
    if (t->state != TABULA_TASK_ENDED || t->slot_base) {
        sched_unlock(saved);
        return -TABULA_EBUSY;
    }
    if (out)
        *out = t->end;
    uint8_t *buf = t->stream_buf;
    t->stream_buf = 0;
    struct vfs_task *files = t->files; /* left open by a crash or a kill */
    t->files = 0;
    void *disk_image = t->disk_image;
    t->disk_image = 0;
    struct task *p = parent ? parent : task_find(t->parent);
    if (p)
        p->children &= ~task_bit(t);
    if (t->children)
        orphans_maybe = true; /* they outlive their parent */
    t->state = TABULA_TASK_FREE;
    sched_unlock(saved);
    kfree(buf);
    vfs_unload(disk_image);
    vfs_files_free(files);
    return 0;
}

int task_list(struct tabula_task_info *out, int max)
{
    int n = 0;
    uintptr_t saved = sched_lock();
    uint64_t now = arch_counter();
    int focus = console_focus();
    for (int i = 0; i < TASK_MAX && n < max; i++) {
        struct task *t = &tasks[i];
        if (t->state == TABULA_TASK_FREE || t->starting)
            continue;
        struct tabula_task_info *o = &out[n++];
        memset(o, 0, sizeof *o);
        o->id = t->id;
        o->parent = t->parent;
        o->state = t->state;
        o->caps = t->caps;
        memcpy(o->name, t->name, sizeof o->name);
        o->slot_base = t->slot_base;
        o->slot_size = t->slot_base ? t->slot_size : 0;
        o->image_size = t->image_size;
        o->stack_size = t->stack_size;
        o->heap_used = t->brk - t->image_end;
        o->switches = t->switches;
        o->console_flags = t->console_flags;
        o->flags = (t->not_responding ? TABULA_TASK_NOT_RESPONDING : 0) |
                   (t->canvas ? TABULA_TASK_CANVAS : 0) |
                   (t->id == focus ? TABULA_TASK_FOCUS : 0) |
                   (t->state == TABULA_TASK_BLOCKED && (t->wait_mask & WAKE_INPUT)
                        ? TABULA_TASK_READING : 0);
        o->hart = t->hart ? t->hart->index : 0;
        o->run_ns = watchdog_run_ns(t, now);
        o->unyielded_ns = watchdog_unyielded_ns(t, now);
    }
    sched_unlock(saved);
    return n;
}

void task_adopt(int old_parent, int new_parent)
{
    uintptr_t saved = sched_lock();
    struct task *adopter = task_find(new_parent);
    for (int i = 0; i < TASK_MAX; i++) {
        if (tasks[i].state != TABULA_TASK_FREE && tasks[i].parent == old_parent) {
            tasks[i].parent = new_parent;
            if (adopter)
                adopter->children |= task_bit(&tasks[i]);
        }
    }
    sched_unlock(saved);
}

int task_reap_orphans(void)
{
    int reaped = 0;
    if (!orphans_maybe)
        return 0; /* the idle loop asks at every switch: stay cheap */
    orphans_maybe = false;
    for (int i = 0; i < TASK_MAX; i++) {
        struct task *t = &tasks[i];
        uintptr_t saved = sched_lock();
        bool orphan = t->state != TABULA_TASK_FREE && t->parent && !task_find(t->parent);
        if (orphan && (t->state != TABULA_TASK_ENDED || t->slot_base))
            orphan = false, orphans_maybe = true; /* not yet: ask again later */
        int id = t->id;
        sched_unlock(saved);
        if (orphan && task_reap(0, id, 0) == 0) {
            klog_write(TABULA_LOG_DEBUG, 0, "reaped task %d: its parent is gone", id);
            reaped++;
        }
    }
    return reaped;
}
