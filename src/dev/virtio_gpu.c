/*
 * virtio_gpu.c: the virtio-gpu 2D driver (virtio 1.x, section 5.7). The
 * framebuffer is a host resource whose backing is memory we own: a region
 * of the slot arena, owned by TABULA_SLOT_DISPLAY, sized for the mode. The
 * console's owner draws there; a flush sends TRANSFER_TO_HOST_2D and
 * RESOURCE_FLUSH for each dirty rectangle only, so the host's copy is the
 * front buffer and our memory the back one: nothing half-drawn is shown.
 *
 * The control queue runs on interrupts with a pool of request buffers: a
 * flush queues its requests, kicks once, and the calling task sleeps until
 * the interrupt says the last one is done (at boot, with no task yet, it
 * polls). The cursor queue moves a hardware pointer, fire and forget. A
 * mode change the host asks for (a resized window) arrives as a config
 * interrupt and is made at the Monitor's next display_info.
 *
 * Every queue operation holds the scheduler lock, which is also what the
 * wakeups need.
 */
#include "virtio_gpu.h"

#include <string.h>

#include "clock.h"
#include "display.h"
#include "codewipe.h"
#include "klog.h"
#include "kmem.h"
#include "irq.h"
#include "sched.h"
#include "slots.h"
#include "task.h"

#define CMD_GET_DISPLAY_INFO 0x0100
#define CMD_RESOURCE_CREATE_2D 0x0101
#define CMD_RESOURCE_UNREF 0x0102
#define CMD_SET_SCANOUT 0x0103
#define CMD_RESOURCE_FLUSH 0x0104
#define CMD_TRANSFER_TO_HOST_2D 0x0105
#define CMD_RESOURCE_ATTACH_BACKING 0x0106
#define CMD_UPDATE_CURSOR 0x0300
#define CMD_MOVE_CURSOR 0x0301
#define RESP_OK_NODATA 0x1100
#define RESP_OK_DISPLAY_INFO 0x1101

#define FORMAT_B8G8R8A8 1 /* little-endian 0xAARRGGBB words: the cursor */
#define FORMAT_B8G8R8X8 2 /* 0x00RRGGBB words: the framebuffer */
#define EVENT_DISPLAY 1u
#define CONFIG_EVENTS_READ 0
#define CONFIG_EVENTS_CLEAR 4
#define MAX_SCANOUTS 16
#define MAX_SIDE 4096

#define POOL 32          /* control requests in flight at most */
#define CURSOR_POOL 8
#define CURSOR_RESOURCE 3
#define CURSOR_SIDE 64

struct gpu_hdr {
    uint32_t type, flags;
    uint64_t fence_id;
    uint32_t ctx_id, padding;
};

struct gpu_rect {
    uint32_t x, y, width, height;
};

struct gpu_cmd {
    struct gpu_hdr hdr;
    union {
        struct { uint32_t resource_id, format, width, height; } create;
        struct { uint32_t resource_id, padding; } unref;
        struct { struct gpu_rect r; uint32_t scanout_id, resource_id; } scanout;
        struct { struct gpu_rect r; uint32_t resource_id, padding; } flush;
        struct { struct gpu_rect r; uint64_t offset; uint32_t resource_id, padding; } transfer;
        struct {
            uint32_t resource_id, nr_entries;
            uint64_t addr;
            uint32_t length, padding;
        } backing;
    } u;
};

struct gpu_display_info {
    struct gpu_hdr hdr;
    struct { struct gpu_rect r; uint32_t enabled, flags; } modes[MAX_SCANOUTS];
};

struct gpu_req {
    struct gpu_cmd cmd;
    union {
        struct gpu_hdr hdr;
        struct gpu_display_info info;
    } resp;
    bool busy;
    volatile bool done;
    bool abandoned;      /* its task ended: reap frees it */
    struct task *waiter;
};

struct gpu_cursor_cmd {
    struct gpu_hdr hdr;
    uint32_t scanout_id, x, y, padding;
    uint32_t resource_id, hot_x, hot_y, padding2;
};

