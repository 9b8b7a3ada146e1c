/*
 * fmt.c: the Monitor's formatting helpers. Numbers go through unsigned long
 * (64 bits on every target we build for) so the integer-only printf variants
 * of Picolibc, which may lack long long, print them correctly.
 */
#include "fmt.h"

#include <stdio.h>
#include <string.h>

const char *fmt_size(char *buf, size_t cap, uint64_t bytes)
{
    static const char units[] = "KMG";
    int u = -1;
    uint64_t scale = 1;

    while (u < 2 && bytes >= scale * 1024) {
        scale *= 1024;
        u++;
    }
    if (u < 0)
        snprintf(buf, cap, "%luB", (unsigned long)bytes);
    else if (bytes % scale == 0)
        snprintf(buf, cap, "%lu%c", (unsigned long)(bytes / scale), units[u]);
    else
        snprintf(buf, cap, "%lu.%lu%c", (unsigned long)(bytes / scale),
                 (unsigned long)(bytes % scale * 10 / scale), units[u]);
    return buf;
}

const char *fmt_seconds(char *buf, size_t cap, uint64_t ns)
{
    snprintf(buf, cap, "%lu.%06lu", (unsigned long)(ns / 1000000000u),
             (unsigned long)(ns % 1000000000u / 1000u));
    return buf;
}

const char *fmt_clock(char *buf, size_t cap, uint64_t ns)
{
    unsigned long s = (unsigned long)(ns / 1000000000u);
    unsigned long days = s / 86400, h = s / 3600 % 24, m = s / 60 % 60;

    if (days)
        snprintf(buf, cap, "%lud %lu:%02lu:%02lu", days, h, m, s % 60);
    else
        snprintf(buf, cap, "%lu:%02lu:%02lu", h, m, s % 60);
    return buf;
}

/*
 * What tval holds depends on the exception; the kernel's reason names the
 * exception portably, so key off its words rather than the arch's cause code.
 */
static const char *tval_label(const char *reason)
{
    if (strstr(reason, "illegal"))
        return "instruction";
    if (strstr(reason, "fault") || strstr(reason, "misaligned") ||
        strstr(reason, "abort"))
        return "address";
    return NULL; /* e.g. a breakpoint: nothing worth showing */
}

const char *fmt_end(char *buf, size_t cap, const char *label, const char *app,
                    const struct tabula_exit *end)
{
    /* The kernel fills reason, but a copy guarantees the terminating NUL. */
    char reason[sizeof end->reason + 1];

    memcpy(reason, end->reason, sizeof end->reason);
    reason[sizeof end->reason] = 0;
    if (!reason[0])
        strcpy(reason, "exception");

    switch (end->how) {
    case TABULA_END_EXIT:
        snprintf(buf, cap, "%s exited with status %d", label, end->status);
        break;
    case TABULA_END_CRASH: {
        const char *what = tval_label(reason);
        char where[TABULA_NAME_MAX + 24];
        if (end->pc_offset == TABULA_PC_OUTSIDE)
            snprintf(where, sizeof where, "outside %s", app);
        else
            snprintf(where, sizeof where, "%s+0x%lx", app, (unsigned long)end->pc_offset);
        int n = snprintf(buf, cap, "%s crashed: %s at pc 0x%lx (%s)", label, reason,
                         (unsigned long)end->pc, where);
        if (what && n >= 0 && (size_t)n < cap)
            snprintf(buf + n, cap - (size_t)n, ", %s 0x%lx", what,
                     (unsigned long)end->tval);
        break;
    }
    case TABULA_END_STACK:
        snprintf(buf, cap, "%s died: stack overflow", label);
        break;
    case TABULA_END_ABORT:
        /* "aborted (SIGABRT)" or "killed by SIGTERM" */
        snprintf(buf, cap, "%s %s", label, reason);
        break;
    case TABULA_END_KILLED:
        /* The attention key's reason says more than "killed by task N". */
        if (strncmp(reason, "killed from", 11) == 0)
            snprintf(buf, cap, "%s %s", label, reason);
        else
            snprintf(buf, cap, "%s killed", label);
        break;
    default:
        snprintf(buf, cap, "%s ended (how %d): %s", label, end->how, reason);
        break;
    }
    return buf;
}

