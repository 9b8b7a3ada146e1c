"""tools/stackcheck.py on small call graphs written here, in GCC's
-fcallgraph-info format and objdump's (the build runs it on the kernel
itself and fails over the margin)."""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import stackcheck  # noqa: E402


def node(title, size=None, kind="static"):
    label = title.split(":")[-1] + "\\nsrc/x.c:1:1"
    if size is not None:
        label += f"\\n{size} bytes ({kind})"
    return f'node: {{ title: "{title}" label: "{label}" }}\n'


def edge(src, dst, where="src/x.c:2:3"):
    return f'edge: {{ sourcename: "{src}" targetname: "{dst}" label: "{where}" }}\n'


def graph(ci, objdump="", indirect=""):
    g = stackcheck.Graph()
    stackcheck.read_ci(ci, g)
    stackcheck.read_objdump(objdump, g)
    return g, stackcheck.read_indirect(indirect)


RISCV_LIBC = """
0000000080213928 <vsnprintf>:
    80213928:	add	sp,sp,-80
    8021392e:	sd	ra,72(sp)
    80213940:	jal	80212000 <vfprintf>
    80213950:	ret

0000000080212000 <vfprintf>:
    80212000:	addi	sp,sp,-192
    80212010:	jalr	s3
    80212020:	jr	10(a3)
    80212030:	ret

0000000080212100 <__file_str_put>:
    80212100:	ret
"""


def test_deepest_path_adds_frames_along_the_worst_chain():
    ci = (node("src/syscall.c:sys_a", 16) + node("src/syscall.c:sys_b", 32) +
          node("helper", 100) + node("deep", 400) + node("src/x.c:shallow", 8) +
          edge("src/syscall.c:sys_a", "helper") + edge("helper", "deep") +
          edge("helper", "shallow") + edge("src/syscall.c:sys_b", "shallow"))
    g, table = graph(ci)
    result, errors, cycles = stackcheck.analyse(g, ["src/syscall.c:sys_a", "src/syscall.c:sys_b"], table)
    assert errors == [] and cycles == []
    assert result["src/syscall.c:sys_a"] == (516, ["src/syscall.c:sys_a", "helper", "deep"])
    assert result["src/syscall.c:sys_b"][0] == 40


def test_library_frames_and_calls_come_from_the_disassembly():
    ci = node("src/syscall.c:sys_log", 16) + node("klog", 64) + \
        edge("src/syscall.c:sys_log", "klog") + edge("klog", "vsnprintf")
    g, table = graph(ci, RISCV_LIBC, "vfprintf: __file_str_put\n")
    assert g.frame["vsnprintf"] == 80 and g.frame["vfprintf"] == 192
    result, errors, _ = stackcheck.analyse(g, ["src/syscall.c:sys_log"], table)
    assert errors == []
    assert result["src/syscall.c:sys_log"][0] == 16 + 64 + 80 + 192


def test_an_unlisted_indirect_call_is_an_error():
    ci = node("src/syscall.c:sys_x", 16) + node("dispatch", 32) + \
        edge("src/syscall.c:sys_x", "dispatch") + edge("dispatch", "__indirect_call", "src/d.c:9:9")
    g, _ = graph(ci)
    _, errors, _ = stackcheck.analyse(g, ["src/syscall.c:sys_x"], {})
    assert errors == ["indirect call in dispatch (src/d.c:9:9) with no targets listed "
                      "in the indirect-call file"]
    # Listed, its targets count; a target only another board has is skipped.
    ci += node("src/drv.c:drv_op", 900)
    g, table = graph(ci, "", "dispatch: drv_op other_board_op\n")
    result, errors, _ = stackcheck.analyse(g, ["src/syscall.c:sys_x"], table)
    assert errors == [] and result["src/syscall.c:sys_x"][0] == 16 + 32 + 900
    g, table = graph(ci, "", "dispatch: missing_op\n")
    assert stackcheck.analyse(g, ["src/syscall.c:sys_x"], table)[1]


def test_recursion_is_reported_and_dynamic_frames_refused():
    ci = (node("src/syscall.c:sys_r", 16) + node("a", 10) + node("b", 20) +
          edge("src/syscall.c:sys_r", "a") + edge("a", "b") + edge("b", "a") +
          node("src/syscall.c:sys_v", 16) + node("vla", 48, "dynamic") +
          edge("src/syscall.c:sys_v", "vla"))
    g, table = graph(ci)
    result, errors, cycles = stackcheck.analyse(g, ["src/syscall.c:sys_r", "src/syscall.c:sys_v"], table)
    assert cycles == ["a -> b -> a"]
    assert result["src/syscall.c:sys_r"][0] == 46
    assert errors == ["vla has a frame of dynamic size"]


def test_static_functions_of_the_same_name_resolve_within_their_file():
    ci = (node("src/syscall.c:sys_s", 16) + node("src/syscall.c:put", 500) +
          node("src/other.c:put", 8) + edge("src/syscall.c:sys_s", "src/syscall.c:put"))
    g, table = graph(ci)
    assert stackcheck.resolve(g, "put", "src/other.c:caller") == "src/other.c:put"
    assert stackcheck.analyse(g, ["src/syscall.c:sys_s"], table)[0]["src/syscall.c:sys_s"][0] == 516


def test_aarch64_prologues():
    dis = """
0000000000081000 <memcpy>:
   81000:	stp	x29, x30, [sp, #-48]!
   81004:	sub	sp, sp, #0x100
   81008:	bl	82000 <helper>
   8100c:	blr	x3
   81010:	b	81000 <memcpy>
"""
    g, _ = graph("", dis)
    assert g.frame["memcpy"] == 48 + 256
    assert g.calls["memcpy"] == {"helper"} and "memcpy" in g.indirect


def test_over_the_limit_fails(tmp_path):
    (tmp_path / "ci").mkdir()
    (tmp_path / "ci" / "s.ci").write_text(node("src/syscall.c:sys_big", 5000))
    (tmp_path / "dis").write_text("")
    (tmp_path / "ind").write_text("")
    args = ["--ci-dir", str(tmp_path / "ci"), "--objdump", str(tmp_path / "dis"),
            "--indirect", str(tmp_path / "ind")]
    assert stackcheck.main(args + ["--limit", "4096"]) == 1
    assert stackcheck.main(args + ["--limit", "8192"]) == 0

