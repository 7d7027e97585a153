# SPDX-License-Identifier: GPL-2.0
"""make bench's arithmetic: parse the guest's lines, take medians and
spreads, and lay out the table of ratios (scripts/bench runs the VMs;
scripts/tests/test_bench.py checks this file)."""

import statistics

# (CloudABI's row, the native row it is compared with, what that is).
ROWS = [
    ("fd_stat_get", "fd_stat_get", "fstat(2)"),
    ("fd_write-1", "writev-1", "writev(2) 1 byte to /dev/null"),
    ("fd_write-1", "write-1", "write(2) 1 byte to /dev/null"),
    ("fd_write-64k", "writev-64k", "writev(2) 64 KiB to /dev/null"),
    ("fd_pread-4k", "pread-4k", "pread(2) 4 KiB of a tmpfs file"),
    ("fd_pwrite-4k", "pwrite-4k", "pwrite(2) 4 KiB to a tmpfs file"),
    ("file_open+close", "file_open+close", "openat(2) + close(2)"),
    ("clock_time_get", "clock-vdso", "clock_gettime(3), Linux's vDSO"),
    ("clock_time_get", "clock-syscall", "clock_gettime(2)"),
    ("random_get-16", "random_get-16", "getrandom(2) 16 bytes"),
    ("sock-4k", "sock-4k", "writev + readv 4 KiB, UNIX stream pair"),
    ("sock-64k", "sock-64k", "writev + readv 64 KiB, UNIX stream pair"),
    ("poll-ready", "poll-ready", "ppoll(2), one ready descriptor"),
    ("poll-timeout", "poll-timeout", "ppoll(2), nothing ready, 1 us"),
    ("thread+join", "thread+join", "clone(2) thread + futex join"),
    ("lock-uncontended", "lock-uncontended", "futex mutex, user space"),
    ("lock-contended", "lock-contended", "futex mutex, two threads"),
    ("fork+exit+wait", "fork+exit+wait", "fork + exit + wait4(2)"),
    ("fork+exec+wait", "fork+exec+wait", "fork + execveat(2) + wait4(2)"),
]

# The per-call rows the scale modes (ROW@caps, ROW@threads) repeat.
SCALE_ROWS = [r for r in ROWS if r[0] not in (
    "thread+join", "lock-uncontended", "lock-contended", "fork+exit+wait",
    "fork+exec+wait")]

# Memory, in bytes: (row, what it is).
MEMORY_ROWS = [
    ("mem-capability", "memory per open file (10,000 opens of one file)"),
    ("mem-process", "memory per idle process (20 at once)"),
]


def parse(text):
    """{(side, row): [ns, ...]} from lines "cloudabi ROW NS" and
    "native ROW NS"; anything else is ignored."""
    out = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) != 3 or parts[0] not in ("cloudabi", "native"):
            continue
        try:
            ns = int(parts[2])
        except ValueError:
            continue
        out.setdefault((parts[0], parts[1]), []).append(ns)
    return out


def summary(samples):
    """(median, min, max) of a list of numbers, or None when empty."""
    if not samples:
        return None
    return statistics.median(samples), min(samples), max(samples)


def ratio(cloudabi, native):
    """CloudABI's median over native's, or None when either is missing
    or native's is zero."""
    if not cloudabi or not native or native[0] == 0:
        return None
    return cloudabi[0] / native[0]


def cell(s):
    return "-" if s is None else "%d (%d-%d)" % s


def table(results, suffix=""):
    """Markdown rows for one arch: results is parse()'s output; suffix
    "@caps" or "@threads" picks a scale mode's rows."""
    lines = ["| call | native | CloudABI ns (median, min-max) | "
             "native ns (median, min-max) | ratio |",
             "|---|---|---|---|---|"]
    for row, native_row, native_name in (SCALE_ROWS if suffix else ROWS):
        c = summary(results.get(("cloudabi", row + suffix), []))
        n = summary(results.get(("native", native_row + suffix), []))
        r = ratio(c, n)
        lines.append("| %s | %s | %s | %s | %s |" % (
            row, native_name, cell(c), cell(n),
            "-" if r is None else "%.2fx" % r))
    return lines


def memory_table(results):
    """Markdown rows for the memory measurements, in bytes."""
    lines = ["| what | CloudABI bytes (median, min-max) | "
             "native bytes (median, min-max) | difference |",
             "|---|---|---|---|"]
    for row, name in MEMORY_ROWS:
        c = summary(results.get(("cloudabi", row), []))
        n = summary(results.get(("native", row), []))
        diff = "-" if c is None or n is None else "%+d" % (c[0] - n[0])
        lines.append("| %s | %s | %s | %s |" % (name, cell(c), cell(n),
                                                 diff))
    return lines
