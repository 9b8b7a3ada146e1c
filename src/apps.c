/*
 * apps.c: the app archive linked into the kernel image (src/apps_image.S)
 * and the Monitor's lifecycle. The Monitor is an app like the others; what
 * makes it the Monitor is that the kernel starts it with every capability
 * and hands it the console. If it dies, the kernel logs why and starts a
 * new one, so a bug in the shell never leaves the machine without a face.
 */
#include "apps.h"

#include <stdio.h>
#include <string.h>

#include "arch.h"
#include "archive.h"
#include "console.h"
#include "elf.h"
#include "klog.h"
#include "kprintf.h"
#include "platform.h"
#include "sched.h"
#include "task.h"

extern const char apps_image_start[], apps_image_end[];

static struct archive archive;
static char monitor_args[PLATFORM_BOOTARGS_MAX];
static volatile int monitor_dead = 0; /* id of a Monitor awaiting its successor */

int apps_init(void)
{
    char err[TABULA_ERROR_MAX];
    int rc = archive_open(&archive, apps_image_start,
                          (size_t)(apps_image_end - apps_image_start), err, sizeof err);
    if (rc < 0)
        klog_write(TABULA_LOG_ERROR, 0, "app archive: %s", err);
    else
        klog_write(TABULA_LOG_INFO, 0, "app archive: %u apps", (unsigned)archive.count);
    return rc;
}

int apps_find(const char *name, const void **image, size_t *len)
{
    return archive_find(&archive, name, image, len);
}

int apps_list(struct tabula_app_info *out, int max)
{
    int n = 0;
    for (uint32_t i = 0; i < archive.count && n < max; i++) {
        const char *name;
        const void *data;
        size_t size;
        struct elf_info info;
        char err[TABULA_ERROR_MAX];
        if (archive_entry(&archive, i, &name, &data, &size) < 0)
            continue;
        memset(&out[n], 0, sizeof out[n]);
        strncpy(out[n].name, name, TABULA_NAME_MAX - 1);
        out[n].file_size = size;
        if (elf_inspect(&arch_elf_target, data, size, &info, err, sizeof err) == 0) {
            out[n].mem_size = info.mem_size ? info.mem_size : TABULA_DEFAULT_MEM;
            out[n].caps = info.caps;
        }
        n++;
    }
    return n;
}

int apps_index(const void *image)
{
    const void *data;
    for (uint32_t i = 0; archive_entry(&archive, i, NULL, &data, NULL) == 0; i++)
        if (data == image)
            return (int)i;
    return -1;
}

/* The Monitor's argv: its name, then the boot arguments as one string. */
static int monitor_spawn(const char *args)
{
    const char *argv[2] = {"monitor", args};
    struct tabula_spawn req = {
        .app = "monitor",
        .argc = args[0] ? 2 : 1,
        .argv = argv,
        .caps = TABULA_CAP_ALL,
    };
    int id = task_spawn(0, &req);
    if (id < 0) {
        kprintf("tabula: cannot start the Monitor: %s\n", req.error);
        return id;
    }
    uintptr_t saved = sched_lock();
    struct task *t = task_find(id);
    t->console_owner = true;
    console_set_owner(t);
    sched_unlock(saved);
    return id;
}

int apps_start_monitor(const char *bootargs)
{
    snprintf(monitor_args, sizeof monitor_args, "%s", bootargs);
    return monitor_spawn(monitor_args);
}

void apps_monitor_ended(struct task *t)
{
    console_set_owner(0);
    monitor_dead = t->id;
}

void apps_idle(void)
{
    int dead = monitor_dead;
    if (!dead) {
        task_reap_orphans();
        return;
    }
    monitor_dead = 0;
    struct tabula_exit end;
    if (task_reap(0, dead, &end) < 0)
        return;
    klog_set_echo(klog_console_echo);
    klog_write(TABULA_LOG_ERROR, 0, "the Monitor (task %d) ended: %s; starting a new one",
               dead, end.reason);
    /* Commands from exec= already ran once; running them again could loop. */
    char *exec = strstr(monitor_args, "exec=");
    if (exec)
        *exec = 0;
    int id = monitor_spawn(monitor_args);
    if (id > 0)
        task_adopt(dead, id);
}
