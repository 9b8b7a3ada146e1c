/*
 * time.c: clocks and sleeping for apps. CLOCK_MONOTONIC is the kernel's
 * time since boot, CLOCK_REALTIME its wall clock (src/walltime.c: the RTC,
 * or what the storage stack set; 1970 when the machine knows no date),
 * the CPU-time clocks and times() the task's own time on a hart, as the
 * kernel accounts it at every switch.
 */
#include <errno.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>

#include "runtime.h"

#define NS_PER_S 1000000000ull

static uint64_t wall_ns(void)
{
    return TABULA_HAS(walltime_ns) ? tabula->walltime_ns() : 0;
}

static uint64_t cpu_ns(void)
{
    return TABULA_HAS(cpu_ns) ? tabula->cpu_ns() : tabula->time_ns();
}

int clock_gettime(clockid_t clock, struct timespec *ts)
{
    uint64_t ns;
    switch (clock) {
    case CLOCK_REALTIME:
        ns = wall_ns();
        break;
    case CLOCK_MONOTONIC:
        ns = tabula->time_ns();
        break;
    case CLOCK_PROCESS_CPUTIME_ID:
    case CLOCK_THREAD_CPUTIME_ID:
        ns = cpu_ns();
        break;
    default:
        errno = EINVAL;
        return -1;
    }
    ts->tv_sec = (time_t)(ns / NS_PER_S);
    ts->tv_nsec = (long)(ns % NS_PER_S);
    return 0;
}

int clock_getres(clockid_t clock, struct timespec *res)
{
    if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC &&
        clock != CLOCK_PROCESS_CPUTIME_ID && clock != CLOCK_THREAD_CPUTIME_ID) {
        errno = EINVAL;
        return -1;
    }
    if (res) {
        res->tv_sec = 0;
        res->tv_nsec = 1;
    }
    return 0;
}

int gettimeofday(struct timeval *tv, void *tz)
{
    (void)tz;
    uint64_t ns = wall_ns();
    tv->tv_sec = (time_t)(ns / NS_PER_S);
    tv->tv_usec = (suseconds_t)(ns % NS_PER_S / 1000);
    return 0;
}

/* Ticks of CLOCKS_PER_SEC, as Picolibc's clock() reads them from here. */
clock_t times(struct tms *out)
{
    clock_t cpu = (clock_t)(cpu_ns() / (NS_PER_S / CLOCKS_PER_SEC));
    if (out) {
        out->tms_utime = cpu;
        out->tms_stime = 0;
        out->tms_cutime = 0;
        out->tms_cstime = 0;
    }
    return (clock_t)(tabula->time_ns() / (NS_PER_S / CLOCKS_PER_SEC));
}

/* A task's CPU time is all user time; children are not counted (as in
 * times above). */
int getrusage(int who, struct rusage *out)
{
    if (who != RUSAGE_SELF && who != RUSAGE_CHILDREN) {
        errno = EINVAL;
        return -1;
    }
    uint64_t ns = who == RUSAGE_SELF ? cpu_ns() : 0;
    out->ru_utime.tv_sec = (time_t)(ns / NS_PER_S);
    out->ru_utime.tv_usec = (suseconds_t)(ns % NS_PER_S / 1000);
    out->ru_stime.tv_sec = 0;
    out->ru_stime.tv_usec = 0;
    return 0;
}

int nanosleep(const struct timespec *want, struct timespec *left)
{
    if (want->tv_sec < 0 || want->tv_nsec < 0 || want->tv_nsec >= (long)NS_PER_S) {
        errno = EINVAL;
        return -1;
    }
    uint64_t secs = (uint64_t)want->tv_sec;
    uint64_t ns = secs > UINT64_MAX / NS_PER_S ? UINT64_MAX
                                               : secs * NS_PER_S + (uint64_t)want->tv_nsec;
    tabula->sleep_ns(ns);
    if (left) {
        left->tv_sec = 0;
        left->tv_nsec = 0;
    }
    return 0;
}

int usleep(useconds_t us)
{
    tabula->sleep_ns((uint64_t)us * 1000);
    return 0;
}

unsigned sleep(unsigned seconds)
{
    tabula->sleep_ns((uint64_t)seconds * NS_PER_S);
    return 0;
}
