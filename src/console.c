/*
 * console.c: the kernel console. Output is synchronous and polled, so it
 * works in any context, a panic included. Input bytes come from the serial
 * driver's interrupt handler into a ring and wake the console's owner.
 */
#include "console.h"

#include "ring.h"
#include "sched.h"
#include "spinlock.h"
#include "task.h"

static void (*early)(char c);
static const struct console_ops *ops;
static void *ops_dev;
static struct spinlock out_lock = SPINLOCK_INIT;

static uint8_t input_buf[1024];
static struct ring input = {input_buf, sizeof input_buf - 1, 0, 0};
static struct task *owner;
static int focus; /* the task the attention key ends */

void console_set_early(void (*early_put)(char c))
{
    early = early_put;
}

void console_attach(const struct console_ops *o, void *dev)
{
    ops_dev = dev;
    ops = o;
}

/* A terminal wants CR LF; apps write LF. */
static void put_char(char c)
{
    if (ops) {
        if (c == '\n')
            ops->put(ops_dev, '\r');
        ops->put(ops_dev, c);
    } else if (early) {
        if (c == '\n')
            early('\r');
        early(c);
    }
}

void console_write(const char *buf, size_t len)
{
    uintptr_t saved = spin_lock_irqsave(&out_lock);
    for (size_t i = 0; i < len; i++)
        put_char(buf[i]);
    spin_unlock_irqrestore(&out_lock, saved);
}

/* Interrupt context. A full ring drops the byte: typing faster than the
 * Monitor reads 1 KiB is not a case worth blocking an interrupt for. The
 * attention key never queues behind the focused task: it is acted on here,
 * and the trap path ends the task if the interrupt caught it running. */
void console_input(char c)
{
    uintptr_t saved = sched_lock();
    if ((unsigned char)c != TABULA_ATTENTION_KEY || !task_attention(focus)) {
        ring_put(&input, &c, 1);
        sched_wake(owner, WAKE_INPUT);
    }
    sched_unlock(saved);
}

/* Lock held (the scheduler's, which also guards the ring). */
size_t console_read(char *buf, size_t len)
{
    return ring_get(&input, buf, len);
}

int console_has_input(void)
{
    return ring_used(&input) > 0;
}

void console_set_owner(struct task *t)
{
    owner = t;
}

struct task *console_owner(void)
{
    return owner;
}

void console_set_focus(int id)
{
    focus = id;
}

int console_focus(void)
{
    return focus;
}
