"""tabula.py: GDB commands that know about tabula's tasks.

tools/gdb.sh (make gdb) loads this into gdb-multiarch with the kernel's
symbols. Tasks are position-independent and land in whichever slot is free,
so GDB cannot know where an app's code is; the kernel calls
debug_task_loaded(t) once an image is in place and debug_task_unloaded(t)
before its slot is freed (src/debug.c), and the breakpoints below load and
drop the app's symbols (build/apps/NAME.elf, linked at 0) at the slot's
address. So `break hello.c:main` works before hello runs. An app run
from the disk is found by the build-id in its file (which the kernel keeps
in memory while it runs), whatever the copy on the disk is called.

    tabula tasks            the task table, read from kernel memory
    tabula symbols [TASK]   load the symbols of every task, or of one (id or name)
    tabula log [N]          the last N kernel log records (default 20)
    tabula mem              the slot map
    tabula attach           what tools/gdb.sh runs after connecting: the
                            spawn hooks, then the symbols of running tasks

Settings: `set tabula-apps DIR` (where NAME.elf files are, default
build/apps), `set tabula-verbose on|off` (announce symbol loads).
"""
import os

import gdb

CAP_NAMES = ["SPAWN", "KILL", "TASKS", "STATS", "LOGREAD", "POWER", "BENCH", "DISPLAY"]

# Where a switched-out task's context and its frame records keep the return
# address and the caller's frame pointer, per architecture (byte offsets):
# arch/<isa>/switch_frame.h (RISC-V SW_RA, SW_S(0); AArch64 SW_LR, SW_FP)
# and arch_frame_next in cpu.c.
ARCH = {
    "riscv": {"switch_ra": 0, "switch_fp": 16, "frame_ra": -8, "frame_fp": -16,
              "fp_reg": "$s0"},
    "aarch64": {"switch_ra": 88, "switch_fp": 80, "frame_ra": 8, "frame_fp": 0,
                "fp_reg": "$x29"},
}


class AppsDir(gdb.Parameter):
    """Where the app ELF files with their symbols are (NAME.elf)."""
    set_doc = "Set the directory of the app ELF files tabula loads symbols from."
    show_doc = "Show the directory of the app ELF files tabula loads symbols from."

    def __init__(self):
        super().__init__("tabula-apps", gdb.COMMAND_DATA, gdb.PARAM_FILENAME)
        self.value = "build/apps"

    def get_set_string(self):
        return ""


class Verbose(gdb.Parameter):
    """Whether tabula announces each app whose symbols it loads or drops."""
    set_doc = "Set whether tabula announces symbol loads."
    show_doc = "Show whether tabula announces symbol loads."

    def __init__(self):
        super().__init__("tabula-verbose", gdb.COMMAND_DATA, gdb.PARAM_BOOLEAN)
        self.value = True

    def get_set_string(self):
        return ""


apps_dir = AppsDir()
verbose = Verbose()
loaded = {}  # slot base -> (task id, app name, objfile file name)


def kernel():
    """The kernel's objfile: the first one, the file gdb was started with."""
    return gdb.objfiles()[0]


def kernel_var(name):
    sym = kernel().lookup_static_symbol(name) or kernel().lookup_global_symbol(name)
    if sym is None:
        raise gdb.GdbError(f"tabula: the kernel has no symbol '{name}' (a different build?)")
    return sym.value()


def arch():
    name = gdb.selected_inferior().architecture().name()
    for key, layout in ARCH.items():
        if name.startswith(key):
            return layout
    raise gdb.GdbError(f"tabula: no frame layout for architecture {name}")


def read_word(addr):
    ptr = gdb.lookup_type("unsigned long").pointer()
    return int(gdb.Value(addr).cast(ptr).dereference())


def c_string(chars):
    return chars.string(errors="replace", length=-1).split("\0")[0]


def enum_name(value, type_name, prefix):
    text = str(value.cast(gdb.lookup_type(type_name)))
    return text[len(prefix):].lower() if text.startswith(prefix) else text


