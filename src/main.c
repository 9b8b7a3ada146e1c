/*
 * main.c: the portable half of boot. The arch layer has set up traps, the
 * hart, the interrupt controller and the console, and found out what the
 * machine has; from here on everything is the same on every board:
 *   1. the clock, the heap and the log;
 *   2. the slot arena over all RAM after the kernel;
 *   3. the board's own devices, then the virtio ones (display, keyboard,
 *      tablet), whose framebuffer is a region of the arena;
 *   4. the app archive;
 *   5. the Monitor, then the idle loop.
 */
#include "main.h"

#include "apps.h"
#include "clock.h"
#include "klog.h"
#include "kmem.h"
#include "kprintf.h"
#include "sched.h"
#include "slots.h"
#include "storage.h"
#include "task.h"
#include "walltime.h"
#include "dev/virtio_mmio.h"

extern char _kernel_start[], _kernel_end[];
const struct platform_info *platform;

void kernel_main(const struct platform_info *p)
{
    clock_init();
    kmem_init();
    walltime_init(p);
    klog_set_echo(klog_console_echo);
    klog_write(TABULA_LOG_INFO, 0, "tabula on %s: %u hart%s, %llu MiB RAM at 0x%llx",
               p->model[0] ? p->model : "an unnamed board", p->nharts,
               p->nharts == 1 ? "" : "s", (unsigned long long)(p->ram_size >> 20),
               (unsigned long long)p->ram_base);

    for (unsigned i = 0; i < p->nharts; i++)
        klog_write(TABULA_LOG_INFO, 0, "hart %u: %s", (unsigned)p->hart_ids[i],
                   p->hart_state[i] ? p->hart_state[i] : "present");

    platform = p;
    uintptr_t arena = (uintptr_t)_kernel_end;
    uintptr_t ram_end = p->ram_base + p->ram_size;
    slots_init(&task_arena, arena, ram_end > arena ? ram_end - arena : 0);
    klog_write(TABULA_LOG_INFO, 0, "kernel 0x%llx-0x%llx, %llu KiB for task slots",
               (unsigned long long)(uintptr_t)_kernel_start, (unsigned long long)arena,
               (unsigned long long)((ram_end - arena) >> 10));

    if (p->probe_devices)
        p->probe_devices(p);
    virtio_probe(p);
    storage_init();
    apps_init();
    sched_set_idle_work(apps_idle);
    if (apps_start_monitor(p->bootargs) < 0)
        kprintf("tabula: no Monitor; the machine is idle (Ctrl-A X quits QEMU)\n");
    sched_run();
}
