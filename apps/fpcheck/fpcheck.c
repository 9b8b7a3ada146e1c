/*
 * fpcheck.c: checks that a task's floating-point registers survive task
 * switches. Eight running values live across every call to
 * tabula->yield(), so the compiler keeps them in the registers a callee
 * must preserve (d8-d15 on AArch64, fs0-fs11 on RISC-V): exactly what the
 * kernel's context switch has to save. The same sums are then computed
 * again without yielding and compared bit for bit. Each seed also runs in
 * its own rounding mode (fcsr / FPCR), which the switch must keep too.
 *
 * Run two at once, with different seeds, so another task's values sit in
 * those registers between turns:
 *     run fpcheck 7 &
 *     run fpcheck 9
 */
#include <fenv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tabula_app.h>

#define ROUNDS 300

static double churn(int seed, int yield)
{
    double a = seed, b = seed * 0.5 + 1, c = seed * 0.25 + 2, d = seed + 3;
    double e = seed * 1.5 + 4, f = seed * 2.5 + 5, g = seed * 3.5 + 6, h = 7;

    for (int i = 0; i < ROUNDS; i++) {
        a = a * 1.0000001 + b * 1e-3;
        b = b * 0.9999999 + c * 1e-3;
        c = c * 1.0000002 + d * 1e-3;
        d = d * 0.9999998 + e * 1e-3;
        e = e * 1.0000003 + f * 1e-3;
        f = f * 0.9999997 + g * 1e-3;
        g = g * 1.0000004 + h * 1e-3;
        h = h * 0.9999996 + a * 1e-3;
        if (yield)
            tabula->yield();
    }
    return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + 7 * g + 8 * h;
}

int main(int argc, char **argv)
{
    int seed = argc > 1 ? atoi(argv[1]) : 1;
    int mode = seed % 2 ? FE_UPWARD : FE_DOWNWARD;

    fesetround(mode);
    double switched = churn(seed, 1);
    int kept_mode = fegetround() == mode;
    double alone = churn(seed, 0);

    if (memcmp(&switched, &alone, sizeof alone) != 0 || !kept_mode) {
        printf("fpcheck %d: registers changed across switches (%a, expected %a; "
               "rounding mode %s)\n", seed, switched, alone, kept_mode ? "kept" : "lost");
        return 1;
    }
    printf("fpcheck %d: %d switches, floating-point registers intact\n", seed, ROUNDS);
    return 0;
}
