/* host_arch.c: the arch.h functions portable code calls, for host tests. */
#include "arch.h"

static uintptr_t irq_enabled = 1;
static uint64_t fake_counter;

uintptr_t arch_irq_save(void)
{
    uintptr_t was = irq_enabled;
    irq_enabled = 0;
    return was;
}

void arch_irq_restore(uintptr_t saved) { irq_enabled = saved; }
void arch_irq_enable(void) { irq_enabled = 1; }
unsigned arch_hart_id(void) { return 0; }
uint64_t arch_counter(void) { return fake_counter += 100; }
uint64_t arch_counter_hz(void) { return 10000000; }
/* Moves the fake clock on, for tests of timeouts. */
void host_advance_ns(uint64_t ns) { fake_counter += ns / 100; }
