# The AArch64 toolchain and flags (Raspberry Pi 3, a Cortex-A53); included
# by the top-level Makefile. Debian's Linux-targeted GCC builds freestanding
# code just as well, given -ffreestanding and Picolibc's specs.
CROSS := aarch64-linux-gnu-
# The kernel never touches FP/SIMD registers itself. Traps still save them,
# because Picolibc's libc.a (which the kernel links for vsnprintf and the
# like) copies structures with q registers. Not PIE: linked at 0x80000.
# Atomics inline (ldxr/stxr): the out-of-line helpers need a runtime CPU
# feature probe that only Linux provides.
ARCH_KERNEL_CFLAGS := -mcpu=cortex-a53 -mgeneral-regs-only -mno-outline-atomics \
	-fno-pie -fno-pic
ARCH_APP_CFLAGS := -mcpu=cortex-a53 -mno-outline-atomics
# Picolibc has a single AArch64 library; no multilib to pick.
ARCH_KERNEL_LIBFLAGS :=
ARCH_APP_LIBFLAGS := -mcpu=cortex-a53
QEMU := qemu-system-aarch64
# What the board boots besides the ELF: the raw image the Pi's firmware
# (and QEMU's raspi3b loader) jumps into at 0x80000, and a device tree that
# carries the boot arguments under QEMU (see arch/aarch64/qemu-pi3.dts).
ARCH_IMAGES = $(BUILD)/kernel8.img $(BUILD)/tabula.img $(BUILD)/qemu-pi3.dtb

$(BUILD)/%.img: $(BUILD)/%.elf
	$(call quiet,OBJCOPY,$@)$(CROSS)objcopy -O binary $< $@

$(BUILD)/kernel8.img: $(BUILD)/tabula.img
	$(call quiet,CP,$@)cp $< $@

$(BUILD)/qemu-pi3.dtb: arch/aarch64/qemu-pi3.dts
	@mkdir -p $(dir $@)
	$(call quiet,DTC,$@)dtc -q -I dts -O dtb -o $@ $<
