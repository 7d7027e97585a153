# SPDX-License-Identifier: GPL-2.0
"""Host tests for the generated seccomp filter (the allow-list section of
policy/seccomp.policy, compiled by scripts/abigen/seccomp.py into
vdso/generated/seccomp_filter.h).

Run: python3 -m unittest discover -s scripts/tests
The programs come from abigen's functions; they run here on a small
classic-BPF interpreter with the kernel's seccomp semantics and are checked
against the kernel's filter validation.  Syscall numbers and flag values
below are Linux facts (arch/x86/entry/syscalls/syscall_64.tbl,
include/uapi/asm-generic/unistd.h, the uapi mman/random headers), not taken
from the spec, so a wrong spec entry fails.
"""

import os
import random
import re
import struct
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "scripts"))

import abigen  # noqa: E402

SPEC = os.path.join(ROOT, "abi", "cloudabi.abi")
POLICY = os.path.join(ROOT, "policy", "seccomp.policy")

ALLOW = 0x7FFF0000
KILL = 0x80000000
AUDIT = {"x86_64": 0xC000003E, "arm64": 0xC00000B7}
AUDIT_ARCH_I386 = 0x40000003
AUDIT_ARCH_ARM = 0x40000028
X32_SYSCALL_BIT = 0x40000000
GATE_FD = 3  # a gate's number, as the runner's layout has it
FORK_SITE = 0x7F12345678A4  # the vDSO fork site's address, as patched in
EXEC_PATH = 0x7F12345670C0  # the vDSO's empty exec path, likewise
AT_EMPTY_PATH = 0x1000
OTHER_IP = 0x400000  # anywhere else

# Linux system call numbers; None where the arch has no such call.
NR = {
    #                     x86_64 arm64
    "read": (0, 63), "write": (1, 64), "open": (2, None),
    "readv": (19, 65), "writev": (20, 66),
    "pread64": (17, 67), "pwrite64": (18, 68),
    "preadv": (295, 69), "pwritev": (296, 70),
    "preadv2": (327, 286), "pwritev2": (328, 287),
    "dup3": (292, 24), "close": (3, 57),
    "mmap": (9, 222), "mprotect": (10, 226), "munmap": (11, 215),
    "rt_sigaction": (13, 134), "ioctl": (16, 29), "sched_yield": (24, 124),
    "mremap": (25, 216), "msync": (26, 227), "madvise": (28, 233),
    "getpid": (39, 172), "socket": (41, 198), "connect": (42, 203),
    "clone": (56, 220), "fork": (57, None), "vfork": (58, None),
    "execve": (59, 221), "exit": (60, 93), "kill": (62, 129),
    "ptrace": (101, 117), "prctl": (157, 167), "arch_prctl": (158, None),
    "futex": (202, 98), "clock_gettime": (228, 113),
    "restart_syscall": (219, 128),
    "clock_getres": (229, 114), "exit_group": (231, 94),
    "tgkill": (234, 131), "openat": (257, 56),
    "process_vm_writev": (311, 271), "seccomp": (317, 277),
    "getrandom": (318, 278), "bpf": (321, 280), "execveat": (322, 281),
    "userfaultfd": (323, 282), "io_uring_setup": (425, 425),
    "clone3": (435, 435), "set_tid_address": (218, 96),
    "gettid": (186, 178),
}
ARCHES = ("x86_64", "arm64")


def nr(arch, name):
    return NR[name][ARCHES.index(arch)]


FORBIDDEN = ["openat", "open", "execve", "execveat", "socket", "connect",
             "kill", "tgkill", "ptrace", "clone", "clone3", "fork", "vfork",
             "getpid", "prctl", "seccomp", "arch_prctl", "rt_sigaction",
             "read", "write", "mremap", "process_vm_writev", "bpf",
             "io_uring_setup", "userfaultfd", "futex"]

# mmap/mprotect/madvise/msync/getrandom values (uapi headers; the same on
# x86-64 and arm64).
PROT_READ, PROT_WRITE, PROT_EXEC, PROT_SEM = 0x1, 0x2, 0x4, 0x8
PROT_BTI, PROT_MTE, PROT_GROWSDOWN = 0x10, 0x20, 0x01000000
MAP_SHARED, MAP_PRIVATE, MAP_SHARED_VALIDATE = 0x01, 0x02, 0x03
MAP_FIXED, MAP_ANONYMOUS, MAP_32BIT = 0x10, 0x20, 0x40
MAP_GROWSDOWN, MAP_DENYWRITE, MAP_LOCKED = 0x0100, 0x0800, 0x2000
MAP_NORESERVE, MAP_POPULATE, MAP_HUGETLB = 0x4000, 0x8000, 0x40000
MAP_SYNC, MAP_FIXED_NOREPLACE = 0x80000, 0x100000
MADV_FREE, MADV_REMOVE, MADV_DONTFORK = 8, 9, 10
MADV_MERGEABLE, MADV_HUGEPAGE, MADV_HWPOISON = 12, 14, 100
MS_ASYNC, MS_INVALIDATE, MS_SYNC = 1, 2, 4
GRND_NONBLOCK, GRND_RANDOM, GRND_INSECURE = 1, 2, 4
TCGETS, FIONREAD, FIOCLEX = 0x5401, 0x541B, 0x5451

