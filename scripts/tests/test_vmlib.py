# SPDX-License-Identifier: GPL-2.0
"""Unit tests of the VM harness's logic (scripts/vmlib.py)."""
import base64
import gzip
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import vmlib  # noqa: E402


def framed(name, data):
    lines = ["@@VM@@ begin " + name]
    enc = base64.b64encode(data).decode()
    lines += [enc[i:i + 76] for i in range(0, len(enc), 76)]
    lines.append("@@VM@@ end " + name)
    return lines


def console(stdout=b"", dmesg=b"", status=0, tainted=12288, done=True,
            extra=()):
    lines = ["[    0.000000] Linux version 6.1.0", "@@VM@@ boot",
             "@@VM@@ insmod ok cloudabi.ko"]
    lines += list(extra)
    lines += framed("stdout", stdout) + framed("stderr", b"")
    lines += ["@@VM@@ status %d" % status, "@@VM@@ rmmod ok cloudabi.ko"]
    lines += framed("dmesg", dmesg)
    lines.append("@@VM@@ tainted %d" % tainted)
    if done:
        lines.append("@@VM@@ done")
    return "\r\n".join(lines) + "\r\n"


class ConsoleTest(unittest.TestCase):
    def test_clean_run(self):
        res = vmlib.judge(console(stdout=b"hello\n\x00\xff", status=3))
        self.assertEqual(res.problems, [])
        self.assertEqual(res.streams["stdout"], b"hello\n\x00\xff")
        self.assertEqual(res.status, 3)
        self.assertIn("insmod ok cloudabi.ko", res.events)
        self.assertIn("rmmod ok cloudabi.ko", res.events)

    def test_kernel_lines_interleaved_in_a_stream(self):
        text = console(stdout=b"x" * 300).replace(
            "@@VM@@ end stdout",
            "[    2.5] random: crng init done\r\n@@VM@@ end stdout")
        res = vmlib.judge(text)
        self.assertEqual(res.streams["stdout"], b"x" * 300)

    def test_missing_success_token(self):
        res = vmlib.judge(console(done=False))
        self.assertTrue(any("did not finish" in p for p in res.problems))

    def test_cut_off_stream(self):
        text = "@@VM@@ boot\n@@VM@@ begin stdout\naGVsbG8=\n"
        res = vmlib.judge(text)
        self.assertTrue(any("cut off" in p for p in res.problems))

    def test_module_failure(self):
        res = vmlib.judge(console(
            extra=["@@VM@@ insmod failed x.ko: Invalid module format"]))
        self.assertTrue(any("insmod failed" in p for p in res.problems))

    def test_oops_in_dmesg(self):
        dmesg = b"[ 1.0] BUG: kernel NULL pointer dereference, address: 0\n"
        res = vmlib.judge(console(dmesg=dmesg))
        self.assertTrue(any("BUG:" in p for p in res.problems))

    def test_general_protection_faults(self):
        """A kernel GPF is a report; a user program's is its own end."""
        kernel = ("general protection fault, probably for non-canonical "
                  "address 0xdead000000000100: 0000 [#1] PREEMPT SMP NOPTI",
                  "general protection fault: 0000 [#1] SMP")
        for line in kernel:
            res = vmlib.judge(console(dmesg=line.encode()))
            self.assertTrue(res.problems, line)
        user = ("traps: m0768.elf[1812] general protection fault "
                "ip:7f82a34886fd sp:7ffd353bce40 error:0 in "
                "m0768.elf[7f82a3488000+1000]")
        self.assertEqual(vmlib.kernel_reports(user), [])

    def test_crash_before_any_module(self):
        """Only a crash before the first insmod is the stock kernel's."""
        oops = "[ 1.2] BUG: unable to handle page fault for address: f000"
        early = vmlib.judge("@@VM@@ boot\r\n" + oops + "\r\n")
        self.assertEqual(vmlib.crash_before_modules(early.events,
                                                    early.problems),
                         oops)
        late = vmlib.judge(console(extra=[oops]))
        self.assertIsNone(vmlib.crash_before_modules(late.events,
                                                     late.problems))
        failed = vmlib.judge(console(
            extra=["@@VM@@ insmod failed x.ko: Invalid module format"],
            done=False))
        self.assertIsNone(vmlib.crash_before_modules(failed.events,
                                                     failed.problems))
        hung = vmlib.judge("@@VM@@ boot\r\n")
        self.assertIsNone(vmlib.crash_before_modules(hung.events,
                                                     hung.problems))

    def test_warning_on_console(self):
        res = vmlib.judge(console(extra=[
            "[    3.1] WARNING: CPU: 0 PID: 1 at module/gate.c:10"]))
        self.assertTrue(any("WARNING" in p for p in res.problems))

    def test_lockdep_and_kasan(self):
        for line in ("possible recursive locking detected",
                     "BUG: KASAN: slab-out-of-bounds in f+0x1",
                     "Kernel panic - not syncing: panic_on_warn set"):
            res = vmlib.judge(console(dmesg=line.encode()))
            self.assertTrue(res.problems, line)

    def test_oom_killer_stack_is_no_report(self):
        """A memory cgroup's OOM kill dumps a stack: the limit at work.
        A call trace outside that report, or a report inside it, counts."""
        oom = [
            "limits.test invoked oom-killer: gfp_mask=0x1100cca, order=0",
            "CPU: 1 PID: 80 Comm: limits.test Tainted: G OE 6.1.0 #1",
            "Call Trace:",
            " <TASK>",
            " dump_stack_lvl+0x44/0x5c",
            " </TASK>",
            "memory: usage 49152kB, limit 49152kB, failcnt 77",
            "Memory cgroup out of memory: Killed process 80 (limits.test)",
        ]
        self.assertEqual(vmlib.kernel_reports("\n".join(oom)), [])
        after = oom + ["Call Trace:"]
        self.assertEqual(vmlib.kernel_reports("\n".join(after)),
                         ["Call Trace:"])
        inside = oom[:3] + ["BUG: KASAN: use-after-free in f"] + oom[3:]
        self.assertEqual(vmlib.kernel_reports("\n".join(inside)),
                         ["BUG: KASAN: use-after-free in f"])

    def test_kmemleak_reports_through_the_module(self):
        ours = ("unreferenced object 0xffff888004a1c000 (size 64):\n"
                "  comm \"churn.test\", pid 91, jiffies 4294911\n"
                "  backtrace:\n"
                "    [<ffffffff8131>] kmalloc_trace+0x26/0x90\n"
                "    [<ffffffffc0a1>] cloudabi_cap_new+0x40/0x1a0 [cloudabi]\n")
        theirs = ("unreferenced object 0xffff888003b00000 (size 32):\n"
                  "  comm \"swapper/0\", pid 1, jiffies 4294667\n"
                  "  backtrace:\n"
                  "    [<ffffffff8131>] acpi_os_map_memory+0x1/0x2\n")
        self.assertEqual(len(vmlib.module_leaks(theirs + ours)), 1)
        text = console().replace("@@VM@@ status", "\r\n".join(
            framed("kmemleak", (theirs + ours).encode())) +
            "\r\n@@VM@@ status")
        res = vmlib.judge(text)
        self.assertTrue(any("cloudabi_cap_new" in p for p in res.problems))
        clean = console().replace("@@VM@@ status", "\r\n".join(
            framed("kmemleak", theirs.encode())) + "\r\n@@VM@@ status")
        self.assertEqual(vmlib.judge(clean).problems, [])

    def test_ordinary_messages_pass(self):
        dmesg = (b"cloudabi: loading out-of-tree module taints kernel.\n"
                 b"cloudabi: module verification failed: signature and/or "
                 b"required key missing - tainting kernel\n")
        self.assertEqual(vmlib.judge(console(dmesg=dmesg)).problems, [])


