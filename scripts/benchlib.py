# SPDX-License-Identifier: GPL-2.0
"""make bench's arithmetic: parse the guest's lines, take medians and
spreads, and lay out the table of ratios (scripts/bench runs the VMs;
scripts/tests/test_bench.py checks this file)."""

import statistics

ROWS = [
    ("fd_stat_get", "fstat(2)"),
    ("fd_write-1", "write(2) 1 byte to /dev/null"),
    ("fd_write-64k", "write(2) 64 KiB to /dev/null"),
    ("fd_pread-4k", "pread(2) 4 KiB of a tmpfs file"),
    ("file_open+close", "openat(2) + close(2)"),
    ("clock_time_get", "clock_gettime(2), the system call"),
    ("random_get-16", "getrandom(2) 16 bytes"),
    ("fork+exit+wait", "fork + exit + wait4(2)"),
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


def table(results):
    """Markdown rows for one arch: results is parse()'s output."""
    lines = ["| call | native | CloudABI ns (median, min-max) | "
             "native ns (median, min-max) | ratio |",
             "|---|---|---|---|---|"]
    for row, native_name in ROWS:
        c = summary(results.get(("cloudabi", row), []))
        n = summary(results.get(("native", row), []))
        r = ratio(c, n)

        def cell(s):
            return "-" if s is None else "%d (%d-%d)" % s
        lines.append("| %s | %s | %s | %s | %s |" % (
            row, native_name, cell(c), cell(n),
            "-" if r is None else "%.2fx" % r))
    return lines
