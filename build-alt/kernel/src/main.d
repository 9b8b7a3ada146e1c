build-alt/kernel/src/main.o: src/main.c src/main.h src/platform.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/stdint.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/machine/_default_types.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/sys/features.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/picolibc.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/sys/_intsup.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/sys/_stdint.h \
 src/apps.h /usr/lib/gcc/riscv64-unknown-elf/12.2.0/include/stddef.h \
 src/include/tabula.h src/clock.h src/klog.h \
 /usr/lib/gcc/riscv64-unknown-elf/12.2.0/include/stdarg.h src/kmem.h \
 src/kprintf.h src/sched.h \
 /usr/lib/gcc/riscv64-unknown-elf/12.2.0/include/stdbool.h src/spinlock.h \
 src/arch.h arch/riscv64/arch_inline.h src/slots.h src/task.h \
 src/elfsym.h src/hart.h src/ring.h src/dev/virtio_mmio.h