bool fmt_report_line(char *buf, size_t cap, const char *app,
                     const struct tabula_exit *end, unsigned i)
{
    if (end->how != TABULA_END_CRASH && end->how != TABULA_END_STACK &&
        end->how != TABULA_END_ABORT)
        return false;
    if (end->how == TABULA_END_STACK && i-- == 0) {
        /* The kernel's reason is the sentence; a copy guarantees its NUL. */
        char reason[sizeof end->reason + 1];
        memcpy(reason, end->reason, sizeof end->reason);
        reason[sizeof end->reason] = 0;
        snprintf(buf, cap, "  %s", reason);
        return true;
    }
    unsigned frames = end->frames < TABULA_BACKTRACE_MAX ? end->frames : TABULA_BACKTRACE_MAX;
    if (i < frames) {
        const struct tabula_frame *f = &end->backtrace[i];
        char where[TABULA_SYMBOL_MAX + 1];
        memcpy(where, f->symbol, TABULA_SYMBOL_MAX);
        where[TABULA_SYMBOL_MAX] = 0;
        if (!where[0])
            snprintf(where, sizeof where, "%.15s+0x%lx", app, (unsigned long)f->pc_offset);
        if (i == 0)
            snprintf(buf, cap, "  at %s", where);
        else
            snprintf(buf, cap, "  #%u %s", i, where);
        return true;
    }
    if (i == frames && end->depth > frames) {
        snprintf(buf, cap, "  ... %lu more frames", (unsigned long)(end->depth - frames));
        return true;
    }
    return false;
}

const char *fmt_error(int ret)
{
    static const char *const names[] = {
        [TABULA_OK] = "success",
        [TABULA_EPERM] = "permission denied",
        [TABULA_EINVAL] = "bad argument",
        [TABULA_ENOMEM] = "out of memory",
        [TABULA_ESRCH] = "no such task",
        [TABULA_EFAULT] = "bad address",
        [TABULA_ENOENT] = "no such app",
        [TABULA_EAGAIN] = "nothing there yet",
        [TABULA_ENOEXEC] = "not a loadable ELF",
        [TABULA_EBUSY] = "task still running",
        [TABULA_ECHILD] = "not a child of the Monitor",
        [TABULA_ENOSYS] = "not supported on this machine",
        [TABULA_EEXIST] = "already exists",
        [TABULA_ENOTDIR] = "not a directory",
        [TABULA_EISDIR] = "is a directory",
        [TABULA_ENOTEMPTY] = "directory not empty",
        [TABULA_ENOSPC] = "no space left on the disk",
        [TABULA_EROFS] = "the volume is read-only",
        [TABULA_EIO] = "input/output error",
        [TABULA_EACCES] = "not granted",
        [TABULA_ENAMETOOLONG] = "name too long",
        [TABULA_EBADF] = "not an open file",
        [TABULA_EMFILE] = "too many open files",
        [TABULA_EXDEV] = "across volumes",
        [TABULA_ENOLCK] = "no file locks left",
        [TABULA_EDEADLK] = "the lock would deadlock",
    };
    unsigned code = ret < 0 ? (unsigned)-ret : (unsigned)ret;

    if (code < sizeof names / sizeof names[0] && names[code])
        return names[code];
    return "unknown error";
}

const char *fmt_state(int state)
{
    static const char *const names[] = {
        [TABULA_TASK_FREE] = "free",         [TABULA_TASK_READY] = "ready",
        [TABULA_TASK_RUNNING] = "running",   [TABULA_TASK_SLEEPING] = "sleeping",
        [TABULA_TASK_BLOCKED] = "blocked",   [TABULA_TASK_ENDED] = "ended",
    };

    if (state >= 0 && (unsigned)state < sizeof names / sizeof names[0])
        return names[state];
    return "?";
}

const char *fmt_level(int level)
{
    static const char *const names[] = {
        [TABULA_LOG_ERROR] = "error", [TABULA_LOG_WARN] = "warn",
        [TABULA_LOG_INFO] = "info",   [TABULA_LOG_DEBUG] = "debug",
    };

    if (level >= 0 && (unsigned)level < sizeof names / sizeof names[0])
        return names[level];
    return "?";
}

/* The bar cell boundary nearest to addr, clamped to the bar. */
static int boundary(uint64_t addr, int width, uint64_t base, uint64_t size)
{
    if (addr <= base)
        return 0;
    if (addr - base >= size)
        return width;
    return (int)(((addr - base) * (uint64_t)width + size / 2) / size);
}

void fmt_bar(int *cells, int width, uint64_t base, uint64_t size,
             const struct tabula_slot_info *slots, int count)
{
    int next = 0; /* the first cell no used slot has taken yet */

    for (int i = 0; i < width; i++)
        cells[i] = -1;
    if (size == 0)
        return;
    for (int s = 0; s < count && next < width; s++) {
        if (slots[s].task == 0)
            continue;
        int from = boundary(slots[s].base, width, base, size);
        int to = boundary(slots[s].base + slots[s].size, width, base, size);
        if (from < next)
            from = next;
        if (to < from + 1)
            to = from + 1;
        if (to > width)
            to = width;
        for (int i = from; i < to; i++)
            cells[i] = s;
        next = to;
    }
}
