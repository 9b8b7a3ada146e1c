/*
 * platform.c: the board's device list (see platform.h). Kinds are
 * compared as strings, not pointers: a board's table and a driver spell
 * the same PLATFORM_* macro, but in different files.
 */
#include "platform.h"

#include <string.h>

static bool same_kind(const struct platform_device *d, const char *kind)
{
    return d->kind && strcmp(d->kind, kind) == 0;
}

unsigned platform_count(const struct platform_info *p, const char *kind)
{
    unsigned n = 0;
    for (unsigned i = 0; i < p->ndevices; i++)
        n += same_kind(&p->devices[i], kind);
    return n;
}

const struct platform_device *platform_device(const struct platform_info *p, const char *kind,
                                              unsigned index)
{
    for (unsigned i = 0; i < p->ndevices; i++)
        if (same_kind(&p->devices[i], kind) && index-- == 0)
            return &p->devices[i];
    return NULL;
}

static void remove_at(struct platform_info *p, unsigned at)
{
    memmove(&p->devices[at], &p->devices[at + 1],
            (p->ndevices - at - 1) * sizeof p->devices[0]);
    p->ndevices--;
}

bool platform_add(struct platform_info *p, const struct platform_device *d)
{
    /* The list is kept in address order as a whole, so each kind is. */
    if (platform_count(p, d->kind) == PLATFORM_MAX_SAME) {
        unsigned last = 0;
        for (unsigned i = 0; i < p->ndevices; i++)
            if (same_kind(&p->devices[i], d->kind))
                last = i;
        if (p->devices[last].base < d->base)
            return false;
        remove_at(p, last);
    }
    if (p->ndevices == PLATFORM_MAX_DEVICES)
        return false;
    unsigned at = p->ndevices;
    while (at > 0 && p->devices[at - 1].base > d->base)
        at--;
    memmove(&p->devices[at + 1], &p->devices[at], (p->ndevices - at) * sizeof p->devices[0]);
    p->devices[at] = *d;
    p->ndevices++;
    return true;
}
