# ports.mk: `make ports`, programs built from Debian's source packages.
# Included by the top-level Makefile after apps/apps.mk.
#
# Each directory apps/ports/NAME/ holds a recipe (the source package and
# its exact version), an app.mk like any app's (its sources named under
# $(PORT_SRC), the unpacked tree) and the glue written here. A port is an
# app in every other way, but it does not go into the kernel's built-in
# archive (the kernel would grow by hundreds of KiB for every boot and
# every test): its ELF lands in $(PORTS_DIR)/bin/NAME.elf, for the disk
# image's /bin.
#
#   make ports   fetch and unpack what is missing (tools/ports.sh), then
#                build every port whose sources are there, and
#                $(BUILD)/tabula-ports.elf: the kernel with the ports in its
#                archive, which the port tests boot (until the disk holds
#                them)
#
# Fetching runs first and on its own: which ports can be built (and their
# source files) is known only once they are unpacked, so a second make
# reads this file again with them in place. A port that cannot be had
# (no network) leaves $(PORTS_DIR)/NAME/unavailable with the reason, is
# left out, and the build goes on.

PORTS_DIR := $(BUILD)/ports
PORTS := $(patsubst apps/ports/%/recipe,%,$(wildcard apps/ports/*/recipe))
# A recipe with a from= line instead of a package builds another program
# from that port's sources (speedtest1 from sqlite3's): nothing to fetch.
$(foreach p,$(PORTS),$(eval port_$(p)_from := $(or $(shell sed -n 's/^from=//p' apps/ports/$(p)/recipe),$(p))))
PORTS_FETCH := $(foreach p,$(PORTS),$(if $(filter $(p),$(port_$(p)_from)),$(p)))
PORTS_READY := $(foreach p,$(PORTS),$(if $(wildcard $(PORTS_DIR)/$(port_$(p)_from)/unpacked),$(p)))
PORT_ELFS := $(patsubst %,$(PORTS_DIR)/bin/%.elf,$(PORTS_READY))
# For the disk's /bin (make disk): stripped, as the archive holds apps.
PORT_DISK_ELFS := $(patsubst %,$(PORTS_DIR)/stripped/%.elf,$(PORTS_READY))
# A port's files on the disk besides its program: recipe lines
# disk=DEST FILE, FILE in the binary package it names with data=
# (unpacked in $(PORTS_DIR)/NAME/data). For mkdisk.sh as DEST=PATH.
PORT_DISK_DATA := $(foreach p,$(PORTS_READY),$(shell sed -n 's|^disk=\([^ ]*\) \(.*\)|\1=$(PORTS_DIR)/$(p)/data/\2|p' apps/ports/$(p)/recipe))

# port_objs NAME: the objects of a port's own sources (not the runtime).
port_objs = $(patsubst %.c,$(APP_OBJ)/%.o,$(app_$(1)_srcs))
# Those no earlier port has a rule for (two programs of one package share
# its library's objects, built with the same flags).
PORT_OBJS_RULED :=
port_new_objs = $(filter-out $(PORT_OBJS_RULED),$(call port_objs,$(1)))

# A port's objects: one line per port that counts up where the terminal
# allows (\r), the compiler's complaints about code written elsewhere in
# $(PORTS_DIR)/NAME/build.log, shown only when a file fails.
define port_vars
app_$(1)_dir := apps/ports/$(1)
app_$(1)_elf := $(PORTS_DIR)/bin/$(1).elf
PORT_SRC := $(PORTS_DIR)/$(port_$(1)_from)/src
endef
define port_rule
$(call port_new_objs,$(1)): $(APP_OBJ)/%.o: %.c apps/apps.mk
	@mkdir -p $$(dir $$@)
	@if [ -t 1 ]; then printf '\r  PORT   %s: compile %s/%s\033[K' $(1) \
		"$$$$(($$$$(find $(APP_OBJ)/$(PORTS_DIR)/$(port_$(1)_from) -name '*.o' | wc -l) + 1))" \
		$(words $(app_$(1)_srcs)); fi
	$(Q)$(CROSS)gcc $(APP_CFLAGS) $$(APP_OWN_CFLAGS) -c -o $$@ $$< 2> $$@.log; r=$$$$?; \
		cat $$@.log >> $(PORTS_DIR)/$(port_$(1)_from)/build.log; [ $$$$r = 0 ] || \
		{ echo; grep -m 20 -A 3 'error' $$@.log >&2; echo "  PORT   $(1): $$< failed to compile (log: $(PORTS_DIR)/$(port_$(1)_from)/build.log)" >&2; exit 1; }
PORT_OBJS_RULED += $(call port_objs,$(1))
endef
$(foreach p,$(PORTS_READY),$(eval $(call port_vars,$(p)))$(eval $(call app_fragment,$(p)))\
	$(eval $(call app_rule,$(p)))$(eval $(call port_rule,$(p))))

$(PORTS_DIR)/stripped/%.elf: $(PORTS_DIR)/bin/%.elf
	@mkdir -p $(dir $@)
	$(call quiet,STRIP,$@)$(CROSS)strip --strip-debug --discard-locals -o $@ $<

$(BUILD)/apps-ports.img: $(APP_STRIPPED) $(patsubst %,$(PORTS_DIR)/stripped/%.elf,$(PORTS_READY)) tools/mkarchive.py
	$(call quiet,AR,$@)$(PYTHON) tools/mkarchive.py -o $@ $(filter %.elf,$^)

$(BUILD)/kernel-ports/apps_image.o: src/apps_image.S $(BUILD)/apps-ports.img
	@mkdir -p $(dir $@)
	$(call quiet,AS,$@)$(CROSS)gcc $(KERNEL_CFLAGS) -D__ASSEMBLY__ -DAPPS_IMAGE='"$(BUILD)/apps-ports.img"' -c -o $@ $<

KERNEL_PORTS_OBJS := $(filter-out %/apps_image.o,$(KERNEL_OBJS)) $(BUILD)/kernel-ports/apps_image.o
$(BUILD)/tabula-ports.elf: $(KERNEL_PORTS_OBJS) linker/$(BOARD).ld tools/mksyms.py
	$(call quiet,LD,$@)$(call kernel_link,$(KERNEL_PORTS_OBJS))

# Exit status 3 from ports.sh is "unavailable", already reported.
ports:
	@for p in $(PORTS_FETCH); do tools/ports.sh $$p $(PORTS_DIR) || [ $$? = 3 ] || exit 1; done
	@$(MAKE) --no-print-directory ports-build

ports-build: $(PORT_ELFS) $(BUILD)/tabula-ports.elf $(if $(filter pi3,$(BOARD)),$(BUILD)/tabula-ports.img)
	@$(foreach p,$(PORTS_READY),[ -t 1 ] && printf '\r\033[K'; \
		printf '  PORT   %s: %s objects, %s\n' $(p) $(words $(call port_objs,$(p))) $(PORTS_DIR)/bin/$(p).elf;)

.PHONY: ports ports-build
