# bench.mk: `make bench`, included by the top-level Makefile.
#
#   make bench                  every benchmark: a table of instruction
#                               counts (QEMU -icount) against the baseline,
#                               wall times beside them, and $(BUILD)/bench.json;
#                               fails when an instruction count is >10% worse
#   make bench BENCH=null_call  only the benchmarks whose names start so
#   make bench-baseline REASON="why"
#                               runs them and records the counts as the new
#                               baseline (tools/bench-baseline.json): commit
#                               it on its own, with the reason
#   make bench BOARD=pi3        the kernel's instruction counts on the Pi
#                               (one boot, a few seconds), against
#                               tools/bench-baseline-pi3.json; the same
#                               for make bench-baseline BOARD=pi3
#
# Not part of `make test`: it takes about a minute.
#
# The compute and malloc benchmarks (apps/cpubench, apps/mallocbench) and
# Lua (a port, when `make ports` has fetched it) are also linked for Linux: the same object files, the same runtime and
# Picolibc, on tools/linux's shim of the syscall table, laid out by
# linker/task.ld moved off address 0, its data on a page of its own (Linux
# maps a page shared by text and data without execute permission), and
# linked static, not PIE. bench.py
# runs them under Linux user-mode QEMU and compares wall times.

LINUX_DIR := $(BUILD)/linux
# Ports join when `make ports` has unpacked them (apps/ports/ports.mk).
LINUX_PORT_BENCH := $(filter lua speedtest1 doom,$(PORTS_READY))
LINUX_BENCH := cpubench mallocbench $(LINUX_PORT_BENCH)
LINUX_QEMU := qemu-$(ARCH)
LINUX_SHIM_OBJS := $(LINUX_DIR)/shim.o $(LINUX_DIR)/shim_$(ARCH).o
LINUX_ELFS := $(patsubst %,$(LINUX_DIR)/%,$(LINUX_BENCH))

$(LINUX_DIR)/shim.o: tools/linux/shim.c src/include/tabula.h
	@mkdir -p $(dir $@)
	$(call quiet,CC,$<)$(CROSS)gcc $(APP_CFLAGS) $(APP_WERROR) -c -o $@ $<
$(LINUX_DIR)/shim_$(ARCH).o: tools/linux/shim_$(ARCH).S
	@mkdir -p $(dir $@)
	$(call quiet,AS,$<)$(CROSS)gcc $(APP_CFLAGS) -c -o $@ $<
$(LINUX_DIR)/task.ld: linker/task.ld tools/bench.mk
	@mkdir -p $(dir $@)
	$(Q)sed -e 's/^    \. = 0;/    . = 0x10000;/' \
		-e 's/^    \.data\.rel\.ro :/    . = ALIGN(4096);\n&/' $< > $@
	@grep -q '0x10000' $@ && grep -q 'ALIGN(4096)' $@ || \
		{ echo "bench.mk: linker/task.ld changed shape; see the sed above" >&2; rm -f $@; exit 1; }

define linux_rule
$(LINUX_DIR)/$(1): $(call app_objs,$(1)) $(RUNTIME_OBJS) $(LINUX_SHIM_OBJS) $(LINUX_DIR)/task.ld
	$$(call quiet,LD,$$@)$(APP_LD) $(app_$(1)_ldflags) -static -e shim_start -z max-page-size=4096 --gc-sections \
		-T $(LINUX_DIR)/task.ld -o $$@ $(call app_objs,$(1)) $(RUNTIME_OBJS) $(LINUX_SHIM_OBJS) \
		--start-group $$(APP_LIBC) $$(APP_LIBGCC) --end-group
endef
$(foreach a,$(LINUX_BENCH),$(eval $(call linux_rule,$(a))))

# The ports run on the kernel whose archive holds them (tabula-ports.elf).
# The Pi's run has neither the Linux comparison nor the ports.
BENCH_NEEDS := $(if $(filter virt,$(BOARD)),$(LINUX_ELFS) $(if $(LINUX_PORT_BENCH),$(BUILD)/tabula-ports.elf))
bench: all $(BENCH_NEEDS)
	$(PYTHON) tools/bench.py --board $(BOARD) --build $(BUILD) --linux-qemu $(LINUX_QEMU) $(BENCH)

bench-baseline: all
	@test -n "$(REASON)" || { echo 'make bench-baseline: say why, e.g. REASON="lazy FP switch"' >&2; exit 2; }
	$(PYTHON) tools/bench.py --board $(BOARD) --build $(BUILD) --no-linux --update-baseline "$(REASON)"

.PHONY: bench bench-baseline
