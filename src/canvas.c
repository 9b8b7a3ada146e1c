/*
 * canvas.c: the canvas entries of the syscall table (see canvas.h). The
 * kernel keeps only where the pixels are, the size and a frame counter;
 * drawing is the app's, showing them is the Monitor's.
 */
#include "canvas.h"

#include <stdbool.h>
#include <string.h>

#include "sched.h"
#include "task.h"

int canvas_open(struct task *t, uint32_t *pixels, uint32_t width, uint32_t height)
{
    if (!pixels && !width && !height) {
        uintptr_t saved = sched_lock();
        t->canvas = 0;
        t->canvas_w = t->canvas_h = 0;
        sched_unlock(saved);
        return 0;
    }
    if (!width || !height || width > TABULA_CANVAS_MAX || height > TABULA_CANVAS_MAX)
        return -TABULA_EINVAL;
    size_t bytes = (size_t)width * height * sizeof *pixels;
    if (!task_owns(t, pixels, bytes))
        return -TABULA_EFAULT;
    /* The parent reads the pixels later, in a call of its own, where a
     * fault on this task's guard page would be the kernel's (a panic):
     * the guard is not the task's to show. */
    uintptr_t p = (uintptr_t)pixels;
    if (t->guard_page && p < t->guard_page + TASK_STACK_GUARD && t->guard_page < p + bytes)
        return -TABULA_EFAULT;
    uintptr_t saved = sched_lock();
    t->canvas = pixels;
    t->canvas_w = width;
    t->canvas_h = height;
    sched_unlock(saved);
    return 0;
}

int canvas_present(struct task *t)
{
    if (!t->canvas)
        return -TABULA_EINVAL;
    uintptr_t saved = sched_lock();
    t->canvas_frame++;
    sched_wake(task_find(t->parent), WAKE_CHILD);
    sched_unlock(saved);
    return 0;
}

long canvas_read(struct task *c, struct tabula_canvas_info *info, uint32_t *pixels,
                 size_t max)
{
    /* Once the slot is released the pixels are someone else's memory. */
    if (!c->canvas || !c->slot_base)
        return -TABULA_EAGAIN;
    size_t n = (size_t)c->canvas_w * c->canvas_h;
    if (n > max)
        n = max;
    info->width = c->canvas_w;
    info->height = c->canvas_h;
    info->frame = c->canvas_frame;
    if (pixels)
        memcpy(pixels, c->canvas, n * sizeof *pixels);
    else
        n = 0;
    c->canvas_seen = c->canvas_frame;
    return (long)n;
}

bool canvas_news(const struct task *c)
{
    return c->canvas && c->slot_base && c->canvas_frame != c->canvas_seen;
}
