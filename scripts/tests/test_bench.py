# SPDX-License-Identifier: GPL-2.0
"""scripts/benchlib.py: the arithmetic behind make bench's table."""

import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import benchlib  # noqa: E402


class BenchTest(unittest.TestCase):
    def test_parse_keeps_only_result_lines(self):
        got = benchlib.parse("run 1\ncloudabi fd_stat_get 2000\n"
                             "native fd_stat_get 1500\nnoise\n"
                             "cloudabi fd_stat_get 2100\n"
                             "native fd_write-1 x\n")
        self.assertEqual(got, {("cloudabi", "fd_stat_get"): [2000, 2100],
                               ("native", "fd_stat_get"): [1500]})

    def test_median_of_odd_and_even_counts(self):
        self.assertEqual(benchlib.summary([3, 1, 2]), (2, 1, 3))
        self.assertEqual(benchlib.summary([4, 1, 2, 3]), (2.5, 1, 4))
        self.assertIsNone(benchlib.summary([]))

    def test_ratio(self):
        self.assertAlmostEqual(benchlib.ratio((2500, 0, 0), (1000, 0, 0)),
                               2.5)
        self.assertIsNone(benchlib.ratio(None, (1000, 0, 0)))
        self.assertIsNone(benchlib.ratio((1, 0, 0), (0, 0, 0)))

    def test_table_rows(self):
        res = benchlib.parse("cloudabi fd_stat_get 30\ncloudabi fd_stat_get 10"
                             "\ncloudabi fd_stat_get 20\n"
                             "native fd_stat_get 10\n")
        lines = benchlib.table(res)
        self.assertEqual(len(lines), 2 + len(benchlib.ROWS))
        self.assertIn("| fd_stat_get | fstat(2) | 20 (10-30) | 10 (10-10) "
                      "| 2.00x |", lines)
        self.assertIn("| fd_write-1 | write(2) 1 byte to /dev/null | - | - "
                      "| - |", lines)

    def test_a_row_compares_with_its_native_counterpart(self):
        res = benchlib.parse("cloudabi clock_time_get 300\n"
                             "native clock-vdso 100\n"
                             "native clock-syscall 600\n")
        lines = benchlib.table(res)
        self.assertIn("| clock_time_get | clock_gettime(3), Linux's vDSO | "
                      "300 (300-300) | 100 (100-100) | 3.00x |", lines)
        self.assertIn("| clock_time_get | clock_gettime(2) | 300 (300-300) "
                      "| 600 (600-600) | 0.50x |", lines)

    def test_scale_tables_take_only_their_suffix(self):
        res = benchlib.parse("cloudabi fd_stat_get@caps 40\n"
                             "native fd_stat_get@caps 20\n"
                             "cloudabi fd_stat_get 10\n"
                             "native fd_stat_get 10\n")
        lines = benchlib.table(res, "@caps")
        self.assertEqual(len(lines), 2 + len(benchlib.SCALE_ROWS))
        self.assertIn("| fd_stat_get | fstat(2) | 40 (40-40) | 20 (20-20) "
                      "| 2.00x |", lines)
        self.assertFalse(any(line.startswith("| fork")
                             for line in lines))

    def test_memory_table_is_a_difference_in_bytes(self):
        res = benchlib.parse("cloudabi mem-capability 700\n"
                             "cloudabi mem-capability 500\n"
                             "cloudabi mem-capability 600\n"
                             "native mem-capability 100\n")
        lines = benchlib.memory_table(res)
        self.assertIn("| memory per open file (10,000 opens of one file) | "
                      "600 (500-700) | 100 (100-100) | +500 |", lines)
        self.assertIn("| memory per idle process (20 at once) | - | - | - |",
                      lines)


if __name__ == "__main__":
    unittest.main()
