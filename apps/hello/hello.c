/*
 * hello.c: the first tabula app, and a template for yours.
 *
 * An app is an ordinary C program. Make a directory apps/NAME/, put one or
 * more .c files in it, and `make` turns them into build/apps/NAME.elf and
 * packs that into the app archive the kernel boots with. In the Monitor,
 * `run NAME ARGS...` starts it in a slot of its own.
 *
 * What you have:
 *   - Picolibc: printf, puts, getchar, fgets, malloc, free, string.h, ...
 *     stdout goes to the app's console a line at a time.
 *   - main(argc, argv) as usual; returning from main (or calling exit)
 *     ends the task, and the Monitor shows the exit code.
 *   - The kernel's syscall table, for what libc cannot do (sleeping,
 *     yielding, the clock): include <tabula_app.h> and call, for example,
 *     tabula->sleep_ns(1000000000). See src/include/tabula.h for the list.
 *
 * What to keep in mind:
 *   - Tasks are cooperative: a long loop should call tabula->yield() now and
 *     then so others get a turn (the Monitor can still kill a runaway app).
 *   - The stack is checked on every function call: a runaway recursion is
 *     stopped and reported as a stack overflow, not a mystery crash.
 *
 * Try: run hello a b c        prints hello, world and each argument
 *      run hello --exit 3     also ends with exit code 3
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tabula_app.h>

/*
 * Optional: how much memory this app wants. The slot (code, data, heap and
 * stack together) is 256 KiB here, 64 KiB of which is stack. These are the
 * defaults, so the line could be left out; a hungrier app raises them.
 */
TABULA_APP_MEMORY(256 * 1024, 64 * 1024);

int main(int argc, char **argv)
{
    int status = 0;

    printf("hello, world\n");

    /* argv[0] is the app's name; the rest are what the user typed after it. */
    for (int i = 1; i < argc; i++)
        printf("argv[%d] = %s\n", i, argv[i]);

    /* `--exit N` lets tests (and you) check that exit codes reach the
     * Monitor. atoi is forgiving: a non-number gives 0. */
    for (int i = 1; i + 1 < argc; i++) {
        if (strcmp(argv[i], "--exit") == 0) {
            status = atoi(argv[i + 1]);
            printf("exiting with status %d\n", status);
        }
    }
    return status;
}
