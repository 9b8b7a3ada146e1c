/*
 * bcm2835_systimer.c: a periodic interrupt from the system timer. A
 * compare channel fires when the counter's low word equals its compare
 * register; the handler acknowledges it and sets the next match one
 * period after the last (not after now, so the rate does not drift),
 * skipping ahead if the handler ran late.
 */
#include "bcm2835_systimer.h"

#include "irq.h"
#include "tabula.h"

#define CS 0x00           /* match flags, write 1 to clear */
#define CLO 0x04          /* the counter's low 32 bits */
#define COMPARE(n) (0x0c + 4 * (n))
#define CHANNEL 1

static volatile uint32_t *regs;
static uint32_t period, next;
static void (*tick_fn)(void *arg);
static void *tick_arg;

static void systimer_interrupt(void *unused)
{
    regs[CS / 4] = 1u << CHANNEL;
    next += period;
    uint32_t now = regs[CLO / 4];
    if ((int32_t)(next - now) <= 0)
        next = now + period;
    regs[COMPARE(CHANNEL) / 4] = next;
    tick_fn(tick_arg);
}

int bcm2835_systimer_every(uintptr_t base, unsigned irq, uint32_t period_us,
                           void (*fn)(void *arg), void *arg)
{
    if (!period_us || !fn)
        return -TABULA_EINVAL;
    regs = (volatile uint32_t *)base;
    period = period_us;
    tick_fn = fn;
    tick_arg = arg;
    next = regs[CLO / 4] + period;
    regs[COMPARE(CHANNEL) / 4] = next;
    regs[CS / 4] = 1u << CHANNEL;
    return irq_attach(irq, systimer_interrupt, 0);
}
