# SPDX-License-Identifier: GPL-2.0
"""Host tests of cloudabi-run's YAML mapping, through --dry-run.

The launcher is built for the host into a temporary directory; each test
feeds it a document and reads the argdata tree and descriptor table it
would pass, or the error it gives.
"""
import os
import socket
import subprocess
import tempfile
import unittest

TOP = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
PRELUDE = "%TAG ! tag:nuxi.nl,2015:cloudabi/\n---\n"


class LauncherYamlTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        out = cls.tmp.name
        subprocess.run(["make", "-s", "-C",
                        os.path.join(TOP, "tools", "cloudabi-run"),
                        "ARCH=x86_64", "OUT=" + out], check=True,
                       stdout=subprocess.DEVNULL)
        cls.launcher = os.path.join(out, "cloudabi-run")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def run_doc(self, doc, prelude=True):
        p = subprocess.run([self.launcher, "--dry-run", "/bin/true"],
                           input=(PRELUDE if prelude else "") + doc,
                           text=True, capture_output=True)
        return p.returncode, p.stdout, p.stderr

    def tree(self, doc):
        status, out, err = self.run_doc(doc)
        self.assertEqual(status, 0, err)
        return out

    def assert_error(self, doc, where, words):
        status, _out, err = self.run_doc(doc)
        self.assertEqual(status, 2)
        self.assertIn("<stdin>:%s:" % where, err)
        self.assertIn(words, err)

    def test_core_schema_scalars(self):
        out = self.tree("a: 42\nb: -7\nc: 0x1f\nd: 0o17\ne: 1.5\nf: .inf\n"
                        "g: true\nh: False\ni: ~\nj: null\nk: text\n"
                        "l: '42'\nm: \"true\"\nn: 18446744073709551615\n")
        for line in ('"a": 42', '"b": -7', '"c": 31', '"d": 15',
                     '"e": 1.5', '"f": inf', '"g": true', '"h": false',
                     '"i": null', '"j": null', '"k": "text"',
                     '"l": "42"', '"m": "true"',
                     '"n": 18446744073709551615'):
            self.assertIn(line, out)

    def test_binary_and_timestamp(self):
        out = self.tree("b: !!binary aGVsbG8=\n"
                        "t: !!timestamp 2001-12-14T21:59:43.10-05:00\n"
                        "d: !!timestamp 1970-01-02\n")
        self.assertIn('"b": binary 68656c6c6f', out)
        self.assertIn('"t": timestamp 2001-12-15T02:59:43.100000000Z', out)
        self.assertIn('"d": timestamp 1970-01-02T00:00:00', out)

    def test_nesting(self):
        out = self.tree("outer:\n  inner: [1, [2, {x: y}]]\n")
        self.assertIn('"outer": map', out)
        self.assertIn('"inner": seq', out)
        self.assertIn('"x": "y"', out)

    def test_descriptors_in_order_of_appearance(self):
        out = self.tree("b: !fd stderr\na: !fd stdout\nc: !fd stderr\n"
                        "d: !file {path: /}\n")
        self.assertIn('"b": fd 0', out)
        self.assertIn('"a": fd 1', out)
        self.assertIn('"c": fd 0', out)
        self.assertIn('"d": fd 2', out)
        self.assertIn("0: !fd stderr", out)
        self.assertIn("2: !file /", out)

    def test_rights(self):
        out = self.tree("a: !fd {fd: stdout, rights: [fd_write, "
                        "file_stat_fget]}\n"
                        "d: !file {path: /, rights: read-only}\n")
        self.assertIn("0: !fd stdout rights fd_write,file_stat_fget", out)
        self.assertIn("(as far as the file allows)", out)

    def test_short_tags_without_directive(self):
        status, out, err = self.run_doc("a: !fd stdout\n", prelude=False)
        self.assertEqual(status, 0, err)
        self.assertIn('"a": fd 0', out)

    def test_socket(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "s")
            srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            srv.bind(path)
            srv.listen(1)
            out = self.tree("s: !socket {connect: 'unix:%s'}\n" % path)
            srv.close()
        self.assertIn('"s": fd 0', out)
        self.assertIn("0: !socket unix:", out)

    def test_errors_name_line_and_column(self):
        self.assert_error("a: 1\nb: !bogus 1\n", "4:4", "unknown tag !bogus")
        self.assert_error("a: [1, 2\n", "4:1", "flow sequence")
        self.assert_error("a: !file {path: /nonexistent/x}\n", "3:17",
                          "No such file")
        self.assert_error("a: !fd {fd: stdout, rights: [fd_raed]}\n", "3:30",
                          "unknown right fd_raed")
        self.assert_error("a: !fd 4711\n", "3:4", "not an open descriptor")
        self.assert_error("a: !file {path: /, colour: red}\n", "3:20",
                          "unknown key colour")
        self.assert_error("a: !socket {connect: 'tcp:nowhere'}\n", "3:22",
                          "tcp:nowhere")
        self.assert_error("a: !!binary '%%%'\n", "3:4", "not base64")

    def test_program_must_exist(self):
        p = subprocess.run([self.launcher, "/nonexistent/program"],
                           input="a: 1\n", text=True, capture_output=True)
        self.assertEqual(p.returncode, 2)
        self.assertIn("/nonexistent/program", p.stderr)


if __name__ == "__main__":
    unittest.main()
