/*
 * klog.c: the kernel log ring. Record seq lives in slot seq % KLOG_CAPACITY,
 * so the ring needs no head or tail beyond the next sequence number. A
 * writer formats into a record on its own stack first, so vsnprintf (slow,
 * and able to fault on a bad argument) never runs with the lock held; only
 * the timestamp, the sequence number and the copy happen inside, which keeps
 * seq and time_ns in the same order and interrupts masked for a moment only.
 */
#include "klog.h"

#include <stdio.h>
#include <string.h>

#include "arch.h"
#include "clock.h"
#include "spinlock.h"

static struct spinlock lock = SPINLOCK_INIT;
static struct tabula_log_record ring[KLOG_CAPACITY];
static uint64_t next_seq = 1;   /* the seq the next record gets */
static uint64_t dropped;
static void (*echo)(const struct tabula_log_record *r);

void klog_init(void)
{
    uintptr_t saved = spin_lock_irqsave(&lock);
    memset(ring, 0, sizeof ring);
    next_seq = 1;
    dropped = 0;
    spin_unlock_irqrestore(&lock, saved);
    klog_set_echo(0);
}

/* The oldest seq still in the ring; equals next_seq when it is empty.
 * Called with the lock held. */
static uint64_t oldest_kept(void)
{
    return next_seq - 1 > KLOG_CAPACITY ? next_seq - KLOG_CAPACITY : 1;
}

void klog_vwrite(int level, int task, const char *fmt, va_list ap)
{
    struct tabula_log_record r;
    memset(&r, 0, sizeof r);
    vsnprintf(r.text, sizeof r.text, fmt, ap);
    size_t n = strlen(r.text);
    if (n > 0 && r.text[n - 1] == '\n')
        r.text[n - 1] = 0;
    /* Any task's text lands here and every record is shown on a terminal
     * somewhere (the console echo, the Monitor's log, its log tab): control
     * bytes would be commands to that terminal (a title, a screen clear). */
    for (char *c = r.text; *c; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            *c = '?';
    if (level < TABULA_LOG_ERROR)
        level = TABULA_LOG_ERROR;
    if (level > TABULA_LOG_DEBUG)
        level = TABULA_LOG_DEBUG;
    r.level = (uint8_t)level;
    r.task = task < 0 ? 0 : task > UINT16_MAX ? UINT16_MAX : (uint16_t)task;
    r.hart = (uint8_t)arch_hart_id();

    uintptr_t saved = spin_lock_irqsave(&lock);
    r.time_ns = clock_ns();
    r.seq = next_seq++;
    if (r.seq > KLOG_CAPACITY)
        dropped++;
    ring[r.seq % KLOG_CAPACITY] = r;
    spin_unlock_irqrestore(&lock, saved);

    void (*fn)(const struct tabula_log_record *) =
        __atomic_load_n(&echo, __ATOMIC_ACQUIRE);
    if (fn)
        fn(&r);
}

void klog_write(int level, int task, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    klog_vwrite(level, task, fmt, ap);
    va_end(ap);
}

int klog_read(uint64_t *cursor, struct tabula_log_record *out, int max)
{
    int n = 0;
    uintptr_t saved = spin_lock_irqsave(&lock);
    uint64_t seq = *cursor, oldest = oldest_kept();
    if (seq < oldest)
        seq = oldest;
    if (seq > next_seq)
        seq = next_seq;
    for (; n < max && seq < next_seq; n++, seq++)
        out[n] = ring[seq % KLOG_CAPACITY];
    *cursor = seq;
    spin_unlock_irqrestore(&lock, saved);
    return n;
}

uint64_t klog_dropped(void)
{
    uintptr_t saved = spin_lock_irqsave(&lock);
    uint64_t d = dropped;
    spin_unlock_irqrestore(&lock, saved);
    return d;
}

void klog_set_echo(void (*fn)(const struct tabula_log_record *r))
{
    __atomic_store_n(&echo, fn, __ATOMIC_RELEASE);
}
