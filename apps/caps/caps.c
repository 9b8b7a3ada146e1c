/*
 * caps.c: tries every privileged entry of the syscall table and prints what
 * the kernel answered. Started from the Monitor with `run caps`, it holds
 * no capabilities, so each call is refused with -TABULA_EPERM and a line in
 * the kernel log (see `log`): a live demonstration that the table checks
 * the caller, not only the caller's good manners.
 */
#include <stdio.h>

#include <tabula_app.h>

static void show(const char *call, long rc)
{
    if (rc == -TABULA_EPERM)
        printf("%-12s refused (-TABULA_EPERM)\n", call);
    else
        printf("%-12s returned %ld\n", call, rc);
}

int main(void)
{
    struct tabula_spawn req = {.app = "hello"};
    struct tabula_task_info tasks[4];
    struct tabula_mem_stats mem;
    struct tabula_log_record rec;
    uint64_t seq = 0;

    printf("caps: I am task %d\n", tabula->self());
    show("spawn", tabula->spawn(&req));
    show("kill", tabula->kill(1));
    show("task_list", tabula->task_list(tasks, 4));
    show("mem_stats", tabula->mem_stats(&mem));
    show("log_read", tabula->log_read(&seq, &rec, 1));
    show("power", tabula->power(TABULA_POWER_HALT));
    return 0;
}
