/*
 * hidreport.c: a HID report descriptor walked item by item (see
 * hidreport.h). Global items (usage page, logical range, report size,
 * count and ID) persist; local ones (usages) last until the next main
 * item; each Input main item lays out count fields of size bits at the
 * current bit offset of its report. Push, pop, delimiters and long items
 * are stepped over.
 */
#include "hidreport.h"

#include <string.h>

#define TYPE_MAIN 0
#define TYPE_GLOBAL 1
#define TYPE_LOCAL 2
#define MAIN_INPUT 0x8
#define GLOBAL_USAGE_PAGE 0x0
#define GLOBAL_LOGICAL_MIN 0x1
#define GLOBAL_LOGICAL_MAX 0x2
#define GLOBAL_REPORT_SIZE 0x7
#define GLOBAL_REPORT_ID 0x8
#define GLOBAL_REPORT_COUNT 0x9
#define LOCAL_USAGE 0x0
#define LOCAL_USAGE_MIN 0x1
#define LOCAL_USAGE_MAX 0x2
#define INPUT_CONSTANT (1u << 0)
#define INPUT_RELATIVE (1u << 2)
#define PAGE_DESKTOP 0x01
#define PAGE_BUTTON 0x09
#define USAGE_X 0x30
#define USAGE_Y 0x31
#define USAGE_WHEEL 0x38
#define MAX_USAGES 16
#define LONG_ITEM 0xfe

struct walk {
    uint32_t page;
    int32_t min, max;
    uint32_t size, count;
    uint8_t id;
    uint32_t usages[MAX_USAGES];
    unsigned nusages;
    uint32_t usage_min, usage_max;
    bool range;
    uint32_t offset[256];   /* the next bit of each report, by ID */
};

static uint32_t unsigned_value(const uint8_t *p, unsigned n)
{
    uint32_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v |= (uint32_t)p[i] << (8 * i);
    return v;
}

static int32_t signed_value(const uint8_t *p, unsigned n)
{
    uint32_t v = unsigned_value(p, n);
    if (n == 1)
        return (int8_t)v;
    if (n == 2)
        return (int16_t)v;
    return (int32_t)v;
}

/* The usage of field i of an Input item, with the page: page << 16 | id.
 * A usage given with its page (4 bytes) keeps it. */
static uint32_t usage_of(const struct walk *w, unsigned i)
{
    uint32_t u;
    if (w->range)
        u = w->usage_min + i <= w->usage_max ? w->usage_min + i : w->usage_max;
    else if (w->nusages)
        u = w->usages[i < w->nusages ? i : w->nusages - 1];
    else
        return 0;
    return u > 0xffff ? u : w->page << 16 | u;
}

static void take(struct hidreport_pointer *p, struct hidreport_field *f, const struct walk *w,
                 uint32_t offset, uint32_t flags)
{
    if (f->present)
        return;
    f->present = true;
    f->relative = flags & INPUT_RELATIVE;
    f->offset = (uint16_t)offset;
    f->size = (uint16_t)w->size;
    f->min = w->min;
    f->max = w->max;
}

static void input(struct hidreport_pointer *p, struct walk *w, uint32_t flags)
{
    uint32_t at = w->offset[w->id];
    for (unsigned i = 0; i < w->count; i++, at += w->size) {
        if (flags & INPUT_CONSTANT || w->size == 0 || w->size > 32)
            continue;
        uint32_t u = usage_of(w, i);
        if (p->x.present && w->id != p->report_id)
            continue; /* the pointer's fields all come from X's report */
        if (u == (PAGE_DESKTOP << 16 | USAGE_X)) {
            p->report_id = w->id;
            take(p, &p->x, w, at, flags);
        } else if (u == (PAGE_DESKTOP << 16 | USAGE_Y)) {
            take(p, &p->y, w, at, flags);
        } else if (u == (PAGE_DESKTOP << 16 | USAGE_WHEEL)) {
            take(p, &p->wheel, w, at, flags);
        } else if (u >> 16 == PAGE_BUTTON && (u & 0xffff) >= 1 && (u & 0xffff) <= 3) {
            take(p, &p->button[(u & 0xffff) - 1], w, at, flags);
        }
    }
    w->offset[w->id] = at;
}

int hidreport_parse_pointer(const uint8_t *desc, size_t len, struct hidreport_pointer *out)
{
    static struct walk w; /* boot time, one device at a time */
    memset(&w, 0, sizeof w);
    memset(out, 0, sizeof *out);
    for (size_t at = 0; at < len;) {
        uint8_t prefix = desc[at];
        if (prefix == LONG_ITEM) {
            if (at + 1 >= len)
                return -1;
            at += 3u + desc[at + 1];
            continue;
        }
        unsigned n = prefix & 3 ? 1u << ((prefix & 3) - 1) : 0;
        if (at + 1 + n > len)
            return -1;
        const uint8_t *data = desc + at + 1;
        unsigned type = (prefix >> 2) & 3, tag = prefix >> 4;
        uint32_t v = unsigned_value(data, n);
        if (type == TYPE_MAIN) {
            if (tag == MAIN_INPUT && (!out->x.present || w.id == out->report_id))
                input(out, &w, v);
            else if (tag == MAIN_INPUT)
                w.offset[w.id] += w.size * w.count;
            w.nusages = 0;
            w.range = false;
        } else if (type == TYPE_GLOBAL) {
            switch (tag) {
            case GLOBAL_USAGE_PAGE: w.page = v; break;
            case GLOBAL_LOGICAL_MIN: w.min = signed_value(data, n); break;
            case GLOBAL_LOGICAL_MAX: w.max = signed_value(data, n); break;
            case GLOBAL_REPORT_SIZE: w.size = v; break;
            case GLOBAL_REPORT_COUNT: w.count = v; break;
            case GLOBAL_REPORT_ID: w.id = (uint8_t)v; break;
            }
        } else if (type == TYPE_LOCAL) {
            if (tag == LOCAL_USAGE && w.nusages < MAX_USAGES)
                w.usages[w.nusages++] = v;
            else if (tag == LOCAL_USAGE_MIN) {
                w.usage_min = v;
                w.range = true;
            } else if (tag == LOCAL_USAGE_MAX) {
                w.usage_max = v;
            }
        }
        at += 1 + n;
    }
    /* A logical maximum below the minimum means the range was read as
     * signed where the device meant unsigned (0..0xffff in two bytes). */
    struct hidreport_field *axes[] = {&out->x, &out->y};
    for (int i = 0; i < 2; i++)
        if (axes[i]->max < axes[i]->min && axes[i]->size <= 16)
            axes[i]->max &= (int32_t)((1u << axes[i]->size) - 1);
    return out->x.present && out->y.present ? 0 : -1;
}

int32_t hidreport_get(const struct hidreport_field *f, const uint8_t *report, size_t len)
{
    if (!f->present || f->size == 0 || (size_t)f->offset + f->size > len * 8)
        return 0;
    uint64_t bits = 0;
    unsigned first = f->offset / 8, last = (f->offset + f->size - 1) / 8;
    for (unsigned i = first; i <= last; i++)
        bits |= (uint64_t)report[i] << (8 * (i - first));
    uint32_t v = (uint32_t)(bits >> (f->offset % 8));
    if (f->size < 32)
        v &= (1u << f->size) - 1;
    if (f->min < 0 && f->size < 32 && (v & (1u << (f->size - 1))))
        v |= ~0u << f->size;
    return (int32_t)v;
}
