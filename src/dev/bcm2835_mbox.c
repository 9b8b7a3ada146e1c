/*
 * bcm2835_mbox.c: the ARM-to-VideoCore mailbox 0, property channel (8).
 * A message is a buffer in RAM whose bus address, with the channel in its
 * low four bits, is written to the mailbox; the VideoCore answers in place
 * and posts the same word back. The VideoCore does not see the ARM's data
 * cache, so the message is cleaned to RAM before sending and invalidated
 * before reading the answer. Messages go through one static buffer, under
 * a lock, so callers need not align or place theirs.
 */
#include "bcm2835_mbox.h"

#include <string.h>

#include "arch.h"
#include "spinlock.h"
#include "tabula.h"

#define MBOX_READ 0x00
#define MBOX_STATUS 0x18
#define MBOX_WRITE 0x20
#define STATUS_FULL (1u << 31)
#define STATUS_EMPTY (1u << 30)
#define CHANNEL_PROPERTY 8
#define CODE_REQUEST 0
#define CODE_SUCCESS 0x80000000u
#define TAG_RESPONSE (1u << 31)
/* The VideoCore answers within microseconds; this many polls is seconds. */
#define POLL_LIMIT 100000000u

static volatile uint32_t *mbox;
static uint32_t alias;
static struct spinlock lock = SPINLOCK_INIT;
static uint32_t buffer[MBOX_MAX_WORDS] __attribute__((aligned(64)));

void bcm2835_mbox_init(uintptr_t base, uint32_t bus_alias)
{
    mbox = (volatile uint32_t *)base;
    alias = bus_alias;
}

static int exchange(void)
{
    uint32_t word = ((uint32_t)(uintptr_t)buffer | alias) | CHANNEL_PROPERTY;
    uint32_t polls = 0;

    arch_cache_clean(buffer, sizeof buffer);
    while (mbox[MBOX_STATUS / 4] & STATUS_FULL)
        if (++polls == POLL_LIMIT)
            return -TABULA_ENOSYS;
    mbox[MBOX_WRITE / 4] = word;
    for (;;) {
        while (mbox[MBOX_STATUS / 4] & STATUS_EMPTY)
            if (++polls == POLL_LIMIT)
                return -TABULA_ENOSYS;
        if (mbox[MBOX_READ / 4] == word)
            break;
    }
    arch_cache_invalidate(buffer, sizeof buffer);
    return buffer[1] == CODE_SUCCESS ? 0 : -TABULA_EINVAL;
}

int bcm2835_mbox_property(uint32_t *msg)
{
    uint32_t size = msg[0];
    if (!mbox)
        return -TABULA_ENOSYS;
    if (size < 12 || size % 4 || size > sizeof buffer)
        return -TABULA_EINVAL;
    uintptr_t saved = spin_lock_irqsave(&lock);
    memcpy(buffer, msg, size);
    buffer[1] = CODE_REQUEST;
    int rc = exchange();
    memcpy(msg, buffer, size);
    spin_unlock_irqrestore(&lock, saved);
    return rc;
}

int bcm2835_mbox_tag(uint32_t tag, uint32_t *val, unsigned in, unsigned out)
{
    uint32_t msg[MBOX_MAX_WORDS];
    unsigned len = in > out ? in : out;
    if (len + 6 > MBOX_MAX_WORDS)
        return -TABULA_EINVAL;
    msg[0] = (len + 6) * 4;
    msg[1] = CODE_REQUEST;
    msg[2] = tag;
    msg[3] = len * 4;
    msg[4] = 0;
    memset(&msg[5], 0, len * 4);
    memcpy(&msg[5], val, in * 4);
    msg[5 + len] = 0;
    int rc = bcm2835_mbox_property(msg);
    if (rc < 0)
        return rc;
    if (!(msg[4] & TAG_RESPONSE))
        return -TABULA_EINVAL;
    memcpy(val, &msg[5], out * 4);
    return 0;
}
