/*
 * bcm2836_local.c: the per-core ("local") interrupt controller the BCM2836
 * added in front of the BCM2835's, still on the BCM2837 of the Pi 3. Each
 * core has a source register saying which of its lines are pending: its
 * four generic timer lines, its mailboxes, and one line for the whole
 * legacy controller (the GPU interrupts), routed to one core. Mailbox 0
 * is the kick one core gives another (arch_hart_kick).
 */
#include "bcm2836_local.h"

#include "arch.h"
#include "bcm2835_intc.h"
#include "sched.h"

#define GPU_ROUTING 0x0c                   /* which core takes GPU IRQs */
#define TIMER_CONTROL(core) (0x40 + 4 * (core))
#define IRQ_SOURCE(core) (0x60 + 4 * (core))
#define MAILBOX_CONTROL(core) (0x50 + 4 * (core))
#define MAILBOX0_SET(core) (0x80 + 16 * (core))   /* write: bits to set */
#define MAILBOX0_CLEAR(core) (0xc0 + 16 * (core)) /* write: bits to clear */
#define SOURCE_MAILBOX0 (1u << 4)

#define TIMER_CNTV_IRQ (1u << 3)  /* the virtual timer, as an IRQ */
#define SOURCE_CNTV (1u << 3)
#define SOURCE_GPU (1u << 8)

static volatile uint8_t *local;

static volatile uint32_t *reg(uintptr_t offset)
{
    return (volatile uint32_t *)(local + offset);
}

void bcm2836_local_init(uintptr_t base, unsigned core)
{
    local = (volatile uint8_t *)base;
    *reg(GPU_ROUTING) = core;
    bcm2836_local_init_core(core);
}

void bcm2836_local_init_core(unsigned core)
{
    *reg(TIMER_CONTROL(core)) = TIMER_CNTV_IRQ;
    *reg(MAILBOX0_CLEAR(core)) = ~0u;
    *reg(MAILBOX_CONTROL(core)) = 1; /* mailbox 0 as an IRQ */
}

void bcm2836_local_kick(unsigned core)
{
    *reg(MAILBOX0_SET(core)) = 1;
}

void bcm2836_local_dispatch(void)
{
    unsigned core = arch_hart_id();
    uint32_t pending = *reg(IRQ_SOURCE(core));
    if (pending & SOURCE_MAILBOX0)
        *reg(MAILBOX0_CLEAR(core)) = ~0u; /* a kick: waking was all of it */
    if (pending & SOURCE_CNTV)
        sched_timer_interrupt();
    if (pending & SOURCE_GPU)
        bcm2835_intc_dispatch();
}
