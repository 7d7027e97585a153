# SPDX-License-Identifier: GPL-2.0
"""Unit tests of the KTAP parser (scripts/ktap.py)."""
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import ktap  # noqa: E402

KUNIT = """\
[    1.0] KTAP version 1
[    1.0] 1..2
[    1.1]     KTAP version 1
[    1.1]     # Subtest: cloudabi_errno
[    1.1]     1..2
[    1.2]     ok 1 test_a
[    1.2]     ok 2 test_b
[    1.2] ok 1 cloudabi_errno
[    1.3]     KTAP version 1
[    1.3]     # Subtest: cloudabi_vdso
[    1.3]     1..2
[    1.4]     ok 1 test_c # SKIP not here
[    1.4]     not ok 2 test_d
[    1.4] not ok 2 cloudabi_vdso
"""


class KtapTest(unittest.TestCase):
    def test_kunit_suites(self):
        results, problems = ktap.parse(KUNIT)
        self.assertEqual(problems, [])
        self.assertEqual([(r.name, r.ok, r.skipped) for r in results], [
            ("cloudabi_errno.test_a", True, False),
            ("cloudabi_errno.test_b", True, False),
            ("cloudabi_vdso.test_c", True, True),
            ("cloudabi_vdso.test_d", False, False),
        ])

    def test_short_plan(self):
        _, problems = ktap.parse("KTAP version 1\n1..3\nok 1 a\nok 2 b\n")
        self.assertTrue(any("plan of 3" in p for p in problems))

    def test_missing_plan(self):
        _, problems = ktap.parse("KTAP version 1\nok 1 a\n")
        self.assertTrue(any("no plan" in p for p in problems))

    def test_no_output(self):
        results, problems = ktap.parse("random noise\nok 1 fake\n")
        self.assertEqual(results, [])
        self.assertIn("no KTAP output", problems)

    def test_suite_verdict_must_agree(self):
        text = KUNIT.replace("not ok 2 cloudabi_vdso", "ok 2 cloudabi_vdso")
        _, problems = ktap.parse(text)
        self.assertTrue(any("passed with a failing case" in p
                            for p in problems))

    def test_nested_guest_program(self):
        text = ("KTAP version 1\n1..2\nok 1 module live\n"
                "    KTAP version 1\n    1..1\n    ok 1 auxv\n"
                "ok 2 startup\n")
        results, problems = ktap.parse(text)
        self.assertEqual(problems, [])
        self.assertEqual([r.name for r in results],
                         ["module live", "startup.auxv"])


if __name__ == "__main__":
    unittest.main()
