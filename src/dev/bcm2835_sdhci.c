/*
 * bcm2835_sdhci.c: the Pi's SD card through its Arasan SDHCI controller
 * (the SD Host Controller Simplified Specification's register set), behind
 * struct block_device.
 *
 * PIO: data moves through the buffer port a word at a time. That keeps
 * the driver small and needs no DMA descriptors or cache maintenance; the
 * block cache above it and multi-block commands (CMD18/CMD25 with the
 * controller's automatic CMD12) keep the commands few. Each wait for a
 * command, a block or the end of a transfer looks at the status register
 * first (QEMU's card answers at once, so it never sleeps there); when the
 * bit is not yet set, a task sleeps until the controller's interrupt (GPU
 * line 62) wakes it, so other tasks run while a real card works. The
 * signal is enabled only for that sleep and the handler turns it off: the
 * status bits stay for the waiter to read and clear. At boot there is no
 * task to put to sleep, and the wait polls.
 *
 * The card is brought up as the Physical Layer Simplified Specification
 * says: CMD0, CMD8, ACMD41 until ready, CMD2, CMD3, CMD9 (its size), CMD7.
 * A standard-capacity card is addressed in bytes, SDHC/SDXC in blocks.
 */
#include "bcm2835_sdhci.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "block.h"
#include "clock.h"
#include "irq.h"
#include "klog.h"
#include "sched.h"
#include "storage.h"
#include "tabula.h"
#include "task.h"

#define R_ARG2 0x00
#define R_BLKSIZE 0x04    /* block size, then block count */
#define R_ARG 0x08
#define R_CMD 0x0c        /* transfer mode, then command */
#define R_RESP0 0x10
#define R_DATA 0x20
#define R_PRESENT 0x24
#define R_HOSTCTL 0x28    /* host control, power, gap, wakeup */
#define R_CLOCK 0x2c      /* clock control, timeout, software reset */
#define R_INT 0x30        /* normal, then error interrupt status */
#define R_INT_EN 0x34
#define R_SIG_EN 0x38

#define P_CMD_INHIBIT (1u << 0)
#define P_DAT_INHIBIT (1u << 1)
#define I_CMD_DONE (1u << 0)
#define I_XFER_DONE (1u << 1)
#define I_WRITE_READY (1u << 4)
#define I_READ_READY (1u << 5)
#define I_ERROR (1u << 15)

#define C_CLOCK_INT (1u << 0)
#define C_CLOCK_STABLE (1u << 1)
#define C_CLOCK_SD (1u << 2)
#define C_RESET_ALL (1u << 24)
#define C_RESET_CMD (1u << 25)
#define C_RESET_DAT (1u << 26)

/* Command register flags (bits 16.. of R_CMD). */
#define RSP_NONE 0u
#define RSP_136 1u
#define RSP_48 2u
#define RSP_48_BUSY 3u
#define F_CRC (1u << 3)
#define F_INDEX (1u << 4)
#define F_DATA (1u << 5)
/* Transfer mode (bits 0..15). */
#define M_COUNT (1u << 1)
#define M_AUTO12 (1u << 2)
#define M_READ (1u << 4)
#define M_MULTI (1u << 5)

#define R1 (RSP_48 | F_CRC | F_INDEX)
#define R1B (RSP_48_BUSY | F_CRC | F_INDEX)
#define R2 (RSP_136 | F_CRC)
#define R3 RSP_48
#define R6 (RSP_48 | F_CRC | F_INDEX)
#define R7 (RSP_48 | F_CRC | F_INDEX)

#define TIMEOUT_NS 500000000ull
#define MAX_BLOCKS 65535u

static struct sd {
    volatile uint32_t *regs;
    struct block_device bd;
    uint32_t rca;
    bool block_addressed;
    uint32_t resp[4];
    bool irq;              /* the interrupt is attached: waits may sleep */
    bool busy;             /* a transfer is under way (sched_lock) */
    struct task *waiter;   /* sleeping for the interrupt (sched_lock) */
} sd;

static uint32_t rd(unsigned off)
{
    return sd.regs[off / 4];
}

static void wr(unsigned off, uint32_t v)
{
    sd.regs[off / 4] = v;
}

static void sd_interrupt(void *arg)
{
    (void)arg;
    wr(R_SIG_EN, 0); /* the line drops; the status stays for the waiter */
    uintptr_t saved = sched_lock();
    if (sd.waiter)
        sched_wake(sd.waiter, WAKE_DEVICE);
    sched_unlock(saved);
}

/* A task's wait for bits: sleeps until the interrupt says one of them or
 * an error is set, or the deadline passes. The status is read with the
 * lock held and the signal enabled, so an interrupt cannot slip between
 * the look and the sleep (its handler waits for the lock, or, on this
 * core, for interrupts to be on again, which the sleep does). */
