# SPDX-License-Identifier: GPL-2.0
"""Choose and fetch one of Debian's stock kernels for the tests.

Debian's archive moves under us: a new kernel build is published in stages
(headers and the -unsigned image first, the signed image later), and only
the newest build of a series stays on the mirror.  So the ABI is chosen the
way Debian itself guarantees is installable:

  1. the ABIs the series' meta-package depends on (linux-image-ARCH for 6.1,
     linux-image-6.12-ARCH for 6.12), newest first;
  2. the first of them whose image (signed, else -unsigned), headers, common
     headers and kbuild all exist in the archive at one version;
  3. if none does, or its download fails, the newest complete kernel of the
     series already in the cache, with one line saying so;
  4. else a clear error naming the series and arch.

--abi pins one ABI (and still uses the cache when it holds that ABI).
The logic is kept apart from apt (the Apt class) so that scripts/tests can
replay recorded apt-cache answers.
"""
import glob
import os
import re
import shutil
import subprocess
import sys
import time

DEBARCH = {"x86_64": "amd64", "arm64": "arm64"}
SERIES = ("6.1", "6.12")


class FetchError(Exception):
    """No kernel can be had for this series and arch."""


def series_of(abi):
    """"6.1.0-57" and "6.12.118+deb12" belong to "6.1" and "6.12"."""
    m = re.match(r"(\d+\.\d+)(?:\.|$)", abi)
    return m.group(1) if m else None


def abi_key(abi):
    """Sort key: numeric parts compared as numbers (6.12.9 < 6.12.10)."""
    return [int(n) for n in re.findall(r"\d+", abi)]


def meta_package(series, debarch):
    """The meta-package that Debian points at the series' current ABI."""
    if series == "6.1":
        return "linux-image-%s" % debarch
    return "linux-image-%s-%s" % (series, debarch)


def abis_named_by(show_text, series, debarch):
    """The ABIs a meta-package's records depend on, newest first.

    apt-cache show prints one record per version still in the lists, so
    an older ABI may follow the newest: it is a fall-back candidate.
    """
    pat = re.compile(r"\blinux-image-(\S+?)-%s(?:-unsigned)?\b" %
                     re.escape(debarch))
    abis = set()
    for line in show_text.splitlines():
        if not line.startswith(("Depends:", "Pre-Depends:")):
            continue
        for abi in pat.findall(line):
            if series_of(abi) == series:
                abis.add(abi)
    return sorted(abis, key=abi_key, reverse=True)


def kbuild_package(abi):
    """6.1 ships one linux-kbuild-6.1 per series, 6.12 one per ABI."""
    if abi.startswith("6.1."):
        return "linux-kbuild-6.1"
    return "linux-kbuild-%s" % abi


def versions_in(show_text):
    return re.findall(r"^Version: (\S+)$", show_text, re.M)


def kernel_set(apt, abi, debarch):
    """The packages of one ABI at one version, or (None, reason).

    The common headers decide the version; the image (signed, else
    -unsigned), the arch headers and the host's kbuild must exist at that
    very version, or the ABI is not (yet) complete in the archive.
    """
    common = "linux-headers-%s-common" % abi
    have = versions_in(apt.show(common))
    if not have:
        return None, "%s is not in the archive" % common
    version = sorted(have, key=abi_key)[-1]
    image = None
    for name in ("linux-image-%s-%s" % (abi, debarch),
                 "linux-image-%s-%s-unsigned" % (abi, debarch)):
        if version in versions_in(apt.show(name)):
            image = name
            break
    if image is None:
        return None, "no image of %s at %s" % (abi, version)
    headers = "linux-headers-%s-%s" % (abi, debarch)
    # The kbuild host tools run here, so they are always the amd64 build
    # (the package is Multi-Arch: foreign).
    kbuild = "%s:amd64" % kbuild_package(abi)
    for name in (headers, kbuild):
        if version not in versions_in(apt.show(name)):
            return None, "no %s at %s" % (name, version)
    pkgs = ["%s=%s" % (n, version) for n in (image, headers, common, kbuild)]
    return pkgs, None


