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
#
# Not part of `make test`: it takes about a minute.

bench: all
	$(PYTHON) tools/bench.py --build $(BUILD) $(BENCH)

bench-baseline: all
	@test -n "$(REASON)" || { echo 'make bench-baseline: say why, e.g. REASON="lazy FP switch"' >&2; exit 2; }
	$(PYTHON) tools/bench.py --build $(BUILD) --update-baseline "$(REASON)"

.PHONY: bench bench-baseline
