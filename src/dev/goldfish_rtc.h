/* goldfish_rtc.h: the Android emulator's RTC, which QEMU's virt board has. */
#ifndef GOLDFISH_RTC_H
#define GOLDFISH_RTC_H

#include <stdint.h>

/* Nanoseconds since 1970 UTC, as the RTC at base counts them. */
uint64_t goldfish_rtc_read_ns(uintptr_t base);

#endif
