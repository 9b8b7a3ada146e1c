# apps.mk: building the apps, the Monitor and the app archives. Included by
# the top-level Makefile, which defines CROSS, ARCH, ARCH_APP_CFLAGS, BUILD
# and PYTHON.
#
# Every directory apps/NAME/ (except runtime/) holding .c files becomes
# $(BUILD)/apps/NAME.elf, and monitor/*.c becomes $(BUILD)/apps/monitor.elf.
# Each is linked with the runtime (apps/runtime/) and Picolibc into a
# static PIE by ld.lld, laid out by linker/task.ld.
#
#   $(BUILD)/apps.img       the archive the kernel boots with
#   $(BUILD)/apps-test.img  the same plus deliberately corrupt entries
#                           (tools/mkcorrupt.py) for the loader's tests

APP_CFLAGS := $(ARCH_APP_CFLAGS) -std=gnu11 -O2 -g -fPIE \
	-fno-omit-frame-pointer -ffunction-sections $(PICOLIBC_SPECS) \
	-Wall -Wextra -Werror -Isrc/include -Iapps/runtime -MD
# App code checks its stack on every call (see apps/runtime/arch_*.S); the
# runtime and Picolibc are not instrumented.
APP_INSTRUMENT := -finstrument-functions

APP_LD := ld.lld
# Debug info of functions --gc-sections dropped gets -1 for its addresses,
# not ld.lld's default 0: images are linked at 0, so 0 is the first live
# function's address too (main), and GDB would take a dead function's
# range there for main's (on AArch64 it named the frame sbrk). GDB drops
# ranges starting at -1. (.debug_ranges and .debug_loc keep lld's own
# tombstone: -1 there means a base address.)
APP_DEBUG_TOMBSTONE := $(foreach s,info line line_str aranges rnglists loclists,\
	-z dead-reloc-in-nonalloc=.debug_$(s)=0xffffffffffffffff)
APP_LDFLAGS := -pie --no-dynamic-linker -z max-page-size=4096 \
	--gc-sections $(APP_DEBUG_TOMBSTONE) -T linker/task.ld

# Picolibc's libc.a for the app multilib. -print-file-name cannot see it (the
# specs add its directory only at link time), so ask the linker which one
# it would use, with the plain -march GCC matches multilibs by
# (ARCH_APP_LIBFLAGS, from arch.mk). Evaluated once, when an app is linked.
APP_LIBFLAGS := $(or $(ARCH_APP_LIBFLAGS),$(ARCH_APP_CFLAGS))
APP_LIBC = $(eval APP_LIBC := $(filter %/libc.a,$(shell echo 'int main(void){return 0;}' | \
	$(CROSS)gcc $(APP_LIBFLAGS) $(PICOLIBC_SPECS) -x c - -o /dev/null \
	-Wl,--trace 2>/dev/null)))$(APP_LIBC)
APP_LIBGCC = $(eval APP_LIBGCC := $(shell $(CROSS)gcc $(APP_LIBFLAGS) \
	-print-libgcc-file-name))$(APP_LIBGCC)

APP_OBJ := $(BUILD)/apps/obj

