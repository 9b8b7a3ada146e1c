# tabula: one Makefile for the kernel, the Monitor, the apps and the tests.
#
#   make            kernel, Monitor and apps into build/
#   make test       every test: host unit tests, then QEMU integration tests
#   make host-test  host unit tests only (ASan + UBSan)
#   make fuzz       the ELF loader fuzzer, for FUZZ_SECONDS (default 120)
#   make clean

ARCH ?= riscv64
BOARD ?= virt
BUILD ?= build
HEAP_SIZE ?= 0x400000
FUZZ_SECONDS ?= 120
PYTHON := /usr/bin/python3

# The toolchain check runs first; it is a handful of `command -v` calls.
DEPS_OK := $(shell tools/deps.sh >&2 && echo yes)
ifneq ($(DEPS_OK),yes)
$(error missing tools: see the message above)
endif

include arch/$(ARCH)/arch.mk

# ---- kernel --------------------------------------------------------------
KERNEL_CFLAGS := $(ARCH_KERNEL_CFLAGS) -std=gnu11 -O2 -g -ffreestanding \
	-fno-common -fno-omit-frame-pointer -fno-strict-aliasing \
	-Wall -Wextra -Werror -Wno-unused-parameter -MD \
	-Isrc -Isrc/include -Iarch/$(ARCH) \
	-DHEAP_SIZE=$(HEAP_SIZE) --specs=picolibc.specs \
	-DPICOLIBC_INTEGER_PRINTF_SCANF

KERNEL_SRCS := $(wildcard src/*.c src/dev/*.c arch/$(ARCH)/*.c) \
	$(wildcard arch/$(ARCH)/*.S) src/apps_image.S
KERNEL_OBJS := $(patsubst %,$(BUILD)/kernel/%.o,$(basename $(KERNEL_SRCS)))
# Picolibc's libc.a for the kernel's multilib: -print-file-name cannot see
# it (picolibc.specs adds its directory at link time only), so ask the
# linker which one it picks. Evaluated once, when the kernel is linked.
KERNEL_LIBC = $(eval KERNEL_LIBC := $(filter %/libc.a,$(shell echo 'int main(void){return 0;}' | \
	$(CROSS)gcc $(ARCH_KERNEL_LIBFLAGS) --specs=picolibc.specs -x c - -o /dev/null \
	-Wl,--trace 2>/dev/null)))$(KERNEL_LIBC)
KERNEL_LIBGCC = $(eval KERNEL_LIBGCC := $(shell $(CROSS)gcc $(ARCH_KERNEL_LIBFLAGS) \
	-print-libgcc-file-name))$(KERNEL_LIBGCC)

all: $(BUILD)/tabula.elf

$(BUILD)/kernel/%.o: %.c
	@mkdir -p $(dir $@)
	$(CROSS)gcc $(KERNEL_CFLAGS) -c -o $@ $<

$(BUILD)/kernel/%.o: %.S
	@mkdir -p $(dir $@)
	$(CROSS)gcc $(KERNEL_CFLAGS) -D__ASSEMBLY__ -c -o $@ $<

$(BUILD)/kernel/src/apps_image.o: $(BUILD)/apps.img
$(BUILD)/kernel/src/apps_image.o: KERNEL_CFLAGS += -DAPPS_IMAGE='"$(BUILD)/apps.img"'

kernel_link = $(CROSS)ld -nostdlib --no-warn-rwx-segments -T linker/$(BOARD).ld -o $@ $(1) \
	--start-group $(KERNEL_LIBC) $(KERNEL_LIBGCC) --end-group

$(BUILD)/tabula.elf: $(KERNEL_OBJS) linker/$(BOARD).ld
	$(call kernel_link,$(KERNEL_OBJS))

# The same kernel with deliberately corrupt apps in its archive, for the
# loader's integration tests.
$(BUILD)/kernel-test/apps_image.o: src/apps_image.S $(BUILD)/apps-test.img
	@mkdir -p $(dir $@)
	$(CROSS)gcc $(KERNEL_CFLAGS) -D__ASSEMBLY__ -DAPPS_IMAGE='"$(BUILD)/apps-test.img"' -c -o $@ $<

KERNEL_TEST_OBJS := $(filter-out %/apps_image.o,$(KERNEL_OBJS)) $(BUILD)/kernel-test/apps_image.o
$(BUILD)/tabula-test.elf: $(KERNEL_TEST_OBJS) linker/$(BOARD).ld
	$(call kernel_link,$(KERNEL_TEST_OBJS))

# ---- apps and the Monitor ------------------------------------------------
include apps/apps.mk

# ---- tests ---------------------------------------------------------------
# Portable modules with no hardware access, built for the host and tested
# under ASan and UBSan.
HOST_PURE := $(wildcard $(addprefix src/,heap.c slots.c fdt.c elf.c klog.c archive.c ring.c clock.c))
HOST_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -Wno-unused-parameter \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer -Isrc -Isrc/include -Itests/host -DHOST_TEST
HOST_TESTS := $(patsubst tests/host/%.c,$(BUILD)/host/%,$(wildcard tests/host/test_*.c))
# The Monitor's pure helpers (parsing, formatting, line editing) are app
# code; only their own test links them.
MONITOR_PURE := monitor/fmt.c monitor/lined.c monitor/parse.c
$(BUILD)/host/test_monitor: HOST_EXTRA := -Imonitor $(MONITOR_PURE)
$(BUILD)/host/test_monitor: $(MONITOR_PURE)
# The tabbed console's model, compositor, keys and editor (pure as well).
CONSOLE_PURE := monitor/surface.c monitor/vt.c monitor/screen.c monitor/keys.c \
	monitor/edit.c monitor/raster.c monitor/theme.c
$(BUILD)/host/test_console: HOST_EXTRA := -Imonitor $(CONSOLE_PURE)
$(BUILD)/host/test_console: $(CONSOLE_PURE) $(wildcard monitor/*.h)

$(BUILD)/host/test_%: tests/host/test_%.c tests/host/check.c tests/host/host_arch.c $(HOST_PURE) $(wildcard src/*.h tests/host/*.h)
	@mkdir -p $(dir $@)
	gcc $(HOST_CFLAGS) -o $@ $< tests/host/check.c tests/host/host_arch.c $(HOST_PURE) $(HOST_EXTRA)

host-test: $(HOST_TESTS)
	@$(PYTHON) tools/run_host_tests.py $(HOST_TESTS)

qemu-test: all
	BUILD=$(BUILD) $(PYTHON) -m pytest -q tests/qemu

test: host-test qemu-test

-include tests/fuzz/fuzz.mk

clean:
	rm -rf $(BUILD)

.PHONY: all test host-test qemu-test clean
.DELETE_ON_ERROR:
-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
