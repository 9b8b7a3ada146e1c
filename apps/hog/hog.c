/*
 * hog.c: an app that never yields, to show what the kernel does about one.
 *
 * Tasks in tabula are cooperative, so a loop that never calls into the
 * kernel keeps the hart to itself. After two seconds (the watchdog's limit)
 * the kernel marks it not responding; from then on it may be preempted so
 * that the Monitor and the other apps keep running, and the attention key,
 * Ctrl-\, ends it from the keyboard whenever its tab has focus.
 *
 *   run hog            spins forever
 *   run hog --for N    spins N seconds, then yields and exits: the
 *                      not-responding mark comes and goes
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tabula_app.h>

/* The counter is volatile so the loop is a real loop, not folded away. */
static volatile unsigned long spins;

int main(int argc, char **argv)
{
    long seconds = -1;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--for") == 0 && i + 1 < argc) {
            seconds = atol(argv[++i]);
        } else {
            fprintf(stderr, "hog: usage: hog [--for SECONDS]\n");
            return 2;
        }
    }
    if (seconds < 0)
        printf("hog: spinning forever without yielding; Ctrl-\\ ends me\n");
    else
        printf("hog: spinning %ld s without yielding\n", seconds);
    fflush(stdout);

    uint64_t until = seconds < 0 ? UINT64_MAX
                                 : tabula->time_ns() + (uint64_t)seconds * 1000000000u;
    /* time_ns is a kernel call, but a short one that never switches: the
     * loop still never yields. */
    while (tabula->time_ns() < until)
        for (int i = 0; i < 100000; i++)
            spins++;
    tabula->yield();
    printf("hog: yielded after %lu spins\n", spins);
    return 0;
}
