build-alt/pi3/kernel/src/syscall.o: src/syscall.c src/syscall.h \
 src/include/tabula.h \
 /usr/lib/gcc-cross/aarch64-linux-gnu/12/include/stddef.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/stdint.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/machine/_default_types.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/features.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/picolibc.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/_intsup.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/_stdint.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/stdio.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/inttypes.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/newlib.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/config.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/machine/ieeefp.h \
 /usr/lib/gcc-cross/aarch64-linux-gnu/12/include/float.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/_ansi.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/_locale.h \
 /usr/lib/gcc-cross/aarch64-linux-gnu/12/include/stdarg.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/_types.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/machine/_types.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/string.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/cdefs.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/strings.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/string.h \
 src/apps.h src/canvas.h \
 /usr/lib/gcc-cross/aarch64-linux-gnu/12/include/stdbool.h src/arch.h \
 src/bench.h src/clock.h src/compiler.h src/console.h src/debug.h \
 src/display.h src/klog.h src/kmem.h src/sched.h src/spinlock.h \
 arch/aarch64/arch_inline.h src/slots.h src/task.h src/elfsym.h \
 src/hart.h src/ring.h src/trace.h src/watchdog.h
