# SPDX-License-Identifier: GPL-2.0
"""Facts about the tree that must not drift."""
import os
import re
import unittest

TOP = os.path.join(os.path.dirname(__file__), "..", "..")


def read(path):
    with open(os.path.join(TOP, path)) as f:
        return f.read()


class RepoTest(unittest.TestCase):
    def test_ci_runs_the_readme_test_command(self):
        blocks = re.findall(r"```sh\n(.*?)```", read("README.md"), re.S)
        test_cmds = [b.strip() for b in blocks if "make check" in b]
        self.assertEqual(len(test_cmds), 1)
        ci = [line for line in read(".ci/run").splitlines()
              if line and not line.startswith(("#", "set ", "cd "))]
        self.assertEqual(ci, [test_cmds[0]])

    def test_version_in_step(self):
        version = re.search(r'CLOUDABI_VERSION "([^"]+)"',
                            read("version.h")).group(1)
        dkms = re.search(r'PACKAGE_VERSION="([^"]+)"',
                         read("dkms.conf")).group(1)
        self.assertEqual(version, dkms)

    def test_no_version_checks_outside_compat(self):
        for d in ("module", "kunit", "lsm"):
            path = os.path.join(TOP, d)
            if not os.path.isdir(path):
                continue
            for name in os.listdir(path):
                if name.endswith((".c", ".h")):
                    self.assertNotIn("LINUX_VERSION_CODE",
                                     read(os.path.join(d, name)), name)


if __name__ == "__main__":
    unittest.main()
