/*
 * mmu.c: Sv39 with an identity map (virtual = physical), one table for the
 * kernel and every task, for the life of the machine. It is there for
 * what it refuses, not for translation: page 0 (NULL), kernel text and
 * read-only data (the syscall table among them) against writes, and one
 * unmapped guard page below every stack, so an overflow faults at once.
 *
 * Gigapages map everything, except where a finer page is needed: a
 * gigapage holding a refused page is split into megapages, and the
 * megapage holding it into 4 KiB pages. Split tables come from a fixed
 * pool; a megapage table whose guards are all gone again is left split
 * (the next task in that slot needs it again) until the pool runs short,
 * and is then folded back into its megapage.
 *
 * SMP: one lock serialises changes to the table (any hart may spawn). A
 * new guard is fenced on this hart only: a task's guard matters on the
 * task's own hart, which fences before the task starts
 * (arch_page_guards_sync). A table folded back and reused is fenced on
 * every hart that is up (SBI RFENCE): another could walk the old one. A
 * page mapped back needs no remote fence (a hart with the stale
 * "unmapped" faults and retries, riscv_mmu_stale_fault).
 */
#include <stdbool.h>
#include <stdint.h>

#include "arch.h"
#include "csr.h"
#include "hart.h"
#include "sbi.h"
#include "spinlock.h"

static struct spinlock mmu_lock = SPINLOCK_INIT;

#define ENTRIES 512
#define PAGE (1ull << 12)
#define MEGA (1ull << 21)
#define GIGA (1ull << 30)
#define VA_LIMIT (1ull << 38) /* Sv39: higher addresses would need sign extension */

#define PTE_V (1u << 0)
#define PTE_R (1u << 1)
#define PTE_W (1u << 2)
#define PTE_X (1u << 3)
#define PTE_G (1u << 5)
#define PTE_A (1u << 6) /* accessed and dirty preset: no updates, no faults for them */
#define PTE_D (1u << 7)
#define PTE_FLAGS 0x3ffull

#define LEAF_RAM (PTE_V | PTE_R | PTE_W | PTE_X | PTE_G | PTE_A | PTE_D)
#define LEAF_TEXT (PTE_V | PTE_R | PTE_X | PTE_G | PTE_A)
#define LEAF_DEVICE (PTE_V | PTE_R | PTE_W | PTE_G | PTE_A | PTE_D)

#define SATP_SV39 (8ull << 60)

/* Load/store/fetch page faults (scause). */
#define CAUSE_FETCH_PAGE_FAULT 12
#define CAUSE_LOAD_PAGE_FAULT 13
#define CAUSE_STORE_PAGE_FAULT 15

/* Enough for every task's guard (TASK_MAX) in its own megapage, the
 * kernel's few, and the gigapage tables of a few GiB of RAM. */
#define POOL_TABLES 48

/* Not .bss: the tables are written whole before use, so entry.S need not
 * clear them (linker/virt.ld puts .pagetables beside the heap). */
static uint64_t root[ENTRIES] __attribute__((section(".pagetables"), aligned(4096)));
static uint64_t pool[POOL_TABLES][ENTRIES]
    __attribute__((section(".pagetables"), aligned(4096)));

/* What each pool table is: in use, a gigapage's table (kept for good), its
 * parent entry and the leaf it replaced (to fold it back), and how many of
 * its entries differ from that leaf (unmapped guards). */
static struct {
    bool used, pinned;
    uint16_t holes;
    uint64_t *parent;
    uint64_t folded;
} meta[POOL_TABLES];

extern char _kernel_start[], _rodata_end[];

static uint64_t leaf(uint64_t pa, uint64_t flags)
{
    return pa >> 12 << 10 | flags;
}

static bool is_table(uint64_t pte)
{
    return (pte & (PTE_V | PTE_R | PTE_W | PTE_X)) == PTE_V;
}

static uint64_t *table_of(uint64_t pte)
{
    return (uint64_t *)(uintptr_t)(pte >> 10 << 12);
}

static int pool_index(const uint64_t *table)
{
    return (int)((table - pool[0]) / ENTRIES);
}

/* The other harts that are up; 0 before they start (and on one hart). */
static unsigned long other_harts(void)
{
    unsigned long mask = 0, self = arch_hart_self_inline()->id;
    unsigned n = __atomic_load_n(&hart_count, __ATOMIC_ACQUIRE);
    for (unsigned i = 0; i < n; i++)
        if (hart_table[i]->id != self)
            mask |= 1ul << hart_table[i]->id;
    return mask;
}

static void flush_all(void)
{
    __asm__ volatile("sfence.vma" ::: "memory");
    unsigned long others = other_harts();
    if (others)
        sbi_remote_sfence_vma(others, 0, 0, ~0ul);
}

static void flush_page(uintptr_t va)
{
    __asm__ volatile("sfence.vma %0, zero" ::"r"(va) : "memory");
}

void arch_page_guards_sync(void)
{
    __asm__ volatile("sfence.vma" ::: "memory");
}

/* A free pool table, folding back a split megapage that no longer needs
 * to be split if none is free; -1 when every table is needed. */
static int pool_take(void)
{
    for (int i = 0; i < POOL_TABLES; i++)
        if (!meta[i].used)
            return i;
    for (int i = 0; i < POOL_TABLES; i++) {
        if (meta[i].pinned || meta[i].holes)
            continue;
        *meta[i].parent = meta[i].folded;
        meta[pool_index(meta[i].parent)].holes--;
        flush_all();
        meta[i].used = false;
        return i;
    }
    return -1;
}

