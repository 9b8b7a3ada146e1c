/*
 * bcm2835_mbox.h: the mailbox to the Pi's VideoCore, property channel. The
 * VideoCore's firmware answers questions (how much RAM the ARM has, the
 * board revision) and does things (allocate a framebuffer) through tagged
 * messages in RAM.
 */
#ifndef BCM2835_MBOX_H
#define BCM2835_MBOX_H

#include <stdint.h>

/* Property tags tabula uses; see the firmware's mailbox documentation. */
#define MBOX_TAG_BOARD_REVISION 0x00010002
#define MBOX_TAG_ARM_MEMORY 0x00010005   /* base, size */
#define MBOX_TAG_VC_MEMORY 0x00010006    /* base, size */

/* Largest property message bcm2835_mbox_property accepts, in words. */
#define MBOX_MAX_WORDS 64

/* base: the mailbox registers; bus_alias: what the VideoCore adds to an
 * ARM physical address to reach the same RAM uncached (0xc0000000). */
void bcm2835_mbox_init(uintptr_t base, uint32_t bus_alias);

/*
 * Sends a property message and waits for the answer, which overwrites it:
 * msg[0] is its size in bytes (a multiple of 4, at most MBOX_MAX_WORDS
 * words), msg[1] 0, then the tags, then a 0 end tag. Returns 0;
 * -TABULA_ENOSYS if the VideoCore does not answer (no mailbox);
 * -TABULA_EINVAL for a malformed message or one the VideoCore refused
 * (each tag's own status is the caller's to check).
 */
int bcm2835_mbox_property(uint32_t *msg);

/* One tag: sends `in` words (len = max(in, out) words of buffer) and reads
 * back `out` words into val. Returns 0, or an error as above (also
 * -TABULA_EINVAL when the tag got no response). */
int bcm2835_mbox_tag(uint32_t tag, uint32_t *val, unsigned in, unsigned out);

#endif