def choose(apt, series, debarch, pin=None):
    """The newest complete ABI for the series: (abi, packages, notes)."""
    if pin:
        candidates = [pin]
    else:
        candidates = abis_named_by(apt.show(meta_package(series, debarch)),
                                   series, debarch)
    notes = []
    if not candidates:
        notes.append("%s names no %s kernel" %
                     (meta_package(series, debarch), series))
    for abi in candidates:
        pkgs, why = kernel_set(apt, abi, debarch)
        if pkgs:
            return abi, pkgs, notes
        notes.append("skipping %s: %s" % (abi, why))
    return None, None, notes


def cached_kernels(cache, series, debarch):
    """Complete kernels of the series in the cache: {abi: dir}."""
    found = {}
    for d in glob.glob(os.path.join(cache, "kernel-*-%s" % debarch)):
        try:
            with open(os.path.join(d, ".abi")) as f:
                abi = f.read().strip()
        except OSError:
            continue
        if os.path.exists(os.path.join(d, ".done")) and \
                series_of(abi) == series:
            found[abi] = d
    return found


def kernel_dir(cache, abi, debarch):
    return os.path.join(cache, "kernel-%s-%s" % (abi, debarch))


def fetch(apt, cache, series, arch, pin=None, log=print):
    """The directory of a complete kernel tree, or FetchError.

    apt.refresh() and apt.download() may fail (a mirror that is moving or
    unreachable): the newest cached kernel of the series is then used.
    """
    debarch = DEBARCH[arch]
    where = "%s kernel for %s" % (series, arch)
    if pin and series_of(pin) != series:
        raise FetchError("--abi %s is not of series %s" % (pin, series))
    cached = cached_kernels(cache, series, debarch)
    if pin and pin in cached:
        return cached[pin]
    apt.refresh()
    abi, pkgs, notes = choose(apt, series, debarch, pin)
    for n in notes:
        log("fetch-kernel: %s: %s" % (where, n))
    if abi in cached:
        return cached[abi]
    if abi:
        dest = kernel_dir(cache, abi, debarch)
        if apt.download(pkgs + ["busybox-static:%s" % debarch], dest):
            return dest
        log("fetch-kernel: %s: %s could not be downloaded" % (where, abi))
    if pin:
        raise FetchError("no %s %s in the archive or the cache" % (where, pin))
    if cached:
        best = sorted(cached, key=abi_key)[-1]
        log("fetch-kernel: %s: the archive has none complete; using %s "
            "from the cache" % (where, best))
        return cached[best]
    raise FetchError("no %s: none complete in the archive, none cached"
                     % where)