# Classic BPF opcodes seccomp accepts (kernel/seccomp.c,
# seccomp_check_filter) and their operations.
LD_W_ABS, LD_W_LEN, LDX_W_LEN = 0x20, 0x80, 0x81
RET_K, RET_A = 0x06, 0x16
JA, JEQ_K, JGT_K, JGE_K, JSET_K = 0x05, 0x15, 0x25, 0x35, 0x45
JUMPS = (JA, JEQ_K, JGT_K, JGE_K, JSET_K)
ALU_AND_K, ALU_OR_K, ALU_RSH_K, ALU_LSH_K = 0x54, 0x44, 0x74, 0x64
MISC_TAX, MISC_TXA = 0x07, 0x87
SECCOMP_OPCODES = {
    LD_W_ABS, LD_W_LEN, LDX_W_LEN, RET_K, RET_A, JA, JEQ_K, JGT_K, JGE_K,
    JSET_K, ALU_AND_K, ALU_OR_K, ALU_RSH_K, ALU_LSH_K, MISC_TAX, MISC_TXA,
    0x04, 0x14, 0x24, 0x34, 0x84, 0xa4,  # add sub mul div neg xor
    0x0c, 0x1c, 0x2c, 0x3c, 0x4c, 0x5c, 0x6c, 0x7c, 0xac,  # ALU X
    0x1d, 0x2d, 0x3d, 0x4d,  # jumps on X
    0x00, 0x01, 0x60, 0x61, 0x02, 0x03,  # ld/ldx imm, mem; st, stx
}
BPF_MAXINSNS = 4096
SECCOMP_DATA_SIZE = 64
M32 = 0xFFFFFFFF


def seccomp_data(arch_value, nr_value, args=(), ip=OTHER_IP):
    args = list(args) + [0] * (6 - len(args))
    return struct.pack("<IIQ6Q", nr_value & M32, arch_value, ip,
                       *[a & 0xFFFFFFFFFFFFFFFF for a in args])


def jump(pc, code, jt, jf, k, a):
    """The next pc after a jump at pc - 1 (the kernel's semantics)."""
    if code == JA:
        return pc + k
    taken = {JEQ_K: a == k, JGT_K: a > k, JGE_K: a >= k,
             JSET_K: bool(a & k)}[code]
    return pc + (jt if taken else jf)


def run_bpf(prog, data):
    """Run a classic BPF program (list of (code, jt, jf, k)) on the
    seccomp_data bytes and return its result (the kernel's semantics)."""
    a = x = 0
    mem = [0] * 16
    pc = 0
    steps = 0
    while True:
        if pc >= len(prog):
            raise AssertionError("ran off the end of the program")
        steps += 1
        if steps > len(prog):
            raise AssertionError("more steps than instructions: a loop")
        code, jt, jf, k = prog[pc]
        pc += 1
        if code == LD_W_ABS:
            if k % 4 or k + 4 > len(data):
                raise AssertionError("bad load offset %d" % k)
            a = struct.unpack_from("<I", data, k)[0]
        elif code == LD_W_LEN:
            a = len(data)
        elif code == 0x00:
            a = k
        elif code == 0x60:
            a = mem[k]
        elif code == 0x02:
            mem[k] = a
        elif code == MISC_TAX:
            x = a
        elif code == MISC_TXA:
            a = x
        elif code == ALU_AND_K:
            a &= k
        elif code == ALU_OR_K:
            a = (a | k) & M32
        elif code == ALU_RSH_K:
            a >>= k
        elif code == ALU_LSH_K:
            a = (a << k) & M32
        elif code in JUMPS:
            pc = jump(pc, code, jt, jf, k, a)
        elif code == RET_K:
            return k
        elif code == RET_A:
            return a
        else:
            raise AssertionError("opcode 0x%02x not interpreted" % code)


def const_allow(prog, nr_value, arch_value):
    """Whether seccomp's action cache allows this number without running
    the filter: the emulation of seccomp_is_const_allow() (Linux 6.1 and
    6.12), which follows the program knowing only nr and arch and gives
    up on any other load or instruction."""
    a = 0
    pc = 0
    while pc < len(prog):
        code, jt, jf, k = prog[pc]
        pc += 1
        if code == LD_W_ABS and k in (0, 4):
            a = nr_value if k == 0 else arch_value
        elif code in JUMPS:
            pc = jump(pc, code, jt, jf, k, a)
        elif code == ALU_AND_K:
            a &= k
        elif code == RET_K:
            return k == ALLOW
        else:
            return False
    return False


def kernel_check(prog):
    """The checks of bpf_check_classic() and seccomp_check_filter();
    returns a list of problems (empty when the kernel would accept)."""
    problems = []
    if not 0 < len(prog) <= BPF_MAXINSNS:
        problems.append("length %d" % len(prog))
    for pc, (code, jt, jf, k) in enumerate(prog):
        if code not in SECCOMP_OPCODES:
            problems.append("%d: opcode 0x%02x not allowed" % (pc, code))
        if code == LD_W_ABS and (k >= SECCOMP_DATA_SIZE or k & 3):
            problems.append("%d: load offset %d" % (pc, k))
        if code == JA and pc + 1 + k >= len(prog):
            problems.append("%d: ja out of range" % pc)
        if code & 0x07 == 0x05 and code != JA:
            if pc + 1 + jt >= len(prog) or pc + 1 + jf >= len(prog):
                problems.append("%d: jump out of range" % pc)
        if not 0 <= jt <= 255 or not 0 <= jf <= 255 or not 0 <= k <= M32:
            problems.append("%d: field out of range" % pc)
    if prog and prog[-1][0] & 0x07 != 0x06:
        problems.append("last instruction is not a return")
    return problems


def successors(prog, pc):
    code, jt, jf, k = prog[pc]
    if code & 0x07 == 0x06:
        return []
    if code == JA:
        return [pc + 1 + k]
    if code & 0x07 == 0x05:
        return sorted({pc + 1 + jt, pc + 1 + jf})
    return [pc + 1]


