/*
 * mmu.c: an identity map (virtual = physical), built once at boot, so that
 * the data cache can be on: AArch64 caches data only in memory the MMU
 * marks cacheable, and with the MMU off every access is an uncached device
 * access. There is still one address space, and every address means what
 * it did before; see NOTES.md for why this is not virtual memory.
 *
 * 4 KiB granule, 32-bit input addresses (T0SZ = 32), so the walk starts at
 * level 1: one entry per GiB. The first GiB is split into 2 MiB blocks
 * (level 2), and its first block into 4 KiB pages (level 3) so page 0 can
 * stay unmapped. The second GiB (the BCM2836 local peripherals at
 * 0x40000000) is one device block.
 */
#include "mmu.h"

#include "sysreg.h"

#define ENTRIES 512
#define BLOCK_2M (2ull << 20)
#define BLOCK_1G (1ull << 30)

#define DESC_VALID (1ull << 0)
#define DESC_TABLE (1ull << 1)   /* levels 1-2: next table; level 3: page */
#define DESC_ATTR(i) ((uint64_t)(i) << 2)
#define DESC_INNER_SHAREABLE (3ull << 8)
#define DESC_AF (1ull << 10)     /* accessed: no access-flag faults */
#define DESC_PXN (1ull << 53)
#define DESC_UXN (1ull << 54)

/* MAIR_EL1 slots. */
#define ATTR_DEVICE 0            /* Device-nGnRE */
#define ATTR_NORMAL 1            /* write-back, read/write-allocate */
#define ATTR_UNCACHED 2          /* normal memory, non-cacheable */
#define MAIR_VALUE (0x04ull << (8 * ATTR_DEVICE) | 0xffull << (8 * ATTR_NORMAL) | \
                    0x44ull << (8 * ATTR_UNCACHED))

/* TCR_EL1: T0SZ 32, walks cached write-back and inner shareable, 4 KiB
 * granule; no TTBR1 walks (EPD1), 4 KiB granule named for TTBR1 too. */
#define TCR_VALUE (32ull | 1ull << 8 | 1ull << 10 | 3ull << 12 | 1ull << 23 | 2ull << 30)

#define SCTLR_M (1ull << 0)
#define SCTLR_C (1ull << 2)
#define SCTLR_I (1ull << 12)

static uint64_t level1[ENTRIES] __attribute__((aligned(4096)));
static uint64_t cached_end;
static uint64_t level2[ENTRIES] __attribute__((aligned(4096)));
static uint64_t level3[ENTRIES] __attribute__((aligned(4096)));

static uint64_t normal(uint64_t addr, unsigned attr)
{
    return addr | DESC_VALID | DESC_ATTR(attr) | DESC_INNER_SHAREABLE | DESC_AF | DESC_UXN;
}

static uint64_t device(uint64_t addr)
{
    return addr | DESC_VALID | DESC_ATTR(ATTR_DEVICE) | DESC_AF | DESC_PXN | DESC_UXN;
}

void mmu_init(uint64_t ram_end, uint64_t device_base)
{
    level3[0] = 0;
    for (unsigned i = 1; i < ENTRIES; i++)
        level3[i] = normal((uint64_t)i << 12, ATTR_NORMAL) | DESC_TABLE;
    level2[0] = (uintptr_t)level3 | DESC_VALID | DESC_TABLE;
    for (unsigned i = 1; i < ENTRIES; i++) {
        uint64_t addr = i * BLOCK_2M;
        level2[i] = addr < ram_end       ? normal(addr, ATTR_NORMAL)
                  : addr < device_base   ? normal(addr, ATTR_UNCACHED)
                                         : device(addr);
    }
    cached_end = ram_end;
    level1[0] = (uintptr_t)level2 | DESC_VALID | DESC_TABLE;
    level1[1] = device(BLOCK_1G);
    /* The rest of the 4 GiB stays unmapped. */

    dsb(sy);
    sysreg_write(mair_el1, MAIR_VALUE);
    sysreg_write(tcr_el1, TCR_VALUE);
    sysreg_write(ttbr0_el1, (uintptr_t)level1);
    isb();
    __asm__ volatile("tlbi vmalle1" ::: "memory");
    dsb(ish);
    isb();
    sysreg_write(sctlr_el1, sysreg_read(sctlr_el1) | SCTLR_M | SCTLR_C | SCTLR_I);
    isb();
}

/* Uncached to cached needs no cache maintenance (uncached accesses never
 * allocate lines), only break-before-make on each entry: invalid, TLB
 * entry dropped, then the new one. */
void mmu_grow_ram(uint64_t ram_end)
{
    for (uint64_t addr = cached_end; addr < ram_end; addr += BLOCK_2M) {
        uint64_t *entry = &level2[addr / BLOCK_2M];
        *entry = 0;
        dsb(ishst);
        __asm__ volatile("tlbi vaae1is, %0" ::"r"(addr >> 12) : "memory");
        dsb(ish);
        *entry = normal(addr, ATTR_NORMAL);
    }
    dsb(ish);
    isb();
    if (ram_end > cached_end)
        cached_end = ram_end;
}

/* The framebuffer lives in the VideoCore's share, mapped uncached; its
 * blocks become cacheable (break-before-make, as above), so drawing runs
 * at cache speed and the display driver cleans what the VideoCore reads.
 * The uncached mapping allocated no lines, so nothing stale is cached. */
void mmu_map_framebuffer(uint64_t base, uint64_t size)
{
    for (uint64_t addr = base & ~(BLOCK_2M - 1); addr < base + size; addr += BLOCK_2M) {
        uint64_t *entry = &level2[addr / BLOCK_2M];
        if (addr < cached_end || addr >= BLOCK_1G || (*entry & DESC_ATTR(7)) != DESC_ATTR(ATTR_UNCACHED))
            continue;
        *entry = 0;
        dsb(ishst);
        __asm__ volatile("tlbi vaae1is, %0" ::"r"(addr >> 12) : "memory");
        dsb(ish);
        *entry = normal(addr, ATTR_NORMAL);
    }
    dsb(ish);
    isb();
}