static struct gpu {
    struct virtio_dev dev;
    struct virtq ctrl, cursorq;
    struct gpu_req reqs[POOL];
    struct gpu_cursor_cmd cursor_cmds[CURSOR_POOL];
    bool cursor_busy[CURSOR_POOL];
    bool cursor_ready;
    uint32_t *cursor_pixels;
    uint32_t width, height, resource;
    uintptr_t fb;
    bool busy;           /* a task is between requests: others wait */
    struct task *owner;  /* whose turn it is (0 at boot, or once it ended) */
    struct task *waiter; /* the last task that found it busy: next turn */
    int abandoned;       /* requests of an ended owner still at the device */
} gpu;

/* Ends a turn at the device: handed straight to the last task that
 * waited for it, if any, so a task that flushes in a loop cannot take
 * every turn (it would take the device back before a waiter's next poll).
 * Lock held. */
static void unbusy(void)
{
    struct task *next = gpu.waiter;
    gpu.waiter = 0;
    gpu.owner = next;
    gpu.busy = next != 0;
    if (next)
        sched_wake(next, WAKE_DEVICE);
}

/* Waits for the device to be free, or handed to us, then takes it. Lock
 * held; let go while the task sleeps. */
static void take_turn(void)
{
    struct task *self = task_current();
    while (gpu.busy && (gpu.owner != self || !self)) {
        gpu.waiter = self;
        sched_block(WAKE_DEVICE, clock_ns() + 1000000);
    }
    gpu.busy = true;
    gpu.owner = self;
}

/* t ended, wherever it was (a kill takes a task where it blocks): its
 * requests still at the device are freed when they come back, and its turn
 * ends then, or now if none are out. Lock held. */
static void gpu_task_ended(void *dev, struct task *t)
{
    if (gpu.waiter == t)
        gpu.waiter = 0;
    for (int i = 0; i < POOL; i++) {
        struct gpu_req *r = &gpu.reqs[i];
        if (!r->busy || r->waiter != t || r->abandoned)
            continue;
        r->waiter = 0;
        if (r->done) {
            r->busy = false;
        } else {
            r->abandoned = true;
            gpu.abandoned++;
        }
    }
    if (gpu.busy && gpu.owner == t) {
        gpu.owner = 0;
        if (!gpu.abandoned)
            unbusy();
    }
}

/* Takes back what the device has used. Lock held. */
static void reap(void)
{
    struct gpu_req *r;
    void *c;
    while ((r = virtq_take(&gpu.ctrl, 0))) {
        r->done = true;
        if (r->abandoned) {
            /* Its task ended while it was at the device: nobody waits. */
            r->abandoned = false;
            r->busy = false;
            if (--gpu.abandoned == 0 && gpu.busy && !gpu.owner)
                unbusy();
        } else {
            sched_wake(r->waiter, WAKE_DEVICE);
        }
    }
    while ((c = virtq_take(&gpu.cursorq, 0)))
        gpu.cursor_busy[(struct gpu_cursor_cmd *)c - gpu.cursor_cmds] = false;
}

static void gpu_interrupt(void *arg)
{
    uint32_t why = virtio_irq_ack(&gpu.dev);
    uintptr_t saved = sched_lock();
    reap();
    sched_unlock(saved);
    if (why & VIRTIO_IRQ_CONFIG) {
        uint32_t events;
        virtio_config_read(&gpu.dev, CONFIG_EVENTS_READ, &events, sizeof events);
        if (events & EVENT_DISPLAY) {
            virtio_config_write32(&gpu.dev, CONFIG_EVENTS_CLEAR, events);
            display_mode_wanted();
        }
    }
}

/* A free request, set up as command type, or NULL. Lock held. */
static struct gpu_req *req_get(uint32_t type)
{
    for (int i = 0; i < POOL; i++) {
        struct gpu_req *r = &gpu.reqs[i];
        if (!r->busy) {
            memset(&r->cmd, 0, sizeof r->cmd);
            r->cmd.hdr.type = type;
            r->busy = true;
            r->done = false;
            r->waiter = task_current(); /* whose it is, should the task end */
            return r;
        }
    }
    return 0;
}

