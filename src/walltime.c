/*
 * walltime.c: the wall clock (see walltime.h). Only the offset from the
 * monotonic clock is kept, so reading the date costs what reading the
 * counter does and never touches the RTC again after boot.
 */
#include "walltime.h"

#include "clock.h"
#include "klog.h"
#include "platform.h"
#include "dev/goldfish_rtc.h"

/* Wall time minus clock_ns(); 0 while the date is unknown. A 64-bit
 * store, so readers on other harts see the old or the new value whole. */
static volatile uint64_t offset_ns;

void walltime_init(const struct platform_info *p)
{
    const struct platform_device *rtc = platform_device(p, PLATFORM_GOLDFISH_RTC, 0);
    if (!rtc)
        return;
    uint64_t now = goldfish_rtc_read_ns(rtc->base);
    if (!now) {
        klog_write(TABULA_LOG_WARN, 0, "rtc at 0x%llx reads 0; the date is unknown",
                   (unsigned long long)rtc->base);
        return;
    }
    walltime_set_ns(now);
}

uint64_t walltime_ns(void)
{
    uint64_t off = offset_ns;
    return off ? off + clock_ns() : 0;
}

void walltime_set_ns(uint64_t ns)
{
    uint64_t now = clock_ns();
    offset_ns = ns > now ? ns - now : 1;
}
