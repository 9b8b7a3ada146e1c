# apps.mk: building the apps, the Monitor and the app archives. Included by
# the top-level Makefile, which defines CROSS, ARCH, ARCH_APP_CFLAGS, BUILD
# and PYTHON.
#
# Every directory apps/NAME/ (except runtime/) holding .c files or an
# app.mk becomes $(BUILD)/apps/NAME.elf, and monitor/*.c becomes
# $(BUILD)/apps/monitor.elf. Each is linked with the runtime
# (apps/runtime/) and Picolibc into a static PIE by ld.lld, laid out by
# linker/task.ld.
#
# An app's own build settings go in apps/NAME/app.mk, all optional (a port
# keeps its directory elsewhere: app_NAME_dir, set before app_fragment, names
# it, and app_NAME_elf where its ELF goes; see apps/ports/ports.mk):
#
#   THIS_SRCS    := its C files (default apps/NAME/*.c); may lie anywhere,
#                   e.g. a port's sources unpacked under $(BUILD)
#   THIS_CFLAGS  := added when compiling them (-I, -D, -std=...)
#   THIS_LDFLAGS := added when linking it
#   THIS_MEM     := default slot size, e.g. 2M or 512K
#   THIS_STACK   := default stack size, e.g. 256K (as TABULA_APP_MEMORY)
#   THIS_WERROR  := no, for code written elsewhere: its warnings are shown,
#                   not fatal (code written here keeps -Werror)
#
#   $(BUILD)/apps.img       the archive the kernel boots with
#   $(BUILD)/apps-test.img  the same plus deliberately corrupt entries
#                           (tools/mkcorrupt.py) for the loader's tests

# What the runtime provides beyond Picolibc's defaults, which declare no
# POSIX clocks: clock_gettime, nanosleep and CLOCK_MONOTONIC (apps/runtime/time.c).
APP_POSIX_FEATURES := -D_POSIX_TIMERS=1 -D_POSIX_MONOTONIC_CLOCK=200112L \
	-D_POSIX_CPUTIME=200112L -D_POSIX_THREAD_CPUTIME=200112L
APP_CFLAGS := $(ARCH_APP_CFLAGS) -std=gnu11 -O2 -g -fPIE \
	-fno-omit-frame-pointer -ffunction-sections $(PICOLIBC_SPECS) \
	-Wall -Wextra -Isrc/include -Iapps/runtime -MD -MP \
	$(APP_POSIX_FEATURES)
# Off for an app whose app.mk says THIS_WERROR := no.
APP_WERROR := -Werror
# An object's own flags: an app's objects get its app.mk's (app_rule);
# the rest (the runtime) are code written here.
APP_OWN_CFLAGS := $(APP_WERROR)
# Dependency files written before -MP still name monitor/debug.h (now
# debugcmd.h); this rule lets such a build tree rebuild instead of stopping.
monitor/debug.h:

APP_LD := ld.lld
# -z notext: parts of Picolibc are not built as PIC (iconv's tables hold
# absolute pointers in .rodata); ld.lld turns those into RELATIVE
# relocations in the text segment, which the loader applies like any
# other (it keeps no segment read-only while loading).
# Debug info of functions --gc-sections dropped gets -1 for its addresses,
# not ld.lld's default 0: images are linked at 0, so 0 is the first live
# function's address too (main), and GDB would take a dead function's
# range there for main's (on AArch64 it named the frame sbrk). GDB drops
# ranges starting at -1. (.debug_ranges and .debug_loc keep lld's own
# tombstone: -1 there means a base address.)
APP_DEBUG_TOMBSTONE := $(foreach s,info line line_str aranges rnglists loclists,\
	-z dead-reloc-in-nonalloc=.debug_$(s)=0xffffffffffffffff)
