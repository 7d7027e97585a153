# SPDX-License-Identifier: GPL-2.0
"""A small KTAP parser: the results of KUnit suites and of our in-guest
test runner, which both speak KTAP (Documentation/dev-tools/ktap.rst).

Results are read by structure, not by grepping for "ok": a plan that does
not match the number of results, or a suite that reports ok while one of
its cases failed, is itself a failure.
"""
import re

RESULT = re.compile(r"^(not ok|ok) (\d+)(?: (?:- )?([^#]*?))?\s*(?:#\s*(.*))?$")
PLAN = re.compile(r"^1\.\.(\d+)$")
DMESG_PREFIX = re.compile(r"^\[\s*\d+\.\d+\]\s?")


class Result:
    def __init__(self, name, ok, skipped=False):
        self.name, self.ok, self.skipped = name, ok, skipped

    def __repr__(self):
        return "Result(%r, %r, %r)" % (self.name, self.ok, self.skipped)


def _strip(line):
    return DMESG_PREFIX.sub("", line.rstrip("\r\n"))


def parse(text):
    """Return (leaf results, problems) from KTAP text.

    A leaf is a result line at the deepest level below its parent: test
    cases of a suite, or top-level tests that have no subtests.  Names are
    joined with '.' (suite.case).
    """
    results, problems = [], []
    # Stack of levels: [indent, plan, count, children-results, subtest name]
    stack = []
    pending_children = {}
    started = False
    for raw in text.splitlines():
        line = _strip(raw)
        body = line.lstrip(" ")
        indent = len(line) - len(body)
        if body.startswith("KTAP version") or body.startswith("TAP version"):
            started = True
            while stack and stack[-1][0] >= indent:
                stack.pop()
            stack.append([indent, None, 0, [], None])
            continue
        if not started or not stack:
            continue
        while stack and stack[-1][0] > indent:
            level = stack.pop()
            pending_children[indent] = level
        if not stack:
            continue
        level = stack[-1]
        if body.startswith("# Subtest:"):
            level[4] = body[len("# Subtest:"):].strip()
            continue
        m = PLAN.match(body)
        if m and level[0] == indent:
            level[1] = int(m.group(1))
            continue
        m = RESULT.match(body)
        if not m or level[0] != indent:
            continue
        ok = m.group(1) == "ok"
        name = (m.group(3) or "").strip() or "test %s" % m.group(2)
        directive = (m.group(4) or "").upper()
        skipped = directive.startswith("SKIP")
        level[2] += 1
        child = pending_children.pop(indent, None)
        if child is not None:
            _close(child, problems)
            for r in child[3]:
                level[3].append(Result(name + "." + r.name, r.ok, r.skipped))
            if not ok and all(r.ok for r in child[3]):
                problems.append("%s failed with no failing case" % name)
            if ok and not all(r.ok for r in child[3]):
                problems.append("%s passed with a failing case" % name)
        else:
            level[3].append(Result(name, ok, skipped))
    while stack:
        level = stack.pop()
        _close(level, problems)
        if not stack:
            results.extend(level[3])
        else:
            stack[-1][3].extend(level[3])
    for child in pending_children.values():
        problems.append("subtests of %s were never closed" % (child[4] or "?"))
    if not started:
        problems.append("no KTAP output")
    return results, problems


def _close(level, problems):
    indent, plan, count = level[0], level[1], level[2]
    if plan is None:
        problems.append("no plan at indent %d (%s)" % (indent, level[4] or "top"))
    elif plan != count:
        problems.append("plan of %d but %d results (%s)" %
                        (plan, count, level[4] or "top"))
