build-alt/pi3/kernel/arch/aarch64/bcm2836_local.o: \
 arch/aarch64/bcm2836_local.c arch/aarch64/bcm2836_local.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/stdint.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/machine/_default_types.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/features.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/picolibc.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/_intsup.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/_stdint.h \
 arch/aarch64/bcm2835_intc.h src/sched.h \
 /usr/lib/gcc-cross/aarch64-linux-gnu/12/include/stdbool.h src/spinlock.h \
 src/arch.h /usr/lib/gcc-cross/aarch64-linux-gnu/12/include/stddef.h \
 arch/aarch64/arch_inline.h
