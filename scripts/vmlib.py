# SPDX-License-Identifier: GPL-2.0
"""The VM harness's logic, apart from QEMU itself: the initramfs archive,
the console protocol of scripts/vm/init, and the kernel-report checks.

Kept free of side effects so that scripts/tests can test it on the host.
"""
import base64
import gzip
import re

MARK = "@@VM@@ "

# Taint letters by bit (kernel/panic.c).  An unsigned out-of-tree module is
# expected to set O (TAINT_OOT_MODULE) and E (TAINT_UNSIGNED_MODULE);
# loading a KUnit test module sets N (TAINT_TEST), which a run that loads
# one allows explicitly.
TAINT_LETTERS = "PFSRMBUDAWCIOELKXTN"
EXPECTED_TAINT = "OE"


def taint_mask(letters):
    return sum(1 << TAINT_LETTERS.index(c) for c in letters)

# Lines the kernel prints when something went wrong, whatever the test said.
KERNEL_REPORTS = [
    re.compile(p)
    for p in (
        r"\bOops\b",
        r"\bBUG: ",
        r"\bWARNING: ",
        r"Kernel panic",
        # The kernel's own ("general protection fault, probably for
        # non-canonical address ..." or "...fault: 0000 [#1]"), not a
        # user program's ("traps: prog[1] general protection fault ip:").
        r"general protection fault[,:]",
        r"Unable to handle kernel",
        r"\bKASAN\b",
        r"\bUBSAN\b",
        r"possible (recursive|circular) locking",
        r"INFO: task .* blocked for more than",
        r"\bkmemleak\b.*unreferenced",
        r"Internal error: ",
        r"\bCall [Tt]race:",
        # A lock left on a file being freed: its fl_file will dangle.
        r"Leaked (POSIX|FLOCK|LEASE) lock",
    )
]


# --- initramfs --------------------------------------------------------------

def _cpio_entry(name, mode, data=b"", ino=1):
    name_b = name.encode() + b"\0"
    fields = [ino, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(name_b), 0]
    head = b"070701" + b"".join(b"%08X" % f for f in fields)
    out = head + name_b
    out += b"\0" * (-len(out) % 4)
    out += data
    out += b"\0" * (-len(out) % 4)
    return out


def build_initramfs(entries):
    """A gzip-compressed newc cpio archive.

    entries: list of (path, kind, payload) with kind "dir", "file" (payload:
    (bytes, executable)) or "symlink" (payload: target).  Parent directories
    must come before their contents.
    """
    parts = []
    for ino, (path, kind, payload) in enumerate(entries, start=1):
        if kind == "dir":
            parts.append(_cpio_entry(path, 0o040755, ino=ino))
        elif kind == "file":
            data, executable = payload
            mode = 0o100755 if executable else 0o100644
            parts.append(_cpio_entry(path, mode, data, ino=ino))
        elif kind == "symlink":
            parts.append(_cpio_entry(path, 0o120777, payload.encode(), ino=ino))
        else:
            raise ValueError("unknown initramfs entry kind %r" % kind)
    parts.append(_cpio_entry("TRAILER!!!", 0, ino=0))
    return gzip.compress(b"".join(parts), compresslevel=1, mtime=0)


# --- the console protocol ---------------------------------------------------

class GuestResult:
    """What scripts/vm/init reported, and what went wrong on the way."""

    def __init__(self):
        self.streams = {}
        self.status = None
        self.tainted = None
        self.done = False
        self.events = []
        self.problems = []


