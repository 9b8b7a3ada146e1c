"""A crashing app dies alone, with a report; the system carries on."""
import re

import pytest

CRASHES = {
    "null": r"\[crashme crashed: null pointer dereference \(store (page|access) fault\) at pc 0x[0-9a-f]+ "
            r"\(crashme\+0x[0-9a-f]+\), address 0x0\]",
    "illegal": r"\[crashme crashed: illegal instruction at pc 0x[0-9a-f]+ \(crashme\+0x[0-9a-f]+\)",
    "misaligned": r"\[crashme crashed: misaligned (load|store) at pc 0x[0-9a-f]+ \(crashme\+0x[0-9a-f]+\)",
    "ebreak": r"\[crashme crashed: breakpoint at pc 0x[0-9a-f]+ \(crashme\+0x[0-9a-f]+\)",
    "overflow": r"\[crashme died: stack overflow",
    # Kernel frames on the app's stack run into its guard page: the app
    # ends with a stack overflow; the kernel does not panic.
    "kernelcall": r"\[crashme died: stack overflow\]\n  stack overflow: \d+ bytes deep",
    # A kernel call handed a pointer into the guard page: the kernel's
    # access faults, the app ends for it (a crash, not an overflow).
    "guardptr": r"\[crashme crashed: passed the kernel a pointer into its stack guard page "
                r"\(0x[0-9a-f]+\) at pc 0x[0-9a-f]+ \(crashme\+0x[0-9a-f]+\)\]\n  at crash_guard_pointer\+",
    # Kernel text and the syscall table are read-only to everyone.
    "textwrite": r"\[crashme crashed: store (page|access) fault at pc 0x[0-9a-f]+ "
                 r"\(crashme\+0x[0-9a-f]+\), address 0x[0-9a-f]+\]\n  at crash_kernel_text\+",
    "tablewrite": r"\[crashme crashed: store (page|access) fault at pc 0x[0-9a-f]+ "
                  r"\(crashme\+0x[0-9a-f]+\), address 0x[0-9a-f]+\]\n  at crash_syscall_table\+",
}


def slot_owners(mem_output):
    return re.findall(r"^\s*\S\s+0x[0-9a-f]+\s+\S+\s+(\S+)", mem_output, re.M)


@pytest.mark.parametrize("mode", sorted(CRASHES))
def test_crash_is_reported_and_the_prompt_returns(shared_tabula, mode):
    out = shared_tabula.run(f"run crashme {mode}")
    assert re.search(CRASHES[mode], out), out
    # The kernel logged the crash too, naming the task and the cause.
    log = shared_tabula.run("log -n 3")
    assert "crashme" in log


def test_oom_reports_what_it_got(shared_tabula):
    out = shared_tabula.run("run crashme oom")
    got = re.search(r"oom: got (\d+) bytes before malloc failed", out)
    assert got and int(got.group(1)) > 64 * 1024, out
    assert out.splitlines()[-1] == "[crashme exited with status 0]"


def test_twenty_crashes_in_a_row_free_every_slot(shared_tabula):
    modes = sorted(CRASHES)
    before = shared_tabula.run("mem")
    for i in range(20):
        mode = modes[i % len(modes)]
        out = shared_tabula.run(f"run crashme {mode}")
        assert re.search(CRASHES[mode], out), out
    after = shared_tabula.run("mem")
    assert slot_owners(after) == ["monitor", "free"], after
    assert slot_owners(before) == slot_owners(after)
    # And the machine still works.
    assert "hello, world" in shared_tabula.run("run hello")


def test_kernel_text_and_syscall_table_survive_writes(shared_tabula):
    """The writes were refused, not done: the kernel and its table still
    work for the next app (a write to the table's yield entry would have
    sent the next yield to address 0)."""
    for mode in ("textwrite", "tablewrite"):
        shared_tabula.run(f"run crashme {mode}")
    assert "floating-point registers intact" in shared_tabula.run("run fpcheck 3")
    assert "hello, world" in shared_tabula.run("run hello")


def test_stack_option_gives_a_bigger_stack(shared_tabula):
    """run --stack: a deeper recursion fits, the overflow report says so,
    and sizes the kernel cannot honour get a reason."""
    small = shared_tabula.run("run crashme overflow")
    big = shared_tabula.run("run crashme overflow --stack 256K --mem 1M")
    depth = [int(re.search(r"stack overflow: (\d+) bytes deep \(the stack is (\d+)\)", out).group(1))
             for out in (small, big)]
    assert 256 * 1024 < depth[1] and depth[0] < 256 * 1024, (small, big)
    assert "(the stack is 262144)" in big and "try run --stack 512K" in big, big
    out = shared_tabula.run("run hello --stack 100")
    assert "run: a stack of 100 bytes is too small (at least 8K) for hello" in out, out
    out = shared_tabula.run("run hello --stack 1M")
    assert re.search(r"slot is too small for hello: .*stack 1024 KiB", out), out
    assert "hello, world" in shared_tabula.run("run hello --stack 1M --mem 2M")
    out = shared_tabula.run("run hello --stack")
    assert "run: --stack needs a size like 64K or 1M" in out, out


def test_guards_in_many_places_reuse_the_page_tables(shared_tabula):
    """Each slot size puts the stack's guard page in another 2 MiB page,
    which the MMU splits with a table from a fixed pool; fifty-five different
    ones spend the pool, so tables whose guards are gone are folded back
    and reused. Guards must keep working throughout."""
    for mb in range(2, 112, 2):
        out = shared_tabula.run(f"run nop --mem {mb}M")
        assert "[nop exited with status 0]" in out, out
    out = shared_tabula.run("run crashme overflow --mem 61M")
    assert "stack overflow: " in out and "try run --stack 128K" in out, out
    assert "hello, world" in shared_tabula.run("run hello")