def live_tasks():
    """The task table's entries in use, as gdb.Values of struct task."""
    table = kernel_var("tasks")
    count = table.type.range()[1] + 1
    out = []
    for i in range(count):
        t = table[i]
        if int(t["state"]) != 0:  # TABULA_TASK_FREE
            out.append(t)
    return out


def find_task(spec):
    for t in live_tasks():
        if spec == str(int(t["id"])) or spec == c_string(t["name"]):
            return t
    raise gdb.GdbError(f"tabula: no task '{spec}' (see tabula tasks)")


def app_file(name):
    return os.path.join(apps_dir.value or "build/apps", name + ".elf")


SHT_NOTE = 7
NT_GNU_BUILD_ID = 3


def build_id(read):
    """The GNU build-id of the 64-bit little-endian ELF file read(offset,
    size) gives, as hex, or None. Section headers, not segments: apps keep
    the build-id out of their PT_NOTE (linker/task.ld)."""
    try:
        head = read(0, 64)
        if head[:4] != b"\x7fELF" or head[4] != 2 or head[5] != 1:
            return None
        shoff = int.from_bytes(head[0x28:0x30], "little")
        shentsize = int.from_bytes(head[0x3a:0x3c], "little")
        shnum = int.from_bytes(head[0x3c:0x3e], "little")
        if shentsize < 64 or shnum > 1024:
            return None
        table = read(shoff, shentsize * shnum)
        for i in range(shnum):
            sh = table[i * shentsize:(i + 1) * shentsize]
            if int.from_bytes(sh[4:8], "little") != SHT_NOTE:
                continue
            off = int.from_bytes(sh[0x18:0x20], "little")
            size = int.from_bytes(sh[0x20:0x28], "little")
            align = max(4, int.from_bytes(sh[0x30:0x38], "little"))
            notes, pos = read(off, min(size, 4096)), 0
            while pos + 12 <= len(notes):
                namesz, descsz, kind = (int.from_bytes(notes[pos + k:pos + k + 4], "little")
                                        for k in (0, 4, 8))
                desc = pos + 12 + (namesz + align - 1) // align * align
                if kind == NT_GNU_BUILD_ID and notes[pos + 12:pos + 12 + namesz] == b"GNU\0":
                    return notes[desc:desc + descsz].hex()
                pos = desc + (descsz + align - 1) // align * align
    except (gdb.MemoryError, OSError, ValueError):
        return None
    return None


host_ids = {}  # host ELF path -> (mtime, build-id)


def host_file_by_build_id(wanted):
    """The NAME.elf in the apps directory with build-id wanted, or None."""
    folder = apps_dir.value or "build/apps"
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return None
    for name in names:
        path = os.path.join(folder, name)
        if not name.endswith(".elf"):
            continue
        mtime = os.path.getmtime(path)
        if host_ids.get(path, (None,))[0] != mtime:
            with open(path, "rb") as f:
                def read(offset, size, f=f):
                    f.seek(offset)
                    return f.read(size)
                host_ids[path] = (mtime, build_id(read))
        if host_ids[path][1] == wanted:
            return path
    return None


def disk_app_file(t):
    """For a task run from the disk (its ELF file is in memory at
    t->disk_image), the host file with the same build-id: the disk's copy
    may have any name (`mcopy crashme.elf ::/bin/other.elf`)."""
    image = int(t["disk_image"])
    if not image:
        return None
    inferior = gdb.selected_inferior()
    wanted = build_id(lambda offset, size: bytes(inferior.read_memory(image + offset, size)))
    return host_file_by_build_id(wanted) if wanted else None


def objfile_named(path):
    path = os.path.realpath(path)
    return [o for o in gdb.objfiles() if o.filename and os.path.realpath(o.filename) == path]


def drop_symbols(base):
    entry = loaded.pop(base, None)
    if entry is None:
        return
    gdb.execute(f"remove-symbol-file -a {base:#x}", to_string=True)
    if verbose.value:
        print(f"tabula: dropped the symbols of {entry[1]} (task {entry[0]}) at {base:#x}")


