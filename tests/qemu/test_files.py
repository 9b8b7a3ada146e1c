"""Files on a disk: a FAT32 image made on the host (mkfs.fat, mcopy), attached
as virtio-blk on virt and as the SD card on the Pi. What tabula writes, the
host reads back byte for byte, and the reverse; a full disk says ENOSPC;
QEMU killed mid-write leaves a volume fsck.fat accepts; the sandbox holds;
an app from /bin crashes with a symbolized report.

Each test gets a fresh image in its own temporary directory."""
import os
import re
import subprocess

import pexpect
import pytest

from conftest import BUILD, PROMPT, ROOT, Tabula

IMAGE_MIB = 64  # a power of two, as QEMU's SD card wants


def pattern(n, seed):
    """apps/fs/fs.c's pattern()."""
    out = bytearray(n)
    for i in range(n):
        x = (((i + 1) * 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF) ^ seed
        out[i] = (x >> 29) & 0xFF
    return bytes(out)


def fnv(data):
    h = 2166136261
    for b in data:
        h = ((h ^ b) * 16777619) & 0xFFFFFFFF
    return f"{h:08x}"


def mtools(image, *args, **kw):
    return subprocess.run(args, env={**os.environ, "MTOOLS_SKIP_CHECK": "1"},
                          check=True, capture_output=True, **kw)


def make_image(tmp_path, ballast_mib=0):
    image = str(tmp_path / "disk.img")
    subprocess.run(["mkfs.fat", "-F", "32", "-n", "TABULA", "-C", image,
                    str(IMAGE_MIB * 1024)], check=True, capture_output=True)
    for d in ["::/bin", "::/data", "::/data/fs", "::/data/other", "::/shared"]:
        mtools(image, "mmd", "-i", image, d)
    secret = tmp_path / "secret.txt"
    secret.write_text("not for fs\n")
    mtools(image, "mcopy", "-i", image, str(secret), "::/data/other/secret.txt")
    mtools(image, "mcopy", "-i", image, str(secret), "::/shared/readme.txt")
    if ballast_mib:
        ballast = tmp_path / "ballast"
        ballast.write_bytes(b"\0" * (ballast_mib << 20))
        mtools(image, "mcopy", "-i", image, str(ballast), "::/ballast.bin")
    return image


def mcopy_out(image, path, tmp_path):
    dest = tmp_path / "out.bin"
    if dest.exists():
        dest.unlink()
    mtools(image, "mcopy", "-i", image, f"::{path}", str(dest))
    return dest.read_bytes()


def fsck_problems(image):
    """fsck.fat -n's complaints, other than lost clusters and what follows
    from them (a stale free count, a chain longer than the size the
    directory entry last recorded)."""
    run = subprocess.run(["fsck.fat", "-n", image], capture_output=True, text=True)
    benign = re.compile(r"lost cluster|Free cluster summary|cluster chain length is|"
                        r"Truncating file|Reclaimed|^\s*$|fsck\.fat|Checking|Leaving|"
                        r"^\S+\.img:|^/.*$|files?,|Perform changes|Orphaned|"
                        r"wrong, corrected|Auto-correcting", re.I)
    return [line for line in run.stdout.splitlines() if not benign.search(line)], run


def test_files_round_trip_with_the_host(tmp_path):
    image = make_image(tmp_path)
    incoming = pattern(300_000, 11)
    (tmp_path / "in.bin").write_bytes(incoming)
    mtools(image, "mcopy", "-i", image, str(tmp_path / "in.bin"), "::/data/fs/in.bin")
    machine = Tabula(disk=image)
    try:
        assert re.search(r"storage: \S+ mounted at /", machine.boot_log), machine.boot_log
        out = machine.run("run fs sum in.bin")
        assert f"read 300000 sum {fnv(incoming)}" in out, out
        out = machine.run("run fs write out.bin 200001 7")
        assert "wrote 200001" in out, out
        listing = machine.run("ls -l /data/fs")
        assert re.search(r"200001 .* out\.bin", listing), listing
        out = machine.run("run fs calls")
        assert "calls done" in out and "FAIL" not in out, out
        assert "cwd /data/fs" in out
        # The Monitor's own commands on the same files.
        assert machine.run("cat /shared/readme.txt") == "not for fs"
        assert machine.run("cp /data/fs/out.bin /data/fs/copy.bin") == ""
        assert re.search(r"total, .* free", machine.run("df"))
        assert machine.halt() == 0
    finally:
        machine.close()
    assert mcopy_out(image, "/data/fs/out.bin", tmp_path) == pattern(200001, 7)
    assert mcopy_out(image, "/data/fs/copy.bin", tmp_path) == pattern(200001, 7)
    problems, run = fsck_problems(image)
    assert run.returncode == 0, run.stdout


def test_sandbox_escapes_are_refused_and_logged(tmp_path):
    image = make_image(tmp_path)
    machine = Tabula(disk=image)
    try:
        refused = ["../other/secret.txt", "/data/other/secret.txt",
                   "/DATA/FS/../OTHER/secret.txt", "/Data/./fs/../../data/other/secret.txt",
                   "notes/../../other/secret.txt", "/", "/bin"]
        for path in refused:
            out = machine.run(f"run fs try open-read {path}")
            assert f"open-read {path}: Permission denied" in out, out
        # A path through a file ends below the grant, where it is no directory.
        machine.run("run fs write plain.txt 10 1")
        out = machine.run("run fs try open-read plain.txt/../../other/secret.txt")
        assert "Permission denied" in out, out
        out = machine.run("run fs try open-write plain.txt/x")
        assert re.search(r"plain.txt/x: (Not a directory|No such file)", out), out
        # Case variants of its own grant are its own; granted read-only stays so.
        assert "allowed" in machine.run("run fs try stat /DATA/Fs/PLAIN.TXT")
        out = machine.run("run fs --fs /shared:ro try open-read /shared/readme.txt")
        assert "open-read /shared/readme.txt: allowed" in out, out
        out = machine.run("run fs --fs /shared:ro try open-write /shared/new.txt")
        assert "Permission denied" in out, out
        log = machine.run("log -n 40")
        assert re.search(r"fs: open /data/other/secret\.txt refused: not granted", log), log
        assert re.search(r"fs: open /shared/new\.txt refused: not granted write access", log), log
        # The Monitor is privileged: it sees it all.
        assert machine.run("cat /data/other/secret.txt") == "not for fs"
    finally:
        machine.close()


def test_an_apps_note_asks_for_files_and_the_monitor_decides(tmp_path):
    image = make_image(tmp_path)
    for d in ["::/scripts", "::/tmp"]:
        mtools(image, "mmd", "-i", image, d)
    (tmp_path / "hello.txt").write_text("print('hi')\n")
    mtools(image, "mcopy", "-i", image, str(tmp_path / "hello.txt"), "::/scripts/hello.txt")
    # The same app from the disk: its note is read from /bin as spawn reads it.
    mtools(image, "mcopy", "-i", image, os.path.join(ROOT, BUILD, "apps", "fsnote.elf"),
           "::/bin/disknote.elf")
    machine = Tabula(disk=image)
    try:
        out = machine.run("run fsnote")
        assert ("[fsnote asks /scripts:ro: granted; /tmp:rw: refused, read-write needs "
                "--fs /tmp:rw; /data:ro: refused, other apps' data needs --fs /data:ro]") in out, out
        assert "read /scripts/hello.txt: print('hi')" in out, out
        assert "write /tmp/out.txt: Permission denied" in out, out
        assert "read /data/other/secret.txt: Permission denied" in out, out
        # The user grants what the note could not get by asking.
        out = machine.run("run fsnote --fs /tmp:rw")
        assert "/tmp:rw: granted already" in out, out
        assert "write /tmp/out.txt: allowed" in out, out
        out = machine.run("run disknote")
        assert "[disknote asks /scripts:ro: granted;" in out, out
        assert "read /scripts/hello.txt: print('hi')" in out, out
        log = machine.run("log -n 30")
        assert "fsnote's note asks /tmp:rw: refused, read-write needs --fs /tmp:rw" in log, log
        assert machine.halt() == 0
    finally:
        machine.close()
    assert mcopy_out(image, "/tmp/out.txt", tmp_path) == b"written by fsnote\n"


def test_full_disk_gives_enospc_and_keeps_earlier_files(tmp_path):
    image = make_image(tmp_path, ballast_mib=IMAGE_MIB - 6)
    machine = Tabula(disk=image)
    try:
        keep = machine.run("run fs write keep.bin 50000 5")
        assert "wrote 50000" in keep, keep
        out = machine.run("run fs fill full.bin", timeout=120)
        assert "No space left on device" in out, out
        out = machine.run("run fs sum keep.bin")
        assert f"read 50000 sum {fnv(pattern(50000, 5))}" in out, out
        assert machine.run("rm /data/fs/full.bin") == ""
        assert machine.halt() == 0
    finally:
        machine.close()
    assert mcopy_out(image, "/data/fs/keep.bin", tmp_path) == pattern(50000, 5)
    problems, run = fsck_problems(image)
    assert run.returncode == 0, run.stdout


def test_killed_mid_write_leaves_a_sound_volume(tmp_path):
    image = make_image(tmp_path)
    machine = Tabula(disk=image)
    try:
        assert "wrote 70000" in machine.run("run fs write synced.bin 70000 9")
        assert machine.run("sync") == ""
        machine.child.sendline("run fs slow long.bin 300")
        machine.expect("first chunk synced", timeout=60)
    finally:
        machine.close()  # QEMU killed: no halt, no sync
    problems, run = fsck_problems(image)
    assert not problems, run.stdout
    assert mcopy_out(image, "/data/fs/synced.bin", tmp_path) == pattern(70000, 9)


def test_an_app_from_bin_crashes_with_a_symbolized_report(tmp_path):
    image = make_image(tmp_path)
    mtools(image, "mcopy", "-i", image, os.path.join(ROOT, BUILD, "apps", "crashme.elf"),
           "::/bin/diskcrash.elf")
    machine = Tabula(disk=image)
    try:
        assert re.search(r"^diskcrash\s.*/bin/diskcrash", machine.run("apps"), re.M)
        out = machine.run("run diskcrash null")
        assert re.search(r"diskcrash crashed: null pointer dereference .*\(diskcrash\+0x[0-9a-f]+\)",
                         out), out
        assert re.search(r"^\s+at crash_\w+\+0x", out, re.M), out
        assert "diskcrash from the disk" in machine.run("log -n 10")
        out = machine.run("run /bin/nothing")
        assert "/bin/nothing: no such file" in out, out
    finally:
        machine.close()


def test_tab_completes_paths_and_the_status_tab_shows_the_disk(tmp_path):
    from console import CYAN, PINK, Console
    image = make_image(tmp_path)
    (tmp_path / "tool.elf").write_bytes(b"\x7fELF")
    mtools(image, "mcopy", "-i", image, str(tmp_path / "tool.elf"), "::/bin/tool.elf")
    mtools(image, "mcopy", "-i", image, str(tmp_path / "tool.elf"), "::/bin/blob.bin")
    console = Console(args=("--disk", image))
    try:
        console.send("ls /sha\t")
        console.wait_text(r"tabula> ls /shared/", console.body)
        console.send("rea\t")
        console.wait_text(r"tabula> ls /shared/readme\.txt", console.body)
        console.send("\r")
        # An icon per kind in the tabbed console (the plain one has none).
        console.wait_text("\n\u2261 /shared/readme\\.txt", console.body)
        console.command("ls /bin")
        console.wait_text("\n\u25b6 tool\\.elf *\n\u2022 blob\\.bin", console.body)
        console.command("ls /")
        console.wait_text("\n\u25a0 bin/", console.body)

        def colour(text):
            for y, line in enumerate(console.lines()):
                if text in line:
                    return console.screen.buffer[y][line.index(text)].fg
        assert colour("\u25a0 bin/") == CYAN, console.dump()
        assert colour("\u25b6 tool.elf") == PINK, console.dump()
        console.prefix("1")
        console.wait_text(r"disk +(virtio-blk0|sd0) +\S+ used, \S+ free, cache \d+% hits", console.body)
    finally:
        console.close()


def test_typed_lines_are_recalled_after_a_reboot(tmp_path):
    """The shell tab's lines and an app's lines in line mode are saved under
    /data/.history; the next boot's Up recalls them. A line typed with a
    space first is not saved; junk in a history file is skipped, logged
    once and cleaned away."""
    from console import Console
    image = make_image(tmp_path)
    console = Console(args=("--disk", image))
    try:
        console.command("uptime")
        console.wait_text(r"up \d+:\d\d:\d\d", console.body)
        console.command(" pwd")  # a space first: run, not saved
        console.wait_text(r"\n/ *\n", console.body)
        console.command("run cat")
        console.wait(lambda: console.focused_tab() == "4 cat", "cat's tab")
        console.send("from the last boot\r")
        console.send(" a secret\r")
        console.send("\x04")
        console.wait_text(r"\[cat exited with status 0\]", console.body)
        console.send("\r")  # closes the tab
        console.command("halt")
        console.child.expect(pexpect.EOF)
    finally:
        console.close()
    assert mcopy_out(image, "/data/.history/monitor", tmp_path) == b"uptime\nrun cat\nhalt\n"
    assert mcopy_out(image, "/data/.history/cat", tmp_path) == b"from the last boot\n"

    junk = tmp_path / "monitor"
    junk.write_bytes(b"uptime\nrun cat\nhalt\n\x00\xffbinary\n" + b"y" * 1000 + b"\nls /data\n")
    mtools(image, "mcopy", "-o", "-i", image, str(junk), "::/data/.history/monitor")
    # A file over 16 KiB: its tail is read, and it is cut to the last 32 lines.
    lines = [f"print({i})" for i in range(2000)] + ["from the last boot"]
    long = tmp_path / "cat"
    long.write_text("".join(line + "\n" for line in lines))
    mtools(image, "mcopy", "-o", "-i", image, str(long), "::/data/.history/cat")
    console = Console(args=("--disk", image))
    try:
        console.send("\x1b[A")
        console.wait_last_line("tabula> ls /data")
        console.send("\x1b[A\x1b[A")
        console.wait_last_line("tabula> run cat")
        console.send("\r")
        console.wait(lambda: console.focused_tab() == "4 cat", "cat's tab")
        console.send("\x1b[A")
        console.wait_last_line("from the last boot")
        console.send("\r")
        console.wait(lambda: console.body().count("from the last boot") == 2, "cat's copy")
        console.send("\x04")
        console.wait_text(r"\[cat exited with status 0\]", console.body)
        console.send("\r")
        console.command("log -n 40")
        said = "history: /data/.history/monitor: skipped 2 lines too long or not text"
        console.wait(lambda: said in console.body().replace("\n", ""), "the log's line")
        console.command("halt")
        console.child.expect(pexpect.EOF)
    finally:
        console.close()
    assert mcopy_out(image, "/data/.history/monitor", tmp_path) == \
        b"uptime\nrun cat\nhalt\nls /data\nrun cat\nlog -n 40\nhalt\n"
    assert mcopy_out(image, "/data/.history/cat", tmp_path) == \
        "".join(line + "\n" for line in lines[-32:]).encode()


def test_a_history_that_cannot_be_written_costs_one_log_line(tmp_path):
    from console import Console
    image = make_image(tmp_path)
    (tmp_path / "history").write_text("a file where the directory should be\n")
    mtools(image, "mcopy", "-i", image, str(tmp_path / "history"), "::/data/.history")
    console = Console(args=("--disk", image))
    try:
        for command in ["uptime", "pwd", "uptime"]:
            console.command(command)
        console.send("\x1b[A\x1b[A")
        console.wait_last_line("tabula> pwd")
        console.send("\x15log -n 20\r")
        said = "/data/.history/monitor: not a directory"
        console.wait(lambda: said in console.body().replace("\n", ""), "the log's line")
        assert console.body().count("history: can't") == 1, console.dump()
    finally:
        console.close()


def test_record_locks_between_tasks(tmp_path):
    """fcntl record locks between tasks (apps/fs `lock`): a conflict is
    EAGAIN and F_GETLK names the holder; F_SETLKW sleeps until the holder
    unlocks, or is killed; two tasks waiting for each other get EDEADLK
    (the second to ask); closing another descriptor of the file drops a
    task's locks; a killed waiter stops waiting; the table is bounded
    (ENOLCK)."""
    image = make_image(tmp_path)
    machine = Tabula(disk=image)

    def blocked(task):
        for _ in range(100):
            if re.search(rf"\n +{task} fs +blocked ", machine.run("ps")):
                return
        raise AssertionError(f"task {task} never waited: {machine.run('ps')}")

    lock = "run --bg fs lock locks.bin"
    try:
        a = machine.started(f"{lock} w:0:10 r:20:0 say:holding until:go1 u:0:10 sleep:600000")
        machine.expect_all(rf"fs\[{a}\]: holding")
        out = machine.run("run fs lock locks.bin w:5:1 g:0:0 r:25:5 w:30:1 e:0:1 w:0:-1 ro "
                          "w:40:1 r:40:1")
        assert out.splitlines() == [
            "setlk w 5+1: EAGAIN",
            f"getlk 0+0: w 0+10 task {a}",
            "setlk r 25+5: ok",
            "setlk w 30+1: EAGAIN",
            "setlk w 0+1: EINVAL",
            "setlk w 0+-1: EINVAL",
            "setlk w 40+1: EBADF",
            "setlk r 40+1: ok",
            "[fs exited with status 0]"], out
        # A waiter wakes when the holder unlocks.
        b = machine.started(f"{lock} W:0:10")
        blocked(b)
        machine.run("cp /data/fs/locks.bin /data/fs/go1")
        machine.expect_all(rf"fs\[{b}\]: setlkw w 0\+10: ok",
                           rf"\[fs \(task {b}\) exited with status 0\]")
        # ... and when the holder is killed (its read lock to the end of the file).
        c = machine.started(f"{lock} W:20:1")
        blocked(c)
        machine.child.sendline(f"kill {a}")
        machine.expect_all(rf"fs\[{c}\]: setlkw w 20\+1: ok",
                           rf"\[fs \(task {c}\) exited with status 0\]", rf"\[fs \(task {a}\) killed\]")
        # Two tasks each waiting for the other: the second to ask is told.
        d = machine.started(f"{lock} w:50:1 say:d-holds until:go2 W:51:1")
        machine.expect_all(rf"fs\[{d}\]: d-holds")
        e = machine.started(f"{lock} w:51:1 W:50:1")
        blocked(e)
        machine.run("cp /data/fs/locks.bin /data/fs/go2")
        machine.expect_all(rf"fs\[{d}\]: setlkw w 51\+1: EDEADLK",
                           rf"\[fs \(task {d}\) exited with status 0\]",
                           rf"fs\[{e}\]: setlkw w 50\+1: ok",
                           rf"\[fs \(task {e}\) exited with status 0\]")
        # Closing another descriptor of the file ends the task's locks on it.
        f = machine.started(f"{lock} w:60:1 close2 w:70:1 say:f-holds until:go3")
        machine.expect_all(rf"fs\[{f}\]: f-holds")
        out = machine.run("run fs lock locks.bin w:60:1 g:60:20")
        assert out.splitlines() == ["setlk w 60+1: ok", f"getlk 60+20: w 70+1 task {f}",
                                    "[fs exited with status 0]"], out
        # A killed waiter stops waiting; the holder's unlock finds it gone.
        g = machine.started(f"{lock} W:70:1")
        blocked(g)
        machine.child.sendline(f"kill {g}")
        machine.expect_all(rf"\[fs \(task {g}\) killed\]")
        machine.run("cp /data/fs/locks.bin /data/fs/go3")
        machine.expect_all(rf"\[fs \(task {f}\) exited with status 0\]")
        # A task's share of the kernel's table is bounded; what it took goes when it ends.
        out = machine.run("run fs lock locks.bin fill:200")
        assert out.splitlines() == ["fill: 32 ranges, then ENOLCK", "[fs exited with status 0]"], out
        out = machine.run("run fs lock locks.bin w:0:0 g:0:0")
        assert out.splitlines() == ["setlk w 0+0: ok", "getlk 0+0: free",
                                    "[fs exited with status 0]"], out
        assert machine.halt() == 0
    finally:
        machine.close()
