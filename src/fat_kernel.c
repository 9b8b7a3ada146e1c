/*
 * fat_kernel.c: the three hooks the FAT library asks of whoever links it
 * (fat.h), as the kernel provides them: the kernel heap and the wall clock.
 * The host tests link their own (tests/host/fat_host.c) instead of this.
 */
#include "fat.h"
#include "kmem.h"
#include "walltime.h"

void *fat_alloc(size_t size)
{
    return kmalloc(size);
}

void fat_free(void *p)
{
    if (p)
        kfree(p);
}

int64_t fat_time_now(void)
{
    return (int64_t)(walltime_ns() / 1000000000u);
}
