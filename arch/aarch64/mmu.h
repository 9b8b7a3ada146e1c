/* mmu.h: the identity map that lets the Pi 3 turn its caches on and
 * refuse NULL, writes to kernel text and stack overflows (arch.h has the
 * guard page calls). */
#ifndef MMU_H
#define MMU_H

#include <stdint.h>

/*
 * Maps the low 4 GiB onto themselves and turns on the MMU and both caches:
 * [0, ram_end) as cached RAM, except page 0, left unmapped so that NULL
 * dereferences fault, and kernel text and read-only data, read-only; [ram_end, device_base) as uncached RAM (the
 * VideoCore's share, where the framebuffer lives); everything from
 * device_base up as device memory. Both must be 2 MiB aligned.
 */
void mmu_init(uint64_t ram_end, uint64_t device_base);

/* Moves the end of cached RAM up to ram_end (2 MiB aligned), once the
 * VideoCore has said how much RAM the ARM has. Nothing may be using the
 * memory that changes. */
void mmu_grow_ram(uint64_t ram_end);

/* Makes the framebuffer at [base, base+size), in the VideoCore's share,
 * cacheable (whole 2 MiB blocks): its driver cleans what the VideoCore
 * is to read. */
void mmu_map_framebuffer(uint64_t base, uint64_t size);

#endif
