/*
 * syscall.c: the syscall table. A syscall is a C call through this struct,
 * made on the caller's own stack; each entry checks the caller's
 * capabilities and that every pointer it was handed lies in the caller's
 * slot, then does its work. Blocking entries loop: check the condition
 * under the scheduler lock, block if it does not hold, check again.
 */
#include "syscall.h"

#include <stdio.h>
#include <string.h>

#include "apps.h"
#include "canvas.h"
#include "arch.h"
#include "clock.h"
#include "console.h"
#include "klog.h"
#include "kmem.h"
#include "sched.h"
#include "slots.h"
#include "task.h"
#include "watchdog.h"

extern char _kernel_start[], _kernel_end[];
extern uint64_t platform_ram_base, platform_ram_size;
extern unsigned platform_harts;
extern const char *platform_model;

static const char *cap_name(uint32_t cap)
{
    switch (cap) {
    case TABULA_CAP_SPAWN: return "SPAWN";
    case TABULA_CAP_KILL: return "KILL";
    case TABULA_CAP_TASKS: return "TASKS";
    case TABULA_CAP_STATS: return "STATS";
    case TABULA_CAP_LOGREAD: return "LOGREAD";
    case TABULA_CAP_POWER: return "POWER";
    }
    return "?";
}

/* Returns 0 when t holds cap; otherwise logs the refusal. */
static int need_cap(struct task *t, uint32_t cap, const char *call)
{
    if (t->caps & cap)
        return 0;
    klog_write(TABULA_LOG_WARN, t->id, "%s: %s refused: needs capability %s",
               t->name, call, cap_name(cap));
    return -TABULA_EPERM;
}

__attribute__((noreturn)) static void sys_exit(int status)
{
    task_exit(status);
}

static void sys_yield(void)
{
    sched_yield();
}

static int sys_sleep_ns(uint64_t ns)
{
    uint64_t now = clock_ns();
    uint64_t deadline = ns > UINT64_MAX - now ? UINT64_MAX - 1 : now + ns;
    uintptr_t saved = sched_lock();
    while (clock_ns() < deadline)
        sched_block(WAKE_TIMER, deadline);
    sched_unlock(saved);
    return 0;
}

static uint64_t sys_time_ns(void)
{
    return clock_ns();
}

static bool has_input(struct task *t)
{
    return t->console_owner ? console_has_input() : ring_used(&t->in) > 0;
}

static long sys_read(void *buf, size_t len)
{
    struct task *t = task_current();
    if (!task_owns(t, buf, len))
        return -TABULA_EFAULT;
    if (!len)
        return 0;
    uintptr_t saved = sched_lock();
    for (;;) {
        size_t n = t->console_owner ? console_read(buf, len) : ring_get(&t->in, buf, len);
        if (n || (!t->console_owner && t->in_closed)) {
            sched_unlock(saved);
            return (long)n; /* 0: the parent closed our input */
        }
        if (t->console_flags & TABULA_CONSOLE_NONBLOCK) {
            sched_unlock(saved);
            return -TABULA_EAGAIN;
        }
        sched_block(WAKE_INPUT, UINT64_MAX);
    }
}

static long sys_write(const void *buf, size_t len)
{
    struct task *t = task_current();
    if (!task_owns(t, buf, len))
        return -TABULA_EFAULT;
    if (t->console_owner) {
        console_write(buf, len);
        return (long)len;
    }
    size_t done = 0;
    uintptr_t saved = sched_lock();
    for (;;) {
        done += ring_put(&t->out, (const char *)buf + done, len - done);
        sched_wake(task_find(t->parent), WAKE_CHILD);
        if (done == len)
            break;
        sched_block(WAKE_OUTPUT_SPACE, UINT64_MAX);
    }
    sched_unlock(saved);
    return (long)len;
}

static int sys_console_mode(uint32_t flags)
{
    struct task *t = task_current();
    uint32_t old = t->console_flags;
    t->console_flags = flags;
    return (int)(old & 0x7fffffff);
}

static void *sys_sbrk(intptr_t increment)
{
    struct task *t = task_current();
    uintptr_t old = t->brk;
    if (increment < 0 ? (uintptr_t)-increment > old - t->image_end
                      : (uintptr_t)increment > t->stack_bottom - old)
        return (void *)-1;
    t->brk = old + increment;
    return (void *)old;
}

static int sys_log(int level, const char *text)
{
    struct task *t = task_current();
    if (!task_owns(t, text, 1))
        return -TABULA_EFAULT;
    size_t room = t->slot_base + t->slot_size - (uintptr_t)text;
    size_t n = strnlen(text, room < TABULA_LOG_TEXT_MAX ? room : TABULA_LOG_TEXT_MAX);
    if (level < TABULA_LOG_ERROR || level > TABULA_LOG_DEBUG)
        level = TABULA_LOG_INFO;
    klog_write(level, t->id, "%s: %.*s", t->name, (int)n, text);
    return 0;
}

static int sys_self(void)
{
    return task_current()->id;
}

static int sys_nop(void)
{
    return 0;
}

