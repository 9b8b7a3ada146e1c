/*
 * slotcode.c: the previous occupant in make bench's slot_reuse: 32 KiB
 * or more of straight-line code, run once, so that QEMU has translated
 * every page of it when the slot is freed. slotbench, run next in the
 * same slot, keeps its data where this code was.
 */
#include <tabula_app.h>

__attribute__((noinline)) static void sled(void)
{
    __asm__ volatile(".rept 16384\n\tnop\n\t.endr");
}

int main(void)
{
    sled();
    return 0;
}