def expected(arch, nr_value, args, arch_value=None, ip=OTHER_IP):
    """The allow-list, written from its specification, independent of the
    spec file and the generator."""
    if arch_value is None:
        arch_value = AUDIT[arch]
    if arch_value != AUDIT[arch]:
        return KILL
    if arch == "x86_64" and nr_value & X32_SYSCALL_BIT:
        return KILL
    full = list(args) + [0] * (6 - len(args))
    lo = [a & M32 for a in full]
    names = {nr(arch, n): n for n in NR if nr(arch, n) is not None}
    name = names.get(nr_value & M32)
    ok = False
    if name == "ioctl":
        # Any descriptor: every slot but the gate is a capability, whose
        # file has no ioctl.
        ok = (lo[1] >> 8) & 0xFF == 0xCA
    elif name in ("exit", "exit_group", "sched_yield", "munmap"):
        ok = True
    elif name in ("readv", "writev", "preadv", "pwritev"):
        # Any descriptor and offset: a capability checks FD_READ/FD_WRITE
        # (and FD_SEEK for an offset) itself, the gate's file has no read
        # or write.
        ok = True
    elif name in ("clock_gettime", "clock_getres"):
        ok = lo[0] <= 3
    elif name == "getrandom":
        ok = True
    elif name == "dup3":
        ok = lo[2] == 0
    elif name == "close":
        ok = True
    elif name == "execveat":
        # Only the vDSO's empty path (all 64 bits), no argv or envp (the
        # pointers are 64-bit), exactly AT_EMPTY_PATH (an int).
        ok = (full[1] == EXEC_PATH and full[2] == 0 and full[3] == 0 and
              lo[4] == AT_EMPTY_PATH)
    elif name == "arch_prctl":
        ok = arch == "x86_64" and lo[0] == 0x1002
    elif name in ("restart_syscall", "set_tid_address", "gettid"):
        ok = True
    elif name == "clone":
        # A thread with the one flag set thread_create uses, anywhere; a
        # fork (SIGCHLD) only from the vDSO's fork site (the flags are
        # unsigned long: all 64 bits compared).
        ok = full[0] == 0x11D0F00 or (full[0] == 0x11 and ip == FORK_SITE)
    elif name == "futex":
        ok = lo[1] in (1, 9, 265)
    elif name == "mmap":
        # prot and flags are unsigned long: no bit beyond the known ones,
        # in all 64.
        ok = (full[2] & ~7 == 0 and lo[2] & 6 != 6 and
              full[3] & ~(MAP_SHARED | MAP_PRIVATE | MAP_FIXED |
                          MAP_ANONYMOUS) == 0 and
              lo[3] & MAP_ANONYMOUS != 0 and
              lo[3] & 3 in (MAP_SHARED, MAP_PRIVATE))
    elif name == "mprotect":
        ok = full[2] & ~7 == 0 and lo[2] & 6 != 6
    elif name == "msync":
        ok = lo[2] & ~7 & M32 == 0
    elif name == "madvise":
        ok = lo[2] in (0, 1, 2, 3)
    return ALLOW if ok else KILL


class SeccompTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.abi = abigen.parse_file(SPEC)
        cls.policy = abigen.parse_policy_file(POLICY)
        cls.programs = {a: abigen.seccomp_program(cls.policy, a)
                        for a in ARCHES}

    def patched(self, arch, path=EXEC_PATH):
        """The filter as the start code installs it."""
        prog = self.programs[arch]
        insns = prog.tuples()
        for pairs, value, placeholder in (
                (prog.site_insns, FORK_SITE, abigen.SECCOMP_SITE_PLACEHOLDER),
                (prog.path_insns, path, abigen.SECCOMP_PATH_PLACEHOLDER)):
            for lo, hi in pairs:
                for i, half in ((lo, value & M32), (hi, value >> 32)):
                    code, jt, jf, k = insns[i]
                    self.assertEqual(k, placeholder)
                    insns[i] = (code, jt, jf, half)
        return insns

    def test_fork_only_from_the_vdso(self):
        """clone with fork's flags from the vDSO's fork site only; threads
        from anywhere; the site's address compared in all 64 bits."""
        for arch in ARCHES:
            prog = self.patched(arch)
            n = nr(arch, "clone")
            self.assertEqual(len(self.programs[arch].site_insns), 1)
            for flags, ip, want in (
                    (0x11, FORK_SITE, ALLOW), (0x11, OTHER_IP, KILL),
                    (0x11, FORK_SITE + 4, KILL),
                    (0x11, FORK_SITE ^ (1 << 40), KILL),
                    (0x11D0F00, OTHER_IP, ALLOW),
                    (0x11D0F00, FORK_SITE, ALLOW),
                    (0x4111, FORK_SITE, KILL), (0x11 | 1 << 32, FORK_SITE,
                                                KILL)):
                with self.subTest(arch=arch, flags=flags, ip=ip):
                    got = run_bpf(prog, seccomp_data(AUDIT[arch], n,
                                                     (flags,), ip))
                    self.assertEqual(got, want)
                    self.assertEqual(expected(arch, n, (flags,), ip=ip),
                                     want)

    def check(self, arch, want, name_or_nr, args=(), arch_value=None,
              prog=None):
        n = nr(arch, name_or_nr) if isinstance(name_or_nr, str) \
            else name_or_nr
        if arch_value is None:
            arch_value = AUDIT[arch]
        got = run_bpf(prog or self.patched(arch),
                      seccomp_data(arch_value, n, args))
        self.assertEqual(got, want, "%s: %s%r on arch 0x%08x gave 0x%08x"
                         % (arch, name_or_nr, tuple(args), arch_value, got))

    def allowed(self, arch, name, *args):
        self.check(arch, ALLOW, name, args)

    def killed(self, arch, name, *args):
        self.check(arch, KILL, name, args)

    # -- structure ----------------------------------------------------------

    def test_arches(self):
        self.assertEqual([a.name for a in self.policy.arches],
                         list(ARCHES))
        for a in self.policy.arches:
            self.assertEqual(a.audit, AUDIT[a.name])
        self.assertEqual(self.policy.arches[0].killbits,
                         X32_SYSCALL_BIT)
        self.assertEqual(self.policy.arches[1].killbits, 0)

    def test_allow_list_is_exactly(self):
        want = ["ioctl", "readv", "writev", "preadv", "pwritev", "dup3",
                "close", "exit",
                "exit_group",
                "clock_gettime",
                "clock_getres", "getrandom", "sched_yield", "mmap",
                "munmap", "mprotect", "madvise", "msync", "restart_syscall",
                "clone", "set_tid_address", "gettid", "futex", "execveat",
                "arch_prctl"]
        self.assertEqual(sorted(a.name for a in self.policy.allows),
                         sorted(want))
        for a in self.policy.allows:
            self.assertTrue(a.doc, "%s has no reason" % a.name)
            for arch in ARCHES:
                self.assertEqual(a.nrs[arch], nr(arch, a.name),
                                 "%s number on %s" % (a.name, arch))

    def test_kernel_accepts(self):
        for arch, prog in self.programs.items():
            with self.subTest(arch=arch):
                self.assertEqual(kernel_check(prog.tuples()), [])
                self.assertEqual(kernel_check(self.patched(arch)), [])

    def test_jumps_in_range_and_paths_end_in_ret(self):
        for arch, prog in self.programs.items():
            with self.subTest(arch=arch):
                insns = prog.tuples()
                n = len(insns)
                self.assertLessEqual(n, 96, "keep the filter short")
                for pc in range(n):
                    for t in successors(insns, pc):
                        self.assertGreater(t, pc, "backward jump at %d" % pc)
                        self.assertLess(t, n, "jump off the end at %d" % pc)
                # Every path from the entry ends in a RET of ALLOW or KILL.
                seen, todo, rets = set(), [0], set()
                while todo:
                    pc = todo.pop()
                    if pc in seen:
                        continue
                    seen.add(pc)
                    self.assertLess(pc, n, "path runs off the end")
                    succ = successors(insns, pc)
                    if not succ:
                        self.assertEqual(insns[pc][0], RET_K)
                        rets.add(insns[pc][3])
                    todo.extend(succ)
                self.assertEqual(rets, {ALLOW, KILL})
                self.assertEqual(seen, set(range(n)), "dead instructions")
                self.assertEqual(insns[0], (LD_W_ABS, 0, 0, 4),
                                 "the arch is checked first")
                self.assertEqual(insns[1][:1] + insns[1][3:],
                                 (JEQ_K, AUDIT[arch]))
                self.assertEqual(insns[1][1], 0)
                self.assertEqual(insns[2 + insns[1][2]], (RET_K, 0, 0, KILL))

    def test_exec_path_instructions(self):
        """Both halves of execveat's path (args[1]) against the patched
        address: the high word, then the low."""
        for arch, prog in self.programs.items():
            with self.subTest(arch=arch):
                insns = prog.tuples()
                self.assertEqual(len(prog.path_insns), 1)
                lo, hi = prog.path_insns[0]
                for i, offset in ((lo, 24), (hi, 28)):
                    self.assertEqual(insns[i][0], JEQ_K)
                    self.assertEqual(insns[i][3],
                                     abigen.SECCOMP_PATH_PLACEHOLDER)
                    self.assertEqual(insns[i - 1], (LD_W_ABS, 0, 0, offset))

    def test_exec_only_by_the_vdso_path(self):
        for arch in ARCHES:
            with self.subTest(arch=arch):
                ok = (GATE_FD, EXEC_PATH, 0, 0, AT_EMPTY_PATH)
                self.check(arch, ALLOW, "execveat", ok)
                # The descriptor is not pinned: binfmt refuses any but a
                # gate with a prepared exec.
                self.check(arch, ALLOW, "execveat", (7,) + ok[1:])
                for bad in ((GATE_FD, EXEC_PATH + 1, 0, 0, AT_EMPTY_PATH),
                            (GATE_FD, EXEC_PATH ^ 1 << 33, 0, 0,
                             AT_EMPTY_PATH),
                            (GATE_FD, 0, 0, 0, AT_EMPTY_PATH),
                            (GATE_FD, EXEC_PATH, 0x1000, 0, AT_EMPTY_PATH),
                            (GATE_FD, EXEC_PATH, 1 << 32, 0, AT_EMPTY_PATH),
                            (GATE_FD, EXEC_PATH, 0, 8, AT_EMPTY_PATH),
                            (GATE_FD, EXEC_PATH, 0, 0, 0),
                            (GATE_FD, EXEC_PATH, 0, 0, AT_EMPTY_PATH | 0x100)):
                    self.check(arch, KILL, "execveat", bad)
                self.check(arch, KILL, "execve", (EXEC_PATH, 0, 0))

    def test_tls_register_on_x86_64_only(self):
        self.check("x86_64", ALLOW, "arch_prctl", (0x1002, 0x7F0000001000))
        for code in (0x1001, 0x1003, 0x1004, 0x3001, 0):
            self.check("x86_64", KILL, "arch_prctl", (code, 0x1000))
        self.assertIsNone(self.policy.allows[-1].nrs["arm64"]
                          if self.policy.allows[-1].name == "arch_prctl"
                          else None)

    def test_readv_writev_on_any_descriptor(self):
        """The data path of fd_read, fd_write, fd_pread and fd_pwrite: no
        argument is checked, so seccomp can cache the verdict and skip the
        filter.  The calls with flags (preadv2, pwritev2) stay out."""
        for arch in ARCHES:
            for name in ("readv", "writev", "preadv", "pwritev"):
                for args in ((5, 0x1000, 1), (GATE_FD, 0x1000, 1),
                             (0xFFFFFFFF, 0, 1 << 40),
                             (5, 0x1000, 1, (1 << 64) - 1, 7)):
                    self.check(arch, ALLOW, name, args)
            for name in ("read", "write", "pread64", "pwrite64",
                         "preadv2", "pwritev2"):
                self.check(arch, KILL, name, (5, 0x1000, 1))
        for a in self.policy.allows:
            if a.name in ("readv", "writev", "preadv", "pwritev",
                          "getrandom"):
                self.assertFalse(a.pins, "%s must stay cacheable" % a.name)

    def test_action_cache(self):
        """The calls without pins, and only they, are what seccomp's
        action cache passes without running the filter: fd_read, fd_write
        and random_get's speed depends on it.  No compat number is."""
        for arch in ARCHES:
            with self.subTest(arch=arch):
                prog = self.patched(arch)
                cached = {n for n in range(1024)
                          if const_allow(prog, n, AUDIT[arch])}
                unpinned = {a.nrs[arch] for a in self.policy.allows
                            if not a.pins and a.nrs.get(arch) is not None}
                self.assertEqual(cached, unpinned)
                for name in ("readv", "writev", "preadv", "pwritev",
                             "getrandom"):
                    self.assertIn(nr(arch, name), cached)
                self.assertNotIn(nr(arch, "ioctl"), cached)
                compat = AUDIT_ARCH_I386 if arch == "x86_64" else \
                    AUDIT_ARCH_ARM
                self.assertFalse([n for n in range(1024)
                                  if const_allow(prog, n, compat)])

    def test_dup3_flags(self):
        for arch in ARCHES:
            with self.subTest(arch=arch):
                self.check(arch, ALLOW, "dup3", (5, 4, 0))
                self.check(arch, ALLOW, "dup3", (GATE_FD, 4, 0))
                self.check(arch, ALLOW, "dup3", (5, GATE_FD, 0))
                self.check(arch, KILL, "dup3", (5, 4, 0o2000000))

    def test_unpatched_filter_allows_no_exec(self):
        for arch in ARCHES:
            prog = self.programs[arch].tuples()
            for path in (EXEC_PATH, 0, 0xFFFFFFFDFFFFFFFF):
                self.check(arch, KILL, "execveat",
                           (GATE_FD, path, 0, 0, AT_EMPTY_PATH), prog=prog)

    def test_header(self):
        files = abigen.generate(self.abi, self.policy)
        hdr = files["vdso/generated/seccomp_filter.h"]
        lines = hdr.split("\n")
        self.assertEqual(lines[0], "/* SPDX-License-Identifier: GPL-2.0 */")
        self.assertTrue(lines[1].startswith("/* Generated by"))
        codes = {name: value for name, value, _ in abigen.BPF_OPCODES}
        row = re.compile(r"^\t\{ (VDSO_BPF_\w+), (\d+), (\d+), "
                         r"(0x[0-9a-f]{8}) \},\t+/\* (\d+): ")
        parts = re.split(r"^#(?:el)?if defined\((\w+)\)$", hdr, flags=re.M)
        self.assertEqual(parts[1::2], ["__x86_64__", "__aarch64__"])
        self.assertIn('#else\n#error "no seccomp filter', parts[-1])
        for arch, body in zip(ARCHES, parts[2::2]):
            prog = self.programs[arch]
            rows = [row.match(l) for l in body.split("\n")]
            got = [(codes[m.group(1)], int(m.group(2)), int(m.group(3)),
                    int(m.group(4), 16)) for m in rows if m]
            self.assertEqual(got, prog.tuples(), arch)
            self.assertRegex(body, r"#define VDSO_SECCOMP_FILTER_LEN\t+%d\n"
                             % len(got))
            self.assertRegex(body, r"#define VDSO_SECCOMP_EXEC_PATH_INSNS"
                             r"\t+\{ %d, %d \}\n" % prog.path_insns[0])
            for a in self.policy.allows:
                if a.nrs[arch] is None:
                    self.assertNotRegex(body, r"[/ ]\* %s \(" % a.name)
                    continue
                self.assertRegex(body, r"[/ ]\* %s \(%d\): "
                                 % (a.name, a.nrs[arch]))

    def test_gate_magic_matches_the_gate(self):
        pins = [p for a in self.policy.allows if a.name == "ioctl"
                for p in a.pins]
        self.assertEqual([(p.arg, p.mask, p.op, p.values) for p in pins],
                         [(1, 0xFF00, "==", [abigen.GATE_IOC_MAGIC << 8])])

    # -- behaviour ------------------------------------------------------------

    def test_every_gate_command_allowed(self):
        cmds = [abigen.gate_command(s) for s in abigen.gate_syscalls(self.abi)]
        self.assertGreater(len(cmds), 30)
        for arch in ARCHES:
            for cmd in cmds:
                self.allowed(arch, "ioctl", GATE_FD, cmd, 0x7FFF0000)
            # The kernel takes the fd as unsigned int: only its low word.
            self.allowed(arch, "ioctl", GATE_FD | 0xDEAD << 32, cmds[0])

    def test_allowed_calls(self):
        for arch in ARCHES:
            with self.subTest(arch=arch):
                self.allowed(arch, "exit", 0)
                self.allowed(arch, "exit_group", 1)
                self.allowed(arch, "exit_group", 0xFFFFFFFF)
                for clock in range(4):
                    self.allowed(arch, "clock_gettime", clock, 0x1000)
                    self.allowed(arch, "clock_getres", clock, 0)
                self.allowed(arch, "getrandom", 0x1000, 256, 0)
                self.allowed(arch, "getrandom", 0x1000, 256, 1 << 32)
                # Any flags: none reaches beyond the caller (and the
                # filter stays in seccomp's action cache).
                for flags in (GRND_NONBLOCK, GRND_RANDOM, GRND_INSECURE,
                              0xFFFFFFFF):
                    self.allowed(arch, "getrandom", 0x1000, 16, flags)
                self.allowed(arch, "sched_yield")
                for prot in range(8):
                    if prot & 6 == 6:
                        continue
                    for kind in (MAP_PRIVATE, MAP_SHARED):
                        for fixed in (0, MAP_FIXED):
                            self.allowed(arch, "mmap", 0, 4096, prot,
                                         kind | fixed | MAP_ANONYMOUS,
                                         -1, 0)
                    self.allowed(arch, "mprotect", 0x10000, 4096, prot)
                for prot in range(8):
                    self.allowed(arch, "msync", 0x10000, 4096, prot)
                self.allowed(arch, "munmap", 0x10000, 4096)
                for advice in range(4):
                    self.allowed(arch, "madvise", 0x10000, 4096, advice)
                self.allowed(arch, "restart_syscall")

    def test_write_xor_execute(self):
        anon = MAP_PRIVATE | MAP_ANONYMOUS
        for arch in ARCHES:
            with self.subTest(arch=arch):
                for prot in (PROT_WRITE | PROT_EXEC, 7):
                    self.killed(arch, "mmap", 0, 4096, prot, anon, -1, 0)
                    self.killed(arch, "mprotect", 0x10000, 4096, prot)
                self.killed(arch, "madvise", 0x10000, 4096, 4)

    def test_pins(self):
        anon = MAP_PRIVATE | MAP_ANONYMOUS
        for arch in ARCHES:
            with self.subTest(arch=arch):
                for fd in (0, 1, 2, GATE_FD + 1, 0xFFFFFFFF):
                    self.allowed(arch, "ioctl", fd, 0xCA00)
                for cmd in (TCGETS, FIONREAD, FIOCLEX, 0xCB00, 0xC900,
                            0x4008CA00 ^ 0x100, 0):
                    self.killed(arch, "ioctl", GATE_FD, cmd)
                self.killed(arch, "mmap", 0, 4096, PROT_READ, MAP_PRIVATE,
                            3, 0)
                self.killed(arch, "mmap", 0, 4096, PROT_READ, MAP_SHARED,
                            3, 0)
                for bad in (MAP_GROWSDOWN, MAP_HUGETLB, MAP_32BIT,
                            MAP_DENYWRITE, MAP_LOCKED, MAP_NORESERVE,
                            MAP_POPULATE, MAP_SYNC, MAP_FIXED_NOREPLACE,
                            0x80000000):
                    self.killed(arch, "mmap", 0, 4096, PROT_READ, anon | bad,
                                -1, 0)
                self.killed(arch, "mmap", 0, 4096, PROT_READ,
                            MAP_SHARED_VALIDATE | MAP_ANONYMOUS, -1, 0)
                self.killed(arch, "mmap", 0, 4096, PROT_READ,
                            MAP_SHARED_VALIDATE | MAP_ANONYMOUS | MAP_SYNC,
                            -1, 0)
                self.killed(arch, "mmap", 0, 4096, PROT_READ, MAP_ANONYMOUS,
                            -1, 0)
                for prot in (PROT_SEM, PROT_BTI, PROT_MTE, PROT_GROWSDOWN,
                             0xFFFFFFFF):
                    self.killed(arch, "mmap", 0, 4096, prot, anon, -1, 0)
                    self.killed(arch, "mprotect", 0x10000, 4096, prot)
                for clock in (4, 5, 7, 11, 0xFFFFFFFF, 0xFFFFFFFE):
                    self.killed(arch, "clock_gettime", clock, 0x1000)
                    self.killed(arch, "clock_getres", clock, 0x1000)
                for advice in (MADV_FREE, MADV_REMOVE, MADV_DONTFORK,
                               MADV_MERGEABLE, MADV_HUGEPAGE, MADV_HWPOISON,
                               5, 0xFFFFFFFF):
                    self.killed(arch, "madvise", 0x10000, 4096, advice)
                for flags in (8, 16, 0xFFFFFFFF):
                    self.killed(arch, "msync", 0x10000, 4096, flags)

    def test_forbidden_calls(self):
        for arch in ARCHES:
            for name in FORBIDDEN:
                if nr(arch, name) is None:
                    continue
                with self.subTest(arch=arch, call=name):
                    self.killed(arch, name)
                    self.killed(arch, name, GATE_FD, 0xCA00, 0, 0x22, -1, 0)
            for n in (335, 400, 451, 1000, 0x3FFFFFFF, 0x7FFFFFFF,
                      0xFFFFFFFF):
                self.killed(arch, n)

    def test_foreign_arch(self):
        for arch in ARCHES:
            others = [AUDIT_ARCH_I386, AUDIT_ARCH_ARM, 0,
                      AUDIT[arch] ^ 0x80000000] + \
                [v for a, v in AUDIT.items() if a != arch]
            for value in others:
                for name in ("ioctl", "exit", "exit_group", "sched_yield",
                             "munmap"):
                    self.check(arch, KILL, name, (GATE_FD, 0xCA00),
                               arch_value=value)
        # i386's own numbers: 1 is exit, 54 ioctl, 158 sched_yield.
        for n in (1, 54, 158, 16, 60, 24):
            self.check("x86_64", KILL, n, (GATE_FD, 0xCA00),
                       arch_value=AUDIT_ARCH_I386)

    def test_x32(self):
        self.killed("x86_64", X32_SYSCALL_BIT | 1)
        for name in ("ioctl", "exit", "exit_group", "sched_yield", "munmap",
                     "clock_gettime", "getrandom"):
            n = nr("x86_64", name)
            self.check("x86_64", KILL, X32_SYSCALL_BIT | n,
                       (GATE_FD, 0xCA00))
            self.check("arm64", KILL, X32_SYSCALL_BIT | nr("arm64", name),
                       (GATE_FD, 0xCA00))

    def test_exec_path_is_patched(self):
        for arch in ARCHES:
            for path in (0x1000, 0x7FFFFFFFF000, 0xFFFF00001000):
                prog = self.patched(arch, path)
                args = (GATE_FD, path, 0, 0, AT_EMPTY_PATH)
                self.check(arch, ALLOW, "execveat", args, prog=prog)
                self.check(arch, KILL, "execveat",
                           (GATE_FD, path + 0x1000, 0, 0, AT_EMPTY_PATH),
                           prog=prog)

    def test_matches_reference_model(self):
        """Random calls: the filter agrees with expected() everywhere."""
        rng = random.Random(20240601)
        special = [0, 1, 2, 3, 4, 5, 7, 8, 0x10, 0x20, 0x22, 0x21, 0x23,
                   0x32, 0x33, 0x30, 0x31, 0x40, 0xCA00, 0xCA3F, 0x4010CA05,
                   0xC900, GATE_FD, M32, 0x80000000, 0x100000022, EXEC_PATH,
                   AT_EMPTY_PATH, 0x1002]
        for arch in ARCHES:
            prog = self.patched(arch)
            nrs = [v for v in (nr(arch, n) for n in NR) if v is not None]
            nrs += [X32_SYSCALL_BIT | v for v in nrs[:8]] + [M32, 500]
            for _ in range(6000):
                n = rng.choice(nrs)
                args = []
                for _ in range(6):
                    r = rng.random()
                    if r < 0.6:
                        args.append(rng.choice(special))
                    elif r < 0.8:
                        args.append(rng.getrandbits(8))
                    else:
                        args.append(rng.getrandbits(64))
                arch_value = AUDIT[arch] if rng.random() < 0.95 else \
                    rng.choice([AUDIT_ARCH_I386, AUDIT_ARCH_ARM] +
                               list(AUDIT.values()))
                ip = FORK_SITE if rng.random() < 0.1 else OTHER_IP
                got = run_bpf(prog, seccomp_data(arch_value, n, args, ip))
                want = expected(arch, n, args, arch_value=arch_value, ip=ip)
                self.assertEqual(got, want, "%s nr=0x%x args=%r arch=0x%x"
                                 % (arch, n, args, arch_value))