static int sys_spawn(struct tabula_spawn *req)
{
    struct task *t = task_current();
    int rc = need_cap(t, TABULA_CAP_SPAWN, "spawn");
    if (rc)
        return rc;
    if (!task_owns(t, req, sizeof *req))
        return -TABULA_EFAULT;
    return task_spawn(t, req);
}

static int sys_kill(int id)
{
    struct task *t = task_current();
    int rc = need_cap(t, TABULA_CAP_KILL, "kill");
    return rc ? rc : task_kill(t, id);
}

static int sys_reap(int id, struct tabula_exit *out)
{
    struct task *t = task_current();
    int rc = need_cap(t, TABULA_CAP_TASKS, "reap");
    if (rc)
        return rc;
    if (out && !task_owns(t, out, sizeof *out))
        return -TABULA_EFAULT;
    return task_reap(t, id, out);
}

static int sys_wait(int id, struct tabula_exit *out)
{
    for (;;) {
        int rc = sys_reap(id, out);
        if (rc != -TABULA_EBUSY)
            return rc;
        uintptr_t saved = sched_lock();
        struct task *child = task_find(id);
        if (child && child->state != TABULA_TASK_ENDED)
            sched_block(WAKE_CHILD, UINT64_MAX);
        sched_unlock(saved);
    }
}

/* Level-triggered: what is true now for t. Lock held. */
static uint32_t poll_events(struct task *t)
{
    uint32_t ev = has_input(t) ? TABULA_EVENT_INPUT : 0;
    for (int i = 0; i < TASK_MAX; i++) {
        struct task *c = task_find_index(i);
        if (!c || c->parent != t->id)
            continue;
        if (ring_used(&c->out))
            ev |= TABULA_EVENT_OUTPUT;
        if (c->state == TABULA_TASK_ENDED)
            ev |= TABULA_EVENT_CHILD;
        if (canvas_news(c))
            ev |= TABULA_EVENT_CANVAS;
    }
    return ev;
}

static uint32_t sys_poll(uint64_t timeout_ns)
{
    struct task *t = task_current();
    uint64_t now = clock_ns();
    uint64_t deadline = timeout_ns > UINT64_MAX - now ? UINT64_MAX : now + timeout_ns;
    uintptr_t saved = sched_lock();
    uint32_t ev;
    while (!(ev = poll_events(t))) {
        if (clock_ns() >= deadline) {
            ev = TABULA_EVENT_TIMEOUT;
            break;
        }
        sched_block(WAKE_INPUT | WAKE_CHILD, deadline);
    }
    sched_unlock(saved);
    return ev;
}

/* The child's task if id is a live or ended child of t, else NULL. Lock held. */
static struct task *child_of(struct task *t, int id)
{
    struct task *c = task_find(id);
    return c && c->parent == t->id ? c : 0;
}

static long sys_stream_read(int id, void *buf, size_t len)
{
    struct task *t = task_current();
    int rc = need_cap(t, TABULA_CAP_TASKS, "stream_read");
    if (rc)
        return rc;
    if (!task_owns(t, buf, len))
        return -TABULA_EFAULT;
    uintptr_t saved = sched_lock();
    struct task *c = child_of(t, id);
    long n = c ? (long)ring_get(&c->out, buf, len) : -TABULA_ESRCH;
    if (n > 0)
        sched_wake(c, WAKE_OUTPUT_SPACE);
    sched_unlock(saved);
    return n;
}

static long sys_stream_write(int id, const void *buf, size_t len)
{
    struct task *t = task_current();
    int rc = need_cap(t, TABULA_CAP_TASKS, "stream_write");
    if (rc)
        return rc;
    if (!task_owns(t, buf, len))
        return -TABULA_EFAULT;
    uintptr_t saved = sched_lock();
    struct task *c = child_of(t, id);
    long n = c && c->state != TABULA_TASK_ENDED ? (long)ring_put(&c->in, buf, len)
                                                 : -TABULA_ESRCH;
    if (n == 0 && len == 0)
        c->in_closed = true;
    if (n >= 0)
        sched_wake(c, WAKE_INPUT);
    sched_unlock(saved);
    return n;
}

static int sys_task_list(struct tabula_task_info *out, int max)
{
    struct task *t = task_current();
    int rc = need_cap(t, TABULA_CAP_TASKS, "task_list");
    if (rc)
        return rc;
    if (max < 0 || !task_owns(t, out, (size_t)max * sizeof *out))
        return -TABULA_EFAULT;
    return task_list(out, max);
}

static int sys_mem_stats(struct tabula_mem_stats *out)
{
    struct task *t = task_current();
    int rc = need_cap(t, TABULA_CAP_STATS, "mem_stats");
    if (rc)
        return rc;
    if (!task_owns(t, out, sizeof *out))
        return -TABULA_EFAULT;
    size_t used, free_total;
    memset(out, 0, sizeof *out);
    out->ram_base = platform_ram_base;
    out->ram_size = platform_ram_size;
    out->kernel_size = (uintptr_t)_kernel_end - (uintptr_t)_kernel_start;
    kmem_stats(&out->heap);
    slots_usage(&task_arena, &used, &free_total);
    out->arena_base = (uintptr_t)_kernel_end;
    out->arena_size = used + free_total;
    out->arena_used = used;
    out->arena_largest_free = slots_largest_free(&task_arena);
    out->harts = platform_harts;
    snprintf(out->machine, sizeof out->machine, "%s", platform_model ? platform_model : "");
    return 0;
}

