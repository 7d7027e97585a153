# SPDX-License-Identifier: GPL-2.0
"""How scripts/fetch-kernel picks a kernel on an archive that moves.

Each case replays apt-cache answers of the kind recorded from Debian's
archive while a 6.12 build was being published in stages.
"""
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import kernelfetch  # noqa: E402


def record(pkg, version, depends=None):
    text = "Package: %s\nVersion: %s\n" % (pkg, version)
    if depends:
        text += "Depends: %s\n" % depends
    return text + "\n"


def build(abi, version, debarch="amd64", signed=True, unsigned=True,
          headers=True, kbuild=True):
    """The records one kernel build publishes, some of them left out."""
    recs = {"linux-headers-%s-common" % abi: record(
        "linux-headers-%s-common" % abi, version)}
    img = "linux-image-%s-%s" % (abi, debarch)
    if signed:
        recs[img] = record(img, version)
    if unsigned:
        recs[img + "-unsigned"] = record(img + "-unsigned", version)
    if headers:
        name = "linux-headers-%s-%s" % (abi, debarch)
        recs[name] = record(name, version)
    if kbuild:
        name = kernelfetch.kbuild_package(abi)
        recs[name + ":amd64"] = record(name, version)
    return recs


def meta(series, debarch, *pairs):
    """A meta-package with one record per (abi, version) still listed."""
    name = kernelfetch.meta_package(series, debarch)
    return {name: "".join(record(name, v, "linux-image-%s-%s (= %s)" %
                                 (abi, debarch, v)) for abi, v in pairs)}


def merge(*record_sets):
    """Records of several builds: apt-cache show lists every version."""
    out = {}
    for recs in record_sets:
        for pkg, text in recs.items():
            out[pkg] = out.get(pkg, "") + text
    return out


class FakeApt:
    def __init__(self, records, reachable=True):
        self.records = dict(records)
        self.reachable = reachable
        self.downloaded = []

    def refresh(self):
        return self.reachable

    def show(self, pkg):
        return self.records.get(pkg, "") if self.reachable else ""

    def download(self, pkgs, dest):
        if not self.reachable:
            return False
        self.downloaded = pkgs
        os.makedirs(dest)
        return True


def cached(cache, abi, debarch="amd64", done=True):
    d = kernelfetch.kernel_dir(cache, abi, debarch)
    os.makedirs(d)
    with open(os.path.join(d, ".abi"), "w") as f:
        f.write(abi + "\n")
    if done:
        open(os.path.join(d, ".done"), "w").close()
    return d


class ChooseTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.cache = self.tmp.name
        self.log = []

    def tearDown(self):
        self.tmp.cleanup()

    def fetch(self, apt, series="6.12", arch="x86_64", pin=None):
        return kernelfetch.fetch(apt, self.cache, series, arch, pin,
                                 self.log.append)

    def test_signed_image_missing_falls_back_to_the_previous_build(self):
        # The case that turned CI red: 6.12.118 has headers and an
        # -unsigned image, no signed image, and the meta-package still
        # names 6.12.117 too.
        recs = build("6.12.117+deb12", "6.12.117-1~deb12u1")
        recs.update(build("6.12.118+deb12", "6.12.118-1~deb12u1",
                          signed=False, unsigned=False))
        recs.update(meta("6.12", "amd64",
                         ("6.12.118+deb12", "6.12.118-1~deb12u1"),
                         ("6.12.117+deb12", "6.12.117-1~deb12u1")))
        apt = FakeApt(recs)
        d = self.fetch(apt)
        self.assertEqual(d, kernelfetch.kernel_dir(
            self.cache, "6.12.117+deb12", "amd64"))
        self.assertIn("linux-image-6.12.117+deb12-amd64=6.12.117-1~deb12u1",
                      apt.downloaded)
        self.assertTrue(any("skipping 6.12.118+deb12" in m for m in self.log))

    def test_only_the_unsigned_image_is_accepted(self):
        recs = build("6.12.118+deb12", "6.12.118-1~deb12u1", signed=False)
        recs.update(meta("6.12", "amd64",
                         ("6.12.118+deb12", "6.12.118-1~deb12u1")))
        apt = FakeApt(recs)
        self.fetch(apt)
        self.assertEqual(apt.downloaded, [
            "linux-image-6.12.118+deb12-amd64-unsigned=6.12.118-1~deb12u1",
            "linux-headers-6.12.118+deb12-amd64=6.12.118-1~deb12u1",
            "linux-headers-6.12.118+deb12-common=6.12.118-1~deb12u1",
            "linux-kbuild-6.12.118+deb12:amd64=6.12.118-1~deb12u1",
            "busybox-static:amd64"])

    def test_signed_image_preferred(self):
        recs = build("6.12.118+deb12", "6.12.118-1~deb12u1")
        recs.update(meta("6.12", "amd64",
                         ("6.12.118+deb12", "6.12.118-1~deb12u1")))
        apt = FakeApt(recs)
        self.fetch(apt)
        self.assertEqual(apt.downloaded[0],
                         "linux-image-6.12.118+deb12-amd64=6.12.118-1~deb12u1")

    def test_meta_package_older_than_newest_headers(self):
        # Headers of 6.12.119 are out, but the meta-package still points
        # at 6.12.118: the meta-package decides.
        recs = build("6.12.118+deb12", "6.12.118-1~deb12u1")
        recs.update(build("6.12.119+deb12", "6.12.119-1~deb12u1"))
        recs.update(meta("6.12", "amd64",
                         ("6.12.118+deb12", "6.12.118-1~deb12u1")))
        apt = FakeApt(recs)
        d = self.fetch(apt)
        self.assertTrue(d.endswith("kernel-6.12.118+deb12-amd64"))

    def test_6_1_follows_linux_image_arch(self):
        recs = merge(build("6.1.0-57", "6.1.192-3", debarch="arm64"),
                     build("6.1.0-58", "6.1.193-1", debarch="arm64"),
                     meta("6.1", "arm64", ("6.1.0-57", "6.1.192-3")))
        apt = FakeApt(recs)
        d = self.fetch(apt, series="6.1", arch="arm64")
        self.assertTrue(d.endswith("kernel-6.1.0-57-arm64"))
        self.assertIn("linux-kbuild-6.1:amd64=6.1.192-3", apt.downloaded)

    def test_kbuild_at_another_version_is_incomplete(self):
        recs = build("6.1.0-58", "6.1.193-1", kbuild=False)
        recs["linux-kbuild-6.1:amd64"] = record("linux-kbuild-6.1",
                                                "6.1.192-3")
        recs.update(meta("6.1", "amd64", ("6.1.0-58", "6.1.193-1")))
        with self.assertRaises(kernelfetch.FetchError) as e:
            self.fetch(FakeApt(recs), series="6.1")
        self.assertIn("6.1 kernel for x86_64", str(e.exception))

    def test_versions_compare_as_numbers(self):
        recs = build("6.12.9+deb12", "6.12.9-1")
        recs.update(build("6.12.10+deb12", "6.12.10-1"))
        recs.update(meta("6.12", "amd64", ("6.12.9+deb12", "6.12.9-1"),
                         ("6.12.10+deb12", "6.12.10-1")))
        d = self.fetch(FakeApt(recs))
        self.assertTrue(d.endswith("kernel-6.12.10+deb12-amd64"))

    def test_nothing_reachable_uses_newest_cached_kernel(self):
        cached(self.cache, "6.12.95+deb12")
        newest = cached(self.cache, "6.12.117+deb12")
        cached(self.cache, "6.12.118+deb12", done=False)
        cached(self.cache, "6.1.0-57")
        cached(self.cache, "6.12.200+deb12", debarch="arm64")
        d = self.fetch(FakeApt({}, reachable=False))
        self.assertEqual(d, newest)
        self.assertEqual(len([m for m in self.log if "from the cache" in m]),
                         1)

    def test_download_failure_uses_cached_kernel(self):
        old = cached(self.cache, "6.12.117+deb12")
        recs = build("6.12.118+deb12", "6.12.118-1~deb12u1")
        recs.update(meta("6.12", "amd64",
                         ("6.12.118+deb12", "6.12.118-1~deb12u1")))
        apt = FakeApt(recs)
        apt.download = lambda pkgs, dest: False
        self.assertEqual(self.fetch(apt), old)
        self.assertTrue(any("could not be downloaded" in m for m in self.log))

    def test_nothing_reachable_and_no_cache_is_a_clear_error(self):
        with self.assertRaises(kernelfetch.FetchError) as e:
            self.fetch(FakeApt({}, reachable=False), arch="arm64")
        self.assertIn("6.12 kernel for arm64", str(e.exception))

    def test_chosen_kernel_already_cached_downloads_nothing(self):
        d = cached(self.cache, "6.12.118+deb12")
        recs = build("6.12.118+deb12", "6.12.118-1~deb12u1")
        recs.update(meta("6.12", "amd64",
                         ("6.12.118+deb12", "6.12.118-1~deb12u1")))
        apt = FakeApt(recs)
        self.assertEqual(self.fetch(apt), d)
        self.assertEqual(apt.downloaded, [])

    def test_pin_from_cache_without_the_archive(self):
        d = cached(self.cache, "6.12.95+deb12")
        cached(self.cache, "6.12.117+deb12")
        apt = FakeApt({}, reachable=False)
        self.assertEqual(self.fetch(apt, pin="6.12.95+deb12"), d)

    def test_pin_missing_everywhere_is_an_error(self):
        cached(self.cache, "6.12.117+deb12")
        with self.assertRaises(kernelfetch.FetchError):
            self.fetch(FakeApt({}, reachable=False), pin="6.12.95+deb12")

    def test_pin_of_another_series_is_refused(self):
        with self.assertRaises(kernelfetch.FetchError):
            self.fetch(FakeApt({}), series="6.12", pin="6.1.0-57")


class ParseTest(unittest.TestCase):
    def test_abis_named_by_ignores_other_flavours_and_series(self):
        text = ("Package: linux-image-6.12-amd64\nVersion: 1\n"
                "Depends: linux-image-6.12.118+deb12-amd64 (= 1)\n\n"
                "Package: linux-image-6.12-amd64\nVersion: 0\n"
                "Depends: linux-image-6.12.117+deb12-amd64-unsigned (= 0)\n"
                "Recommends: linux-image-6.12.300+deb12-amd64\n")
        self.assertEqual(kernelfetch.abis_named_by(text, "6.12", "amd64"),
                         ["6.12.118+deb12", "6.12.117+deb12"])
        self.assertEqual(kernelfetch.abis_named_by(text, "6.1", "amd64"), [])

    def test_series_of(self):
        self.assertEqual(kernelfetch.series_of("6.1.0-57"), "6.1")
        self.assertEqual(kernelfetch.series_of("6.12.118+deb12"), "6.12")
        self.assertIsNone(kernelfetch.series_of("junk"))


if __name__ == "__main__":
    unittest.main()
