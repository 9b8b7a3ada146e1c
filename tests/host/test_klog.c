/*
 * test_klog.c: the kernel log ring: order, overflow, cursors, truncation,
 * echo, and several writer threads racing a reader.
 */
#include "check.h"
#include "clock.h"
#include "klog.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

static struct tabula_log_record out[KLOG_CAPACITY * 2];

static void fresh(void)
{
    clock_init();
    klog_init();
}

TEST(order_and_fields)
{
    fresh();
    klog_write(TABULA_LOG_INFO, 0, "boot %d", 1);
    klog_write(TABULA_LOG_WARN, 7, "task %s", "seven");
    klog_write(TABULA_LOG_ERROR, 65535, "%s", "");
    uint64_t cursor = 0;
    CHECK_EQ(klog_read(&cursor, out, 10), 3);
    CHECK_EQ(cursor, 4);
    CHECK_EQ(out[0].seq, 1);
    CHECK_EQ(out[1].seq, 2);
    CHECK_EQ(out[2].seq, 3);
    CHECK(strcmp(out[0].text, "boot 1") == 0);
    CHECK(strcmp(out[1].text, "task seven") == 0);
    CHECK(strcmp(out[2].text, "") == 0);
    CHECK_EQ(out[0].level, TABULA_LOG_INFO);
    CHECK_EQ(out[1].level, TABULA_LOG_WARN);
    CHECK_EQ(out[2].level, TABULA_LOG_ERROR);
    CHECK_EQ(out[0].task, 0);
    CHECK_EQ(out[1].task, 7);
    CHECK_EQ(out[2].task, 65535);
    CHECK_EQ(out[0].hart, 0);
    CHECK(out[0].time_ns < out[1].time_ns);
    CHECK(out[1].time_ns < out[2].time_ns);
    CHECK_EQ(klog_read(&cursor, out, 10), 0);
    CHECK_EQ(cursor, 4);
    CHECK_EQ(klog_dropped(), 0);

    /* A cursor in the middle, and max smaller than what is there. */
    cursor = 2;
    CHECK_EQ(klog_read(&cursor, out, 1), 1);
    CHECK_EQ(out[0].seq, 2);
    CHECK_EQ(cursor, 3);
    CHECK_EQ(klog_read(&cursor, out, 0), 0);
    CHECK_EQ(cursor, 3);
}

TEST(clamping_and_newline)
{
    fresh();
    klog_write(-3, -1, "low\n");
    klog_write(99, 70000, "two\n\n");
    uint64_t cursor = 0;
    CHECK_EQ(klog_read(&cursor, out, 10), 2);
    CHECK_EQ(out[0].level, TABULA_LOG_ERROR);
    CHECK_EQ(out[0].task, 0);
    CHECK(strcmp(out[0].text, "low") == 0);
    CHECK_EQ(out[1].level, TABULA_LOG_DEBUG);
    CHECK_EQ(out[1].task, 65535);
    CHECK(strcmp(out[1].text, "two?") == 0);   /* one newline goes, the other is shown */
}

/* Issue 15: an app's log line with escape sequences retitled and cleared
 * the terminal showing it. */
TEST(control_bytes_never_reach_a_terminal)
{
    fresh();
    klog_write(TABULA_LOG_WARN, 5, "esc\033]0;pwned\007\033[2J\x7f\tdone \xc3\xa9");
    uint64_t cursor = 0;
    CHECK_EQ(klog_read(&cursor, out, 10), 1);
    CHECK(strcmp(out[0].text, "esc?]0;pwned??[2J??done \xc3\xa9") == 0);
}

TEST(truncation)
{
    fresh();
    char big[500];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = 0;
    big[TABULA_LOG_TEXT_MAX - 2] = 'z';   /* the last character kept */
    klog_write(TABULA_LOG_INFO, 1, "%s", big);
    uint64_t cursor = 0;
    memset(out, 0x55, sizeof out[0]);
    CHECK_EQ(klog_read(&cursor, out, 1), 1);
    CHECK_EQ(strlen(out[0].text), TABULA_LOG_TEXT_MAX - 1);
    CHECK_EQ(out[0].text[TABULA_LOG_TEXT_MAX - 2], 'z');
    CHECK_EQ(out[0].text[TABULA_LOG_TEXT_MAX - 1], 0);
}

TEST(overflow_drops_oldest)
{
    fresh();
    for (int i = 1; i <= KLOG_CAPACITY + 10; i++)
        klog_write(TABULA_LOG_DEBUG, 0, "r%d", i);
    CHECK_EQ(klog_dropped(), 10);
    uint64_t cursor = 0;
    CHECK_EQ(klog_read(&cursor, out, KLOG_CAPACITY * 2), KLOG_CAPACITY);
    CHECK_EQ(cursor, KLOG_CAPACITY + 11);
    for (int i = 0; i < KLOG_CAPACITY; i++) {
        char want[16];
        snprintf(want, sizeof want, "r%d", i + 11);
        CHECK_EQ(out[i].seq, i + 11);
        CHECK(strcmp(out[i].text, want) == 0);
    }

    /* A stale cursor starts at the oldest kept; chunked reads continue. */
    cursor = 5;
    CHECK_EQ(klog_read(&cursor, out, 7), 7);
    CHECK_EQ(out[0].seq, 11);
    CHECK_EQ(out[6].seq, 17);
    CHECK_EQ(cursor, 18);
    CHECK_EQ(klog_read(&cursor, out, 7), 7);
    CHECK_EQ(out[0].seq, 18);

    /* A cursor from the future is pulled back to the newest. */
    cursor = 100000;
    CHECK_EQ(klog_read(&cursor, out, 7), 0);
    CHECK_EQ(cursor, KLOG_CAPACITY + 11);
    klog_write(TABULA_LOG_INFO, 0, "next");
    CHECK_EQ(klog_read(&cursor, out, 7), 1);
    CHECK_EQ(out[0].seq, KLOG_CAPACITY + 11);
    CHECK_EQ(klog_dropped(), 11);

    klog_init();
    CHECK_EQ(klog_dropped(), 0);
    cursor = 0;
    CHECK_EQ(klog_read(&cursor, out, 7), 0);
    CHECK_EQ(cursor, 1);
}

