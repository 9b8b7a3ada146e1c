build-alt/pi3/kernel/src/debug.o: src/debug.c src/debug.h src/klog.h \
 /usr/lib/gcc-cross/aarch64-linux-gnu/12/include/stdarg.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/stdint.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/machine/_default_types.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/features.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/picolibc.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/_intsup.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/_stdint.h \
 src/include/tabula.h \
 /usr/lib/gcc-cross/aarch64-linux-gnu/12/include/stddef.h src/panic.h \
 src/task.h /usr/lib/gcc-cross/aarch64-linux-gnu/12/include/stdbool.h \
 src/elfsym.h arch/aarch64/arch_inline.h src/hart.h src/ring.h
