/*
 * display.c: the display the console's owner draws on (see display.h).
 * It keeps the mode the driver set, clips what is flushed, and turns the
 * input driver's pointer reports into events in display pixels, queued
 * for the console's owner (moves coalesced, so a fast mouse cannot fill
 * the queue) while the hardware pointer follows at once.
 *
 * The scheduler lock guards the pointer state and the queue: interrupt
 * handlers fill them, and filling them wakes the console's owner.
 */
#include "display.h"

#include "clock.h"
#include "console.h"
#include "sched.h"
#include "task.h"

#define EVENTS 64 /* a power of two */

static const struct display_ops *ops;
static void *ops_dev;
static uint32_t *fb;
static uint32_t fb_width, fb_height, fb_stride, generation;
static volatile bool mode_wanted; /* the host asked for another mode */
static bool mode_news;             /* the owner has not seen the last mode change */

static int32_t px, py;             /* the pointer, in pixels */
static bool moved;                 /* since the last queued move */
static struct tabula_pointer_event events[EVENTS];
static unsigned ev_head, ev_tail;  /* free-running; head - tail queued */

void display_attach(const struct display_ops *o, void *dev)
{
    ops_dev = dev;
    ops = o;
}

void display_set_mode(uint32_t *pixels, uint32_t width, uint32_t height, uint32_t stride)
{
    uintptr_t saved = sched_lock();
    fb = pixels;
    fb_width = width;
    fb_height = height;
    fb_stride = stride;
    generation++;
    mode_news = true;
    px = px < (int32_t)width ? px : (int32_t)width - 1;
    py = py < (int32_t)height ? py : (int32_t)height - 1;
    sched_wake(console_owner(), WAKE_INPUT);
    sched_unlock(saved);
}

bool display_present(void)
{
    return ops && fb;
}

void display_mode_wanted(void)
{
    uintptr_t saved = sched_lock();
    mode_wanted = true;
    sched_wake(console_owner(), WAKE_INPUT);
    sched_unlock(saved);
}

bool display_news(void)
{
    return mode_news || mode_wanted || ev_head != ev_tail;
}

int display_info(struct tabula_display_info *out)
{
    if (ops && mode_wanted) {
        mode_wanted = false;
        ops->change_mode(ops_dev);
    }
    uintptr_t saved = sched_lock();
    mode_news = false;
    out->width = fb ? fb_width : 0;
    out->height = fb ? fb_height : 0;
    out->stride = fb_stride;
    out->generation = generation;
    out->pixels = fb;
    sched_unlock(saved);
    return 0;
}

/* Clips r to the screen; false when nothing is left. */
static bool clip(struct tabula_rect *r)
{
    int64_t x0 = r->x < 0 ? 0 : r->x, y0 = r->y < 0 ? 0 : r->y;
    int64_t x1 = (int64_t)r->x + r->w, y1 = (int64_t)r->y + r->h;
    if (x1 > fb_width)
        x1 = fb_width;
    if (y1 > fb_height)
        y1 = fb_height;
    if (x1 <= x0 || y1 <= y0)
        return false;
    r->x = (int32_t)x0;
    r->y = (int32_t)y0;
    r->w = (int32_t)(x1 - x0);
    r->h = (int32_t)(y1 - y0);
    return true;
}

int display_flush(const struct tabula_rect *rects, int count)
{
    struct tabula_rect r[TABULA_FLUSH_MAX];
    int n = 0;
    if (!ops || !fb)
        return -TABULA_ENOSYS;
    if (count < 0 || count > TABULA_FLUSH_MAX)
        return -TABULA_EINVAL;
    for (int i = 0; i < count; i++) {
        r[n] = rects[i];
        n += clip(&r[n]);
    }
    return n ? ops->flush(ops_dev, r, n) : 0;
}

