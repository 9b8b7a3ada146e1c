# tabula: one Makefile for the kernel, the Monitor, the apps and the tests.
#
#   make            kernel, Monitor and apps into build/
#   make BOARD=pi3  the same for the Raspberry Pi 3, into build/pi3/
#   make test       every test: host unit tests, the portable build check,
#                   then the QEMU integration tests on every board
#   make host-test  host unit tests only (ASan + UBSan)
#   make fuzz       the ELF loader fuzzer, for FUZZ_SECONDS (default 120)
#   make fuzz-fat   the FAT library fuzzer, the same way
#   make fuzz-sys   apps/sysfuzz on both boards in QEMU, seed after seed, as long
#   make ports      programs built from Debian's sources (apps/ports/ports.mk)
#   make bench      benchmarks under QEMU -icount (tools/bench.mk)
#   make disk       build/disk.img: FAT32 (DISK_SIZE MiB, default 64), /bin and /data
#   make gdb        GDB on a machine started with ./qemu.sh --gdb (GDB_PORT=N)
#   make clean

BOARD ?= virt
# Each board names its architecture; its outputs get a directory of their
# own, so both can be built side by side.
BOARD_ARCH_virt := riscv64
BOARD_ARCH_pi3 := aarch64
ARCH := $(BOARD_ARCH_$(BOARD))
ifeq ($(ARCH),)
$(error unknown BOARD '$(BOARD)' (known: virt pi3))
endif
BUILD ?= $(if $(filter virt,$(BOARD)),build,build/$(BOARD))
HEAP_SIZE ?= 0x400000
# The block cache (src/bcache.c), from the kernel heap.
BCACHE_KIB ?= 1024
# The framebuffer console's font: two faces of a Linux console font (PSF),
# from console-setup-linux. Terminus 20x10 gives 102 x 38 cells at 1024 x
# 768; FONT=Terminus16 and FONT_BOLD=TerminusBold16 give 8 x 16 cells.
FONT ?= Terminus20x10
FONT_BOLD ?= TerminusBold20x10
FONT_REGULAR := /usr/share/consolefonts/Uni2-$(FONT).psf.gz
FONT_BOLD_FILE := /usr/share/consolefonts/Uni2-$(FONT_BOLD).psf.gz
FUZZ_SECONDS ?= 120
PYTHON := /usr/bin/python3

# One short line per build step ("CC src/task.c"); make V=1 shows the
# commands instead, make -s (as qemu.sh builds) neither. A recipe line
# starts with $(call quiet,WHAT,FILE).
ifeq ($(V),1)
quiet =
Q :=
else ifneq ($(findstring s,$(firstword -$(MAKEFLAGS))),)
quiet = @
Q := @
else
quiet = @printf '  %-6s %s\n' '$(1)' '$(2)';
Q := @
endif

# The toolchain check runs first; it is a handful of `command -v` calls.
DEPS_OK := $(shell tools/deps.sh >&2 && echo yes)
ifneq ($(DEPS_OK),yes)
$(error missing tools: see the message above)
endif

include arch/$(ARCH)/arch.mk

# Picolibc's speed-optimized build, for the kernel and the apps alike. The
# default one is built for size: its memcpy and memset move one byte per
# loop iteration, which made a third of boot and of every spawn.
PICOLIBC_SPECS := --specs=picolibc.specs --picolibc-buildtype=release

# ---- kernel --------------------------------------------------------------
KERNEL_CFLAGS := $(ARCH_KERNEL_CFLAGS) -std=gnu11 -O2 -g -ffreestanding \
	-fno-common -fno-omit-frame-pointer -fno-strict-aliasing \
	-Wall -Wextra -Werror -Wno-unused-parameter -MD -MP \
	-Isrc -Isrc/include -Iarch/$(ARCH) \
	-DHEAP_SIZE=$(HEAP_SIZE) -DBCACHE_KIB=$(BCACHE_KIB) $(PICOLIBC_SPECS) \
	-DPICOLIBC_INTEGER_PRINTF_SCANF
