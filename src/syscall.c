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
#include "bench.h"
#include "clock.h"
#include "compiler.h"
#include "console.h"
#include "debug.h"
#include "display.h"
#include "hart.h"
#include "keyev.h"
#include "klog.h"
#include "kmem.h"
#include "platform.h"
#include "sched.h"
#include "slots.h"
#include "task.h"
#include "task_layout.h"
#include "trace.h"
#include "vfs.h"
#include "walltime.h"
#include "watchdog.h"

extern char _kernel_start[], _kernel_end[];

static const char *cap_name(uint32_t cap)
{
    switch (cap) {
    case TABULA_CAP_SPAWN: return "SPAWN";
    case TABULA_CAP_KILL: return "KILL";
    case TABULA_CAP_TASKS: return "TASKS";
    case TABULA_CAP_STATS: return "STATS";
    case TABULA_CAP_LOGREAD: return "LOGREAD";
    case TABULA_CAP_POWER: return "POWER";
    case TABULA_CAP_BENCH: return "BENCH";
    case TABULA_CAP_DISPLAY: return "DISPLAY";
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

/* The gate of a privileged call that fills the caller's buffer: the
 * capability, then the buffer inside the caller's slot. */
static int gate(uint32_t cap, const char *call, const void *buf, size_t bytes)
{
    struct task *t = task_current();
    int rc = need_cap(t, cap, call);
    if (rc)
        return rc;
    return task_owns(t, buf, bytes) ? 0 : -TABULA_EFAULT;
}

/* Bytes in max records of size each. A negative count gives a size no slot
 * can hold, so gate() refuses it. */
static size_t records(int max, size_t each)
{
    return max < 0 ? SIZE_MAX : (size_t)max * each;
}

__attribute__((noreturn)) static void sys_exit(int status)
{
    TRACE_SYSCALL(exit);
    task_exit(status);
}

/* The yield syscall in C. An arch may put a fast path of its own in the
 * table (ARCH_SYSCALL_YIELD, each arch's yield.S), which comes here for
 * everything but the common case. */
void sys_yield_slow(void)
{
    TRACE_SYSCALL(yield);
    sched_yield();
}

#ifdef ARCH_SYSCALL_YIELD
void ARCH_SYSCALL_YIELD(void);
#define SYS_YIELD ARCH_SYSCALL_YIELD
#else
#define SYS_YIELD sys_yield_slow
#endif

static int sys_sleep_ns(uint64_t ns)
{
    TRACE_SYSCALL(sleep_ns);
    uint64_t now = clock_ns();
    uint64_t deadline = ns > UINT64_MAX - now ? UINT64_MAX - 1 : now + ns;
    uintptr_t saved = sched_lock();
    while (clock_ns() < deadline)
        sched_block(WAKE_TIMER, deadline);
    sched_unlock(saved);
    return 0;
}

HOT_LEAF static uint64_t sys_time_ns(void)
{
    TRACE_SYSCALL(time_ns);
    return clock_ns();
}

static bool has_input(struct task *t)
{
    return t->console_owner ? console_has_input() : ring_used(&t->in) > 0;
}

static long sys_read(void *buf, size_t len)
{
    TRACE_SYSCALL(read);
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
    TRACE_SYSCALL(write);
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
    TRACE_SYSCALL(console_mode);
    struct task *t = task_current();
    uint32_t old = t->console_flags;
    t->console_flags = flags;
    return (int)(old & 0x7fffffff);
}

static void *sys_sbrk(intptr_t increment)
{
    TRACE_SYSCALL(sbrk);
    struct task *t = task_current();
    uintptr_t old = t->brk;
    if (increment < 0 ? (uintptr_t)-increment > old - t->image_end
                      : (uintptr_t)increment > t->stack_bottom - TASK_STACK_GUARD - old)
        return (void *)-1;
    t->brk = old + increment;
    return (void *)old;
}

/* The length of the string s in t's slot, NUL included, up to max bytes;
 * -TABULA_EFAULT when it starts outside or runs off the slot's end,
 * -TABULA_EINVAL when it is longer. Every call taking a string asks. */
static long user_string(const struct task *t, const char *s, size_t max)
{
    return task_layout_string(t->slot_base, t->slot_base + t->slot_size, s, max);
}

static int sys_log(int level, const char *text)
{
    TRACE_SYSCALL(log);
    struct task *t = task_current();
    /* Longer text is cut: a log line is a line. */
    long n = user_string(t, text, TABULA_LOG_TEXT_MAX);
    if (n == -TABULA_EINVAL)
        n = TABULA_LOG_TEXT_MAX;
    if (n < 0)
        return (int)n;
    if (level < TABULA_LOG_ERROR || level > TABULA_LOG_DEBUG)
        level = TABULA_LOG_INFO;
    klog_write(level, t->id, "%s: %.*s", t->name, (int)n, text);
    return 0;
}

static int sys_self(void)
{
    TRACE_SYSCALL(self);
    return task_current()->id;
}

HOT_LEAF static int sys_nop(void)
{
    TRACE_SYSCALL(nop);
    return 0;
}

static int sys_spawn(struct tabula_spawn *req)
{
    TRACE_SYSCALL(spawn);
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
    TRACE_SYSCALL(kill);
    struct task *t = task_current();
    int rc = need_cap(t, TABULA_CAP_KILL, "kill");
    return rc ? rc : task_kill(t, id);
}

/* reap, without the trace event: wait calls it too. */
static int reap(int id, struct tabula_exit *out)
{
    struct task *t = task_current();
    int rc = need_cap(t, TABULA_CAP_TASKS, "reap");
    if (rc)
        return rc;
    if (out && !task_owns(t, out, sizeof *out))
        return -TABULA_EFAULT;
    return task_reap(t, id, out);
}

static int sys_reap(int id, struct tabula_exit *out)
{
    TRACE_SYSCALL(reap);
    return reap(id, out);
}

static int sys_wait(int id, struct tabula_exit *out)
{
    TRACE_SYSCALL(wait);
    for (;;) {
        int rc = reap(id, out);
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
    uint64_t kids = t->children;
    for (int i = 0; kids; i++, kids >>= 1) {
        struct task *c = kids & 1 ? task_find_index(i) : 0;
        if (!c || c->parent != t->id)
            continue;
        if (ring_used(&c->out))
            ev |= TABULA_EVENT_OUTPUT;
        if (c->state == TABULA_TASK_ENDED)
            ev |= TABULA_EVENT_CHILD;
        if (canvas_news(c))
            ev |= TABULA_EVENT_CANVAS;
    }
    if (t->console_owner && display_news())
        ev |= TABULA_EVENT_DISPLAY;
    return ev;
}

static uint32_t sys_poll(uint64_t timeout_ns)
{
    TRACE_SYSCALL(poll);
    struct task *t = task_current();
    uint64_t deadline = UINT64_MAX; /* no timeout: no clock reads either */
    if (timeout_ns != UINT64_MAX) {
        uint64_t now = clock_ns();
        deadline = timeout_ns > UINT64_MAX - now ? UINT64_MAX : now + timeout_ns;
    }
    uintptr_t saved = sched_lock();
    uint32_t ev;
    while (!(ev = poll_events(t))) {
        if (deadline != UINT64_MAX && clock_ns() >= deadline) {
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
    TRACE_SYSCALL(stream_read);
    struct task *t = task_current();
    int rc = gate(TABULA_CAP_TASKS, "stream_read", buf, len);
    if (rc)
        return rc;
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
    TRACE_SYSCALL(stream_write);
    struct task *t = task_current();
    int rc = gate(TABULA_CAP_TASKS, "stream_write", buf, len);
    if (rc)
        return rc;
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
    TRACE_SYSCALL(task_list);
    int rc = gate(TABULA_CAP_TASKS, "task_list", out, records(max, sizeof *out));
    return rc ? rc : task_list(out, max);
}

static int sys_mem_stats(struct tabula_mem_stats *out)
{
    TRACE_SYSCALL(mem_stats);
    int rc = gate(TABULA_CAP_STATS, "mem_stats", out, sizeof *out);
    if (rc)
        return rc;
    size_t used, free_total;
    memset(out, 0, sizeof *out);
    out->ram_base = platform->ram_base;
    out->ram_size = platform->ram_size;
    out->kernel_size = (uintptr_t)_kernel_end - (uintptr_t)_kernel_start;
    kmem_stats(&out->heap);
    slots_usage(&task_arena, &used, &free_total);
    out->arena_base = (uintptr_t)_kernel_end;
    out->arena_size = used + free_total;
    out->arena_used = used;
    out->arena_largest_free = slots_largest_free(&task_arena);
    out->harts = __atomic_load_n(&hart_count, __ATOMIC_ACQUIRE);
    out->log_records = klog_records();
    out->log_dropped = klog_dropped();
    snprintf(out->machine, sizeof out->machine, "%s", platform->model);
    return 0;
}

static int sys_slot_map(struct tabula_slot_info *out, int max)
{
    TRACE_SYSCALL(slot_map);
    int rc = gate(TABULA_CAP_STATS, "slot_map", out, records(max, sizeof *out));
    return rc ? rc : slots_map(&task_arena, out, max);
}

static int sys_app_list(struct tabula_app_info *out, int max)
{
    TRACE_SYSCALL(app_list);
    int rc = gate(TABULA_CAP_STATS, "app_list", out, records(max, sizeof *out));
    return rc ? rc : apps_list(out, max);
}

static int sys_log_read(uint64_t *next_seq, struct tabula_log_record *out, int max)
{
    TRACE_SYSCALL(log_read);
    int rc = gate(TABULA_CAP_LOGREAD, "log_read", out, records(max, sizeof *out));
    if (rc)
        return rc;
    if (!task_owns(task_current(), next_seq, sizeof *next_seq))
        return -TABULA_EFAULT;
    return klog_read(next_seq, out, max);
}

static int sys_power(int how)
{
    TRACE_SYSCALL(power);
    struct task *t = task_current();
    int rc = need_cap(t, TABULA_CAP_POWER, "power");
    if (rc)
        return rc;
    if (how != TABULA_POWER_HALT && how != TABULA_POWER_REBOOT)
        return -TABULA_EINVAL;
    klog_write(TABULA_LOG_INFO, t->id, how == TABULA_POWER_HALT ? "halt" : "reboot");
    if (vfs_sync_all() < 0)
        klog_write(TABULA_LOG_ERROR, t->id, "storage: writing the disk back failed");
    if (how == TABULA_POWER_HALT)
        arch_power_off();
    else
        arch_reboot();
    return -TABULA_ENOSYS;
}

static int sys_trace_read(struct tabula_trace_event *out, int max)
{
    TRACE_SYSCALL(trace_read);
    struct task *t = task_current();
    int rc = need_cap(t, TABULA_CAP_LOGREAD, "trace_read");
    if (rc)
        return rc;
    if (max < 0 || !task_owns(t, out, (size_t)max * sizeof *out))
        return -TABULA_EFAULT;
    return trace_read(out, max);
}

static int sys_trace_control(int op)
{
    TRACE_SYSCALL(trace_control);
    struct task *t = task_current();
    int rc = need_cap(t, TABULA_CAP_LOGREAD, "trace_control");
    return rc ? rc : trace_control(op);
}

static int sys_debug_crash(int how)
{
    TRACE_SYSCALL(debug_crash);
    struct task *t = task_current();
    int rc = need_cap(t, TABULA_CAP_POWER, "debug_crash");
    return rc ? rc : debug_crash(how, t->id);
}

static long sys_bench(int op, uint64_t iterations, const char *app)
{
    TRACE_SYSCALL(bench);
    struct task *t = task_current();
    int rc = need_cap(t, TABULA_CAP_BENCH, "bench");
    if (rc)
        return rc;
    if (op == TABULA_BENCH_ELF_LOAD && (rc = (int)user_string(t, app, TABULA_NAME_MAX)) < 0)
        return rc;
    long n = bench_run(t, op, iterations, app);
    task_check_pending(t); /* the attention key stopped the loop: end here */
    return n;
}

static int sys_console_focus(int id)
{
    TRACE_SYSCALL(console_focus);
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
    TRACE_SYSCALL(watchdog_set);
    struct task *t = task_current();
    int rc = need_cap(t, TABULA_CAP_KILL, "watchdog_set");
    return rc ? rc : watchdog_set_limit(ns);
}

static int sys_canvas_open(uint32_t *pixels, uint32_t width, uint32_t height)
{
    TRACE_SYSCALL(canvas_open);
    return canvas_open(task_current(), pixels, width, height);
}

static int sys_canvas_present(void)
{
    TRACE_SYSCALL(canvas_present);
    return canvas_present(task_current());
}

static long sys_canvas_read(int id, struct tabula_canvas_info *info, uint32_t *pixels,
                            size_t max)
{
    TRACE_SYSCALL(canvas_read);
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

static int sys_display_info(struct tabula_display_info *out)
{
    TRACE_SYSCALL(display_info);
    int rc = gate(TABULA_CAP_DISPLAY, "display_info", out, sizeof *out);
    return rc ? rc : display_info(out);
}

static int sys_display_flush(const struct tabula_rect *rects, int count)
{
    TRACE_SYSCALL(display_flush);
    int rc = gate(TABULA_CAP_DISPLAY, "display_flush", rects, records(count, sizeof *rects));
    if (rc)
        return rc;
    rc = display_flush(rects, count);
    /* A driver that does not block (the Pi's cache clean) never switches,
     * and an app flushing in a loop spends almost all its time in here,
     * where neither the attention key nor preemption reaches: both are
     * looked at on the way out. */
    struct task *t = task_current();
    if (sched_preempt_wanted(t))
        sched_yield(); /* ends t first if a kill is pending */
    task_check_pending(t);
    return rc;
}

static int sys_pointer_read(struct tabula_pointer_event *out, int max)
{
    TRACE_SYSCALL(pointer_read);
    int rc = gate(TABULA_CAP_DISPLAY, "pointer_read", out, records(max, sizeof *out));
    return rc ? rc : display_pointer_read(out, max);
}

static int sys_app_note(const char *app, struct tabula_app_note *out)
{
    TRACE_SYSCALL(app_note);
    struct task *t = task_current();
    char name[TABULA_NAME_MAX];
    int rc = gate(TABULA_CAP_SPAWN, "app_note", out, sizeof *out);
    if (rc)
        return rc;
    long n = user_string(t, app, TABULA_NAME_MAX);
    if (n < 0)
        return (int)n;
    memcpy(name, app, (size_t)n);
    name[n] = 0;
    return task_app_note(t, name, out);
}

static int sys_key_read(struct tabula_key_event *out, int max)
{
    TRACE_SYSCALL(key_read);
    struct task *t = task_current();
    if (!task_owns(t, out, records(max, sizeof *out)))
        return -TABULA_EFAULT;
    return keyev_read(t->id, out, max);
}

static uint64_t sys_walltime_ns(void)
{
    TRACE_SYSCALL(walltime_ns);
    return walltime_ns();
}

static uint64_t sys_cpu_ns(void)
{
    TRACE_SYSCALL(cpu_ns);
    return watchdog_run_ns(task_current(), arch_counter());
}

__attribute__((noreturn)) static void sys_abort(int sig)
{
    TRACE_SYSCALL(abort);
    task_abort(sig);
}

static int sys_hart_list(struct tabula_hart_info *out, int max)
{
    TRACE_SYSCALL(hart_list);
    int rc = gate(TABULA_CAP_STATS, "hart_list", out, records(max, sizeof *out));
    if (rc)
        return rc;
    int n = 0;
    uintptr_t saved = sched_lock();
    uint64_t now = arch_counter();
    for (unsigned i = 0; i < hart_count && n < max; i++, n++) {
        const struct hart *h = hart_table[i];
        uint64_t idle = h->idle_ticks + (h->idle_since ? now - h->idle_since : 0);
        out[n] = (struct tabula_hart_info){
            .index = h->index, .id = h->id, .tasks = h->tasks,
            .running = h->current ? h->current->id : 0,
            .up_ns = clock_ns_of(now) - clock_ns_of(h->up_at),
            .idle_ns = clock_ns_of(clock_counter_at(0) + idle),
        };
    }
    sched_unlock(saved);
    return n;
}

const struct tabula_sys syscall_table = {
    .abi_version = TABULA_ABI_VERSION,
    .size = sizeof(struct tabula_sys),
    .exit = sys_exit,
    .yield = SYS_YIELD,
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
    .trace_read = sys_trace_read,
    .trace_control = sys_trace_control,
    .debug_crash = sys_debug_crash,
    .bench = sys_bench,
    .console_focus = sys_console_focus,
    .watchdog_set = sys_watchdog_set,
    .canvas_open = sys_canvas_open,
    .canvas_present = sys_canvas_present,
    .canvas_read = sys_canvas_read,
    .display_info = sys_display_info,
    .display_flush = sys_display_flush,
    .pointer_read = sys_pointer_read,
    .walltime_ns = sys_walltime_ns,
    .cpu_ns = sys_cpu_ns,
    .abort = sys_abort,
    .hart_list = sys_hart_list,
    .file_open = vfs_sys_open,
    .file_read = vfs_sys_read,
    .file_write = vfs_sys_write,
    .file_seek = vfs_sys_seek,
    .file_close = vfs_sys_close,
    .file_stat = vfs_sys_fstat,
    .path_stat = vfs_sys_stat,
    .dir_read = vfs_sys_readdir,
    .mkdir = vfs_sys_mkdir,
    .rmdir = vfs_sys_rmdir,
    .unlink = vfs_sys_unlink,
    .rename = vfs_sys_rename,
    .file_truncate = vfs_sys_ftruncate,
    .file_sync = vfs_sys_fsync,
    .chdir = vfs_sys_chdir,
    .getcwd = vfs_sys_getcwd,
    .sync = vfs_sys_sync,
    .fs_info = vfs_sys_fs_info,
    .grant_list = vfs_sys_grant_list,
    .key_read = sys_key_read,
    .app_note = sys_app_note,
    .file_lock = vfs_sys_file_lock,
};
