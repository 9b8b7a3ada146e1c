/*
 * bcm2836_local.c: the per-core ("local") interrupt controller the BCM2836
 * added in front of the BCM2835's, still on the BCM2837 of the Pi 3. Each
 * core has a source register saying which of its lines are pending: its
 * four generic timer lines, its mailboxes, and one line for the whole
 * legacy controller (the GPU interrupts), routed to one core.
 */
#include "bcm2836_local.h"

#include "bcm2835_intc.h"
#include "sched.h"

#define GPU_ROUTING 0x0c                   /* which core takes GPU IRQs */
#define TIMER_CONTROL(core) (0x40 + 4 * (core))
#define IRQ_SOURCE(core) (0x60 + 4 * (core))

#define TIMER_CNTV_IRQ (1u << 3)  /* the virtual timer, as an IRQ */
#define SOURCE_CNTV (1u << 3)
#define SOURCE_GPU (1u << 8)

static volatile uint8_t *local;
static unsigned local_core;

static volatile uint32_t *reg(uintptr_t offset)
{
    return (volatile uint32_t *)(local + offset);
}

void bcm2836_local_init(uintptr_t base, unsigned core)
{
    local = (volatile uint8_t *)base;
    local_core = core;
    *reg(GPU_ROUTING) = core;
    *reg(TIMER_CONTROL(core)) = TIMER_CNTV_IRQ;
}

void bcm2836_local_dispatch(void)
{
    uint32_t pending = *reg(IRQ_SOURCE(local_core));
    if (pending & SOURCE_CNTV)
        sched_timer_interrupt();
    if (pending & SOURCE_GPU)
        bcm2835_intc_dispatch();
}