static void sleep_for(uint32_t bits, uint64_t deadline)
{
    uintptr_t saved = sched_lock();
    sd.waiter = task_current();
    for (;;) {
        wr(R_SIG_EN, bits | I_ERROR | 0xffff0000u);
        if (rd(R_INT) & (bits | I_ERROR) || clock_ns() > deadline)
            break;
        sched_block(WAKE_DEVICE, deadline);
    }
    wr(R_SIG_EN, 0);
    sd.waiter = 0;
    sched_unlock(saved);
}

/* Waits until (R_INT & bits) or an error; returns 0, or -TABULA_EIO
 * after resetting the lines the error left busy. */
static int wait_int(uint32_t bits, const char *what, unsigned cmd)
{
    uint64_t deadline = clock_ns() + TIMEOUT_NS;
    if (sd.irq && task_current() && !(rd(R_INT) & (bits | I_ERROR)))
        sleep_for(bits, deadline);
    for (;;) {
        uint32_t s = rd(R_INT);
        if (s & I_ERROR) {
            wr(R_INT, s);
            wr(R_CLOCK, rd(R_CLOCK) | C_RESET_CMD | C_RESET_DAT);
            while (rd(R_CLOCK) & (C_RESET_CMD | C_RESET_DAT))
                ;
            if (cmd != 8) /* CMD8 fails on old cards by design */
                klog_write(TABULA_LOG_WARN, 0, "sd0: CMD%u: %s failed (error status 0x%x)", cmd,
                           what, (unsigned)(s >> 16));
            return -TABULA_EIO;
        }
        if (s & bits) {
            wr(R_INT, s & bits);
            return 0;
        }
        if (clock_ns() > deadline) {
            klog_write(TABULA_LOG_WARN, 0, "sd0: CMD%u: no answer to %s", cmd, what);
            return -TABULA_EIO;
        }
    }
}

static int command(unsigned index, uint32_t arg, uint32_t flags, uint32_t mode, uint32_t blocks)
{
    uint32_t inhibit = P_CMD_INHIBIT | ((flags & F_DATA) || (flags & 3) == RSP_48_BUSY ? P_DAT_INHIBIT : 0);
    uint64_t deadline = clock_ns() + TIMEOUT_NS;
    while (rd(R_PRESENT) & inhibit)
        if (clock_ns() > deadline)
            return -TABULA_EIO;
    wr(R_INT, 0xffffffffu);
    if (flags & F_DATA)
        wr(R_BLKSIZE, BLOCK_SECTOR | blocks << 16);
    wr(R_ARG, arg);
    wr(R_CMD, mode | (flags | index << 8) << 16);
    int rc = wait_int(I_CMD_DONE, "the command", index);
    if (rc == 0)
        for (int i = 0; i < 4; i++)
            sd.resp[i] = rd(R_RESP0 + 4 * (unsigned)i);
    return rc;
}

static int app_command(unsigned index, uint32_t arg, uint32_t flags)
{
    int rc = command(55, sd.rca << 16, R1, 0, 0);
    return rc ? rc : command(index, arg, flags, 0, 0);
}

static int transfer(uint64_t lba, uint32_t count, void *buf, bool read)
{
    uint8_t *p = buf; /* any alignment: a task's buffer comes straight here */
    while (count) {
        uint32_t n = count < MAX_BLOCKS ? count : MAX_BLOCKS;
        uint32_t arg = (uint32_t)(sd.block_addressed ? lba : lba * BLOCK_SECTOR);
        unsigned cmd = read ? (n > 1 ? 18 : 17) : (n > 1 ? 25 : 24);
        uint32_t mode = (read ? M_READ : 0) | (n > 1 ? M_MULTI | M_COUNT | M_AUTO12 : 0);
        int rc = command(cmd, arg, R1 | F_DATA, mode, n);
        for (uint32_t b = 0; rc == 0 && b < n; b++) {
            rc = wait_int(read ? I_READ_READY : I_WRITE_READY, "a block", cmd);
            for (unsigned w = 0; rc == 0 && w < BLOCK_SECTOR / 4; w++) {
                uint32_t word;
                if (read) {
                    word = rd(R_DATA);
                    memcpy(p, &word, 4);
                } else {
                    memcpy(&word, p, 4);
                    wr(R_DATA, word);
                }
                p += 4;
            }
        }
        if (rc == 0)
            rc = wait_int(I_XFER_DONE, "the transfer", cmd);
        if (rc)
            return rc;
        lba += n;
        count -= n;
    }
    return 0;
}

/* One transfer at a time: a task asleep in one keeps the controller. */
static int one_transfer(uint64_t lba, uint32_t count, void *buf, bool read)
{
    uintptr_t saved = sched_lock();
    while (sd.busy)
        sched_block(WAKE_DEVICE, clock_ns() + 1000000);
    sd.busy = true;
    sched_unlock(saved);
    int rc = transfer(lba, count, buf, read);
    saved = sched_lock();
    sd.busy = false;
    sched_unlock(saved);
    return rc;
}

static int sd_read(struct block_device *d, uint64_t lba, uint32_t count, void *buf)
{
    if (count == 0 || lba >= d->sectors || count > d->sectors - lba)
        return -TABULA_EINVAL;
    return one_transfer(lba, count, buf, true);
}

