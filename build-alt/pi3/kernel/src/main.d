build-alt/pi3/kernel/src/main.o: src/main.c src/main.h src/platform.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/stdint.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/machine/_default_types.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/features.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/picolibc.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/_intsup.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/_stdint.h \
 src/apps.h /usr/lib/gcc-cross/aarch64-linux-gnu/12/include/stddef.h \
 src/include/tabula.h src/clock.h src/klog.h \
 /usr/lib/gcc-cross/aarch64-linux-gnu/12/include/stdarg.h src/kmem.h \
 src/kprintf.h src/sched.h \
 /usr/lib/gcc-cross/aarch64-linux-gnu/12/include/stdbool.h src/spinlock.h \
 src/arch.h arch/aarch64/arch_inline.h src/slots.h src/task.h \
 src/elfsym.h src/hart.h src/ring.h src/dev/virtio_mmio.h
