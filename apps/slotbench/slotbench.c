/*
 * slotbench.c: what a slot's previous occupant costs the next app: a loop
 * of stores to a few words in its heap, timed with the kernel's clock.
 * make bench (slot_reuse) runs it in a fresh slot, then after slotcode
 * ran its code where these words go. Kept tiny (no printf), so its heap
 * starts low in the slot.
 *
 *     run slotbench [ROUNDS]     prints "slotbench: N ns"
 *     run slotbench code         leaves code it wrote into its heap, and
 *                                ran, behind: the case the kernel does
 *                                not clean up (NOTES.md)
 */
#include <stdint.h>
#include <string.h>

#include <tabula_app.h>

#include "ret_insn.h"

#define PAGE 4096
#define WORDS 16

static void say_number(const char *label, uint64_t n)
{
    char text[64], digits[24];
    int d = 0;
    do
        digits[d++] = (char)('0' + n % 10);
    while ((n /= 10) && d < (int)sizeof digits);
    size_t len = strlen(label);
    memcpy(text, label, len);
    while (d)
        text[len++] = digits[--d];
    memcpy(text + len, " ns\n", 4);
    tabula->write(text, len + 4);
}

/* The second page of the heap: the same address in every run in the same
 * slot. Returns NULL if the heap cannot grow that far. */
static uint32_t *heap_page(void)
{
    uintptr_t brk = (uintptr_t)tabula->sbrk(0);
    uintptr_t page = (brk + 2 * PAGE - 1) & ~(uintptr_t)(PAGE - 1);
    if (tabula->sbrk((intptr_t)(page + PAGE - brk)) == (void *)-1)
        return NULL;
    return (uint32_t *)page;
}

static void leave_code(uint32_t *page)
{
    for (unsigned i = 0; i < PAGE / 4; i++)
        page[i] = RET_INSN;
    __builtin___clear_cache((char *)page, (char *)page + PAGE);
    for (unsigned i = 0; i < PAGE / 4; i++)
        ((void (*)(void))(uintptr_t)&page[i])();
}

int main(int argc, char **argv)
{
    uint32_t *page = heap_page();
    if (!page) {
        tabula->write("slotbench: no room in the heap\n", 31);
        return 1;
    }
    if (argc > 1 && strcmp(argv[1], "code") == 0) {
        leave_code(page);
        return 0;
    }
    unsigned rounds = 10000;
    if (argc > 1) {
        rounds = 0;
        for (const char *p = argv[1]; *p >= '0' && *p <= '9'; p++)
            rounds = rounds * 10 + (unsigned)(*p - '0');
    }
    /* The best of five: wall time on a shared host is noisy. */
    volatile uint64_t *words = (volatile uint64_t *)page;
    uint64_t best = UINT64_MAX;
    for (int rep = 0; rep < 5; rep++) {
        uint64_t t0 = tabula->time_ns();
        for (unsigned r = 0; r < rounds; r++)
            for (unsigned i = 1; i < WORDS; i++)
                words[i] = words[i - 1] * 3 + i + r;
        uint64_t t = tabula->time_ns() - t0;
        if (t < best)
            best = t;
    }
    say_number("slotbench: ", best);
    return 0;
}
