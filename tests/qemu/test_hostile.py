"""Issue 15's attacks, made by apps/hostile through the syscall table: each
gets a specific refusal or is stopped, and the machine carries on with
every slot free."""
import os
import re
import time

import pexpect

from conftest import BOARD, BOOT_TIMEOUT, PROMPT, ROOT


def refusals(out):
    return re.findall(r"hostile: spawn refused \((-\d+)\): (.*)", out)


def idle_slots(t):
    return re.findall(r"^\s*\S\s+0x[0-9a-f]+\s+\S+\s+(\S+)", t.run("mem"), re.M)


def test_stack_sizes_near_2_64_are_refused(shared_tabula):
    out = shared_tabula.run("run hostile stackwrap")
    got = refusals(out)
    assert got[0] == ("-2", "a stack of 18446744073709543424 bytes is too large for hello"), out
    assert got[1] == ("-2", "a stack of 18446744073709551615 bytes is too large for hello"), out
    # 2^63 fits the sums but no slot: the sizes in the message do not wrap.
    assert got[2][0] == "-3" and "needs at least 9007199254741" in got[2][1], out
    assert idle_slots(shared_tabula) == ["monitor", "free"]


def test_strings_running_off_the_slot_are_refused(shared_tabula):
    out = shared_tabula.run("run hostile nonul")
    assert refusals(out) == [
        ("-5", "app name runs past the end of the caller's memory"),
        ("-5", "argument 1 runs past the end of the caller's memory")], out
    assert "bench with the name refused (-5)" in out, out


def test_small_spawn_mistakes_get_their_own_words(shared_tabula):
    out = shared_tabula.run("run hostile longarg")
    assert refusals(out) == [("-2", "argument 1 is longer than 4095 bytes")], out
    out = shared_tabula.run("run hostile argc")
    assert [r[1] for r in refusals(out)] == [
        "spawn request has -1 arguments and 0 environment strings (at most 64 each)",
        "spawn request has 1000 arguments and 0 environment strings (at most 64 each)"], out
    out = shared_tabula.run("run hostile mem")
    assert re.search(r"a slot of 18014398509481984 KiB for hello is larger than all task "
                     r"memory \(\d+ KiB\)", out), out


def test_log_text_cannot_command_the_terminal(shared_tabula):
    shared_tabula.run("run hostile logesc")
    log = shared_tabula.run("log -n 4")
    assert "esc?]0;pwned??[2Jdone" in log, log
    assert "\x1b]0;pwned" not in log and "\x07" not in log


def test_orphans_of_an_app_are_reaped(shared_tabula):
    out = shared_tabula.run("run hostile orphans")
    kids = re.findall(r"hostile: child (\d+)", out)
    assert len(kids) == 3, out
    time.sleep(1.5)  # they sleep 0.3 s, then the idle loop reaps them
    ps = shared_tabula.run("ps")
    for kid in kids:
        assert not re.search(rf"^\s*{kid}\s", ps, re.M), ps
    assert idle_slots(shared_tabula) == ["monitor", "free"]


def test_a_kernel_loop_of_2_64_iterations_ends_from_the_keyboard(tabula):
    for key, how in (("\x1c", "killed from the keyboard"), ("\x03", "[hostile killed]")):
        tabula.child.sendline("run hostile bench")
        tabula.expect("looping in the kernel")
        time.sleep(0.5)
        tabula.child.send(key)
        tabula.child.expect_exact(PROMPT, timeout=30)
        out = tabula.child.before.replace("\r\n", "\n")
        assert how in out, out
        assert "the loop returned" not in out, out
    assert "hello, world" in tabula.run("run hello")
    assert idle_slots(tabula) == ["monitor", "free"]


def test_a_display_flood_killed_mid_flush_leaves_the_display_working():
    """An app flushing the whole screen back to back is ended by Ctrl-C and
    by Ctrl-\\ (in the middle of a flush, most likely): the device's turn is
    given back, so the Monitor, which shows its shell on the framebuffer,
    keeps working."""
    child = pexpect.spawn(os.path.join(ROOT, "qemu.sh"),
                          ["--board", BOARD, "--headless", "--plain"], cwd=ROOT,
                          encoding="utf-8", codec_errors="replace", timeout=BOOT_TIMEOUT)
    try:
        child.expect_exact(PROMPT)
        for key, how in (("\x03", "[hostile killed]"), ("\x1c", "killed from the keyboard")):
            child.sendline("run hostile flood")
            child.expect_exact("flooding the display", timeout=30)
            time.sleep(0.5)
            child.send(key)
            child.expect_exact(how, timeout=30)
            child.expect_exact(PROMPT, timeout=30)
        child.sendline("run hello")
        child.expect_exact("[hello exited with status 0]", timeout=30)
        child.expect_exact(PROMPT, timeout=30)
        child.sendline("halt")
        child.expect(pexpect.EOF, timeout=30)
    finally:
        child.close()


def test_a_junk_stack_pointer_is_not_an_overflow(shared_tabula):
    out = shared_tabula.run("run hostile sp0")
    assert re.search(r"\[hostile crashed: store (page|access) fault with a stack pointer outside "
                     r"the stack \(sp 0x0\) at pc 0x[0-9a-f]+ \(hostile\+0x[0-9a-f]+\)", out), out
    assert "bytes deep" not in out


def test_a_pc_outside_the_slot_is_not_an_offset_into_it(shared_tabula):
    out = shared_tabula.run("run hostile wildpc")
    assert re.search(r"\[hostile crashed: instruction (page|access|abort)[a-z ]* at pc "
                     r"0x4000000000 \(outside hostile\)", out), out
    assert idle_slots(shared_tabula) == ["monitor", "free"]
