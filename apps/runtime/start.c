/*
 * start.c: the life of a task on the C side, from the entry point to
 * exit. The architecture's _start (arch_<isa>.S) calls runtime_start with
 * the kernel's arguments; it records the syscall table and the stack
 * limit, gives the task its thread-local storage (Picolibc's errno lives
 * there), runs constructors, calls main and exits with its result. It also
 * holds the two system hooks Picolibc expects from an OS: sbrk for malloc
 * and _exit. The rest of the POSIX-shaped runtime: fd.c (descriptors),
 * console.c (the console's streams), posix.c (processes, signals,
 * sysconf), time.c (clocks, sleeping) and malloc.c (the allocator).
 *
 * Each task runs a private copy of its image, so these globals are per task.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime.h"

const struct tabula_sys *tabula;
uintptr_t runtime_stack_limit;

/* From linker/task.ld: the TLS template and the block reserved in .bss. */
extern char __tdata_start[], __tdata_end[], __tbss_end[], __tls_block[];

/* Picolibc calls these from __libc_init_array/__libc_fini_array. They must
 * exist: an undefined weak function would resolve to the load address. */
void _init(void) {}
void _fini(void) {}

void __libc_init_array(void);
int main(int argc, char **argv);

static void say(const struct tabula_sys *sys, const char *text)
{
    sys->write(text, strlen(text));
}

/* Builds this task's TLS block from the template and points the thread
 * pointer at it. Until this runs, nothing may touch errno. */
static void tls_init(void)
{
    size_t data = (uintptr_t)__tdata_end - (uintptr_t)__tdata_start;
    size_t total = (uintptr_t)__tbss_end - (uintptr_t)__tdata_start;

    memcpy(__tls_block, __tdata_start, data);
    memset(__tls_block + data, 0, total - data);
    runtime_arch_set_tls(__tls_block);
}

void runtime_start(const struct tabula_sys *sys, int argc, char **argv,
                   uintptr_t stack_limit)
{
    /* A table whose entries changed meaning cannot be trusted beyond the
     * first few; write and exit are the oldest and stay put. */
    if (sys->abi_version != TABULA_ABI_VERSION) {
        say(sys, "app runtime: kernel ABI version differs from the one this "
                 "app was built for; rebuild the app\n");
        sys->exit(127);
    }
    tabula = sys;
    runtime_stack_limit = stack_limit;
    tls_init();
    /* The kernel puts the environment after argv's closing NULL. */
    environ = argv + argc + 1;
    runtime_console_init();
    __libc_init_array();
    exit(main(argc, argv));
}

/* Picolibc's malloc grows the heap through sbrk; the kernel owns the break,
 * which starts at the end of the image (_end in task.ld). */
void *sbrk(ptrdiff_t increment)
{
    void *old = tabula->sbrk(increment);

    if (old == (void *)-1)
        errno = ENOMEM;
    return old;
}

void _exit(int status)
{
    tabula->exit(status);
}
