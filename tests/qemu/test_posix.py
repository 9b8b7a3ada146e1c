"""The app runtime's POSIX hooks (apps/runtime), driven through the posix
test app, one hook family per test, as a user sees them at the console."""
import re

import pytest

from conftest import BOARD, only_on
from console import RED, Console


def test_environment_from_run(tabula):
    out = tabula.run("run FOO=bar X_1='two words' posix env FOO X_1 TERM HOME")
    lines = out.splitlines()
    assert "FOO=bar" in lines, out
    assert "X_1=two words" in lines, out
    assert "TERM=dumb" in lines, out   # the plain console draws no colours
    assert "HOME=(unset)" in lines, out
    assert lines[-1] == "[posix exited with status 0]"


def test_env_words_only_before_the_app(tabula):
    out = tabula.run("run posix env A=1")
    assert "A=1=(unset)" in out.splitlines(), out


def test_clocks_and_cpu_time(tabula):
    out = tabula.run("run posix clock")
    m = re.search(r"realtime (\d+) gettimeofday (\d+) time (\d+)", out)
    assert m, out
    rt, tv, now = (int(x) for x in m.groups())
    if BOARD == "virt":
        # The goldfish RTC: a date after this code was written.
        assert rt > 1_700_000_000, out
    else:
        assert rt < 1_000_000, out  # no RTC on the Pi: the clock starts at 1970
    assert abs(rt - tv) <= 2 and abs(rt - now) <= 2, out
    assert "clock_gettime(99) EINVAL" in out
    assert "cpu <= wall" in out
    assert "times ok" in out


@only_on("virt", why="the Pi has no real-time clock")
def test_date_command(tabula):
    out = tabula.run("date")
    assert re.fullmatch(r"20\d\d-\d\d-\d\d \d\d:\d\d:\d\d UTC", out.strip()), out


@only_on("pi3", why="virt has a goldfish RTC, so its clock is always set")
def test_date_without_a_clock(tabula):
    assert "date: the machine has no clock and nothing has set it" in tabula.run("date")


def test_sleeps_last_long_enough(tabula):
    out = tabula.run("run posix sleep 30")
    assert "nanosleep long enough, usleep long enough" in out, out
    assert "nanosleep(1e9 ns) EINVAL" in out


def test_streams_keep_their_order(tabula):
    out = tabula.run("run posix streams")
    lines = out.splitlines()
    assert lines[:5] == ["out 1", "err 1", "out 2", "err 2", "raw err"], out
    assert "isatty 1 1 1 0" in lines
    assert "fstat(1) char device" in lines
    assert re.search(r"pagesize 4096 clk_tck \d+ open_max 32", out), out
    assert "pid ok" in lines
    assert "\x1b[" not in out  # plain: no colours for stderr either


def test_descriptor_table(tabula):
    out = tabula.run("run posix fd").splitlines()
    assert "read(9) EBADF" in out
    assert "write(0) EBADF" in out
    assert "lseek(1) ESPIPE" in out
    assert "fopen NULL" in out
    assert any(line.startswith("open ") and "opened" not in line for line in out)


def test_malloc_family(tabula):
    out = tabula.run("run posix malloc 20000")
    assert "malloc: 20000 rounds ok, realloc ok" in out, out


@pytest.mark.parametrize("how,reason,frames", [
    ("abort", "aborted (SIGABRT)", ["abort", "main"]),
    ("assert", "aborted (SIGABRT)", ["abort", "__assert_func"]),
    ("raise", "killed by SIGTERM", ["kill", "main"]),
    ("kill", "killed by SIGSEGV", ["kill", "main"]),
])
def test_ending_oneself_is_reported_like_a_crash(tabula, how, reason, frames):
    out = tabula.run(f"run posix {how}")
    assert f"[posix {reason}]" in out, out
    for f in frames:
        assert re.search(rf"  (at|#\d+) {re.escape(f)}\+0x[0-9a-f]+", out), out
    if how == "assert":
        assert 'assertion "argc > 5 && "two plus two is five"" failed' in out, out
    if how == "raise":
        assert "handler got signal 15" in out and "still alive" not in out, out
    log = tabula.run("log -n 5")
    assert re.search(rf"posix {re.escape(reason)}, \d+ frames deep", log), log


@only_on("virt", why="the tabbed console is checked through the virtio-gpu screen dump")
def test_stderr_in_the_error_colour_in_a_tab():
    console = Console()
    try:
        console.command("run posix streams")
        console.wait_text(r"pid ok", console.body)
        screen = console.screen
        colours = {}
        for y in range(screen.lines):
            row = "".join(screen.buffer[y][x].data for x in range(screen.columns)).strip()
            if row in ("out 1", "err 1", "raw err"):
                colours[row] = screen.buffer[y][0].fg
        assert colours.get("err 1") == RED and colours.get("raw err") == RED, colours
        assert colours.get("out 1") not in (None, RED), colours
    finally:
        console.close()


def test_non_pic_picolibc_parts_run(tabula):
    """strftime and iconv: Picolibc objects with absolute pointers in
    .rodata, linked with text relocations the loader applies."""
    out = tabula.run("run textconv")
    assert "strftime: Friday 31 December 1999 23:59:58" in out, out
    assert "iconv:  63 61 66 c3 a9" in out, out  # "café" in UTF-8
    assert out.splitlines()[-1] == "[textconv exited with status 0]"


def test_app_mk_sets_the_default_slot(tabula):
    out = tabula.run("apps")
    assert re.search(r"^textconv\s+\S+\s+2M$", out, re.M), out
