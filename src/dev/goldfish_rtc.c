/*
 * goldfish_rtc.c: reading the goldfish RTC. It counts nanoseconds since
 * 1970 in a 64-bit register read as two 32-bit halves; reading the low
 * half latches the high one, so low must be read first. The alarm and its
 * interrupt are not used.
 */
#include "dev/goldfish_rtc.h"

#define RTC_TIME_LOW 0x00
#define RTC_TIME_HIGH 0x04

static uint32_t reg(uintptr_t base, unsigned off)
{
    return *(volatile uint32_t *)(base + off);
}

uint64_t goldfish_rtc_read_ns(uintptr_t base)
{
    uint32_t low = reg(base, RTC_TIME_LOW);
    uint32_t high = reg(base, RTC_TIME_HIGH);
    return (uint64_t)high << 32 | low;
}
