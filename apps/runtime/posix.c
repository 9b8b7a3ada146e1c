/*
 * posix.c: the process hooks Picolibc and stock C code expect: getpid,
 * kill (and so raise and abort), sysconf, the user (always 0, with no
 * password database), and the environment the spawner passed. A task is a process: its id is its task id.
 *
 * A signal a task sends itself ends it the way a Unix process dies of
 * one: the kernel ends it as aborted (TABULA_END_ABORT) with a backtrace,
 * which the Monitor reports like a crash. Signals whose default is to be
 * ignored are; handlers installed with signal() run first (raise does
 * that, in Picolibc).
 */
#include <errno.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "fd.h"
#include "runtime.h"

pid_t getpid(void)
{
    return tabula->self();
}

pid_t getppid(void)
{
    return 0; /* no task can look up its parent */
}

/* One user, who owns everything; there is no password database. */
uid_t getuid(void)
{
    return 0;
}

struct passwd *getpwuid(uid_t uid)
{
    (void)uid;
    errno = ENOENT;
    return NULL;
}

static int fail(int code)
{
    errno = code;
    return -1;
}

__attribute__((noreturn)) static void die_of(int sig)
{
    runtime_console_flush();
    if (TABULA_HAS(abort))
        tabula->abort(sig);
    tabula->exit(128 + sig);
}

int kill(pid_t pid, int sig)
{
    if (sig < 0 || sig >= NSIG)
        return fail(EINVAL);
    if (pid != getpid() && pid != 0) {
        if (pid < 0)
            return fail(EPERM); /* no process groups */
        if (sig == 0)
            return 0;
        int r = tabula->kill(pid);
        return r < 0 ? fail(r == -TABULA_ESRCH ? ESRCH : EPERM) : 0;
    }
    switch (sig) {
    case 0:
    case SIGCHLD:
#ifdef SIGURG
    case SIGURG:
#endif
#ifdef SIGWINCH
    case SIGWINCH:
#endif
        return 0;
    }
    die_of(sig);
}

void abort(void)
{
    raise(SIGABRT);
    /* A handler returned: abort anyway, as POSIX says. */
    die_of(SIGABRT);
}

long sysconf(int name)
{
    switch (name) {
    case _SC_CLK_TCK:
        return CLOCKS_PER_SEC;
    case _SC_PAGESIZE:
        return 4096;
    case _SC_OPEN_MAX:
        return FD_MAX;
    case _SC_NPROCESSORS_ONLN:
    case _SC_NPROCESSORS_CONF:
        return 1; /* a task has no threads: one hart is all it can use */
    case _SC_ARG_MAX:
        return 4096;
    }
    errno = EINVAL;
    return -1;
}
