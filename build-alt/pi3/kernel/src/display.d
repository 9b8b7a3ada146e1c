build-alt/pi3/kernel/src/display.o: src/display.c src/display.h \
 /usr/lib/gcc-cross/aarch64-linux-gnu/12/include/stdbool.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/stdint.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/machine/_default_types.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/features.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/picolibc.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/_intsup.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/_stdint.h \
 src/include/tabula.h \
 /usr/lib/gcc-cross/aarch64-linux-gnu/12/include/stddef.h src/clock.h \
 src/console.h src/sched.h src/spinlock.h src/arch.h \
 arch/aarch64/arch_inline.h src/task.h src/elfsym.h src/hart.h src/ring.h
