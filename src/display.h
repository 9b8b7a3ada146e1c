/*
 * display.h: the display, as the kernel offers it to the console's owner
 * (the Monitor): a framebuffer in kernel memory that it draws into and
 * shows rectangle by rectangle, and the pointer's events. A driver
 * (virtio_gpu.c) attaches with an ops struct; an input driver
 * (virtio_input.c) reports the pointer. Mechanism only: what is drawn,
 * and what a click means, is the Monitor's business.
 */
#ifndef DISPLAY_H
#define DISPLAY_H

#include <stdbool.h>
#include <stdint.h>

#include "tabula.h"

struct task;

struct display_ops {
    /* Shows rects (clipped, non-empty, at most TABULA_FLUSH_MAX); returns
     * when the device has the pixels. May block the calling task. */
    int (*flush)(void *dev, const struct tabula_rect *rects, int count);
    /* Follows the mode the host asked for (display_set_mode when it
     * changes). May block. */
    void (*change_mode)(void *dev);
    /* Puts the hardware pointer at (x, y). Interrupt context, with the
     * scheduler lock held. */
    void (*pointer)(void *dev, int32_t x, int32_t y);
    /* Task t ended, possibly in the middle of flush or change_mode (a kill
     * takes a task wherever it blocks): let go of what it held. Scheduler
     * lock held. Optional. */
    void (*task_ended)(void *dev, struct task *t);
};

/* Driver side. */
void display_attach(const struct display_ops *ops, void *dev);
void display_set_mode(uint32_t *pixels, uint32_t width, uint32_t height, uint32_t stride);
/* Interrupt context: the host wants another mode; made at the next
 * display_info, and the console's owner is told. */
void display_mode_wanted(void);

/* Input side, interrupt context. Absolute position in [0, range]. */
void display_pointer_absolute(int axis, uint32_t value, uint32_t range);
void display_pointer_relative(int axis, int32_t delta);
void display_pointer_button(int button, bool pressed);
void display_pointer_wheel(int notches);
/* An input report is complete (EV_SYN): queue the move it made. */
void display_pointer_sync(void);

/* The pointer's picture for a hardware cursor: side x side pixels,
 * 0xAARRGGBB, its hot spot at (DISPLAY_CURSOR_HOT_X, _Y). */
#define DISPLAY_CURSOR_HOT_X 1
#define DISPLAY_CURSOR_HOT_Y 1
void display_cursor_image(uint32_t *argb, int side);

/* The syscalls. */
int display_info(struct tabula_display_info *out);
int display_flush(const struct tabula_rect *rects, int count);
int display_pointer_read(struct tabula_pointer_event *out, int max);

/* True when the console's owner has pointer events or a mode change to
 * hear about (poll). Scheduler lock held. */
bool display_news(void);
bool display_present(void);

/* Tells the driver that t ended (task_end, scheduler lock held). */
void display_task_ended(struct task *t);

#endif