SECCOMP_MINI = """\
# minimal policy
arch x86_64 audit=0xC000003E cpp=__x86_64__ killbits=0x40000000
arch arm64 audit=0xC00000B7 cpp=__aarch64__
allow ioctl x86_64=16 arm64=29 args=32,32,64 -- The gate.
\targ 0 <= 1023 -- A low descriptor.
\targ 1 & 0xff00 == 0xca00 -- Our type.
allow exit x86_64=60 arm64=93 -- Exit.
"""


class SeccompSpecErrorTest(unittest.TestCase):
    def assertSpecError(self, text, lineno, pattern):
        with self.assertRaises(abigen.SpecError) as cm:
            abigen.parse_policy_text(text, "bad.policy")
        msg = str(cm.exception)
        self.assertTrue(msg.startswith("bad.policy:%d: " % lineno), msg)
        self.assertRegex(msg, pattern)

    def replace(self, old, new):
        self.assertIn(old, SECCOMP_MINI)
        return SECCOMP_MINI.replace(old, new)

    def test_mini_ok(self):
        policy = abigen.parse_policy_text(SECCOMP_MINI, "mini.policy")
        prog = abigen.seccomp_program(policy, "arm64")
        self.assertEqual(kernel_check(prog.tuples()), [])
        insns = prog.tuples()
        self.assertEqual(run_bpf(insns, seccomp_data(AUDIT["arm64"], 29,
                                                     (7, 0xCA00))), ALLOW)
        self.assertEqual(run_bpf(insns, seccomp_data(AUDIT["arm64"], 29,
                                                     (2000, 0xCA00))), KILL)
        self.assertEqual(run_bpf(insns, seccomp_data(AUDIT["arm64"], 93)),
                         ALLOW)
        self.assertEqual(run_bpf(insns, seccomp_data(AUDIT["arm64"], 94)),
                         KILL)

    def test_no_allow_list(self):
        policy = abigen.parse_policy_text("# nothing\n", "x")
        hdr = abigen.gen_seccomp_filter_h(policy)
        self.assertIn("#error", hdr)
        self.assertNotIn("vdso_seccomp_filter[]", hdr)

    def test_reason_required(self):
        self.assertSpecError(self.replace(" -- Exit.", ""), 7,
                             "needs a reason")

    def test_unknown_and_missing_arch(self):
        self.assertSpecError(self.replace("arm64=93", "arm=93"), 7,
                             "unknown arch 'arm'")
        self.assertSpecError(self.replace(" arm64=93", ""), 7,
                             "no number for arch 'arm64'")
        self.assertSpecError(SECCOMP_MINI + "arch riscv64 "
                             "audit=0xC00000F3 cpp=__riscv\n", 8,
                             "after the first allow")
        self.assertSpecError(self.replace("audit=0xC00000B7",
                                          "audit=0xC000003E"), 3,
                             "already used")

    def test_duplicates(self):
        self.assertSpecError(self.replace("arm64=93", "arm64=29"), 7,
                             "arm64 number 29 already used by 'ioctl'")
        self.assertSpecError(SECCOMP_MINI + "allow exit x86_64=1 "
                             "arm64=1 -- Again.\n", 8, "duplicate")
        self.assertSpecError(self.replace("x86_64=60", "x86_64=0x4000003c"),
                             7, "killbits")

    def test_exec_path_pin(self):
        self.assertSpecError(self.replace("arg 0 <= 1023",
                                          "arg 2 <= exec_path"),
                             5, "exec_path needs")
        self.assertSpecError(self.replace("arg 0 <= 1023",
                                          "arg 0 == exec_path"),
                             5, "exec_path needs")
        policy = abigen.parse_policy_text(
            self.replace("arg 0 <= 1023", "arg 2 == exec_path"),
            "mini.policy")
        self.assertEqual(len(abigen.seccomp_program(policy,
                                                    "arm64").path_insns), 1)

    def test_arch_without_the_call(self):
        policy = abigen.parse_policy_text(
            SECCOMP_MINI + "allow arch_prctl x86_64=158 arm64=- -- TLS.\n",
            "mini.policy")
        self.assertIsNone(policy.allows[-1].nrs["arm64"])
        arm = abigen.seccomp_program(policy, "arm64").tuples()
        x86 = abigen.seccomp_program(policy, "x86_64").tuples()
        self.assertEqual(run_bpf(x86, seccomp_data(AUDIT["x86_64"], 158)),
                         ALLOW)
        self.assertEqual(run_bpf(arm, seccomp_data(AUDIT["arm64"], 158)),
                         KILL)

    def test_bad_pins(self):
        pin = "\targ 1 & 0xff00 == 0xca00"
        for new, msg in (
                ("\targ 6 == 0", "argument index 6"),
                ("\targ 1 =< 3", "unknown operator"),
                ("\targ 1 == 0x100000000", "does not fit in 32 bits"),
                ("\targ 1 & 0xff00 == 0xca01", "outside the mask"),
                ("\targ 1 & 0 == 0", "selects no bits"),
                ("\targ 1 & ~0xffffffff == 0", "selects no bits"),
                ("\targ 1 <= 0xffffffff", "always true"),
                ("\targ 1 & 0x1 in 0,1", "always true"),
                ("\targ 1 in 1,,2", "bad 'in' list"),
                ("\targ 1 in 2,2", "duplicate value"),
                ("\targ 1 == ", "expected 'arg I"),
                ("\tparam 1 == 0", "expected 'arg I"),
                ("\t\targ 1 == 0", "wrong indentation")):
            with self.subTest(pin=new):
                self.assertSpecError(self.replace(pin, new), 6, msg)

    def test_widths(self):
        for new, lineno, msg in (
                ("args=32,32,64", 4, None),
                ("args=32,32,16", 4, "bad argument width '16'"),
                ("args=32,32,32,32,32,32,32", 4, "at most 6"),
                ("args=32", 6, "argument 1 is not in args="),
                ("", 4, "has pins but no args=")):
            if msg is None:
                continue
            with self.subTest(args=new):
                self.assertSpecError(self.replace("args=32,32,64", new),
                                     lineno, msg)

    def test_64bit_pins_compare_in_full(self):
        """A pin on a 64-bit argument fails when a high bit is set that
        the kernel would read; '!=' there cannot be compiled and is
        refused instead of compared on the low half."""
        text = self.replace("allow exit x86_64=60 arm64=93 -- Exit.", (
            "allow mmap x86_64=9 arm64=222 args=64,64,64,64 -- Map.\n"
            "\targ 2 & ~0x7 == 0 -- Known prot bits.\n"
            "\targ 3 <= 0x33 -- Small flags.\n"
            "\targ 1 & 0x6 != 0x6 -- Low bits only: fine."))
        policy = abigen.parse_policy_text(text, "w.policy")
        insns = abigen.seccomp_program(policy, "x86_64").tuples()
        self.assertEqual(kernel_check(insns), [])
        for args, want in (((0, 0, 3, 0x22), ALLOW),
                           ((0, 0, 3 | 1 << 32, 0x22), KILL),
                           ((0, 0, 3 | 1 << 63, 0x22), KILL),
                           ((0, 0, 3, 0x22 | 1 << 40), KILL),
                           ((0, 6, 3, 0x22), KILL),
                           ((0, 6 | 1 << 33, 3, 0x22), KILL),
                           ((0, 1 << 33, 3, 0x22), ALLOW)):
            with self.subTest(args=args):
                self.assertEqual(run_bpf(insns, seccomp_data(
                    AUDIT["x86_64"], 9, args)), want)
        self.assertSpecError(text.replace("arg 1 & 0x6 != 0x6",
                                          "arg 1 != 0x6"), 10,
                             "'!=' on 64-bit argument 1")
        self.assertSpecError(text.replace("arg 1 & 0x6 != 0x6",
                                          "arg 1 & ~0x6 != 0x0"), 10,
                             "'!=' on 64-bit argument 1")

    def test_jump_overflow(self):
        """Jumps to the final returns are 8 bits: a filter longer than
        that fails generation (first at the arch check's kill jump)."""
        text = SECCOMP_MINI
        for i in range(100):
            text += ("allow c%d x86_64=%d arm64=%d args=32,32 -- Filler.\n"
                     "\targ 0 == 1\n\targ 1 == 2\n" % (i, 500 + i, 500 + i))
        self.assertSpecError(text, 2, "x86_64: jump offset .* at "
                             "instruction 1 does not fit in 8 bits")
        # 49 fillers (258 instructions, kill 254 ahead of the arch check)
        # still fit.
        cut = text.index("allow c49 ")
        policy = abigen.parse_policy_text(text[:cut], "ok.policy")
        for arch in ARCHES:
            insns = abigen.seccomp_program(policy, arch).tuples()
            self.assertGreater(len(insns), 250)
            self.assertEqual(kernel_check(insns), [])


if __name__ == "__main__":
    unittest.main()