class Apt:
    """apt-get and apt-cache under a private configuration for one arch.

    Its own lists, state and archive directories, the host's sources, and
    an empty dpkg status, so downloading foreign packages never touches
    the host's dpkg.
    """

    def __init__(self, cache, arch):
        self.arch = arch
        self.debarch = DEBARCH[arch]
        self.dir = os.path.join(cache, "apt-%s" % self.debarch)
        self.env = dict(os.environ, APT_CONFIG=self._configure())

    def _configure(self):
        d = self.dir
        for sub in ("lists/partial", "archives/partial", "state",
                    "etc/sources.list.d", "etc/preferences.d",
                    "etc/apt.conf.d"):
            os.makedirs(os.path.join(d, sub), exist_ok=True)
        open(os.path.join(d, "state", "status"), "a").close()
        for src in glob.glob("/etc/apt/sources.list.d/*.sources"):
            shutil.copy(src, os.path.join(d, "etc", "sources.list.d"))
        if os.path.exists("/etc/apt/sources.list"):
            shutil.copy("/etc/apt/sources.list",
                        os.path.join(d, "etc", "sources.list"))
        conf = os.path.join(d, "apt.conf")
        with open(conf, "w") as f:
            f.write(APT_CONF % {"dir": d, "debarch": self.debarch})
        return conf

    def _run(self, args, cwd=None):
        p = subprocess.run(args, env=self.env, cwd=cwd, text=True,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if p.returncode:
            sys.stderr.write(p.stderr)
        return p

    def refresh(self):
        """Refresh lists older than a day: old lists name deleted files."""
        lists = os.path.join(self.dir, "lists")
        fresh = [f for f in glob.glob(os.path.join(lists, "*Packages*"))
                 if os.path.getmtime(f) > time.time() - 86400]
        if fresh:
            return True
        return self._run(["apt-get", "-q", "update"]).returncode == 0

    def show(self, pkg):
        p = subprocess.run(["apt-cache", "show", pkg], env=self.env,
                           text=True, stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL)
        return p.stdout if p.returncode == 0 else ""

    def download(self, pkgs, dest):
        """Download and unpack into dest; False (and dest gone) on failure."""
        shutil.rmtree(dest, ignore_errors=True)
        debs = os.path.join(dest, "debs")
        root = os.path.join(dest, "root")
        os.makedirs(debs)
        os.makedirs(root)
        if self._run(["apt-get", "-q", "download"] + pkgs,
                     cwd=debs).returncode:
            shutil.rmtree(dest, ignore_errors=True)
            return False
        for deb in glob.glob(os.path.join(debs, "*.deb")):
            subprocess.run(["dpkg-deb", "-x", deb, root], check=True)
        shutil.rmtree(debs)
        finish_tree(dest, pkgs, self.arch, self.debarch)
        return True


APT_CONF = """\
APT::Architecture "%(debarch)s";
APT::Sandbox::User "root";
APT::Architectures { "%(debarch)s"; "amd64"; };
Dir::State "%(dir)s/state";
Dir::State::Lists "%(dir)s/lists";
Dir::State::status "%(dir)s/state/status";
Dir::Cache "%(dir)s";
Dir::Cache::archives "%(dir)s/archives";
Dir::Etc "%(dir)s/etc";
Dir::Etc::sourcelist "%(dir)s/etc/sources.list";
Dir::Etc::sourceparts "%(dir)s/etc/sources.list.d";
Dir::Etc::preferencesparts "%(dir)s/etc/preferences.d";
Dir::Etc::trusted "/etc/apt/trusted.gpg";
Dir::Etc::trustedparts "/etc/apt/trusted.gpg.d";
"""


def finish_tree(dest, pkgs, arch, debarch):
    """Make the extracted headers buildable and record what is where."""
    abi = re.match(r"linux-headers-(.+)-common=", [
        p for p in pkgs if re.match(r"linux-headers-.*-common=", p)][0]
    ).group(1)
    root = os.path.join(dest, "root")
    hdr = os.path.join(root, "usr/src/linux-headers-%s-%s" % (abi, debarch))
    common = "/usr/src/linux-headers-%s-common" % abi
    mk = os.path.join(hdr, "Makefile")
    with open(mk) as f:
        text = f.read()
    # The headers' Makefile includes the common tree by absolute path.
    with open(mk, "w") as f:
        f.write(text.replace(common, root + common))
    kbuild = os.path.join(root, "usr/lib", kbuild_package(abi))
    for sub in ("scripts", "tools"):
        link = os.path.join(hdr, sub)
        if os.path.lexists(link):
            os.remove(link)
        os.symlink(os.path.join(kbuild, sub), link)
    image = sorted(glob.glob(os.path.join(root, "boot", "vmlinu*")))[0]
    # x86-64 boots fastest from the uncompressed ELF (PVH entry, qboot);
    # arm64's vmlinuz is already an uncompressed Image.
    if arch == "x86_64":
        elf = os.path.join(dest, "vmlinux")
        subprocess.run([sys.executable, os.path.join(
            os.path.dirname(os.path.abspath(__file__)), "extract-vmlinux.py"),
            image, elf], check=True)
        image = elf
    for name, value in ((".headers", hdr), (".image", image), (".abi", abi)):
        with open(os.path.join(dest, name), "w") as f:
            f.write(value + "\n")
    open(os.path.join(dest, ".done"), "w").close()