class TaintTest(unittest.TestCase):
    def test_out_of_tree_and_unsigned_are_expected(self):
        self.assertIsNone(vmlib.taint_problem(0))
        self.assertIsNone(vmlib.taint_problem(4096 | 8192))

    def test_warn_taint_fails(self):
        problem = vmlib.taint_problem(4096 | 512)
        self.assertIn("W", problem)
        self.assertEqual(vmlib.judge(console(tainted=4096 | 512)).problems,
                         [problem])

    def test_test_taint_only_when_allowed(self):
        self.assertIn("N", vmlib.taint_problem(4096 | (1 << 18)))
        self.assertIsNone(vmlib.taint_problem(4096 | (1 << 18), "OEN"))
        self.assertEqual(vmlib.judge(console(tainted=1 << 18), "OEN").problems,
                         [])

    def test_die_taint_fails(self):
        self.assertIn("D", vmlib.taint_problem(128))


class InitramfsTest(unittest.TestCase):
    def test_newc_layout(self):
        data = gzip.decompress(vmlib.build_initramfs([
            ("bin", "dir", None),
            ("bin/x", "file", (b"abc", True)),
            ("bin/sh", "symlink", "x"),
        ]))
        self.assertTrue(data.startswith(b"070701"))
        self.assertIn(b"bin/x\x00", data)
        self.assertIn(b"TRAILER!!!\x00", data)
        # Every header starts on a four-byte boundary.
        pos = 0
        names = []
        while True:
            self.assertEqual(data[pos:pos + 6], b"070701")
            self.assertEqual(pos % 4, 0)
            fields = [int(data[pos + 6 + 8 * i:pos + 14 + 8 * i], 16)
                      for i in range(13)]
            namesize, filesize = fields[11], fields[6]
            name = data[pos + 110:pos + 110 + namesize - 1].decode()
            names.append((name, fields[1] >> 12))
            pos += 110 + namesize
            pos += -pos % 4
            pos += filesize
            pos += -pos % 4
            if name == "TRAILER!!!":
                break
        self.assertEqual(names[:3], [("bin", 0o04), ("bin/x", 0o10),
                                     ("bin/sh", 0o12)])

    def test_unknown_kind(self):
        with self.assertRaises(ValueError):
            vmlib.build_initramfs([("x", "fifo", None)])


if __name__ == "__main__":
    unittest.main()