/* Replaces the leaf *entry, which maps span bytes at va, by a table of 512
 * leaves with the same flags. The translation is unchanged, so no fence
 * is needed. Returns the table, or NULL when the pool is spent. */
static uint64_t *split(uint64_t *entry, uintptr_t va, uint64_t span, bool pinned)
{
    int i = pool_take();
    if (i < 0)
        return 0;
    uint64_t *t = pool[i], old = *entry, sub = span / ENTRIES;
    for (unsigned j = 0; j < ENTRIES; j++)
        t[j] = (old & PTE_V) ? leaf(va + j * sub, old & PTE_FLAGS) : 0;
    meta[i].used = true;
    meta[i].pinned = pinned;
    meta[i].holes = 0;
    meta[i].parent = entry;
    meta[i].folded = old;
    if (entry < root || entry >= root + ENTRIES)
        meta[pool_index(entry)].holes++; /* a megapage table inside a gigapage's */
    *entry = leaf((uintptr_t)t, PTE_V);
    return t;
}

/* The entry at the given level (2: gigapage, 1: megapage, 0: page) that
 * maps va, splitting larger pages on the way; NULL when the pool is spent
 * or va is out of range. */
static uint64_t *entry_for(uintptr_t va, int level)
{
    if (va >= VA_LIMIT)
        return 0;
    uint64_t *e = &root[va >> 30];
    if (level == 2)
        return e;
    if (!is_table(*e) && !split(e, va & ~(GIGA - 1), GIGA, true))
        return 0;
    e = &table_of(*e)[(va >> 21) & (ENTRIES - 1)];
    if (level == 1)
        return e;
    if (!is_table(*e) && !split(e, va & ~(MEGA - 1), MEGA, false))
        return 0;
    return &table_of(*e)[(va >> 12) & (ENTRIES - 1)];
}

/* The leaf mapping va, or 0 when none does. */
static uint64_t leaf_for(uintptr_t va)
{
    if (va >= VA_LIMIT)
        return 0;
    uint64_t e = root[va >> 30];
    for (int shift = 21; is_table(e) && shift >= 12; shift -= 9)
        e = table_of(e)[(va >> shift) & (ENTRIES - 1)];
    return (e & PTE_V) && !is_table(e) ? e : 0;
}

/* Counts a 4 KiB entry's change from mapped to unmapped (+1) or back. */
static void count_hole(uint64_t *e, int change)
{
    int i = pool_index(e);
    meta[i].holes += change;
}

/* Maps [lo, hi) (page aligned) with flags, in megapages where they fit. */
static void map_range(uintptr_t lo, uintptr_t hi, uint64_t flags)
{
    while (lo < hi) {
        bool whole = !(lo & (MEGA - 1)) && hi - lo >= MEGA;
        uint64_t *e = entry_for(lo, whole ? 1 : 0);
        if (e && *e != leaf(lo, flags)) {
            *e = leaf(lo, flags);
            if (!whole)
                count_hole(e, +1); /* never folded back */
        }
        lo += whole ? MEGA : PAGE;
    }
}

void riscv_mmu_init(uint64_t ram_base, uint64_t ram_end)
{
    for (unsigned i = 0; i < ENTRIES; i++)
        root[i] = 0;
    /* Below RAM: devices, never executed. RAM: read, write, execute. The
     * rest of the 256 GiB stays unmapped. */
    for (uint64_t va = 0; va < (ram_base & ~(GIGA - 1)); va += GIGA)
        root[va >> 30] = leaf(va, LEAF_DEVICE);
    for (uint64_t va = ram_base & ~(GIGA - 1); va < ram_end && va < VA_LIMIT; va += GIGA)
        root[va >> 30] = leaf(va, LEAF_RAM);
    map_range((uintptr_t)_kernel_start, (uintptr_t)_rodata_end, LEAF_TEXT);
    arch_page_guard(0);
}

void arch_mmu_enable_this_hart(void)
{
    csr_write(satp, SATP_SV39 | (uintptr_t)root >> 12);
    flush_all();
}

bool arch_page_guard(uintptr_t page)
{
    uintptr_t saved = spin_lock_irqsave(&mmu_lock);
    uint64_t *e = entry_for(page, 0);
    if (e && (*e & PTE_V)) {
        *e = 0;
        count_hole(e, +1);
        flush_page(page);
    }
    spin_unlock_irqrestore(&mmu_lock, saved);
    return e != 0;
}

void arch_page_unguard(uintptr_t page)
{
    uintptr_t saved = spin_lock_irqsave(&mmu_lock);
    uint64_t *e = entry_for(page, 0);
    if (e && !(*e & PTE_V)) {
        *e = leaf(page, LEAF_RAM);
        count_hole(e, -1);
        flush_page(page);
    }
    spin_unlock_irqrestore(&mmu_lock, saved);
}

bool arch_page_mapped(uintptr_t addr)
{
    return leaf_for(addr) != 0;
}

/* A page fault on an address the table now allows was a stale TLB entry
 * (another hart, or this one, saw the page while it was a guard): fence
 * and retry. */
bool riscv_mmu_stale_fault(uint64_t cause, uintptr_t addr)
{
    uint64_t need = cause == CAUSE_FETCH_PAGE_FAULT ? PTE_X
                  : cause == CAUSE_LOAD_PAGE_FAULT  ? PTE_R
                  : cause == CAUSE_STORE_PAGE_FAULT ? PTE_W : 0;
    if (!need || (leaf_for(addr) & need) != need)
        return false;
    flush_page(addr);
    return true;
}
