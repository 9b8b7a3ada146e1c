/*
 * fpcheck.c: floating point survives task switches. The kernel saves FP
 * registers only for tasks that have used the FPU (see arch switch code);
 * run two of these at once to check that each keeps its own registers and
 * rounding mode while they yield to each other thousands of times.
 *
 *     run fpcheck 3 &
 *     run fpcheck 7
 *
 * Each computes the same sum twice, once yielding after every step and
 * once not, under its own rounding mode, and says whether they agree.
 */
#include <fenv.h>
#include <stdio.h>
#include <stdlib.h>

#include <tabula_app.h>

#define STEPS 3000

static double run(double seed, int yield)
{
    double acc = seed, scale = 1.0 + seed / 1e4;
    for (int i = 0; i < STEPS; i++) {
        acc = acc * scale / 1.0003 + seed / 7.0;
        if (yield)
            tabula->yield();
    }
    return acc;
}

int main(int argc, char **argv)
{
    int seed = argc > 1 ? atoi(argv[1]) : 1;
    int mode = seed % 2 ? FE_UPWARD : FE_DOWNWARD;

    fesetround(mode);
    double quiet = run(seed, 0);
    double busy = run(seed, 1);
    int same_mode = fegetround() == mode;
    if (busy != quiet || !same_mode) {
        printf("fpcheck %d: FAILED: %a with yields, %a without; rounding mode %s\n", seed,
               busy, quiet, same_mode ? "kept" : "lost");
        return 1;
    }
    printf("fpcheck %d: ok (%a after %d yields)\n", seed, busy, STEPS);
    return 0;
}
