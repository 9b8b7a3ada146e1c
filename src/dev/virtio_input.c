/*
 * virtio_input.c: virtio-input devices (virtio 1.x, section 5.8), which
 * report Linux input events: {type, code, value}. The configuration space
 * says what a device is: one that reports absolute axes is a tablet, one
 * with relative axes a mouse, any other with keys a keyboard. A keyboard's
 * keys go through the keymap into the console's input, byte for byte what
 * a serial terminal would have sent (the attention key included); a
 * tablet's or a mouse's reports move the display's pointer.
 *
 * The event queue is kept full of 8-byte buffers; the interrupt handler
 * takes each used one, acts on it and gives it straight back.
 */
#include "virtio_input.h"

#include <string.h>

#include "console.h"
#include "keyev.h"
#include "display.h"
#include "irq.h"
#include "keymap.h"
#include "klog.h"
#include "sched.h"
#include "tabula.h"

#define CFG_SELECT 0
#define CFG_SUBSEL 1
#define CFG_SIZE 2
#define CFG_DATA 8
#define CFG_ID_NAME 0x01
#define CFG_EV_BITS 0x11
#define CFG_ABS_INFO 0x12

#define EV_SYN 0
#define EV_KEY 1
#define EV_REL 2
#define EV_ABS 3
#define REL_X 0
#define REL_Y 1
#define REL_WHEEL 8
#define ABS_X 0
#define ABS_Y 1
#define BTN_LEFT 0x110
#define BTN_RIGHT 0x111
#define BTN_MIDDLE 0x112
#define BTN_GEAR_DOWN 0x150 /* QEMU's tablet reports its wheel as these */
#define BTN_GEAR_UP 0x151

#define EVENTS 64
#define MAX_DEVICES 4

enum input_kind { INPUT_KEYBOARD, INPUT_TABLET, INPUT_MOUSE };

struct input_event {
    uint16_t type, code;
    uint32_t value;
};

struct input_dev {
    struct virtio_dev dev;
    struct virtq q;
    enum input_kind kind;
    uint32_t abs_min[2], abs_max[2];
    struct keymap_state keys;
    struct input_event events[EVENTS];
};

static struct input_dev inputs[MAX_DEVICES];
static unsigned ninputs;

static void key_event(struct input_dev *in, unsigned code, int value)
{
    char bytes[KEYMAP_OUT_MAX];
    keyev_key(code, value);
    int n = keymap_key(&in->keys, code, value, bytes);
    for (int i = 0; i < n; i++)
        console_input(bytes[i]);
}

static void pointer_event(struct input_dev *in, const struct input_event *e)
{
    int32_t v = (int32_t)e->value;
    switch (e->type) {
    case EV_ABS:
        if (e->code <= ABS_Y) {
            uint32_t lo = in->abs_min[e->code], hi = in->abs_max[e->code];
            display_pointer_absolute(e->code, v < (int32_t)lo ? 0 : (uint32_t)v - lo, hi - lo);
        }
        break;
    case EV_REL:
        if (e->code <= REL_Y)
            display_pointer_relative(e->code, v);
        else if (e->code == REL_WHEEL)
            display_pointer_wheel(v);
        break;
    case EV_KEY:
        if (e->code == BTN_LEFT || e->code == BTN_RIGHT || e->code == BTN_MIDDLE)
            display_pointer_button(e->code == BTN_LEFT ? TABULA_BUTTON_LEFT
                                   : e->code == BTN_RIGHT ? TABULA_BUTTON_RIGHT
                                                          : TABULA_BUTTON_MIDDLE, v != 0);
        else if ((e->code == BTN_GEAR_UP || e->code == BTN_GEAR_DOWN) && v)
            display_pointer_wheel(e->code == BTN_GEAR_UP ? 1 : -1);
        break;
    case EV_SYN:
        display_pointer_sync();
        break;
    }
}

/* Puts event buffer i back on the queue. Lock held. */
static void give(struct input_dev *in, unsigned i)
{
    struct virtq_buf b = {&in->events[i], sizeof in->events[i], true};
    virtq_add(&in->q, &b, 1, &in->events[i]);
}