# A build-id names an app's build whatever its file is called: tools/gdb
# finds the host's NAME.elf for an app run from a copy on the disk by it.
APP_LDFLAGS := -pie --no-dynamic-linker -z max-page-size=4096 -z notext \
	--gc-sections $(APP_DEBUG_TOMBSTONE) --build-id=sha1 -T linker/task.ld

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
APPS := $(foreach a,$(APP_DIRS),$(if $(wildcard apps/$(a)/*.c apps/$(a)/app.mk),$(a))) \
	$(if $(wildcard monitor/*.c),monitor)

# app_fragment NAME: reads apps/NAME/app.mk (if any) into app_NAME_*.
app_dir = $(or $(app_$(1)_dir),apps/$(1))
app_elf = $(or $(app_$(1)_elf),$(BUILD)/apps/$(1).elf)
define app_fragment
THIS_SRCS :=
THIS_CFLAGS :=
THIS_LDFLAGS :=
THIS_MEM :=
THIS_STACK :=
THIS_WERROR := yes
$(if $(wildcard $(call app_dir,$(1))/app.mk),include $(call app_dir,$(1))/app.mk)
app_$(1)_srcs := $$(or $$(THIS_SRCS),$$(wildcard $(call app_dir,$(1))/*.c))
app_$(1)_cflags := $$(THIS_CFLAGS) $$(if $$(filter no,$$(THIS_WERROR)),,$$(APP_WERROR))
app_$(1)_ldflags := $$(THIS_LDFLAGS)
app_$(1)_note := $$(if $$(THIS_MEM)$$(THIS_STACK),$$(APP_OBJ)/notes/$(1).o)
app_$(1)_mem := $$(call size_expr,$$(THIS_MEM))
app_$(1)_stack := $$(call size_expr,$$(THIS_STACK))
endef
# size_expr SIZE: 2M, 512K or plain bytes as a C expression (0: the default).
size_expr = $(if $(1),$(patsubst %M,(%ull<<20),$(patsubst %K,(%ull<<10),$(1))),0)
APP_ELFS := $(patsubst %,$(BUILD)/apps/%.elf,$(APPS))

# The framebuffer console's font, a C table generated from the console
# fonts named in the Makefile (FONT_REGULAR, FONT_BOLD).
MONITOR_GEN := $(BUILD)/gen/font.c
$(MONITOR_GEN): tools/mkfont.py $(FONT_REGULAR) $(FONT_BOLD_FILE)
	@mkdir -p $(dir $@)
	$(call quiet,GEN,$@)$(PYTHON) tools/mkfont.py -o $@ $(FONT_REGULAR) $(FONT_BOLD_FILE)
$(APP_OBJ)/$(MONITOR_GEN:.c=.o): APP_CFLAGS += -Imonitor

# app_srcs NAME: the C files of one app.
app_srcs = $(if $(filter monitor,$(1)),$(wildcard monitor/*.c) $(MONITOR_GEN),$(app_$(1)_srcs))
app_objs = $(patsubst %.c,$(APP_OBJ)/%.o,$(call app_srcs,$(1))) $(app_$(1)_note)
$(foreach a,$(filter-out monitor,$(APPS)),$(eval $(call app_fragment,$(a))))
app_monitor_cflags := $(APP_WERROR)

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
$(call app_elf,$(1)): $(call app_objs,$(1)) $(RUNTIME_OBJS) linker/task.ld $(wildcard $(call app_dir,$(1))/app.mk) apps/apps.mk
	@mkdir -p $$(dir $$@)
	@test -n "$$(APP_LIBC)" || { echo "apps.mk: cannot find Picolibc's libc.a for '$(APP_LIBFLAGS)'" >&2; exit 1; }
	$$(call quiet,LD,$$@)$(APP_LD) $(APP_LDFLAGS) $(app_$(1)_ldflags) -o $$@ $(call app_objs,$(1)) $(RUNTIME_OBJS) \
		--start-group $$(APP_LIBC) $$(APP_LIBGCC) --end-group
	$$(call app_check,$$@)
# Its objects get its own flags (target-specific, so a shared source
# would get the flags of whichever app named it last).
$(patsubst %.c,$(APP_OBJ)/%.o,$(call app_srcs,$(1))): APP_OWN_CFLAGS := $(app_$(1)_cflags)
$(patsubst %.c,$(APP_OBJ)/%.o,$(call app_srcs,$(1))): $(wildcard $(call app_dir,$(1))/app.mk)
$(app_$(1)_note): $(wildcard $(call app_dir,$(1))/app.mk)
endef
$(foreach a,$(APPS),$(eval $(call app_rule,$(a))))

# The memory note of an app whose app.mk sets THIS_MEM or THIS_STACK.
$(APP_OBJ)/notes/%.o:
	@mkdir -p $(dir $@)
	$(Q)printf '#include <tabula.h>\nTABULA_APP_MEMORY(%s, %s);\n' \
		'$(app_$*_mem)' '$(app_$*_stack)' > $(@:.o=.c)
	$(call quiet,CC,$(@:.o=.c))$(CROSS)gcc $(APP_CFLAGS) $(APP_WERROR) -c -o $@ $(@:.o=.c)

# Stacks are guarded by an unmapped page below them (src/guard.c), so app
# code is compiled as it is anywhere else: no check on function entry.
# Objects depend on this file, so a change of flags here rebuilds them.
$(APP_OBJ)/apps/runtime/%.o: apps/runtime/%.S apps/apps.mk
	@mkdir -p $(dir $@)
	$(call quiet,AS,$<)$(CROSS)gcc $(APP_CFLAGS) $(APP_WERROR) -c -o $@ $<

$(APP_OBJ)/%.o: %.c apps/apps.mk
	@mkdir -p $(dir $@)
	$(call quiet,CC,$<)$(CROSS)gcc $(APP_CFLAGS) $(APP_OWN_CFLAGS) -c -o $@ $<

# ---- archives -------------------------------------------------------------
# The archives hold stripped copies (a fifth of the size): the kernel needs
# the segments, and the symbol table for crash reports (src/elfsym.c), but
# not the DWARF or the compiler's local labels. The .elf files keep
# everything for GDB.
APP_STRIPPED := $(patsubst %,$(BUILD)/apps/stripped/%.elf,$(APPS))

$(BUILD)/apps/stripped/%.elf: $(BUILD)/apps/%.elf apps/apps.mk
	@mkdir -p $(dir $@)
	$(call quiet,STRIP,$@)$(CROSS)strip --strip-debug --discard-locals -o $@ $<

$(BUILD)/apps.img: $(APP_STRIPPED) tools/mkarchive.py
	$(call quiet,AR,$@)$(PYTHON) tools/mkarchive.py -o $@ $(APP_STRIPPED)

CORRUPT_KINDS := badmagic truncated wrongarch badreloc
CORRUPT_FILES := $(patsubst %,$(BUILD)/apps/corrupt/%.elf,$(CORRUPT_KINDS))

$(BUILD)/apps/corrupt/%.elf: $(BUILD)/apps/stripped/hello.elf tools/mkcorrupt.py
	@mkdir -p $(dir $@)
	$(call quiet,GEN,$@)$(PYTHON) tools/mkcorrupt.py $* $< $@

$(BUILD)/apps-test.img: $(APP_STRIPPED) $(CORRUPT_FILES) tools/mkarchive.py
	$(call quiet,AR,$@)$(PYTHON) tools/mkarchive.py -o $@ $(APP_STRIPPED) \
		$(foreach k,$(CORRUPT_KINDS),--entry $(k)=$(BUILD)/apps/corrupt/$(k).elf)

apps: $(APP_ELFS) $(BUILD)/apps.img $(BUILD)/apps-test.img

.PHONY: apps
