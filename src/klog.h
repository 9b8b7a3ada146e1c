/*
 * klog.h: the kernel log, a fixed ring of struct tabula_log_record shared by
 * every hart and interrupt handler. Writers never block and never allocate;
 * when the ring is full the oldest record is dropped and counted. Readers
 * (the Monitor's log tab, the panic path) follow it with a sequence cursor.
 */
#ifndef KLOG_H
#define KLOG_H

#include <stdarg.h>
#include <stdint.h>

#include "tabula.h"

#define KLOG_CAPACITY 256   /* records kept */

/* Empties the ring, zeroes the counters and stops the echo. The ring also
 * works without it, from its static initial state. */
void klog_init(void);

/* Appends one record stamped with the time, hart, level (clamped to
 * TABULA_LOG_ERROR..DEBUG) and task (0: the kernel). The text is cut at
 * TABULA_LOG_TEXT_MAX - 1 bytes and one trailing newline is dropped. Safe
 * from interrupt handlers and any hart. */
void klog_write(int level, int task, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void klog_vwrite(int level, int task, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

/*
 * Copies up to max records with seq >= *next_seq, oldest first, and moves
 * *next_seq past the last one copied. A cursor older than the oldest record
 * kept starts at the oldest (out[0].seq then tells how many were missed); a
 * cursor beyond the newest is pulled back to it. Sequence numbers start at
 * 1, so a cursor of 0 reads everything still kept. Returns the count.
 */
int klog_read(uint64_t *next_seq, struct tabula_log_record *out, int max);

/* Records overwritten since boot (or klog_init). */
uint64_t klog_dropped(void);
/* Records written since boot. */
uint64_t klog_records(void);

/* echo(r) is called for each new record after it is stored, outside the
 * lock, on the writing hart; NULL stops it. The kernel prints through it
 * until the Monitor takes over the console. */
void klog_set_echo(void (*echo)(const struct tabula_log_record *r));

#endif
