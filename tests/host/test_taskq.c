/*
 * test_taskq.c: the scheduler's run queue and sleep list (taskq.h) against
 * plain arrays: thousands of random pushes, pops, removals and wake-ups,
 * with the links, the tail and the order checked after every step.
 */
#include "check.h"
#include "taskq.h"

#define N 24

static struct task pool[N];

/* The model: the queue's tasks in order, as pool indices. */
struct model {
    int at[N];
    int n;
};

static int model_find(const struct model *m, int i)
{
    for (int k = 0; k < m->n; k++)
        if (m->at[k] == i)
            return k;
    return -1;
}

static void model_take(struct model *m, int k)
{
    for (; k + 1 < m->n; k++)
        m->at[k] = m->at[k + 1];
    m->n--;
}

/* The links say exactly what the model does, tail included. */
static void runqueue_matches(const struct runqueue *q, const struct model *m)
{
    const struct task *t = q->head;
    for (int k = 0; k < m->n; k++, t = t->next)
        CHECK(t == &pool[m->at[k]]);
    CHECK(t == 0);
    CHECK(q->tail == (m->n ? &pool[m->at[m->n - 1]] : 0));
}

static void sleepq_matches(const struct task *list, const struct model *m)
{
    const struct task *t = list;
    for (int k = 0; k < m->n; k++, t = t->next)
        CHECK(t == &pool[m->at[k]]);
    CHECK(t == 0);
}

static void reset(void)
{
    memset(pool, 0, sizeof pool);
    for (int i = 0; i < N; i++)
        pool[i].wake_at = UINT64_MAX;
}

TEST(runqueue_empty_pops_nothing)
{
    reset();
    struct runqueue q = {0, 0};
    CHECK(runqueue_pop(&q) == 0);
    runqueue_unlink(&q, &pool[0]); /* not queued: a no-op */
    CHECK(q.head == 0 && q.tail == 0);
}

TEST(runqueue_is_first_in_first_out)
{
    reset();
    struct runqueue q = {0, 0};
    for (int i = 0; i < 3; i++)
        runqueue_push(&q, &pool[i]);
    CHECK(runqueue_pop(&q) == &pool[0]);
    runqueue_push(&q, &pool[0]); /* a yield: back of the queue */
    CHECK(runqueue_pop(&q) == &pool[1]);
    CHECK(runqueue_pop(&q) == &pool[2]);
    CHECK(runqueue_pop(&q) == &pool[0]);
    CHECK(q.head == 0 && q.tail == 0);
}

/* Removing the tail must move the tail back, or the next push links onto a
 * task that left (the queue then loses everything pushed after it). */
TEST(runqueue_unlink_tail_then_push)
{
    reset();
    struct runqueue q = {0, 0};
    runqueue_push(&q, &pool[0]);
    runqueue_push(&q, &pool[1]);
    runqueue_unlink(&q, &pool[1]);
    CHECK(q.tail == &pool[0]);
    runqueue_push(&q, &pool[2]);
    CHECK(runqueue_pop(&q) == &pool[0]);
    CHECK(runqueue_pop(&q) == &pool[2]);
    CHECK(runqueue_pop(&q) == 0);
}

TEST(runqueue_unlink_only_and_head)
{
    reset();
    struct runqueue q = {0, 0};
    runqueue_push(&q, &pool[0]);
    runqueue_unlink(&q, &pool[0]);
    CHECK(q.head == 0 && q.tail == 0 && pool[0].next == 0);
    runqueue_push(&q, &pool[1]);
    runqueue_push(&q, &pool[2]);
    runqueue_unlink(&q, &pool[1]);
    CHECK(q.head == &pool[2] && q.tail == &pool[2]);
}

