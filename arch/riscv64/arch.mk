# The RISC-V toolchain and flags; included by the top-level Makefile.
CROSS := riscv64-unknown-elf-
# The kernel never touches floating point, so traps need not save it.
ARCH_KERNEL_CFLAGS := -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany
# Apps get the full ISA with hardware floating point. lld 14 cannot do
# RISC-V linker relaxation, so none is asked for.
ARCH_APP_CFLAGS := -march=rv64imafdc_zicsr_zifencei -mabi=lp64d -mcmodel=medany -mno-relax
# GCC picks a Picolibc multilib only from a plain -march (the _zicsr
# suffixes make it fall back to the default one), so libraries are looked
# up with these.
ARCH_KERNEL_LIBFLAGS := -march=rv64imac -mabi=lp64
ARCH_APP_LIBFLAGS := -march=rv64imafdc -mabi=lp64d
QEMU := qemu-system-riscv64
