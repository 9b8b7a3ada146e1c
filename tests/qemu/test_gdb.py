"""GDB on tabula: qemu.sh --gdb starts halted with a stub, tools/gdb.sh
(make gdb) attaches with the tabula commands, and breakpoints set in an app
before it runs stop in its source."""
import os
import re
import socket
import subprocess

import pexpect

from conftest import BUILD, COMMAND_TIMEOUT, PROMPT, ROOT, Tabula, qemu_sh

GDB_TIMEOUT = 90


def free_port():
    """A TCP port nobody listens on now (other test runs may hold 1234)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gdb(port, *commands):
    args = ["--port", str(port), "-batch"]
    for command in commands:
        args += ["-ex", command]
    env = dict(os.environ, BUILD=BUILD)
    return pexpect.spawn(os.path.join(ROOT, "tools", "gdb.sh"), args, cwd=ROOT, env=env,
                         encoding="utf-8", codec_errors="replace", timeout=GDB_TIMEOUT,
                         echo=False)


def test_breakpoint_in_an_app_before_it_runs():
    port = free_port()
    machine = Tabula("--gdb-port", str(port),
                     "--exec", "run hello a b", expect_prompt=False)
    gdb = None
    try:
        machine.expect(rf"halted with a GDB stub on localhost:{port}; "
                       rf"in another terminal: make gdb GDB_PORT={port}")
        gdb = start_gdb(port, "break hello.c:main", "continue", "print argc",
                        "print argv[1]", "tabula tasks", "continue", "print argc",
                        "tabula tasks", "tabula mem")
        # The first stop: hello from --exec, in main, with its arguments.
        gdb.expect(r"Breakpoint 1, main \(argc=3, argv=0x[0-9a-f]+\) at apps/hello/hello\.c:\d+")
        gdb.expect(r"\$1 = 3")
        gdb.expect(r'\$2 = 0x[0-9a-f]+ "a"')
        # tabula tasks: the Monitor, on hart 0, with every capability (it
        # waits for hello, or with more than one hart may be running);
        # hello runs, at the first line of main, on whichever hart.
        gdb.expect(r"ID NAME +STATE +HART +SLOT +SIZE +PC +SP +CAPS +WHERE")
        gdb.expect(r"\n\s*1 monitor\s+(blocked|running|ready)\s+0\s+0x[0-9a-f]+\s+\d+[KM] [^\n]*"
                   r"SPAWN,KILL,TASKS,STATS,LOGREAD,POWER")
        gdb.expect(r"\n\s*2 hello\s+running\s+\d\s+0x[0-9a-f]+\s+256K [^\n]* - +"
                   r"main\+0x0 \(hello\.c:\d+\)")
        # hello ends (its symbols are dropped); a second run lands in the
        # freed slot and the breakpoint finds it there again.
        machine.expect(r"\[hello exited with status 0\]")
        machine.child.expect_exact(PROMPT)
        machine.child.sendline("run hello again")
        gdb.expect(r"dropped the symbols of hello \(task 2\)")
        gdb.expect(r"Breakpoint 1, main \(argc=2, argv=0x[0-9a-f]+\) at apps/hello/hello\.c:\d+")
        gdb.expect(r"\$3 = 2")
        gdb.expect(r"\n\s*3 hello\s+running", timeout=COMMAND_TIMEOUT)
        gdb.expect(r"task 3 \(hello\)")
        gdb.expect(pexpect.EOF)
        # GDB detached at the end of its batch; the machine carries on.
        machine.expect(r"argv\[1\] = again")
        machine.expect(r"\[hello exited with status 0\]")
        machine.child.expect_exact(PROMPT)
        assert machine.halt() == 0
    finally:
        if gdb is not None:
            gdb.close(force=True)
        machine.close()


def test_breakpoint_in_an_app_from_the_disk(tmp_path):
    """A copy of hello on the disk under another name: the GDB script finds
    build/apps/hello.elf by the build-id in the file the kernel loaded."""
    image = str(tmp_path / "disk.img")
    subprocess.run(["mkfs.fat", "-F", "32", "-C", image, str(64 * 1024)], check=True,
                   capture_output=True)
    env = dict(os.environ, MTOOLS_SKIP_CHECK="1")
    subprocess.run(["mmd", "-i", image, "::/bin"], check=True, env=env)
    subprocess.run(["mcopy", "-i", image, os.path.join(ROOT, BUILD, "apps", "hello.elf"),
                    "::/bin/fromdisk.elf"], check=True, env=env)
    port = free_port()
    machine = Tabula("--gdb-port", str(port), "--exec", "run fromdisk x",
                     expect_prompt=False, disk=image)
    gdb = None
    try:
        machine.expect(rf"halted with a GDB stub on localhost:{port}")
        gdb = start_gdb(port, "break hello.c:main", "continue", "print argc", "bt 1")
        gdb.expect(r"loaded the symbols of fromdisk \(task 2\)")
        gdb.expect(r"Breakpoint 1, main \(argc=2, argv=0x[0-9a-f]+\) at apps/hello/hello\.c:\d+")
        gdb.expect(r"\$1 = 2")
        gdb.expect(r"#0 +main \(argc=2")
        gdb.expect(pexpect.EOF)
        machine.expect(r"\[fromdisk exited with status 0\]")
        machine.child.expect_exact(PROMPT)
        assert machine.halt() == 0
    finally:
        if gdb is not None:
            gdb.close(force=True)
        machine.close()


def test_gdb_port_must_be_a_number():
    run = qemu_sh("--gdb-port", "http")
    assert run.returncode == 2
    assert "the GDB port must be a number, not 'http'" in run.stderr


def test_gdb_script_refuses_a_bad_port():
    run = subprocess.run([os.path.join(ROOT, "tools", "gdb.sh"), "--port", "x1"],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 2
    assert "the port must be a number, not 'x1'" in run.stderr


def test_gdb_script_says_when_nothing_listens():
    port = free_port()
    run = subprocess.run([os.path.join(ROOT, "tools", "gdb.sh"), "--port", str(port)],
                         cwd=ROOT, capture_output=True, text=True, timeout=60,
                         env=dict(os.environ, BUILD=BUILD))
    assert run.returncode == 1
    assert (f"nothing listens on localhost:{port}; start tabula with ./qemu.sh --gdb first"
            in run.stderr)