/* Queues r; the command's size is cmd_len, the answer's resp_len. */
static void req_queue(struct gpu_req *r, uint32_t cmd_len, uint32_t resp_len)
{
    struct virtq_buf b[2] = {
        {&r->cmd, cmd_len, false},
        {&r->resp, resp_len, true},
    };
    virtq_add(&gpu.ctrl, b, 2, r);
}

/* Waits for r, then frees it; returns the answer's type. Lock held; it is
 * let go while the task sleeps. */
static uint32_t req_wait(struct gpu_req *r)
{
    struct task *t = task_current();
    while (!r->done) {
        if (t) {
            r->waiter = t;
            sched_block(WAKE_DEVICE, UINT64_MAX);
        } else {
            reap(); /* boot: no task to put to sleep */
        }
    }
    r->busy = false;
    return r->resp.hdr.type;
}

/* One command, start to finish. Lock held. */
static uint32_t command(struct gpu_req *r, uint32_t cmd_len, uint32_t resp_len)
{
    req_queue(r, cmd_len, resp_len);
    virtq_kick(&gpu.ctrl);
    return req_wait(r);
}

#define CMD_LEN(field) (uint32_t)(sizeof(struct gpu_hdr) + sizeof(((struct gpu_cmd *)0)->u.field))

/* Lock held. Returns 0 or -1, logged. */
static int simple(struct gpu_req *r, uint32_t cmd_len, const char *what)
{
    uint32_t type = command(r, cmd_len, sizeof(struct gpu_hdr));
    if (type == RESP_OK_NODATA)
        return 0;
    klog_write(TABULA_LOG_WARN, 0, "display: %s failed (answer 0x%x)", what, (unsigned)type);
    return -1;
}

/* The first enabled scanout's size from the host, or 0 x 0. Lock held. */
static void host_mode(uint32_t *w, uint32_t *h)
{
    struct gpu_req *r = req_get(CMD_GET_DISPLAY_INFO);
    *w = *h = 0;
    if (command(r, sizeof(struct gpu_hdr), sizeof(struct gpu_display_info)) != RESP_OK_DISPLAY_INFO)
        return;
    for (int i = 0; i < MAX_SCANOUTS; i++) {
        if (r->resp.info.modes[i].enabled) {
            *w = r->resp.info.modes[i].r.width;
            *h = r->resp.info.modes[i].r.height;
            return;
        }
    }
}

/* Creates a resource of w x h backed by fresh memory and shows it; the old
 * one goes. Lock held, let go while allocating. Returns 0 or -1. */
static int set_mode(uint32_t w, uint32_t h)
{
    size_t bytes = (size_t)w * h * 4;
    uintptr_t base;
    if (w == 0 || h == 0 || w > MAX_SIDE || h > MAX_SIDE)
        return -1;
    if (slots_alloc(&task_arena, bytes, TABULA_SLOT_DISPLAY, &base) < 0) {
        klog_write(TABULA_LOG_WARN, 0, "display: no room for a %ux%u framebuffer (%llu KiB)",
                   (unsigned)w, (unsigned)h, (unsigned long long)(bytes >> 10));
        return -1;
    }
    codewipe_claim(base, bytes, bytes); /* the memset writes all of it */
    memset((void *)base, 0, bytes);
    uint32_t id = gpu.resource == 1 ? 2 : 1;

    struct gpu_req *r = req_get(CMD_RESOURCE_CREATE_2D);
    r->cmd.u.create.resource_id = id;
    r->cmd.u.create.format = FORMAT_B8G8R8X8;
    r->cmd.u.create.width = w;
    r->cmd.u.create.height = h;
    int rc = simple(r, CMD_LEN(create), "resource_create_2d");
    if (rc == 0) {
        r = req_get(CMD_RESOURCE_ATTACH_BACKING);
        r->cmd.u.backing.resource_id = id;
        r->cmd.u.backing.nr_entries = 1;
        r->cmd.u.backing.addr = base;
        r->cmd.u.backing.length = (uint32_t)bytes;
        rc = simple(r, CMD_LEN(backing), "resource_attach_backing");
    }
    if (rc == 0) {
        r = req_get(CMD_SET_SCANOUT);
        r->cmd.u.scanout.r = (struct gpu_rect){0, 0, w, h};
        r->cmd.u.scanout.resource_id = id;
        rc = simple(r, CMD_LEN(scanout), "set_scanout");
    }
    if (rc < 0) {
        slots_free(&task_arena, base);
        return -1;
    }
    if (gpu.resource) {
        r = req_get(CMD_RESOURCE_UNREF);
        r->cmd.u.unref.resource_id = gpu.resource;
        simple(r, CMD_LEN(unref), "resource_unref");
        slots_free(&task_arena, gpu.fb);
    }
    gpu.resource = id;
    gpu.fb = base;
    gpu.width = w;
    gpu.height = h;
    return 0;
}

