/*
 * task_layout.h: where everything goes in a task's slot, and whether what a
 * caller hands the kernel lies inside its own. Pure arithmetic on numbers an
 * app controls (its memory note, its spawn request, its pointers), so every
 * sum is checked here once and the host tests can throw anything at it.
 */
#ifndef TASK_LAYOUT_H
#define TASK_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

/* What a spawn asks for; sizes in bytes, all caller-controlled. */
struct task_layout_req {
    uint64_t image_size; /* loaded segments, .bss included (from the ELF) */
    uint64_t stack;      /* requested stack */
    uint64_t mem;        /* requested slot size */
    uint64_t args;       /* bytes the argument block takes at the top */
    uint64_t guard;      /* the guard page's size, a power of two */
    uint64_t stack_min;
};

/* Offsets from the slot's base. */
struct task_layout {
    uint64_t need;         /* the smallest slot that holds it all, in whole pages */
    uint64_t image_end;    /* the heap's start, 16-aligned */
    uint64_t stack_bottom; /* guard-aligned, above image_end + guard */
    uint64_t guard_page;   /* stack_bottom - guard */
};

enum task_layout_error {
    TASK_LAYOUT_OK = 0,
    TASK_LAYOUT_STACK_SMALL, /* stack < stack_min */
    TASK_LAYOUT_TOO_LARGE,   /* a sum wrapped: nothing could hold it */
    TASK_LAYOUT_SLOT_SMALL,  /* mem < need */
};

/* Lays out a slot of req->mem bytes; on success every offset in *out lies
 * inside it and image_end <= guard_page < stack_bottom < mem - args. */
enum task_layout_error task_layout(const struct task_layout_req *req, struct task_layout *out);

/*
 * The length of the string at s when all of it, NUL included, lies inside
 * [lo, hi) and it is shorter than max bytes; -TABULA_EFAULT when s is
 * outside or the string runs off the end before its NUL; -TABULA_EINVAL
 * when it has no NUL within max bytes. Reads nothing outside [lo, hi).
 */
long task_layout_string(uintptr_t lo, uintptr_t hi, const char *s, size_t max);

#endif
