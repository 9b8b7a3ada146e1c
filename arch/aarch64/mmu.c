/*
 * mmu.c: an identity map (virtual = physical), built once at boot, so that
 * the data cache can be on (AArch64 caches data only in memory the MMU
 * marks cacheable) and so that some pages can be refused: page 0 (NULL),
 * kernel text and read-only data (the syscall table among them) against
 * writes, and one unmapped guard page below every stack. There is still
 * one address space, and every address means what it did before; see
 * NOTES.md for why this is not virtual memory.
 *
 * 4 KiB granule, 32-bit input addresses (T0SZ = 32), so the walk starts at
 * level 1: one entry per GiB. The first GiB is split into 2 MiB blocks
 * (level 2); a block holding a refused page is split into 4 KiB pages
 * (level 3), from a fixed pool of tables. The second GiB (the BCM2836
 * local peripherals at 0x40000000) is one device block.
 *
 * Changing a live entry follows break-before-make: invalid, TLB entry
 * dropped on every core (the "is" TLBIs), then the new entry. The window
 * is a few instructions with no memory access but the table's, so code
 * running on a stack in the block being split does not notice; another
 * core that faults in it finds the page mapped and retries
 * (aarch64_mmu_stale_fault).
 */
#include "mmu.h"

#include <stdbool.h>

#include "arch.h"
#include "sysreg.h"

#define ENTRIES 512
#define PAGE (1ull << 12)
#define BLOCK_2M (2ull << 20)
#define BLOCK_1G (1ull << 30)

#define DESC_VALID (1ull << 0)
#define DESC_TABLE (1ull << 1)   /* levels 1-2: next table; level 3: page */
#define DESC_ATTR(i) ((uint64_t)(i) << 2)
#define DESC_RDONLY (1ull << 7)  /* AP[2]: read-only at EL1 */
#define DESC_INNER_SHAREABLE (3ull << 8)
#define DESC_AF (1ull << 10)     /* accessed: no access-flag faults */
#define DESC_PXN (1ull << 53)
#define DESC_UXN (1ull << 54)
#define DESC_ADDR 0x0000fffffffff000ull

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

/* ESR_EL1: instruction and data aborts, and their translation and
 * permission fault status codes. */
#define EC_IABT_LOWER 0x20
#define EC_IABT 0x21
#define EC_DABT_LOWER 0x24
#define EC_DABT 0x25
#define ISS_WNR (1u << 6)
#define ISS_FSC_TYPE 0x3cu    /* fault status code without its level */
#define FSC_TRANSLATION 0x04u

/* Enough for every task's guard (TASK_MAX) in its own block, and the
 * kernel's few. */
#define POOL_TABLES 48

static uint64_t level1[ENTRIES] __attribute__((aligned(4096)));
static uint64_t cached_end;
static uint64_t level2[ENTRIES] __attribute__((aligned(4096)));
/* Not .bss: written whole before use (linker/pi3.ld). */
static uint64_t pool[POOL_TABLES][ENTRIES]
    __attribute__((section(".pagetables"), aligned(4096)));

/* Each pool table: in use, the block it replaced (to fold it back), and how
 * many of its pages differ from that block (guards, read-only text). */
static struct {
    bool used;
    uint16_t holes;
    uint64_t block;
} meta[POOL_TABLES];

extern char _kernel_start[], _rodata_end[];

static uint64_t normal(uint64_t addr, unsigned attr)
{
    return addr | DESC_VALID | DESC_ATTR(attr) | DESC_INNER_SHAREABLE | DESC_AF | DESC_UXN;
}

static uint64_t device(uint64_t addr)
{
    return addr | DESC_VALID | DESC_ATTR(ATTR_DEVICE) | DESC_AF | DESC_PXN | DESC_UXN;
}

static bool is_table(uint64_t desc)
{
    return (desc & (DESC_VALID | DESC_TABLE)) == (DESC_VALID | DESC_TABLE);
}

static uint64_t *table_of(uint64_t desc)
{
    return (uint64_t *)(uintptr_t)(desc & DESC_ADDR);
}

static int pool_index(const uint64_t *entry)
{
    return (int)((entry - pool[0]) / ENTRIES);
}

static bool mmu_on(void)
{
    return sysreg_read(sctlr_el1) & SCTLR_M;
}

/* Replaces the live entry *e, which maps va, by value: break, drop the TLB
 * entry on every core, make. No other memory is touched in between. */
static void replace(uint64_t *e, uint64_t va, uint64_t value)
{
    if (!mmu_on()) {
        *e = value;
        return;
    }
    __asm__ volatile("str xzr, [%0]\n\t"
                     "dsb ishst\n\t"
                     "tlbi vaae1is, %1\n\t"
                     "dsb ish\n\t"
                     "str %2, [%0]\n\t"
                     "dsb ishst\n\t"
                     "isb"
                     :: "r"(e), "r"(va >> 12), "r"(value) : "memory");
}

/* A free pool table, folding back a split block whose pages are all
 * ordinary again if none is free; -1 when every table is needed. */