def load_symbols(t):
    """Loads the symbols of task t at its slot; returns False when there is
    no ELF file for it."""
    base = int(t["slot_base"])
    tid, name = int(t["id"]), c_string(t["name"])
    if base == 0:
        return False
    if loaded.get(base, (None, None))[:2] == (tid, name):
        return True
    drop_symbols(base)
    path = disk_app_file(t) or app_file(name)
    if not os.path.exists(path):
        print(f"tabula: no {path} for task {tid} ({name}); its code has no symbols")
        return False
    gdb.execute(f"add-symbol-file {path} -o {base:#x}", to_string=True)
    loaded[base] = (tid, name, path)
    if verbose.value:
        print(f"tabula: loaded the symbols of {name} (task {tid}) at {base:#x}")
    return True


def task_arg(frame):
    try:
        return frame.read_var("t")
    except ValueError:
        raise gdb.GdbError("tabula: cannot read the task argument of the hook")


class LoadHook(gdb.Breakpoint):
    """On debug_task_loaded(t): the image of t is in place, it has not run."""

    def __init__(self):
        super().__init__("debug_task_loaded", internal=True)

    def stop(self):
        load_symbols(task_arg(gdb.selected_frame()))
        return False


class UnloadHook(gdb.Breakpoint):
    """On debug_task_unloaded(t): t's slot is about to be freed."""

    def __init__(self):
        super().__init__("debug_task_unloaded", internal=True)

    def stop(self):
        t = task_arg(gdb.selected_frame())
        base = int(t["slot_base"])
        if loaded.get(base, (None,))[0] == int(t["id"]):
            drop_symbols(base)
        return False


hooks = []


def install_hooks():
    if not hooks:
        hooks.extend([LoadHook(), UnloadHook()])


def symbol_at(pc):
    """'function+off (file:line)' for pc, as far as the loaded symbols say."""
    block = None
    try:
        block = gdb.block_for_pc(pc)
    except RuntimeError:
        pass
    fn = block.function if block else None
    while block and not fn:
        block = block.superblock
        fn = block.function if block else None
    if fn is None:
        text = gdb.execute(f"info symbol {pc:#x}", to_string=True).strip()
        return "" if text.startswith("No symbol") else text.split(" in section")[0]
    sal = gdb.find_pc_line(pc)
    where = f" ({os.path.basename(sal.symtab.filename)}:{sal.line})" if sal.symtab else ""
    return f"{fn.name}+{pc - int(fn.value().address):#x}{where}"


def task_position(t, running):
    """(pc, sp) where task t is: for a switched-out task, the innermost frame
    in its own code, found by walking its saved frame pointers; for the
    running one, the registers (or its innermost own frame while it is in
    a syscall)."""
    layout = arch()
    base, size = int(t["slot_base"]), int(t["slot_size"])
    image_end = int(t["image_end"])
    if running:
        pc = int(gdb.parse_and_eval("$pc"))
        sp = int(gdb.parse_and_eval("$sp"))
        fp = int(gdb.parse_and_eval(layout["fp_reg"]))
    else:
        sp = int(t["sp"])
        if layout["switch_ra"] is None:
            return 0, sp
        pc = read_word(sp + layout["switch_ra"])
        fp = read_word(sp + layout["switch_fp"])
    for _ in range(64):
        if base <= pc < image_end or not (base < fp <= base + size):
            break
        try:
            pc = read_word(fp + layout["frame_ra"])
            fp = read_word(fp + layout["frame_fp"])
        except gdb.MemoryError:
            break
    return pc, sp


def caps_text(caps):
    names = [n for i, n in enumerate(CAP_NAMES) if caps & (1 << i)]
    rest = caps & ~((1 << len(CAP_NAMES)) - 1)
    if rest:
        names.append(f"{rest:#x}")
    return ",".join(names) if names else "-"