/* Lock held. A full queue drops the oldest event. */
static void push(uint16_t kind, uint16_t button, int32_t value)
{
    if (kind == TABULA_POINTER_MOVE && ev_head != ev_tail &&
        events[(ev_head - 1) % EVENTS].kind == TABULA_POINTER_MOVE) {
        events[(ev_head - 1) % EVENTS].x = px;
        events[(ev_head - 1) % EVENTS].y = py;
        return;
    }
    if (ev_head - ev_tail == EVENTS)
        ev_tail++;
    struct tabula_pointer_event *e = &events[ev_head++ % EVENTS];
    e->time_ns = clock_ns();
    e->kind = kind;
    e->button = button;
    e->value = value;
    e->x = px;
    e->y = py;
    sched_wake(console_owner(), WAKE_INPUT);
}

/* Lock held: a move the pointer made goes before the event that follows. */
static void flush_move(void)
{
    if (!moved)
        return;
    moved = false;
    push(TABULA_POINTER_MOVE, 0, 0);
    if (ops && ops->pointer)
        ops->pointer(ops_dev, px, py);
}

void display_pointer_absolute(int axis, uint32_t value, uint32_t range)
{
    uint32_t size = axis ? fb_height : fb_width;
    if (!size || !range)
        return;
    int32_t v = (int32_t)((uint64_t)(value > range ? range : value) * (size - 1) / range);
    uintptr_t saved = sched_lock();
    if (axis)
        py = v;
    else
        px = v;
    moved = true;
    sched_unlock(saved);
}

void display_pointer_relative(int axis, int32_t delta)
{
    int32_t size = (int32_t)(axis ? fb_height : fb_width);
    uintptr_t saved = sched_lock();
    int32_t *v = axis ? &py : &px;
    *v += delta;
    *v = *v < 0 ? 0 : *v >= size ? size - 1 : *v;
    moved = true;
    sched_unlock(saved);
}

void display_pointer_button(int button, bool pressed)
{
    uintptr_t saved = sched_lock();
    flush_move();
    push(TABULA_POINTER_BUTTON, (uint16_t)button, pressed);
    sched_unlock(saved);
}

void display_pointer_wheel(int notches)
{
    uintptr_t saved = sched_lock();
    flush_move();
    push(TABULA_POINTER_WHEEL, 0, notches);
    sched_unlock(saved);
}

void display_pointer_sync(void)
{
    uintptr_t saved = sched_lock();
    flush_move();
    sched_unlock(saved);
}

int display_pointer_read(struct tabula_pointer_event *out, int max)
{
    int n = 0;
    uintptr_t saved = sched_lock();
    while (n < max && ev_tail != ev_head)
        out[n++] = events[ev_tail++ % EVENTS];
    sched_unlock(saved);
    return n;
}

/* A neon arrow: a cyan body with a pink rim, on a dark outline that keeps
 * it visible on any background. */
void display_cursor_image(uint32_t *argb, int side)
{
    static const char *const art[] = {
        "X",
        "XX",
        "XPX",
        "XPCX",
        "XPCCX",
        "XPCCCX",
        "XPCCCCX",
        "XPCCCCCX",
        "XPCCCCCCX",
        "XPCCCCCCCX",
        "XPCCCCCXXXX",
        "XPCCXPCX",
        "XPCX XPCX",
        "XPX  XPCX",
        "XX    XPCX",
        "X     XPCX",
        "       XX",
    };
    for (int i = 0; i < side * side; i++)
        argb[i] = 0;
    for (int y = 0; y < (int)(sizeof art / sizeof art[0]) && y < side; y++) {
        for (int x = 0; art[y][x] && x < side; x++) {
            char c = art[y][x];
            argb[y * side + x] = c == 'X' ? 0xff0a0612u : c == 'P' ? 0xffff3ea5u
                               : c == 'C' ? 0xff27f5ffu : 0;
        }
    }
}

void display_task_ended(struct task *t)
{
    if (ops && ops->task_ended)
        ops->task_ended(ops_dev, t);
}
