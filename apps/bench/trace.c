/*
 * trace.c: what the kernel's event trace costs, where the kernel has one
 * (tabula.h then defines TABULA_TRACE_OFF). The trace is on from boot, so
 * null_call and yield_pingpong above include it; here they run again with
 * it off, as null_call_untraced and yield_pingpong_untraced, and the
 * difference is its cost. The trace is left as it was found.
 */
#include <stdio.h>

#include <tabula_app.h>

#include "bench.h"

#ifdef TABULA_TRACE_OFF
void bench_trace(void)
{
    if (!bench_wanted("null_call_untraced") && !bench_wanted("yield_pingpong_untraced"))
        return;
    int was_on = tabula->trace_control(TABULA_TRACE_STATUS);
    if (was_on < 0) {
        printf("# trace: the kernel refused trace_control (error %d)\n", -was_on);
        return;
    }
    tabula->trace_control(TABULA_TRACE_OFF);
    bench_null_call("null_call_untraced");
    bench_yield_pingpong("yield_pingpong_untraced");
    if (was_on)
        tabula->trace_control(TABULA_TRACE_ON);
}
#else
void bench_trace(void)
{
}
#endif
