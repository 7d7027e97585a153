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

    def sources(self, *dirs):
        for d in dirs:
            for name in sorted(os.listdir(os.path.join(TOP, d))):
                if name.endswith((".c", ".h", ".S")):
                    yield os.path.join(d, name)

    def test_rights_engine_stands_alone(self):
        """lsm/ includes only kernel headers, the uapi headers, its own
        files and its KUnit suites: the rights engine must not depend on
        module/."""
        own = set(os.listdir(os.path.join(TOP, "lsm")))
        for path in self.sources("lsm"):
            for inc in re.findall(r'^#include "([^"]+)"', read(path), re.M):
                suite = re.match(r"\.\./kunit/\w+_test\.c$", inc)
                self.assertTrue(inc in own or suite,
                                "%s includes %s" % (path, inc))

    def test_header_names_are_unique(self):
        """One file per header name, so that an include path never
        decides which of two headers a file gets."""
        seen = {}
        for d in ("module", "lsm", "vdso", "compat", "kunit",
                  "include/uapi/cloudabi",
                  "include/uapi/cloudabi/generated", "module/generated",
                  "vdso/generated"):
            for path in self.sources(d):
                name = os.path.basename(path)
                if name.endswith(".h"):
                    self.assertNotIn(name, seen, "%s and %s" %
                                     (path, seen.get(name)))
                    seen[name] = path

    def test_compat_holds_version_differences_only(self):
        text = read("compat/compat.h")
        for arch in ("CONFIG_X86_64", "CONFIG_ARM64", "__x86_64__",
                     "__aarch64__"):
            self.assertNotIn(arch, text)


if __name__ == "__main__":
    unittest.main()