/* Queues a transfer and a flush for each rectangle, POOL / 2 at a time,
 * and waits for each batch. */
static int gpu_flush(void *dev, const struct tabula_rect *rects, int count)
{
    uintptr_t saved = sched_lock();
    take_turn();
    for (int i = 0; i < count;) {
        struct gpu_req *batch[POOL];
        int n = 0;
        for (; i < count && n + 2 <= POOL; i++) {
            const struct tabula_rect *rc = &rects[i];
            struct gpu_rect g = {(uint32_t)rc->x, (uint32_t)rc->y, (uint32_t)rc->w, (uint32_t)rc->h};
            struct gpu_req *t = req_get(CMD_TRANSFER_TO_HOST_2D), *f;
            t->cmd.u.transfer.r = g;
            t->cmd.u.transfer.offset = ((uint64_t)g.y * gpu.width + g.x) * 4;
            t->cmd.u.transfer.resource_id = gpu.resource;
            req_queue(t, CMD_LEN(transfer), sizeof(struct gpu_hdr));
            f = req_get(CMD_RESOURCE_FLUSH);
            f->cmd.u.flush.r = g;
            f->cmd.u.flush.resource_id = gpu.resource;
            req_queue(f, CMD_LEN(flush), sizeof(struct gpu_hdr));
            batch[n++] = t;
            batch[n++] = f;
        }
        virtq_kick(&gpu.ctrl);
        for (int k = 0; k < n; k++)
            req_wait(batch[k]);
    }
    unbusy();
    sched_unlock(saved);
    return 0;
}

static void gpu_change_mode(void *dev)
{
    uint32_t w, h;
    uintptr_t saved = sched_lock();
    host_mode(&w, &h);
    int rc = (w && h && (w != gpu.width || h != gpu.height)) ? set_mode(w, h) : 1;
    sched_unlock(saved);
    if (rc == 0) {
        klog_write(TABULA_LOG_INFO, 0, "display: the host asked for %ux%u", (unsigned)w, (unsigned)h);
        display_set_mode((uint32_t *)gpu.fb, w, h, w);
    }
}

/* Lock held (interrupt context): a cursor command, or nothing if all
 * eight are in flight (the next move catches up). */
static void cursor_cmd(uint32_t type, int32_t x, int32_t y)
{
    reap();
    for (int i = 0; i < CURSOR_POOL; i++) {
        if (gpu.cursor_busy[i])
            continue;
        struct gpu_cursor_cmd *c = &gpu.cursor_cmds[i];
        memset(c, 0, sizeof *c);
        c->hdr.type = type;
        c->x = (uint32_t)x;
        c->y = (uint32_t)y;
        c->resource_id = CURSOR_RESOURCE;
        c->hot_x = DISPLAY_CURSOR_HOT_X;
        c->hot_y = DISPLAY_CURSOR_HOT_Y;
        struct virtq_buf b = {c, sizeof *c, false};
        if (virtq_add(&gpu.cursorq, &b, 1, c) == 0) {
            gpu.cursor_busy[i] = true;
            virtq_kick(&gpu.cursorq);
        }
        return;
    }
}

