# fuzz.mk: the ELF loader fuzzer (and the slot layout spawn derives from
# an image). Included by the top-level Makefile, which
# defines BUILD and FUZZ_SECONDS.
#
#   make fuzz   builds $(BUILD)/fuzz/fuzz_elf (libFuzzer, ASan, UBSan), seeds
#               $(BUILD)/fuzz/corpus (tests/fuzz/make_corpus.sh, plus any
#               apps already in $(BUILD)/apps), runs for FUZZ_SECONDS and
#               prints the number of executions. A crash leaves its input in
#               $(BUILD)/fuzz/artifacts/ and fails the target; replay it
#               with `$(BUILD)/fuzz/fuzz_elf FILE`.

FUZZ_DIR := $(BUILD)/fuzz
FUZZ_BIN := $(FUZZ_DIR)/fuzz_elf
FUZZ_CFLAGS := -std=gnu11 -g -O1 -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all -Wall -Wextra -Werror -Wno-unused-parameter \
	-Isrc -Isrc/include

$(FUZZ_BIN): tests/fuzz/fuzz_elf.c src/elf.c src/elf.h src/task_layout.c src/task_layout.h \
		src/include/tabula.h
	@mkdir -p $(dir $@)
	$(call quiet,HOSTCC,$@)clang $(FUZZ_CFLAGS) -o $@ tests/fuzz/fuzz_elf.c src/elf.c src/task_layout.c

fuzz-corpus:
	@tests/fuzz/make_corpus.sh $(FUZZ_DIR)/corpus $(BUILD)/apps

fuzz: $(FUZZ_BIN) fuzz-corpus
	@mkdir -p $(FUZZ_DIR)/artifacts
	@echo "fuzz: running $(FUZZ_BIN) for $(FUZZ_SECONDS) s (log: $(FUZZ_DIR)/log)"
	@$(FUZZ_BIN) -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
		-artifact_prefix=$(FUZZ_DIR)/artifacts/ $(FUZZ_DIR)/corpus \
		>$(FUZZ_DIR)/log 2>&1; rc=$$?; \
	grep -E 'ERROR|SUMMARY|Test unit written|deadly signal' $(FUZZ_DIR)/log; \
	echo "fuzz: $$(sed -n 's/^stat::number_of_executed_units: *//p' $(FUZZ_DIR)/log) executions," \
		"corpus $$(ls $(FUZZ_DIR)/corpus | wc -l) inputs, exit status $$rc"; \
	exit $$rc

.PHONY: fuzz fuzz-corpus

# make fuzz-fat: the FAT library fuzzer (tests/fuzz/fuzz_fat.c) over
# base images from tests/fuzz/make_fat_seeds.sh, for FUZZ_SECONDS; the
# same report and artifacts as `make fuzz`, in $(FUZZ_DIR)/fat/.
FUZZ_FAT_DIR := $(FUZZ_DIR)/fat
FUZZ_FAT_BIN := $(FUZZ_FAT_DIR)/fuzz_fat
FUZZ_FAT_SRCS := $(filter-out src/fat_kernel.c,$(wildcard src/fat_*.c))

# Without comparison tracing: it tripled the time of an input (directory
# scans compare every entry), and the base images already hold the magic
# numbers a mutation would otherwise have to discover.
$(FUZZ_FAT_BIN): tests/fuzz/fuzz_fat.c $(FUZZ_FAT_SRCS) src/fat.h src/fat_int.h src/block.h src/include/tabula.h
	@mkdir -p $(dir $@)
	$(call quiet,HOSTCC,$@)clang $(FUZZ_CFLAGS) -fno-sanitize-coverage=trace-cmp -o $@ \
		tests/fuzz/fuzz_fat.c $(FUZZ_FAT_SRCS)

# FUZZ_JOBS processes (default 1) share the corpus, each with its own
# log (log.1, log.2...): the executions reported are their sum. On a
# shared machine run it under `nice -n 19`.
FUZZ_JOBS ?= 1
fuzz-fat: $(FUZZ_FAT_BIN)
	@tests/fuzz/make_fat_seeds.sh $(FUZZ_FAT_DIR)
	@mkdir -p $(FUZZ_FAT_DIR)/artifacts
	@rm -f $(FUZZ_FAT_DIR)/log.*
	@echo "fuzz-fat: running $(FUZZ_JOBS) x $(FUZZ_FAT_BIN) for $(FUZZ_SECONDS) s (logs: $(FUZZ_FAT_DIR)/log.N)"
	@rc=0; pids=; for j in $$(seq $(FUZZ_JOBS)); do \
		FUZZ_FAT_SEEDS=$(FUZZ_FAT_DIR) $(FUZZ_FAT_BIN) -max_total_time=$(FUZZ_SECONDS) \
			-print_final_stats=1 -max_len=512 -artifact_prefix=$(FUZZ_FAT_DIR)/artifacts/ \
			$(FUZZ_FAT_DIR)/corpus >$(FUZZ_FAT_DIR)/log.$$j 2>&1 & pids="$$pids $$!"; \
	done; \
	for p in $$pids; do wait $$p || rc=$$?; done; \
	grep -hE 'ERROR|SUMMARY|Test unit written|deadly signal' $(FUZZ_FAT_DIR)/log.*; \
	echo "fuzz-fat: $$(cat $(FUZZ_FAT_DIR)/log.* | sed -n 's/^stat::number_of_executed_units: *//p' | \
		awk '{n += $$1} END {print n + 0}') executions," \
		"corpus $$(ls $(FUZZ_FAT_DIR)/corpus | wc -l) inputs, exit status $$rc"; \
	exit $$rc

.PHONY: fuzz-fat

# make fuzz-sys: apps/sysfuzz on the real kernel in QEMU (tests/fuzz/sysfuzz_soak.py),
# seed after seed for FUZZ_SECONDS, shared between FUZZ_SYS_BOARDS, with a disk;
# each failure is printed with its seed and the command that replays it.
# FUZZ_SYS_SEED picks the first seed (default: from the clock).
FUZZ_SYS_BOARDS ?= virt pi3
FUZZ_SYS_CALLS ?= 5000
# qemu.sh builds each board's kernel first, as for a user.
fuzz-sys:
	@$(PYTHON) tests/fuzz/sysfuzz_soak.py --seconds $(FUZZ_SECONDS) --boards "$(FUZZ_SYS_BOARDS)" \
		--calls $(FUZZ_SYS_CALLS) $(if $(FUZZ_SYS_SEED),--seed $(FUZZ_SYS_SEED)) \
		--log $(FUZZ_DIR)/sys/log

.PHONY: fuzz-sys
