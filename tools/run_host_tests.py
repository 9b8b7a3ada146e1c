#!/usr/bin/python3
"""Runs the host unit-test binaries given on the command line and sums their
closing "N passed, N failed" lines into one for the whole suite."""
import re
import subprocess
import sys

passed = failed = 0
for binary in sys.argv[1:]:
    print(f"== {binary}", flush=True)
    run = subprocess.run([binary], capture_output=True, text=True)
    sys.stdout.write(run.stdout)
    sys.stderr.write(run.stderr)
    tally = re.findall(r"^(\d+) passed, (\d+) failed$", run.stdout, re.M)
    if not tally or run.returncode != 0 and int(tally[-1][1]) == 0:
        # A crash (ASan, UBSan, abort) before or after the tally.
        print(f"{binary}: exited with status {run.returncode}")
        failed += 1
        continue
    passed += int(tally[-1][0])
    failed += int(tally[-1][1])
print(f"host: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