static void gpu_pointer(void *dev, int32_t x, int32_t y)
{
    if (gpu.cursor_ready)
        cursor_cmd(CMD_MOVE_CURSOR, x, y);
}

/* The pointer's picture, a 64 x 64 resource of its own. Lock held. */
static void cursor_init(void)
{
    gpu.cursor_pixels = kmalloc_aligned(CURSOR_SIDE * CURSOR_SIDE * 4, 4096);
    if (!gpu.cursor_pixels)
        return;
    display_cursor_image(gpu.cursor_pixels, CURSOR_SIDE);
    struct gpu_req *r = req_get(CMD_RESOURCE_CREATE_2D);
    r->cmd.u.create.resource_id = CURSOR_RESOURCE;
    r->cmd.u.create.format = FORMAT_B8G8R8A8;
    r->cmd.u.create.width = r->cmd.u.create.height = CURSOR_SIDE;
    if (simple(r, CMD_LEN(create), "cursor resource") < 0)
        return;
    r = req_get(CMD_RESOURCE_ATTACH_BACKING);
    r->cmd.u.backing.resource_id = CURSOR_RESOURCE;
    r->cmd.u.backing.nr_entries = 1;
    r->cmd.u.backing.addr = (uintptr_t)gpu.cursor_pixels;
    r->cmd.u.backing.length = CURSOR_SIDE * CURSOR_SIDE * 4;
    if (simple(r, CMD_LEN(backing), "cursor backing") < 0)
        return;
    r = req_get(CMD_TRANSFER_TO_HOST_2D);
    r->cmd.u.transfer.r = (struct gpu_rect){0, 0, CURSOR_SIDE, CURSOR_SIDE};
    r->cmd.u.transfer.resource_id = CURSOR_RESOURCE;
    if (simple(r, CMD_LEN(transfer), "cursor transfer") < 0)
        return;
    gpu.cursor_ready = true;
    cursor_cmd(CMD_UPDATE_CURSOR, (int32_t)gpu.width / 2, (int32_t)gpu.height / 2);
}

static const struct display_ops gpu_display = {
    .flush = gpu_flush,
    .change_mode = gpu_change_mode,
    .pointer = gpu_pointer,
    .task_ended = gpu_task_ended,
};

int virtio_gpu_probe(const struct virtio_dev *d)
{
    if (gpu.dev.regs) {
        klog_write(TABULA_LOG_INFO, 0, "display: a second virtio-gpu at slot %u is not used", d->slot);
        return -TABULA_EBUSY;
    }
    gpu.dev = *d;
    if (!virtio_dev_start(&gpu.dev, 0, 0, "virtio-gpu") ||
        virtq_init(&gpu.dev, &gpu.ctrl, 0, 2 * POOL, "virtio-gpu") < 0 ||
        virtq_init(&gpu.dev, &gpu.cursorq, 1, CURSOR_POOL, "virtio-gpu") < 0) {
        virtio_dev_fail(&gpu.dev);
        gpu.dev.regs = 0;
        return -TABULA_EINVAL;
    }
    virtio_dev_ready(&gpu.dev);
    if (d->irq)
        irq_attach(d->irq, gpu_interrupt, &gpu);

    uint32_t w, h;
    uintptr_t saved = sched_lock();
    host_mode(&w, &h);
    if (!w || !h) {
        w = 1024;
        h = 768;
    }
    int rc = set_mode(w, h);
    if (rc == 0)
        cursor_init();
    sched_unlock(saved);
    if (rc < 0) {
        klog_write(TABULA_LOG_WARN, 0, "display: virtio-gpu found, but no mode could be set");
        return -TABULA_EINVAL;
    }
    display_attach(&gpu_display, &gpu);
    display_set_mode((uint32_t *)gpu.fb, w, h, w);
    klog_write(TABULA_LOG_INFO, 0, "display: virtio-gpu %ux%u, framebuffer at 0x%llx (%llu KiB)",
               (unsigned)w, (unsigned)h, (unsigned long long)gpu.fb,
               (unsigned long long)((size_t)w * h * 4 >> 10));
    return 0;
}