TEST(runqueue_random_against_a_model)
{
    reset();
    struct runqueue q = {0, 0};
    struct model m = {.n = 0};
    uint64_t seed = 15;
    for (int step = 0; step < 20000; step++) {
        int i = (int)(check_random(&seed) % N);
        int k = model_find(&m, i);
        switch (check_random(&seed) % 3) {
        case 0: /* make ready: only a task not queued already */
            if (k < 0) {
                pool[i].next = &pool[(i + 1) % N]; /* stale link from a sleep list */
                runqueue_push(&q, &pool[i]);
                m.at[m.n++] = i;
            }
            break;
        case 1: { /* switch to the head */
            struct task *t = runqueue_pop(&q);
            if (m.n) {
                CHECK(t == &pool[m.at[0]]);
                CHECK(t->next == 0);
                model_take(&m, 0);
            } else {
                CHECK(t == 0);
            }
            break;
        }
        case 2: /* killed, queued or not */
            runqueue_unlink(&q, &pool[i]);
            if (k >= 0)
                model_take(&m, k);
            break;
        }
        runqueue_matches(&q, &m);
    }
}

TEST(sleepq_earliest_first_ties_in_arrival_order)
{
    reset();
    struct task *list = 0;
    pool[0].wake_at = 50;
    pool[1].wake_at = 20;
    pool[2].wake_at = 50;
    pool[3].wake_at = 10;
    CHECK(sleepq_insert(&list, &pool[0]));  /* first: the earliest */
    CHECK(sleepq_insert(&list, &pool[1]));  /* earlier */
    CHECK(!sleepq_insert(&list, &pool[2])); /* behind pool[0], same deadline */
    CHECK(sleepq_insert(&list, &pool[3]));
    CHECK(sleepq_pop_due(&list, 9) == 0);
    CHECK(sleepq_pop_due(&list, 10) == &pool[3]);
    CHECK(sleepq_pop_due(&list, 49) == &pool[1]);
    CHECK(sleepq_pop_due(&list, 49) == 0);
    CHECK(sleepq_pop_due(&list, UINT64_MAX - 1) == &pool[0]);
    CHECK(sleepq_pop_due(&list, UINT64_MAX - 1) == &pool[2]);
    CHECK(list == 0 && sleepq_pop_due(&list, UINT64_MAX) == 0);
}

TEST(sleepq_unlink_missing_is_a_no_op)
{
    reset();
    struct task *list = 0;
    sleepq_unlink(&list, &pool[0]);
    pool[1].wake_at = 5;
    sleepq_insert(&list, &pool[1]);
    sleepq_unlink(&list, &pool[0]);
    CHECK(list == &pool[1] && pool[1].next == 0);
    sleepq_unlink(&list, &pool[1]);
    CHECK(list == 0 && pool[1].next == 0);
}

TEST(sleepq_random_against_a_model)
{
    reset();
    struct task *list = 0;
    struct model m = {.n = 0};
    uint64_t seed = 2026, now = 0;
    for (int step = 0; step < 20000; step++) {
        int i = (int)(check_random(&seed) % N);
        int k = model_find(&m, i);
        switch (check_random(&seed) % 4) {
        case 0:
        case 1: /* sleep: a few distinct deadlines ahead, so ties are common */
            if (k < 0) {
                uint64_t at = now + check_random(&seed) % 8;
                if (check_random(&seed) % 64 == 0)
                    at = UINT64_MAX - 1; /* the far end of the clock */
                pool[i].wake_at = at;
                int pos = 0;
                while (pos < m.n && pool[m.at[pos]].wake_at <= at)
                    pos++;
                for (int j = m.n; j > pos; j--)
                    m.at[j] = m.at[j - 1];
                m.at[pos] = i;
                m.n++;
                CHECK_EQ(sleepq_insert(&list, &pool[i]), pos == 0);
            }
            break;
        case 2: /* woken early (a signal, a kill) */
            sleepq_unlink(&list, &pool[i]);
            if (k >= 0) {
                CHECK(pool[i].next == 0);
                model_take(&m, k);
            }
            break;
        case 3: { /* the timer: every due sleeper, earliest first */
            now += check_random(&seed) % 4;
            struct task *t;
            while ((t = sleepq_pop_due(&list, now))) {
                CHECK(m.n > 0 && t == &pool[m.at[0]]);
                CHECK(t->wake_at <= now);
                model_take(&m, 0);
            }
            CHECK(m.n == 0 || pool[m.at[0]].wake_at > now);
            break;
        }
        }
        sleepq_matches(list, &m);
    }
}
