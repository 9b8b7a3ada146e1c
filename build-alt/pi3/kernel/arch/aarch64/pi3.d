build-alt/pi3/kernel/arch/aarch64/pi3.o: arch/aarch64/pi3.c \
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
 /usr/lib/gcc-cross/aarch64-linux-gnu/12/include/stddef.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/_locale.h \
 /usr/lib/gcc-cross/aarch64-linux-gnu/12/include/stdarg.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/_types.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/machine/_types.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/string.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/cdefs.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/strings.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/string.h \
 src/arch.h /usr/lib/gcc-cross/aarch64-linux-gnu/12/include/stdbool.h \
 arch/aarch64/bcm2835_intc.h arch/aarch64/bcm2836_local.h src/console.h \
 src/dev/bcm2835_mbox.h src/dev/bcm2835_pm.h src/dev/pl011.h src/fdt.h \
 src/platform.h src/hart.h src/kprintf.h src/main.h arch/aarch64/mmu.h \
 src/sched.h src/spinlock.h src/arch.h arch/aarch64/arch_inline.h \
 arch/aarch64/sysreg.h src/task.h src/elfsym.h src/hart.h src/ring.h \
 src/include/tabula.h arch/aarch64/trap_frame.h