class TabulaPrefix(gdb.Command):
    """Commands for tabula's tasks: tabula tasks, symbols, log, mem, attach."""

    def __init__(self):
        super().__init__("tabula", gdb.COMMAND_USER, prefix=True)


class TabulaTasks(gdb.Command):
    """The task table: id, name, state, hart, slot, where each task is (pc, sp), capabilities.
For a task that is switched out, pc is the innermost frame in its own code."""

    def __init__(self):
        super().__init__("tabula tasks", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        try:
            harts = kernel_var("harts")
            currents = {int(harts[i]["current"]) for i in range(harts.type.range()[1] + 1)}
        except gdb.GdbError:
            currents = set()
        print(f"{'ID':>3} {'NAME':15} {'STATE':8} {'HART':>4} {'SLOT':>10} {'SIZE':>6}"
              f" {'PC':>10} {'SP':>10}  CAPS  WHERE")
        for t in live_tasks():
            running = int(t["state"]) == 2 and (not currents or int(t.address) in currents)
            state = enum_name(t["state"], "enum tabula_task_state", "TABULA_TASK_")
            base, size = int(t["slot_base"]), int(t["slot_size"])
            pc, sp = task_position(t, running) if base else (0, 0)
            where = symbol_at(pc) if pc else ""
            hart = int(t["hart"]["index"]) if int(t["hart"]) else 0
            print(f"{int(t['id']):3} {c_string(t['name']):15} {state:8} {hart:4} {base:#10x}"
                  f" {size // 1024:5}K {pc:#10x} {sp:#10x}  {caps_text(int(t['caps']))}"
                  f"  {where}")


class TabulaSymbols(gdb.Command):
    """Load the symbols of every task (or of TASK, an id or a name) at its slot.
The spawn hook does this by itself; this is for tasks that were already
running when GDB attached, or after `symbol-file`."""

    def __init__(self):
        super().__init__("tabula symbols", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        tasks = [find_task(arg.strip())] if arg.strip() else live_tasks()
        if not tasks and from_tty:
            print("tabula: no tasks yet")
        for t in tasks:
            load_symbols(t)


class TabulaLog(gdb.Command):
    """The last N kernel log records (default 20), read from the log ring."""

    def __init__(self):
        super().__init__("tabula log", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        want = int(arg) if arg.strip() else 20
        ring = kernel_var("ring")
        capacity = ring.type.range()[1] + 1
        next_seq = int(kernel_var("next_seq"))
        first = max(1, next_seq - capacity, next_seq - want)
        levels = ["error", "warn", "info", "debug"]
        for seq in range(first, next_seq):
            r = ring[seq % capacity]
            ns = int(r["time_ns"])
            print(f"{ns // 10**9:5}.{ns % 10**9 // 1000:06} {levels[int(r['level']) & 3]:5}"
                  f" task {int(r['task']):<3} {c_string(r['text'])}")


class TabulaMem(gdb.Command):
    """The slot map: each region of the slot arena, its owner and its app."""

    def __init__(self):
        super().__init__("tabula mem", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        arena = kernel_var("task_arena")
        names = {int(t["id"]): c_string(t["name"]) for t in live_tasks()}
        print(f"arena {int(arena['base']):#x}, {int(arena['size']) // 1024} KiB")
        print(f"{'BASE':>12} {'SIZE':>10}  OWNER")
        for i in range(int(arena["count"])):
            r = arena["region"][i]
            owner = int(r["owner"])
            who = f"task {owner} ({names.get(owner, '?')})" if owner else "free"
            print(f"{int(r['base']):#12x} {int(r['size']) // 1024:9}K  {who}")


class TabulaAttach(gdb.Command):
    """Sets up a session: hooks on the kernel's spawn and release, then the
symbols of the tasks already running. tools/gdb.sh runs it after connecting."""

    def __init__(self):
        super().__init__("tabula attach", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        install_hooks()
        for t in live_tasks():
            load_symbols(t)


TabulaPrefix()
TabulaTasks()
TabulaSymbols()
TabulaLog()
TabulaMem()
TabulaAttach()
