#!/usr/bin/python3
"""loc.py: how much of the kernel each port shares, in lines of code
(blank lines and comments not counted).

    /usr/bin/python3 tools/loc.py

Prints, for each board, the portable core (src/), the drivers it uses
(src/dev/, portable C), and what is specific to it (arch/<isa>/ with its
board file, and linker/<board>.ld), with that part's share of the kernel.
"""
import glob
import re

CORE = ["src/*.c", "src/*.h", "src/*.S", "src/include/*.h"]
BOARDS = {
    "virt (RISC-V)": {
        "drivers": ["src/dev/uart16550.*"],
        "specific": ["arch/riscv64/*.[chS]", "linker/virt.ld"],
    },
    "pi3 (AArch64)": {
        "drivers": ["src/dev/pl011.*", "src/dev/bcm2835_*", "src/dev/dwc2.*", "src/dev/usb*"],
        "specific": ["arch/aarch64/*.[chS]", "linker/pi3.ld"],
    },
}


def code_lines(path):
    """Lines left once /* */ and // comments and blank lines are gone."""
    with open(path) as f:
        text = f.read()
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    return sum(1 for line in text.split("\n")
               if line.strip() and not line.strip().startswith("//"))


def count(patterns):
    files = sorted({f for p in patterns for f in glob.glob(p)})
    return sum(code_lines(f) for f in files)


def main():
    core = count(CORE)
    print(f"{'board':<16}{'core':>7}{'drivers':>9}{'specific':>10}{'kernel':>8}"
          f"{'specific %':>12}{'with drivers %':>16}")
    for name, parts in BOARDS.items():
        drivers, specific = count(parts["drivers"]), count(parts["specific"])
        total = core + drivers + specific
        print(f"{name:<16}{core:>7}{drivers:>9}{specific:>10}{total:>8}"
              f"{100 * specific / total:>11.1f}%{100 * (specific + drivers) / total:>15.1f}%")


if __name__ == "__main__":
    main()