static int sd_write(struct block_device *d, uint64_t lba, uint32_t count, const void *buf)
{
    if (count == 0 || lba >= d->sectors || count > d->sectors - lba)
        return -TABULA_EINVAL;
    if (d->read_only)
        return -TABULA_EROFS;
    return one_transfer(lba, count, (void *)buf, false);
}

static int sd_flush(struct block_device *d)
{
    (void)d;
    return 0; /* each write command ends when the card has the data */
}

/* The card's size in sectors from its CSD (in resp, without the CRC byte,
 * so CSD bit n is response bit n - 8). */
static uint64_t csd_sectors(void)
{
    const uint32_t *r = sd.resp;
    unsigned structure = (r[3] >> 22) & 3;
    if (structure == 1) {
        uint64_t c_size = (r[1] >> 8) & 0x3fffff;               /* CSD [69:48] */
        return (c_size + 1) * 1024;
    }
    uint32_t c_size = ((r[2] & 0x3) << 10) | (r[1] >> 22);   /* CSD [73:62] */
    uint32_t mult = (r[1] >> 7) & 7;                          /* CSD [49:47] */
    uint32_t bl_len = (r[2] >> 8) & 0xf;                      /* CSD [83:80] */
    return ((uint64_t)c_size + 1) << (mult + 2 + bl_len) >> 9;
}

static int card_init(void)
{
    int rc = command(0, 0, RSP_NONE, 0, 0);
    if (rc)
        return rc;
    bool v2 = command(8, 0x1aa, R7, 0, 0) == 0 && (sd.resp[0] & 0xfff) == 0x1aa;
    uint64_t deadline = clock_ns() + 1000000000ull;
    do {
        rc = app_command(41, 0x00ff8000u | (v2 ? 1u << 30 : 0), R3);
        if (rc)
            return rc;
        if (clock_ns() > deadline) {
            klog_write(TABULA_LOG_WARN, 0, "sd0: the card stays busy (ACMD41)");
            return -TABULA_EIO;
        }
    } while (!(sd.resp[0] & (1u << 31)));
    sd.block_addressed = sd.resp[0] & (1u << 30);
    if ((rc = command(2, 0, R2, 0, 0)) || (rc = command(3, 0, R6, 0, 0)))
        return rc;
    sd.rca = sd.resp[0] >> 16;
    if ((rc = command(9, sd.rca << 16, R2, 0, 0)))
        return rc;
    sd.bd.sectors = csd_sectors();
    if ((rc = command(7, sd.rca << 16, R1B, 0, 0)))
        return rc;
    if (!sd.block_addressed && (rc = command(16, BLOCK_SECTOR, R1, 0, 0)))
        return rc;
    return 0;
}

int bcm2835_sdhci_probe(uintptr_t base, unsigned irq)
{
    sd.regs = (volatile uint32_t *)base;
    wr(R_CLOCK, C_RESET_ALL);
    uint64_t deadline = clock_ns() + TIMEOUT_NS;
    while (rd(R_CLOCK) & C_RESET_ALL)
        if (clock_ns() > deadline) {
            klog_write(TABULA_LOG_WARN, 0, "sd0: the SD controller does not come out of reset");
            return -TABULA_EIO;
        }
    wr(R_HOSTCTL, 0x0f00);               /* bus power on at 3.3 V */
    wr(R_CLOCK, 0x000e0000u | 0x8000u | C_CLOCK_INT); /* slowest timeout counter; divided clock */
    while (!(rd(R_CLOCK) & C_CLOCK_STABLE))
        if (clock_ns() > deadline)
            return -TABULA_EIO;
    wr(R_CLOCK, rd(R_CLOCK) | C_CLOCK_SD);
    wr(R_INT_EN, 0xffffffffu);            /* every status bit; signals only to sleep */
    wr(R_SIG_EN, 0);
    if (!(rd(R_PRESENT) & (1u << 16))) {
        klog_write(TABULA_LOG_INFO, 0, "storage: no SD card");
        return -TABULA_ENOENT;
    }
    sd.bd = (struct block_device){
        .name = "sd0", .read = sd_read, .write = sd_write, .flush = sd_flush, .driver = &sd,
        .read_only = false,
    };
    int rc = card_init();
    if (rc) {
        klog_write(TABULA_LOG_WARN, 0, "sd0: the SD card did not start; no disk");
        return rc;
    }
    /* Write protect: present state bit 19 is set when writing is allowed. */
    sd.bd.read_only = !(rd(R_PRESENT) & (1u << 19));
    sd.irq = irq && irq_attach(irq, sd_interrupt, 0) == 0;
    klog_write(TABULA_LOG_INFO, 0, "storage: sd0, %llu MiB, %s%s (%s)",
               (unsigned long long)(sd.bd.sectors >> 11), sd.block_addressed ? "SDHC" : "SDSC",
               sd.bd.read_only ? ", read-only" : "",
               sd.irq ? "waits on its interrupt" : "polled");
    storage_add_disk(&sd.bd);
    return 0;
}
