build-alt/pi3/kernel/src/sched.o: src/sched.c src/sched.h \
 /usr/lib/gcc-cross/aarch64-linux-gnu/12/include/stdbool.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/stdint.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/machine/_default_types.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/features.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/picolibc.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/_intsup.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/_stdint.h \
 src/spinlock.h src/arch.h \
 /usr/lib/gcc-cross/aarch64-linux-gnu/12/include/stddef.h \
 arch/aarch64/arch_inline.h src/clock.h src/hart.h src/panic.h src/task.h \
 src/elfsym.h src/ring.h src/include/tabula.h src/trace.h src/watchdog.h