# Each object's call graph with frame sizes (a .ci file beside it), for
# tools/stackcheck.py.
KERNEL_CALLGRAPH := -fcallgraph-info=su

# A board's files in arch/<isa>/ are <board>.c and <board>_*.c; those of the
# other boards of the same architecture stay out of this kernel.
OTHER_BOARDS := $(filter-out $(BOARD),$(patsubst BOARD_ARCH_%,%,$(filter BOARD_ARCH_%,$(.VARIABLES))))
OTHER_BOARD_SRCS := $(foreach b,$(OTHER_BOARDS),arch/$(ARCH)/$(b).c arch/$(ARCH)/$(b)_%.c)
KERNEL_SRCS := $(filter-out $(OTHER_BOARD_SRCS),$(wildcard src/*.c src/dev/*.c arch/$(ARCH)/*.c)) \
	$(wildcard arch/$(ARCH)/*.S) src/apps_image.S
KERNEL_OBJS := $(patsubst %,$(BUILD)/kernel/%.o,$(basename $(KERNEL_SRCS)))
# Picolibc's libc.a for the kernel's multilib: -print-file-name cannot see
# it (picolibc.specs adds its directory at link time only), so ask the
# linker which one it picks. Evaluated once, when the kernel is linked.
KERNEL_LIBC = $(eval KERNEL_LIBC := $(filter %/libc.a,$(shell echo 'int main(void){return 0;}' | \
	$(CROSS)gcc $(ARCH_KERNEL_LIBFLAGS) $(PICOLIBC_SPECS) -x c - -o /dev/null \
	-Wl,--trace 2>/dev/null)))$(KERNEL_LIBC)
KERNEL_LIBGCC = $(eval KERNEL_LIBGCC := $(shell $(CROSS)gcc $(ARCH_KERNEL_LIBFLAGS) \
	-print-libgcc-file-name))$(KERNEL_LIBGCC)

all: $(BUILD)/tabula.elf $(ARCH_IMAGES)

# The call graph comes with the object: a tree built before it was made
# recompiles for it.
$(BUILD)/kernel/%.o $(BUILD)/kernel/%.ci &: %.c
	@mkdir -p $(dir $@)
	$(call quiet,CC,$<)$(CROSS)gcc $(KERNEL_CFLAGS) $(KERNEL_CALLGRAPH) -c -o $(BUILD)/kernel/$*.o $<

$(BUILD)/kernel/%.o: %.S
	@mkdir -p $(dir $@)
	$(call quiet,AS,$<)$(CROSS)gcc $(KERNEL_CFLAGS) -D__ASSEMBLY__ -c -o $@ $<

$(BUILD)/kernel/src/apps_image.o: $(BUILD)/apps.img
$(BUILD)/kernel/src/apps_image.o: KERNEL_CFLAGS += -DAPPS_IMAGE='"$(BUILD)/apps.img"'

kernel_ld = $(CROSS)ld -nostdlib --no-warn-rwx-segments -T linker/$(BOARD).ld -o $(2) $(1) \
	--start-group $(KERNEL_LIBC) $(KERNEL_LIBGCC) --end-group

# The kernel carries its own symbol table (src/ksyms.c), made in two links:
# the first with an empty table, whose nm output tools/mksyms.py turns into
# the real one for the second. The table is in .rodata, after all code, so
# no function moves between the links; the last step checks that.
ksyms = $(dir $@)ksyms/$(notdir $(basename $@))
kernel_link = mkdir -p $(dir $@)ksyms && \
	$(PYTHON) tools/mksyms.py -o $(ksyms)0.S < /dev/null && \
	$(CROSS)gcc $(KERNEL_CFLAGS) -D__ASSEMBLY__ -c -o $(ksyms)0.o $(ksyms)0.S && \
	$(call kernel_ld,$(1) $(ksyms)0.o,$(ksyms).pass1) && \
	$(CROSS)nm -n -S --defined-only $(ksyms).pass1 | $(PYTHON) tools/mksyms.py -o $(ksyms).S && \
	$(CROSS)gcc $(KERNEL_CFLAGS) -D__ASSEMBLY__ -c -o $(ksyms).o $(ksyms).S && \
	$(call kernel_ld,$(1) $(ksyms).o,$@) && \
	$(CROSS)nm -n -S --defined-only $@ | $(PYTHON) tools/mksyms.py -o $(ksyms)-check.S && \
	{ cmp -s $(ksyms).S $(ksyms)-check.S || \
	  { echo "$@: functions moved between the two links; see tools/mksyms.py" >&2; rm -f $@; exit 1; }; }

KERNEL_CIS := $(patsubst %,$(BUILD)/kernel/%.ci,$(basename $(filter %.c,$(KERNEL_SRCS))))
$(BUILD)/tabula.elf: $(KERNEL_OBJS) $(KERNEL_CIS) linker/$(BOARD).ld tools/mksyms.py \
		tools/stackcheck.py tools/stack-indirect.txt
	$(call quiet,LD,$@)$(call kernel_link,$(KERNEL_OBJS))
	$(Q)$(call stack_check,$@)

# System calls run on the caller's stack; the deepest may need no more than
# this (NOTES.md, "Kernel stack bound"). The build prints the bound and fails
# when a syscall can need more, removing the kernel it just linked.
KERNEL_STACK_MAX := 6144
stack_check = $(CROSS)objdump -d --no-show-raw-insn $(1) > $(1).dis && \
	{ $(PYTHON) tools/stackcheck.py --ci-dir $(BUILD)/kernel --objdump $(1).dis \
		--indirect tools/stack-indirect.txt --limit $(KERNEL_STACK_MAX) --show 1 \
		> $(1).stack || { cat $(1).stack; rm -f $(1); exit 1; }; } && \
	$(if $(filter 1,$(V)),cat $(1).stack,sed -n 's/^stackcheck: deepest/  STACK  deepest/p' $(1).stack)

# The same kernel with deliberately corrupt apps in its archive, for the
# loader's integration tests.
$(BUILD)/kernel-test/apps_image.o: src/apps_image.S $(BUILD)/apps-test.img
	@mkdir -p $(dir $@)
	$(call quiet,AS,$@)$(CROSS)gcc $(KERNEL_CFLAGS) -D__ASSEMBLY__ -DAPPS_IMAGE='"$(BUILD)/apps-test.img"' -c -o $@ $<

KERNEL_TEST_OBJS := $(filter-out %/apps_image.o,$(KERNEL_OBJS)) $(BUILD)/kernel-test/apps_image.o
$(BUILD)/tabula-test.elf: $(KERNEL_TEST_OBJS) linker/$(BOARD).ld tools/mksyms.py
	$(call quiet,LD,$@)$(call kernel_link,$(KERNEL_TEST_OBJS))

# ---- apps and the Monitor ------------------------------------------------
include apps/apps.mk
include apps/ports/ports.mk

# ---- tests ---------------------------------------------------------------
# Portable modules with no hardware access, built for the host and tested
# under ASan and UBSan.
HOST_PURE := $(wildcard $(addprefix src/,heap.c slots.c fdt.c fdt_platform.c platform.c elf.c elfsym.c klog.c archive.c ring.c clock.c errmsg.c keymap.c codewipe.c hidkbd.c hidreport.c task_layout.c taskid.c filelock.c))
HOST_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -Wno-unused-parameter \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer -Isrc -Isrc/include -Itests/host -DHOST_TEST
HOST_TESTS := $(patsubst tests/host/%.c,$(BUILD)/host/%,$(wildcard tests/host/test_*.c))
# The Monitor's pure helpers (parsing, formatting, line editing) are app
# code; only their own test links them.
MONITOR_PURE := monitor/fmt.c monitor/lined.c monitor/parse.c
# The device tree tests read QEMU's trees through virt's board description.
$(BUILD)/host/test_fdt: HOST_EXTRA := -Iarch/riscv64 arch/riscv64/virt_devices.c
$(BUILD)/host/test_fdt: arch/riscv64/virt_devices.c arch/riscv64/virt_devices.h
$(BUILD)/host/test_monitor: HOST_EXTRA := -Imonitor $(MONITOR_PURE)
$(BUILD)/host/test_monitor: $(MONITOR_PURE)
# The slot arithmetic runs over every app image the build made.
$(BUILD)/host/test_task_layout: HOST_EXTRA := -DLAYOUT_CORPUS='"$(BUILD)/apps/stripped"'
$(BUILD)/host/test_task_layout: $(BUILD)/apps.img
# The apps' allocator, from the app runtime.
$(BUILD)/host/test_tlsf: HOST_EXTRA := -Iapps/runtime apps/runtime/tlsf.c
$(BUILD)/host/test_tlsf: apps/runtime/tlsf.c apps/runtime/tlsf.h
# The tabbed console's model, compositor, keys and editor (pure as well).
CONSOLE_PURE := monitor/surface.c monitor/vt.c monitor/screen.c monitor/keys.c \
	monitor/edit.c monitor/history.c monitor/raster.c monitor/theme.c
$(BUILD)/host/test_console: HOST_EXTRA := -Imonitor $(CONSOLE_PURE)
$(BUILD)/host/test_console: $(CONSOLE_PURE) $(wildcard monitor/*.h)

# The FAT library with a memory-backed disk; the images come from
# dosfstools and mtools. fat_kernel.c is the kernel's side of its hooks.
FAT_PURE := $(filter-out src/fat_kernel.c,$(wildcard src/fat_*.c)) tests/host/fat_host.c
$(BUILD)/host/test_fat $(BUILD)/host/test_fat_model: HOST_EXTRA := $(FAT_PURE)
# test_fat's thousand names alike run out of 64 short-name tails and go on
# with hashed basis names; the model test keeps the library's 4096.
$(BUILD)/host/test_fat: HOST_EXTRA += -DFAT_TAILS=64u
$(BUILD)/host/test_fat $(BUILD)/host/test_fat_model: $(FAT_PURE) tests/host/fat_host.h

# The key events, with the scheduler's lock and the focus stubbed.
$(BUILD)/host/test_keyev: HOST_EXTRA := src/keyev.c
$(BUILD)/host/test_keyev: src/keyev.c

# The block cache and the partition table.
$(BUILD)/host/test_bcache: HOST_EXTRA := src/bcache.c src/mbr.c
$(BUILD)/host/test_bcache: src/bcache.c src/mbr.c

# The rasterizer with the generated font.
PIXELS_PURE := monitor/pixels.c monitor/font.c $(BUILD)/gen/font.c
$(BUILD)/host/test_pixels: HOST_EXTRA := -Imonitor $(PIXELS_PURE)
$(BUILD)/host/test_pixels: $(PIXELS_PURE)

$(BUILD)/host/test_%: tests/host/test_%.c tests/host/check.c tests/host/host_arch.c $(HOST_PURE) $(wildcard src/*.h tests/host/*.h)
	@mkdir -p $(dir $@)
	$(call quiet,HOSTCC,$@)gcc $(HOST_CFLAGS) -o $@ $< tests/host/check.c tests/host/host_arch.c $(HOST_PURE) $(HOST_EXTRA)

host-test: $(HOST_TESTS)
	@$(PYTHON) tools/run_host_tests.py $(HOST_TESTS) -- tests/tools

# The ports first (make ports): their tests skip, with the reason, when
# their sources could not be fetched.
qemu-test: all ports
	BUILD=$(BUILD) TABULA_BOARD=$(BOARD) $(PYTHON) -m pytest -q tests/qemu

# Everything outside arch/ and the board files must build for every
# architecture, warning-free. The only arch header it may reach is the
# fixed-name arch_inline.h (hot-path inlines every arch supplies), so the
# include path holds that one file and nothing else from arch/. Objects go
# to a directory per arch.
PORTABLE_SRCS := $(wildcard src/*.c src/dev/*.c)
PORTABLE_APP_SRCS := $(wildcard monitor/*.c apps/*/*.c)
PORTABLE_DIR := $(BUILD)/portable-$(ARCH)
PORTABLE_OBJS := $(patsubst %.c,$(PORTABLE_DIR)/%.o,$(PORTABLE_SRCS) $(PORTABLE_APP_SRCS))
$(PORTABLE_DIR)/include/arch_inline.h: arch/$(ARCH)/arch_inline.h
	@mkdir -p $(dir $@)
	$(Q)cp $< $@
$(PORTABLE_DIR)/src/%.o: src/%.c $(PORTABLE_DIR)/include/arch_inline.h
	@mkdir -p $(dir $@)
	$(call quiet,CC,$< [$(ARCH)])$(CROSS)gcc $(filter-out -Iarch/%,$(KERNEL_CFLAGS)) -I$(PORTABLE_DIR)/include -c -o $@ $<
$(PORTABLE_DIR)/%.o: %.c
	@mkdir -p $(dir $@)
	$(call quiet,CC,$< [$(ARCH)])$(CROSS)gcc $(APP_CFLAGS) $(APP_WERROR) -c -o $@ $<
portable-objs: $(PORTABLE_OBJS)
portable-check:
	$(MAKE) --no-print-directory BOARD=virt BUILD=$(BUILD) portable-objs
	$(MAKE) --no-print-directory BOARD=pi3 BUILD=$(BUILD) portable-objs

# On virt (the default), make test also runs the QEMU suite on the Pi 3,
# built in $(BUILD)/pi3; the two suites run one after the other.
test: host-test portable-check
	$(MAKE) --no-print-directory qemu-test
ifeq ($(BOARD),virt)
	$(MAKE) --no-print-directory BOARD=pi3 BUILD=$(BUILD)/pi3 qemu-test
endif

# The disk: a FAT32 image with every app in /bin and an empty /data
# (tools/mkdisk.sh). Rebuilding updates /bin and keeps everything else.
DISK_SIZE ?= 64
# The ports `make ports` has built go to /bin too, stripped (PORT_DISK_ELFS).
# Which ports are there is read with this file, before `ports` fetches
# any: so `make ports disk` (qemu.sh's first boot) makes the disk in a
# second make, once the ports are built.
ifneq ($(filter ports,$(MAKECMDGOALS)),)
disk: ports
	@$(MAKE) --no-print-directory disk
else
disk: $(APP_ELFS) $(PORT_DISK_ELFS) tools/mkdisk.sh
	$(call quiet,DISK,$(BUILD)/disk.img)tools/mkdisk.sh $(BUILD)/disk.img $(DISK_SIZE) $(APP_ELFS) $(PORT_DISK_ELFS) $(PORT_DISK_DATA)
endif

# GDB on a machine started with ./qemu.sh --gdb (in another terminal).
gdb:
	@BUILD=$(BUILD) tools/gdb.sh $(if $(GDB_PORT),--port $(GDB_PORT))

include tests/fuzz/fuzz.mk
include tools/bench.mk

clean:
	rm -rf $(BUILD)

.PHONY: all test host-test qemu-test portable-check portable-objs gdb disk clean
.DELETE_ON_ERROR:
# Not the ports' unpacked sources and generated trees, which hold
# directories named *.d and thousands of files (apps/ports/ports.mk).
-include $(shell find $(BUILD) \( -path '*/ports/*/src' -o -path '*/ports/*/gen' \) \
	-not -path '*/apps/obj/*' -prune -o -name '*.d' -type f -print 2>/dev/null)