static void input_interrupt(void *arg)
{
    struct input_dev *in = arg;
    struct input_event *e, got[EVENTS];
    unsigned n = 0;
    virtio_irq_ack(&in->dev);
    /* Copy the events out under the lock; act on them after, because
     * acting takes the lock again (console_input, display_pointer_*). */
    uintptr_t saved = sched_lock();
    while (n < EVENTS && (e = virtq_take(&in->q, 0))) {
        got[n++] = *e;
        give(in, (unsigned)(e - in->events));
    }
    if (n)
        virtq_kick(&in->q);
    sched_unlock(saved);
    for (unsigned i = 0; i < n; i++) {
        if (in->kind == INPUT_KEYBOARD) {
            if (got[i].type == EV_KEY)
                key_event(in, got[i].code, (int)got[i].value);
        } else {
            pointer_event(in, &got[i]);
        }
    }
}

/* The device's answer for (select, subsel), into buf; returns its size. */
static unsigned config(struct input_dev *in, uint8_t select, uint8_t subsel, void *buf,
                       unsigned cap)
{
    uint8_t size;
    virtio_config_write8(&in->dev, CFG_SELECT, select);
    virtio_config_write8(&in->dev, CFG_SUBSEL, subsel);
    virtio_config_read(&in->dev, CFG_SIZE, &size, 1);
    unsigned n = size < cap ? size : cap;
    virtio_config_read(&in->dev, CFG_DATA, buf, n);
    return size;
}

int virtio_input_probe(const struct virtio_dev *d)
{
    static const char *const kinds[] = {"keyboard", "tablet", "mouse"};
    if (ninputs == MAX_DEVICES) {
        klog_write(TABULA_LOG_INFO, 0, "input: more than %d devices; slot %u not used",
                   MAX_DEVICES, d->slot);
        return -TABULA_ENOMEM;
    }
    struct input_dev *in = &inputs[ninputs];
    memset(in, 0, sizeof *in);
    in->dev = *d;
    if (!virtio_dev_start(&in->dev, 0, 0, "virtio-input"))
        return -TABULA_EINVAL;

    char name[64] = "";
    uint8_t bits[16];
    config(in, CFG_ID_NAME, 0, name, sizeof name - 1);
    if (config(in, CFG_EV_BITS, EV_ABS, bits, sizeof bits)) {
        in->kind = INPUT_TABLET;
        for (int axis = 0; axis < 2; axis++) {
            uint32_t info[2] = {0, 0x7fff}; /* min, max */
            config(in, CFG_ABS_INFO, (uint8_t)axis, info, sizeof info);
            in->abs_min[axis] = info[0];
            in->abs_max[axis] = info[1] > info[0] ? info[1] : info[0] + 1;
        }
    } else if (config(in, CFG_EV_BITS, EV_REL, bits, sizeof bits)) {
        in->kind = INPUT_MOUSE;
    } else if (config(in, CFG_EV_BITS, EV_KEY, bits, sizeof bits)) {
        in->kind = INPUT_KEYBOARD;
    } else {
        klog_write(TABULA_LOG_INFO, 0, "input: '%s' reports neither keys nor motion; not used", name);
        virtio_dev_fail(&in->dev);
        return -TABULA_EINVAL;
    }
    virtio_config_write8(&in->dev, CFG_SELECT, 0);
    if (virtq_init(&in->dev, &in->q, 0, EVENTS, "virtio-input") < 0) {
        virtio_dev_fail(&in->dev);
        return -TABULA_ENOMEM;
    }
    uintptr_t saved = sched_lock();
    for (unsigned i = 0; i < EVENTS && i < in->q.size; i++)
        give(in, i);
    sched_unlock(saved);
    virtio_dev_ready(&in->dev);
    virtq_kick(&in->q);
    if (!d->irq || irq_attach(d->irq, input_interrupt, in) < 0) {
        klog_write(TABULA_LOG_WARN, 0, "input: '%s' has no interrupt; not used", name);
        virtio_dev_fail(&in->dev);
        return -TABULA_EINVAL;
    }
    ninputs++;
    klog_write(TABULA_LOG_INFO, 0, "input: %s '%s'", kinds[in->kind], name);
    return 0;
}