static int echo_calls;
static struct tabula_log_record echoed;

/* Reads the log back from inside the echo: proves the record is stored
 * before the echo runs and that the lock is not held (else: deadlock). */
static void echo(const struct tabula_log_record *r)
{
    echo_calls++;
    echoed = *r;
    uint64_t cursor = r->seq;
    struct tabula_log_record back;
    CHECK_EQ(klog_read(&cursor, &back, 1), 1);
    CHECK_EQ(back.seq, r->seq);
    CHECK(strcmp(back.text, r->text) == 0);
}

TEST(echo)
{
    fresh();
    echo_calls = 0;
    klog_write(TABULA_LOG_INFO, 0, "before");
    CHECK_EQ(echo_calls, 0);
    klog_set_echo(echo);
    klog_write(TABULA_LOG_WARN, 3, "hello %d", 42);
    CHECK_EQ(echo_calls, 1);
    CHECK_EQ(echoed.seq, 2);
    CHECK_EQ(echoed.level, TABULA_LOG_WARN);
    CHECK_EQ(echoed.task, 3);
    CHECK(strcmp(echoed.text, "hello 42") == 0);
    klog_set_echo(NULL);
    klog_write(TABULA_LOG_INFO, 0, "after");
    CHECK_EQ(echo_calls, 1);
    klog_set_echo(echo);
    klog_init();   /* also stops the echo */
    klog_write(TABULA_LOG_INFO, 0, "after init");
    CHECK_EQ(echo_calls, 1);
}

/* ---- threads ------------------------------------------------------------- */

#define WRITERS 4
#define PER_WRITER 20000

static int writers_done;

static void *writer(void *arg)
{
    int id = (int)(intptr_t)arg;
    for (int n = 0; n < PER_WRITER; n++)
        klog_write(TABULA_LOG_INFO, id, "w%d n%d", id, n);
    __atomic_add_fetch(&writers_done, 1, __ATOMIC_RELEASE);
    return NULL;
}

struct reader_result {
    long records;     /* records read */
    long bad_order;   /* a seq not above the previous one */
    long gaps_reported_wrong; /* out[0].seq below the cursor */
    long bad_writer_order;    /* one writer's n going backwards */
    long bad_text;
    long bad_time;
};

static struct tabula_log_record rbuf[64];

static void *reader(void *arg)
{
    struct reader_result *res = arg;
    uint64_t cursor = 0, last_seq = 0, last_time = 0;
    int last_n[WRITERS + 1];
    for (int i = 0; i <= WRITERS; i++)
        last_n[i] = -1;
    for (;;) {
        int done = __atomic_load_n(&writers_done, __ATOMIC_ACQUIRE) == WRITERS;
        uint64_t before = cursor;
        int n = klog_read(&cursor, rbuf, 64);
        if (n > 0 && rbuf[0].seq < before)
            res->gaps_reported_wrong++;
        for (int i = 0; i < n; i++) {
            struct tabula_log_record *r = &rbuf[i];
            int w, k;
            res->records++;
            if (r->seq <= last_seq || (i > 0 && r->seq != rbuf[i - 1].seq + 1))
                res->bad_order++;
            if (r->time_ns < last_time)
                res->bad_time++;
            last_seq = r->seq;
            last_time = r->time_ns;
            if (sscanf(r->text, "w%d n%d", &w, &k) != 2 || w < 1 ||
                w > WRITERS || w != r->task) {
                res->bad_text++;
                continue;
            }
            if (k <= last_n[w])
                res->bad_writer_order++;
            last_n[w] = k;
        }
        if (done && n == 0)
            break;
    }
    return NULL;
}

TEST(threads)
{
    fresh();
    writers_done = 0;
    struct reader_result res = {0};
    pthread_t w[WRITERS], r;
    CHECK_EQ(pthread_create(&r, NULL, reader, &res), 0);
    for (int i = 0; i < WRITERS; i++)
        CHECK_EQ(pthread_create(&w[i], NULL, writer, (void *)(intptr_t)(i + 1)), 0);
    for (int i = 0; i < WRITERS; i++)
        pthread_join(w[i], NULL);
    pthread_join(r, NULL);
    CHECK_EQ(res.bad_order, 0);
    CHECK_EQ(res.gaps_reported_wrong, 0);
    CHECK_EQ(res.bad_writer_order, 0);
    CHECK_EQ(res.bad_text, 0);
    CHECK_EQ(res.bad_time, 0);
    CHECK(res.records >= KLOG_CAPACITY);
    CHECK(res.records <= WRITERS * PER_WRITER);
    CHECK_EQ(klog_dropped(), WRITERS * PER_WRITER - KLOG_CAPACITY);

    /* Afterwards the ring holds exactly the newest records. */
    uint64_t cursor = 0;
    CHECK_EQ(klog_read(&cursor, out, KLOG_CAPACITY * 2), KLOG_CAPACITY);
    CHECK_EQ(out[0].seq, WRITERS * PER_WRITER - KLOG_CAPACITY + 1);
    CHECK_EQ(cursor, WRITERS * PER_WRITER + 1);
}
