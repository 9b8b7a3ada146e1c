#!/usr/bin/python3
"""Runs the host unit-test binaries given on the command line and sums their
closing "N passed, N failed" lines into one for the whole suite. Paths after
a "--" are Python tests of the build tools, run with pytest and counted
in the same sum."""
import re
import subprocess
import sys

args = sys.argv[1:]
binaries, pytests = (args[:args.index("--")], args[args.index("--") + 1:]) if "--" in args else (args, [])
passed = failed = 0
for binary in binaries:
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
if pytests:
    print(f"== pytest {' '.join(pytests)}", flush=True)
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *pytests],
                         capture_output=True, text=True)
    sys.stdout.write(run.stdout)
    sys.stderr.write(run.stderr)
    ok = re.search(r"(\d+) passed", run.stdout)
    bad = re.search(r"(\d+) (failed|error)", run.stdout)
    passed += int(ok.group(1)) if ok else 0
    failed += int(bad.group(1)) if bad else (0 if run.returncode == 0 else 1)
print(f"host: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