RUNTIME_SRCS := $(wildcard apps/runtime/*.c) apps/runtime/arch_$(ARCH).S
RUNTIME_OBJS := $(patsubst %,$(APP_OBJ)/%.o,$(basename $(RUNTIME_SRCS)))

APP_DIRS := $(filter-out runtime,$(notdir $(patsubst %/,%,$(wildcard apps/*/))))
APPS := $(foreach a,$(APP_DIRS),$(if $(wildcard apps/$(a)/*.c),$(a))) \
	$(if $(wildcard monitor/*.c),monitor)
APP_ELFS := $(patsubst %,$(BUILD)/apps/%.elf,$(APPS))

# The framebuffer console's font, a C table generated from the console
# fonts named in the Makefile (FONT_REGULAR, FONT_BOLD).
MONITOR_GEN := $(BUILD)/gen/font.c
$(MONITOR_GEN): tools/mkfont.py $(FONT_REGULAR) $(FONT_BOLD_FILE)
	@mkdir -p $(dir $@)
	$(PYTHON) tools/mkfont.py -o $@ $(FONT_REGULAR) $(FONT_BOLD_FILE)
$(APP_OBJ)/$(MONITOR_GEN:.c=.o): APP_CFLAGS += -Imonitor

# app_srcs NAME: the C files of one app.
app_srcs = $(if $(filter monitor,$(1)),$(wildcard monitor/*.c) $(MONITOR_GEN),$(wildcard apps/$(1)/*.c))
app_objs = $(patsubst %.c,$(APP_OBJ)/%.o,$(call app_srcs,$(1)))

# Undefined weak symbols are a trap in a PIE: Picolibc tests them with
# PC-relative code, so they would read as the load address, not 0. And the
# loader applies RELATIVE relocations only. Both are caught here, not at
# boot.
define app_check
	@if $(CROSS)nm $(1) | grep -E '^ +[vw] '; then \
		echo "$(1): undefined weak symbols (listed above); define them in apps/runtime" >&2; \
		rm -f $(1); exit 1; fi
	@if $(CROSS)readelf -rW $(1) | grep -E 'R_[A-Z0-9]+_' | grep -v '_RELATIVE '; then \
		echo "$(1): relocations other than RELATIVE (listed above); the loader refuses them" >&2; \
		rm -f $(1); exit 1; fi
endef

define app_rule
$(BUILD)/apps/$(1).elf: $(call app_objs,$(1)) $(RUNTIME_OBJS) linker/task.ld apps/apps.mk
	@test -n "$$(APP_LIBC)" || { echo "apps.mk: cannot find Picolibc's libc.a for '$(APP_LIBFLAGS)'" >&2; exit 1; }
	$(APP_LD) $(APP_LDFLAGS) -o $$@ $(call app_objs,$(1)) $(RUNTIME_OBJS) \
		--start-group $$(APP_LIBC) $$(APP_LIBGCC) --end-group
	$$(call app_check,$$@)
endef
$(foreach a,$(APPS),$(eval $(call app_rule,$(a))))

# The runtime: no instrumentation (its hooks would recurse; it runs before
# the stack limit is known).
$(APP_OBJ)/apps/runtime/%.o: apps/runtime/%.c
	@mkdir -p $(dir $@)
	$(CROSS)gcc $(APP_CFLAGS) -c -o $@ $<

$(APP_OBJ)/apps/runtime/%.o: apps/runtime/%.S
	@mkdir -p $(dir $@)
	$(CROSS)gcc $(APP_CFLAGS) -c -o $@ $<

$(APP_OBJ)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CROSS)gcc $(APP_CFLAGS) $(APP_INSTRUMENT) -c -o $@ $<

# ---- archives -------------------------------------------------------------
# The archives hold stripped copies (a fifth of the size): the kernel needs
# the segments, and the symbol table for crash reports (src/elfsym.c), but
# not the DWARF or the compiler's local labels. The .elf files keep
# everything for GDB.
APP_STRIPPED := $(patsubst %,$(BUILD)/apps/stripped/%.elf,$(APPS))

$(BUILD)/apps/stripped/%.elf: $(BUILD)/apps/%.elf apps/apps.mk
	@mkdir -p $(dir $@)
	$(CROSS)strip --strip-debug --discard-locals -o $@ $<

$(BUILD)/apps.img: $(APP_STRIPPED) tools/mkarchive.py
	$(PYTHON) tools/mkarchive.py -o $@ $(APP_STRIPPED)

CORRUPT_KINDS := badmagic truncated wrongarch badreloc
CORRUPT_FILES := $(patsubst %,$(BUILD)/apps/corrupt/%.elf,$(CORRUPT_KINDS))

$(BUILD)/apps/corrupt/%.elf: $(BUILD)/apps/stripped/hello.elf tools/mkcorrupt.py
	@mkdir -p $(dir $@)
	$(PYTHON) tools/mkcorrupt.py $* $< $@

$(BUILD)/apps-test.img: $(APP_STRIPPED) $(CORRUPT_FILES) tools/mkarchive.py
	$(PYTHON) tools/mkarchive.py -o $@ $(APP_STRIPPED) \
		$(foreach k,$(CORRUPT_KINDS),--entry $(k)=$(BUILD)/apps/corrupt/$(k).elf)

apps: $(APP_ELFS) $(BUILD)/apps.img $(BUILD)/apps-test.img

.PHONY: apps
