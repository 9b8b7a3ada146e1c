/*
 * test_task_ids.c: task ids stay within what the log and the trace can name
 * (1..65,534), wrap, and never hand out an id a task entry still holds.
 */
#include "check.h"
#include "taskid.h"
#include "tabula.h"

static bool used[TASKID_MAX + 2];

static bool taken(int id)
{
    CHECK(id >= 1 && id <= TASKID_MAX);
    return used[id];
}

TEST(ids_count_up_from_one)
{
    memset(used, 0, sizeof used);
    int last = 0;
    CHECK_EQ(taskid_next(&last, taken), 1);
    CHECK_EQ(taskid_next(&last, taken), 2);
    CHECK_EQ(last, 2);
}

TEST(ids_wrap_below_the_unknown_marker)
{
    memset(used, 0, sizeof used);
    int last = TASKID_MAX - 1;
    CHECK_EQ(taskid_next(&last, taken), TASKID_MAX);
    CHECK(TASKID_MAX < TABULA_TRACE_TASK_UNKNOWN);
    CHECK_EQ(taskid_next(&last, taken), 1);
}

TEST(ids_in_use_are_skipped_after_a_wrap)
{
    memset(used, 0, sizeof used);
    used[1] = used[2] = used[4] = true; /* the Monitor and two long-lived tasks */
    int last = TASKID_MAX;
    CHECK_EQ(taskid_next(&last, taken), 3);
    CHECK_EQ(taskid_next(&last, taken), 5);
}

/* 200,000 spawns with 32 entries in use at a time: every id handed out is
 * free at that moment and fits 16 bits. */
TEST(many_spawns_with_a_full_table)
{
    memset(used, 0, sizeof used);
    int live[32] = {0}, last = 0;
    uint64_t seed = 65536;
    for (int i = 0; i < 200000; i++) {
        int slot = (int)(check_random(&seed) % 32);
        if (live[slot])
            used[live[slot]] = false;
        int id = taskid_next(&last, taken);
        CHECK(!used[id] && id >= 1 && id <= 0xfffe);
        used[id] = true;
        live[slot] = id;
    }
}
