/*
 * task_layout.c: a slot's layout and the strings inside it (task_layout.h).
 *
 *   0           image_end          guard_page  stack_bottom       mem-args  mem
 *   | image     | heap ->   ...    | guard     | canary  stack <- | args    |
 *
 * The stack size and slot size come from an app's note or its parent's
 * request, so any of them may be near 2^64: each step is checked rather
 * than trusting that the final comparison catches a wrapped sum.
 */
#include "task_layout.h"

#include <stdbool.h>

#include "tabula.h"

enum task_layout_error task_layout(const struct task_layout_req *req, struct task_layout *out)
{
    uint64_t image_end, need, top;
    if (req->stack < req->stack_min)
        return TASK_LAYOUT_STACK_SMALL;
    /* Image, guard page, a guard's worth of slack to align the stack's
     * bottom, the stack and the arguments, rounded up to a page. */
    if (__builtin_add_overflow(req->image_size, 15, &image_end) ||
        __builtin_add_overflow(image_end & ~15ull, 2 * req->guard, &need) ||
        __builtin_add_overflow(need, req->args, &need) ||
        __builtin_add_overflow(need, req->stack, &need) ||
        __builtin_add_overflow(need, 4095, &need))
        return TASK_LAYOUT_TOO_LARGE;
    image_end &= ~15ull;
    need &= ~4095ull;
    out->need = need;
    if (req->mem < need)
        return TASK_LAYOUT_SLOT_SMALL;
    /* mem >= need > args + stack + guard, so none of these wrap. */
    top = req->mem - req->args;
    out->image_end = image_end;
    out->stack_bottom = (top - req->stack) & ~(req->guard - 1);
    out->guard_page = out->stack_bottom - req->guard;
    return TASK_LAYOUT_OK;
}

long task_layout_string(uintptr_t lo, uintptr_t hi, const char *s, size_t max)
{
    uintptr_t a = (uintptr_t)s;
    if (a < lo || a >= hi)
        return -TABULA_EFAULT;
    size_t room = hi - a;
    size_t limit = room < max ? room : max;
    for (size_t n = 0; n < limit; n++)
        if (!s[n])
            return (long)n;
    return room <= max ? -TABULA_EFAULT : -TABULA_EINVAL;
}