static int sys_slot_map(struct tabula_slot_info *out, int max)
{
    struct task *t = task_current();
    int rc = need_cap(t, TABULA_CAP_STATS, "slot_map");
    if (rc)
        return rc;
    if (max < 0 || !task_owns(t, out, (size_t)max * sizeof *out))
        return -TABULA_EFAULT;
    return slots_map(&task_arena, out, max);
}

static int sys_app_list(struct tabula_app_info *out, int max)
{
    struct task *t = task_current();
    int rc = need_cap(t, TABULA_CAP_STATS, "app_list");
    if (rc)
        return rc;
    if (max < 0 || !task_owns(t, out, (size_t)max * sizeof *out))
        return -TABULA_EFAULT;
    return apps_list(out, max);
}

static int sys_log_read(uint64_t *next_seq, struct tabula_log_record *out, int max)
{
    struct task *t = task_current();
    int rc = need_cap(t, TABULA_CAP_LOGREAD, "log_read");
    if (rc)
        return rc;
    if (max < 0 || !task_owns(t, next_seq, sizeof *next_seq) ||
        !task_owns(t, out, (size_t)max * sizeof *out))
        return -TABULA_EFAULT;
    return klog_read(next_seq, out, max);
}

static int sys_power(int how)
{
    struct task *t = task_current();
    int rc = need_cap(t, TABULA_CAP_POWER, "power");
    if (rc)
        return rc;
    if (how != TABULA_POWER_HALT && how != TABULA_POWER_REBOOT)
        return -TABULA_EINVAL;
    klog_write(TABULA_LOG_INFO, t->id, how == TABULA_POWER_HALT ? "halt" : "reboot");
    if (how == TABULA_POWER_HALT)
        arch_power_off();
    else
        arch_reboot();
    return -TABULA_ENOSYS;
}

static int sys_console_focus(int id)
{
    struct task *t = task_current();
    int rc = need_cap(t, TABULA_CAP_KILL, "console_focus");
    if (rc)
        return rc;
    uintptr_t saved = sched_lock();
    struct task *target = id ? task_find(id) : 0;
    if (id && !target)
        rc = -TABULA_ESRCH;
    else if (target && target->console_owner)
        rc = -TABULA_EPERM;
    else
        console_set_focus(id);
    sched_unlock(saved);
    return rc;
}

static int sys_watchdog_set(uint64_t ns)
{
    struct task *t = task_current();
    int rc = need_cap(t, TABULA_CAP_KILL, "watchdog_set");
    return rc ? rc : watchdog_set_limit(ns);
}

static int sys_canvas_open(uint32_t *pixels, uint32_t width, uint32_t height)
{
    return canvas_open(task_current(), pixels, width, height);
}

static int sys_canvas_present(void)
{
    return canvas_present(task_current());
}

static long sys_canvas_read(int id, struct tabula_canvas_info *info, uint32_t *pixels,
                            size_t max)
{
    struct task *t = task_current();
    int rc = need_cap(t, TABULA_CAP_TASKS, "canvas_read");
    if (rc)
        return rc;
    if (!task_owns(t, info, sizeof *info) ||
        (pixels && (max > SIZE_MAX / sizeof *pixels ||
                    !task_owns(t, pixels, max * sizeof *pixels))))
        return -TABULA_EFAULT;
    uintptr_t saved = sched_lock();
    struct task *c = child_of(t, id);
    long n = c ? canvas_read(c, info, pixels, max) : -TABULA_ESRCH;
    sched_unlock(saved);
    return n;
}

const struct tabula_sys syscall_table = {
    .abi_version = TABULA_ABI_VERSION,
    .size = sizeof(struct tabula_sys),
    .exit = sys_exit,
    .yield = sys_yield,
    .sleep_ns = sys_sleep_ns,
    .time_ns = sys_time_ns,
    .read = sys_read,
    .write = sys_write,
    .console_mode = sys_console_mode,
    .sbrk = sys_sbrk,
    .log = sys_log,
    .self = sys_self,
    .nop = sys_nop,
    .spawn = sys_spawn,
    .kill = sys_kill,
    .wait = sys_wait,
    .reap = sys_reap,
    .poll = sys_poll,
    .stream_read = sys_stream_read,
    .stream_write = sys_stream_write,
    .task_list = sys_task_list,
    .mem_stats = sys_mem_stats,
    .slot_map = sys_slot_map,
    .app_list = sys_app_list,
    .log_read = sys_log_read,
    .power = sys_power,
    .console_focus = sys_console_focus,
    .watchdog_set = sys_watchdog_set,
    .canvas_open = sys_canvas_open,
    .canvas_present = sys_canvas_present,
    .canvas_read = sys_canvas_read,
};