def parse_console(text):
    """Read the framed reports out of a console log."""
    res = GuestResult()
    current, chunks = None, []
    for raw in text.splitlines():
        line = raw.rstrip("\r")
        pos = line.find(MARK)
        if current is not None:
            if pos >= 0 and line[pos + len(MARK):] == "end " + current:
                try:
                    res.streams[current] = base64.b64decode("".join(chunks))
                except ValueError:
                    res.problems.append("garbled %s stream" % current)
                current, chunks = None, []
            elif pos < 0:
                # Kernel lines may interleave; base64 lines have no spaces.
                if re.fullmatch(r"[A-Za-z0-9+/=]+", line):
                    chunks.append(line)
            continue
        if pos < 0:
            continue
        words = line[pos + len(MARK):].split(" ", 1)
        verb, rest = words[0], words[1] if len(words) > 1 else ""
        if verb == "begin":
            current, chunks = rest, []
        elif verb == "status":
            res.status = int(rest)
        elif verb == "tainted":
            res.tainted = int(rest)
        elif verb == "done":
            res.done = True
        elif verb in ("insmod", "rmmod"):
            res.events.append(verb + " " + rest)
            if rest.startswith("failed"):
                res.problems.append("%s %s" % (verb, rest))
        elif verb == "boot":
            pass
    if current is not None:
        res.problems.append("the %s stream was cut off" % current)
    return res


def taint_problem(value, allowed=EXPECTED_TAINT):
    """None when only the allowed taints are set, else a description."""
    extra = value & ~taint_mask(allowed)
    if not extra:
        return None
    letters = "".join(
        c for i, c in enumerate(TAINT_LETTERS) if extra & (1 << i)
    )
    return "kernel tainted beyond %s: %d (%s)" % (allowed, value,
                                                  letters or "?")


# The OOM killer at work (a memory cgroup's limit reached, say) dumps the
# stack of the task that found memory short: a call trace that reports the
# limit, not a kernel problem.  Its report runs from the first line to the
# last; a call trace anywhere else still counts.
OOM_REPORT_START = re.compile(r"\binvoked oom-killer: ")
OOM_REPORT_END = re.compile(r"\b(Killed process \d+|oom_reaper: reaped)")
OOM_STACK = re.compile(r"\bCall [Tt]race:")


def kernel_reports(text):
    """The lines of a kernel log that report a kernel problem."""
    found = []
    in_oom = False
    for line in text.splitlines():
        if MARK in line:
            continue
        if OOM_REPORT_START.search(line):
            in_oom = True
        elif in_oom and OOM_REPORT_END.search(line):
            in_oom = False
        if in_oom and OOM_STACK.search(line):
            continue
        if any(p.search(line) for p in KERNEL_REPORTS):
            found.append(line.strip())
    return found


def module_leaks(kmemleak_text, module="cloudabi"):
    """The kmemleak reports (one per unreferenced object) whose backtrace
    passes through @module.  The rest of the kernel's, such as objects
    boot code keeps only through pointers kmemleak cannot see, are not
    ours to judge."""
    leaks = []
    for report in re.split(r"(?m)^(?=unreferenced object )", kmemleak_text):
        if report.startswith("unreferenced object ") and \
                "[%s]" % module in report:
            leaks.append(report.strip())
    return leaks


def crash_before_modules(events, problems):
    """The first kernel report of a run that never reached an insmod, or
    None.

    Before the first insmod the guest runs Debian's kernel alone, so such
    a crash says nothing about our modules.  One seen in CI: 6.12 on
    x86_64 under TCG, two CPUs, faulting inside a static branch of
    sched_clock_cpu() while the other CPU patched it at boot.
    """
    if any(e.startswith("insmod") for e in events):
        return None
    for p in problems:
        if p.startswith("kernel report: "):
            return p[len("kernel report: "):]
    return None


def judge(console_text, allowed_taint=EXPECTED_TAINT):
    """Parse a console log and list every reason the run is not clean."""
    res = parse_console(console_text)
    logs = console_text + "\n" + res.streams.get("dmesg", b"").decode(
        "utf-8", "replace"
    )
    for line in kernel_reports(logs):
        res.problems.append("kernel report: " + line)
    for leak in module_leaks(res.streams.get("kmemleak", b"").decode(
            "utf-8", "replace")):
        res.problems.append("kmemleak: " + " | ".join(leak.splitlines()))
    if res.tainted is not None:
        problem = taint_problem(res.tainted, allowed_taint)
        if problem:
            res.problems.append(problem)
    if not res.done:
        res.problems.append("the guest did not finish (no success token)")
    return res