static int pool_take(void)
{
    for (int i = 0; i < POOL_TABLES; i++)
        if (!meta[i].used)
            return i;
    for (int i = 0; i < POOL_TABLES; i++) {
        if (meta[i].holes)
            continue;
        uint64_t va = meta[i].block & DESC_ADDR;
        replace(&level2[va / BLOCK_2M], va, meta[i].block);
        meta[i].used = false;
        return i;
    }
    return -1;
}

/* The level-3 entry mapping va (in the first GiB), splitting its 2 MiB
 * block first if need be; NULL when the pool is spent or va is not in
 * split-able memory. */
static uint64_t *page_entry(uintptr_t va)
{
    if (va >= BLOCK_1G)
        return 0;
    uint64_t *e = &level2[va / BLOCK_2M];
    if (!is_table(*e)) {
        if (!(*e & DESC_VALID))
            return 0;
        int i = pool_take();
        if (i < 0)
            return 0;
        uint64_t block = *e, *t = pool[i];
        for (unsigned j = 0; j < ENTRIES; j++)
            t[j] = (block & ~DESC_ADDR) + (block & DESC_ADDR) + j * PAGE + DESC_TABLE;
        meta[i].used = true;
        meta[i].holes = 0;
        meta[i].block = block;
        replace(e, va & ~(BLOCK_2M - 1), (uintptr_t)t | DESC_VALID | DESC_TABLE);
    }
    return &table_of(*e)[(va / PAGE) % ENTRIES];
}

void arch_mmu_enable_this_hart(void)
{
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

void mmu_init(uint64_t ram_end, uint64_t device_base)
{
    for (unsigned i = 0; i < ENTRIES; i++) {
        uint64_t addr = i * BLOCK_2M;
        level2[i] = addr < ram_end       ? normal(addr, ATTR_NORMAL)
                  : addr < device_base   ? normal(addr, ATTR_UNCACHED)
                                         : device(addr);
    }
    cached_end = ram_end;
    level1[0] = (uintptr_t)level2 | DESC_VALID | DESC_TABLE;
    level1[1] = device(BLOCK_1G);
    /* The rest of the 4 GiB stays unmapped. */

    arch_page_guard(0);
    for (uintptr_t va = (uintptr_t)_kernel_start; va < (uintptr_t)_rodata_end; va += PAGE) {
        uint64_t *e = page_entry(va);
        if (e && !(*e & DESC_RDONLY)) {
            *e |= DESC_RDONLY;
            meta[pool_index(e)].holes++; /* never folded back */
        }
    }
    arch_mmu_enable_this_hart();
}

/* Uncached to cached needs no cache maintenance (uncached accesses never
 * allocate lines), only break-before-make on each entry. */
void mmu_grow_ram(uint64_t ram_end)
{
    for (uint64_t addr = cached_end; addr < ram_end; addr += BLOCK_2M)
        replace(&level2[addr / BLOCK_2M], addr, normal(addr, ATTR_NORMAL));
    if (ram_end > cached_end)
        cached_end = ram_end;
}

/* Guarding broadcasts its TLB invalidation (tlbi vaae1is): every core
 * already has it. */
void arch_page_guards_sync(void)
{
}

bool arch_page_guard(uintptr_t page)
{
    uint64_t *e = page_entry(page);
    if (!e)
        return false;
    if (*e & DESC_VALID) {
        replace(e, page, 0);
        meta[pool_index(e)].holes++;
    }
    return true;
}

void arch_page_unguard(uintptr_t page)
{
    uint64_t *e = page_entry(page);
    if (!e || (*e & DESC_VALID))
        return;
    uint64_t block = meta[pool_index(e)].block;
    /* Invalid to valid needs no break; the barriers publish it. */
    *e = (block & ~DESC_ADDR) + (page & DESC_ADDR) + DESC_TABLE;
    meta[pool_index(e)].holes--;
    dsb(ishst);
    isb();
}

/* The descriptor mapping addr, or 0. */
static uint64_t leaf_for(uintptr_t addr)
{
    if (addr >= 2 * BLOCK_1G)
        return 0;
    uint64_t d = level1[addr / BLOCK_1G];
    if (is_table(d)) {
        d = table_of(d)[(addr / BLOCK_2M) % ENTRIES];
        if (is_table(d))
            d = table_of(d)[(addr / PAGE) % ENTRIES];
    }
    return d & DESC_VALID ? d : 0;
}

bool arch_page_mapped(uintptr_t addr)
{
    return leaf_for(addr) != 0;
}

/* An abort on an address the table now allows came from a TLB entry or a
 * break-before-make window that is gone: retry. */
bool aarch64_mmu_stale_fault(uint64_t esr, uintptr_t addr)
{
    uint32_t ec = (uint32_t)(esr >> 26) & 0x3f;
    bool fetch = ec == EC_IABT || ec == EC_IABT_LOWER;
    if (!fetch && ec != EC_DABT && ec != EC_DABT_LOWER)
        return false;
    if ((esr & ISS_FSC_TYPE) != FSC_TRANSLATION)
        return false; /* alignment, permission, bus errors: real faults */
    uint64_t d = leaf_for(addr);
    return d && !(fetch && (d & DESC_PXN));
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
