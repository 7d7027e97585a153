# SPDX-License-Identifier: GPL-2.0
"""Host tests for scripts/abigen (spec parser and emitters) and
abi/cloudabi.abi.

Run: python3 -m unittest discover -s scripts/tests
Expected values are taken from the ABI facts (upstream CloudABI headers),
not from the generator, so a wrong spec or a wrong layout algorithm fails.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "scripts"))

import abigen  # noqa: E402

SPEC = os.path.join(ROOT, "abi", "cloudabi.abi")
POLICY = os.path.join(ROOT, "policy", "seccomp.policy")

SYSCALLS = [
    "clock_res_get", "clock_time_get", "condvar_signal", "fd_close",
    "fd_create1", "fd_create2", "fd_datasync", "fd_dup", "fd_pread",
    "fd_pwrite", "fd_read", "fd_replace", "fd_seek", "fd_stat_get",
    "fd_stat_put", "fd_sync", "fd_write", "file_advise", "file_allocate",
    "file_create", "file_link", "file_open", "file_readdir",
    "file_readlink", "file_rename", "file_stat_fget", "file_stat_fput",
    "file_stat_get", "file_stat_put", "file_symlink", "file_unlink",
    "lock_unlock", "mem_advise", "mem_map", "mem_protect", "mem_sync",
    "mem_unmap", "poll", "proc_exec", "proc_exit", "proc_fork",
    "proc_raise", "random_get", "sock_recv", "sock_send", "sock_shutdown",
    "thread_create", "thread_exit", "thread_yield",
]

LOCAL_ONLY = {"clock_res_get", "clock_time_get", "condvar_signal",
              "lock_unlock", "mem_advise", "mem_protect", "mem_sync",
              "mem_unmap", "random_get", "thread_yield", "proc_exit",
              "thread_exit", "thread_create", "fd_close", "proc_fork"}
LOCAL_AND_GATE = {"mem_map", "fd_replace", "fd_read", "fd_write",
                  "fd_pread", "fd_pwrite", "fd_stat_put", "poll",
                  "proc_exec"}

# struct name -> (size, align, {field path: offset}); 64-bit layouts.
STRUCTS = {
    "dirent": (24, 8, {"d_next": 0, "d_ino": 8, "d_namlen": 16,
                       "d_type": 20}),
    "event": (32, 8, {"userdata": 0, "error": 8, "type": 10,
                      "fd_readwrite.nbytes": 16, "fd_readwrite.unused": 24,
                      "fd_readwrite.flags": 28, "proc_terminate.unused": 16,
                      "proc_terminate.signal": 20,
                      "proc_terminate.exitcode": 24}),
    "fdstat": (24, 8, {"fs_filetype": 0, "fs_flags": 2,
                       "fs_rights_base": 8, "fs_rights_inheriting": 16}),
    "filestat": (56, 8, {"st_dev": 0, "st_ino": 8, "st_filetype": 16,
                         "st_nlink": 20, "st_size": 24, "st_atim": 32,
                         "st_mtim": 40, "st_ctim": 48}),
    "lookup": (8, 4, {"fd": 0, "flags": 4}),
    "auxv": (16, 8, {"a_type": 0, "a_val": 8, "a_ptr": 8}),
    "ciovec": (16, 8, {"buf": 0, "buf_len": 8}),
    "iovec": (16, 8, {"buf": 0, "buf_len": 8}),
    "recv_in": (40, 8, {"ri_data": 0, "ri_data_len": 8, "ri_fds": 16,
                        "ri_fds_len": 24, "ri_flags": 32}),
    "recv_out": (64, 8, {"ro_datalen": 0, "ro_fdslen": 8, "ro_unused": 16,
                         "ro_flags": 56}),
    "send_in": (40, 8, {"si_data": 0, "si_data_len": 8, "si_fds": 16,
                        "si_fds_len": 24, "si_flags": 32}),
    "send_out": (8, 8, {"so_datalen": 0}),
    "subscription": (56, 8, {
        "userdata": 0, "unused": 8, "type": 10,
        "clock.identifier": 16, "clock.clock_id": 24, "clock.timeout": 32,
        "clock.precision": 40, "clock.flags": 48,
        "condvar.condvar": 16, "condvar.lock": 24,
        "condvar.condvar_scope": 32, "condvar.lock_scope": 33,
        "fd_readwrite.fd": 16, "fd_readwrite.flags": 20,
        "lock.lock": 16, "lock.lock_scope": 24, "proc_terminate.fd": 16}),
    "tcb": (8, 8, {"parent": 0}),
    "threadattr": (32, 8, {"entry_point": 0, "stack": 8, "stack_len": 16,
                           "argument": 24}),
}

RIGHTS = {
    "fd_datasync": 0, "fd_read": 1, "fd_seek": 2, "fd_stat_put_flags": 3,
    "fd_sync": 4, "fd_tell": 5, "fd_write": 6, "file_advise": 7,
    "file_allocate": 8, "file_create_directory": 9, "file_create_file": 10,
    "file_link_source": 12, "file_link_target": 13, "file_open": 14,
    "file_readdir": 15, "file_readlink": 16, "file_rename_source": 17,
    "file_rename_target": 18, "file_stat_fget": 19,
    "file_stat_fput_size": 20, "file_stat_fput_times": 21,
    "file_stat_get": 22, "file_stat_put_times": 23, "file_symlink": 24,
    "file_unlink": 25, "mem_map": 26, "mem_map_exec": 27,
    "poll_fd_readwrite": 28, "poll_proc_terminate": 30, "proc_exec": 32,
    "sock_shutdown": 39,
}

# (type, width in bytes, C prefix) for every integer type.
INT_TYPES = {
    "advice": ("enum", 1, "ADVICE_"), "auxtype": ("enum", 4, "AT_"),
    "clockid": ("enum", 4, "CLOCK_"), "condvar": ("opaque", 4, "CONDVAR_"),
    "device": ("opaque", 8, None), "dircookie": ("opaque", 8, "DIRCOOKIE_"),
    "errno": ("enum", 2, "E"),
    "eventrwflags": ("flags", 2, "EVENT_FD_READWRITE_"),
    "eventtype": ("enum", 1, "EVENTTYPE_"), "exitcode": ("alias", 4, None),
    "fd": ("opaque", 4, ""), "fdflags": ("flags", 2, "FDFLAG_"),
    "fdsflags": ("flags", 2, "FDSTAT_"), "filedelta": ("alias", 8, None),
    "filesize": ("alias", 8, None), "fsflags": ("flags", 2, "FILESTAT_"),
    "filetype": ("enum", 1, "FILETYPE_"), "inode": ("opaque", 8, None),
    "linkcount": ("alias", 4, None), "lock": ("opaque", 4, "LOCK_"),
    "lookupflags": ("flags", 4, "LOOKUP_"), "mflags": ("flags", 1, "MAP_"),
    "mprot": ("flags", 1, "PROT_"), "msflags": ("flags", 1, "MS_"),
    "nthreads": ("alias", 4, None), "oflags": ("flags", 2, "O_"),
    "riflags": ("flags", 2, "SOCK_RECV_"), "rights": ("flags", 8, "RIGHT_"),
    "roflags": ("flags", 2, "SOCK_RECV_"), "scope": ("enum", 1, "SCOPE_"),
    "sdflags": ("flags", 1, "SHUT_"), "siflags": ("flags", 2, None),
    "signal": ("enum", 1, "SIG"),
    "subclockflags": ("flags", 2, "SUBSCRIPTION_CLOCK_"),
    "subrwflags": ("flags", 2, "SUBSCRIPTION_FD_READWRITE_"),
    "tid": ("opaque", 4, None), "timestamp": ("alias", 8, None),
    "ulflags": ("flags", 1, "UNLINK_"), "userdata": ("alias", 8, None),
    "whence": ("enum", 1, "WHENCE_"),
}

# Selected C prototypes (whitespace-insensitive comparison).
PROTOTYPES = {
    "condvar_signal": "cloudabi_errno_t cloudabi_sys_condvar_signal("
    "_Atomic(cloudabi_condvar_t) * condvar, cloudabi_scope_t scope, "
    "cloudabi_nthreads_t nwaiters)",
    "fd_pread": "cloudabi_errno_t cloudabi_sys_fd_pread(cloudabi_fd_t fd, "
    "const cloudabi_iovec_t *iovs, size_t iovs_len, "
    "cloudabi_filesize_t offset, size_t *nread)",
    "file_open": "cloudabi_errno_t cloudabi_sys_file_open("
    "cloudabi_lookup_t dirfd, const char *path, size_t path_len, "
    "cloudabi_oflags_t oflags, const cloudabi_fdstat_t *fds, "
    "cloudabi_fd_t *fd)",
    "file_readdir": "cloudabi_errno_t cloudabi_sys_file_readdir("
    "cloudabi_fd_t fd, void *buf, size_t buf_len, "
    "cloudabi_dircookie_t cookie, size_t *bufused)",
    "mem_map": "cloudabi_errno_t cloudabi_sys_mem_map(void *addr, "
    "size_t len, cloudabi_mprot_t prot, cloudabi_mflags_t flags, "
    "cloudabi_fd_t fd, cloudabi_filesize_t off, void **mem)",
    "poll": "cloudabi_errno_t cloudabi_sys_poll("
    "const cloudabi_subscription_t *in, cloudabi_event_t *out, "
    "size_t nsubscriptions, size_t *nevents)",
    "proc_exec": "cloudabi_errno_t cloudabi_sys_proc_exec(cloudabi_fd_t fd, "
    "const void *data, size_t data_len, const cloudabi_fd_t *fds, "
    "size_t fds_len)",
    "proc_exit": "_Noreturn void cloudabi_sys_proc_exit("
    "cloudabi_exitcode_t rval)",
    "proc_fork": "cloudabi_errno_t cloudabi_sys_proc_fork(cloudabi_fd_t *fd, "
    "cloudabi_tid_t *tid)",
    "thread_exit": "_Noreturn void cloudabi_sys_thread_exit("
    "_Atomic(cloudabi_lock_t) * lock, cloudabi_scope_t scope)",
    "thread_yield": "cloudabi_errno_t cloudabi_sys_thread_yield(void)",
}


def norm(text):
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s*([*(),])\s*", r"\1", text)
    return text.strip()


class SpecTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.abi = abigen.parse_file(SPEC)

    def test_syscalls(self):
        names = [s.name for s in self.abi.syscalls]
        self.assertEqual(len(names), 49)
        self.assertEqual(sorted(names), SYSCALLS)
        for s in self.abi.syscalls:
            self.assertEqual(s.nr, SYSCALLS.index(s.name), s.name)
        self.assertEqual(self.abi.syscall("poll").nr, 37)
        self.assertEqual(self.abi.syscall("thread_yield").nr, 48)

    def test_implementation_kind(self):
        for s in self.abi.syscalls:
            if s.name in LOCAL_ONLY:
                self.assertFalse(s.gate, s.name)
                self.assertEqual(s.vdso, "vdso_" + s.name)
            elif s.name in LOCAL_AND_GATE:
                self.assertTrue(s.gate, s.name)
                self.assertEqual(s.vdso, "vdso_" + s.name)
            else:
                self.assertTrue(s.gate, s.name)
                self.assertIsNone(s.vdso, s.name)
        noreturn = {s.name for s in self.abi.syscalls if s.noreturn}
        self.assertEqual(noreturn, {"proc_exit", "thread_exit"})

    def test_params(self):
        fp = self.abi.syscall("fd_pread")
        self.assertEqual([p.name for p in fp.ins], ["fd", "iovs", "offset"])
        self.assertEqual([p.name for p in fp.outs], ["nread"])
        self.assertEqual(fp.ins[1].type.spec_text(), "crange iovec")
        pf = self.abi.syscall("proc_fork")
        self.assertEqual(pf.ins, [])
        self.assertEqual([p.name for p in pf.outs], ["fd", "tid"])
        self.assertEqual(self.abi.syscall("mem_map").outs[0].type.spec_text(),
                         "ptr void")
        self.assertEqual(self.abi.syscall("lock_unlock").ins[0].type
                         .spec_text(), "ptr atomic lock")

    def test_prototypes(self):
        text = abigen.gen_syscalls_h(self.abi)
        for name, want in PROTOTYPES.items():
            m = re.search(r"(_Noreturn void|cloudabi_errno_t) cloudabi_sys_%s"
                          r"\(.*?\);" % name, text, re.S)
            self.assertIsNotNone(m, name)
            self.assertEqual(norm(m.group(0)[:-1]), norm(want))

    def test_struct_layouts(self):
        structs = {s.name: s for s in self.abi.structs()}
        self.assertEqual(set(structs), set(STRUCTS))
        for name, (size, align, offsets) in STRUCTS.items():
            s = structs[name]
            self.assertEqual(s.size, size, name)
            self.assertEqual(s.align, align, name)
            got = {path: off for path, off, _ in s.fields}
            self.assertEqual(got, offsets, name)

    def test_int_types(self):
        types = {t.name: t for t in self.abi.int_types()}
        self.assertEqual(set(types), set(INT_TYPES))
        for name, (kind, width, prefix) in INT_TYPES.items():
            t = types[name]
            self.assertEqual(t.kind, kind, name)
            self.assertEqual(t.size, width, name)
            if prefix is not None:
                self.assertEqual(t.prefix, prefix, name)
        self.assertTrue(types["filedelta"].signed)
        self.assertEqual(types["siflags"].values, [])

    def test_errno(self):
        e = self.abi.types["errno"]
        self.assertEqual(len(e.values), 77)
        self.assertEqual([v.value for v in e.values], list(range(77)))
        self.assertEqual(e.value("2big").linux, "E2BIG")
        self.assertEqual(e.value("2big").value, 1)
        self.assertEqual(e.value("notsup").linux, "EOPNOTSUPP")
        self.assertEqual(e.value("nosys").value, 52)
        self.assertIsNone(e.value("notcapable").linux)
        self.assertEqual(e.value("notcapable").value, 76)
        self.assertIsNone(e.value("success").linux)
        linux = [v.linux for v in e.values if v.linux]
        self.assertEqual(len(linux), 75)
        self.assertEqual(len(set(linux)), 75)
        for v in e.values:
            if v.linux and v.name != "notsup":
                self.assertEqual(v.linux, "E" + v.name.upper(), v.name)

    def test_rights(self):
        r = self.abi.types["rights"]
        self.assertEqual({v.name: v.value for v in r.values},
                         {n: 1 << b for n, b in RIGHTS.items()})
        text = abigen.gen_types_h(self.abi)
        self.assertTrue(re.search(r"#define CLOUDABI_RIGHT_SOCK_SHUTDOWN\s+"
                                  r"0x0000008000000000ULL\n", text))
        mask = 0
        for b in RIGHTS.values():
            mask |= 1 << b
        self.assertTrue(re.search(r"#define CLOUDABI_ALL_RIGHTS\s+0x%016xULL"
                                  % mask, text))

    def test_other_values(self):
        t = self.abi.types
        self.assertEqual({v.name: v.value for v in t["auxtype"].values}, {
            "null": 0, "phdr": 3, "phnum": 4, "pagesz": 6, "base": 7,
            "argdata": 256, "argdatalen": 257, "canary": 258,
            "canarylen": 259, "ncpus": 260, "tid": 261, "sysinfo_ehdr": 262,
            "pid": 263})
        self.assertEqual({v.name: v.value for v in t["filetype"].values}, {
            "unknown": 0, "block_device": 16, "character_device": 17,
            "directory": 32, "process": 80, "regular_file": 96,
            "shared_memory": 112, "socket_dgram": 128, "socket_stream": 130,
            "symbolic_link": 144})
        self.assertEqual(t["lock"].value("kernel_managed").value, 0x80000000)
        self.assertEqual(t["fd"].value("map_anon_fd").value, 0xffffffff)
        self.assertEqual(t["signal"].value("xfsz").value, 26)
        self.assertEqual(len(t["signal"].values), 26)
        text = abigen.gen_types_h(self.abi)
        for macro in ("CLOUDABI_E2BIG", "CLOUDABI_RIGHT_FD_READ",
                      "CLOUDABI_AT_ARGDATA", "CLOUDABI_FILETYPE_DIRECTORY",
                      "CLOUDABI_MAP_ANON_FD", "CLOUDABI_PROCESS_CHILD",
                      "CLOUDABI_SIGKILL", "CLOUDABI_ALL_OFLAGS",
                      "CLOUDABI_SOCK_RECV_PEEK", "CLOUDABI_LOCK_WRLOCKED"):
            self.assertRegex(text, r"#define %s\s" % macro)


class GateTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.abi = abigen.parse_file(SPEC)

    def layout(self, name):
        fields, size = abigen.gate_layout(self.abi.syscall(name))
        return [(f.name, f.ctype, f.offset, f.size) for f in fields], size

    def test_no_implicit_padding(self):
        for sc in abigen.gate_syscalls(self.abi):
            fields, size = abigen.gate_layout(sc)
            self.assertEqual(size % 8, 0, sc.name)
            off = 0
            for f in fields:
                self.assertEqual(f.offset, off, (sc.name, f.name))
                if f.role != "pad":
                    self.assertEqual(f.offset % f.size, 0, sc.name)
                off += f.size
            self.assertEqual(off, size, sc.name)

    def test_fd_seek(self):
        self.assertEqual(self.layout("fd_seek"), ([
            ("fd", "uint32_t", 0, 4), ("__pad0", "uint8_t", 4, 4),
            ("offset", "int64_t", 8, 8), ("whence", "uint8_t", 16, 1),
            ("__pad1", "uint8_t", 17, 7), ("newoffset", "uint64_t", 24, 8),
        ], 32))

    def test_file_open(self):
        fields, size = self.layout("file_open")
        self.assertEqual([(n, o) for n, _, o, _ in fields], [
            ("dirfd_fd", 0), ("dirfd_flags", 4), ("path", 8),
            ("path_len", 16), ("oflags", 24), ("__pad0", 26), ("fds", 32),
            ("fd", 40)])
        self.assertEqual(size, 48)

    def test_commands(self):
        # _IOW(0xCA, nr, size) = 1 << 30 | size << 16 | 0xCA << 8 | nr
        self.assertEqual(abigen.gate_command(self.abi.syscall("fd_sync")),
                         0x4008CA0F)
        self.assertEqual(abigen.gate_command(self.abi.syscall("fd_seek")),
                         0x4020CA0C)
        self.assertEqual(abigen.gate_command(self.abi.syscall("proc_exec")),
                         0x4028CA26)
        text = abigen.gen_gate_h(self.abi)
        self.assertRegex(text, r"#define CLOUDABI_GATE_FD_SYNC\s+"
                         r"0x4008CA0FU\n")
        self.assertRegex(text, r"#define CLOUDABI_GATE_NSYSCALLS\s+49\n")
        self.assertRegex(text, r"#define CLOUDABI_GATE_IOC_MAGIC\s+0xCA\n")
        gates = {s.name for s in abigen.gate_syscalls(self.abi)}
        self.assertEqual(gates, set(SYSCALLS) - LOCAL_ONLY)
        for name in gates:
            self.assertIn("#define CLOUDABI_GATE_%s\t" % name.upper(), text)
        for name in LOCAL_ONLY:
            self.assertNotIn("CLOUDABI_GATE_%s\t" % name.upper(), text)
            self.assertNotIn("struct cloudabi_gate_%s " % name, text)

    def test_param_less_gate(self):
        abi = abigen.parse_text(MINI.replace("vdso=vdso_thread_yield",
                                             "gate"), "mini.abi")
        sc = abi.syscall("thread_yield")
        self.assertFalse(abigen.gate_has_struct(sc))
        self.assertEqual(abigen.gate_command(sc), 0xCA01)
        entries = abigen.gen_vdso_entries_c(abi)
        self.assertIn("cloudabi_vdso_gate(CLOUDABI_GATE_THREAD_YIELD, NULL)",
                      entries)
        table = abigen.gen_syscall_table_c(abi)
        self.assertIn("_IO(CLOUDABI_GATE_IOC_MAGIC, 1)", table)
        self.assertIn(".args_size = 0,", table)

    def test_tables(self):
        files = abigen.generate(self.abi, abigen.parse_policy_file(POLICY))
        tab = files["module/generated/syscall_table.c"]
        # 34 gate calls and three gate commands.
        self.assertEqual(tab.count(".name = "), 38)
        self.assertIn("cloudabi_gate_ext_table[CLOUDABI_GATE_EXT_COUNT]", tab)
        self.assertIn("return cloudabi_cmd_fd_restrict(args, res);", tab)
        self.assertIn("CLOUDABI_RESULT(fd_create2, fd2)", tab)
        hdr = files["module/generated/syscall_table.h"]
        self.assertIn("long cloudabi_sys_fd_sync(const struct "
                      "cloudabi_gate_fd_sync *args);", hdr)
        self.assertIn("struct cloudabi_result_mem_map {\n\tuint64_t mem;\n};",
                      hdr)
        err = files["module/generated/errno_table.c"]
        self.assertRegex(err, r"\[EOPNOTSUPP\]\s+= CLOUDABI_ENOTSUP,")
        for alias in ("EWOULDBLOCK", "EDEADLOCK", "ENOTSUP]"):
            self.assertNotIn(alias, err)
        self.assertEqual(err.count("= CLOUDABI_E"), 75)
        exports = files["vdso/generated/exports.map"]
        self.assertEqual(sorted(re.findall(r"cloudabi_sys_(\w+);", exports)),
                         SYSCALLS)
        self.assertIn("local:\n\t\t*;", exports)
        local = files["vdso/generated/local.h"]
        # 15 local-only calls, 9 local-and-gate ones, the gate entry.
        self.assertEqual(local.count('visibility("hidden")'), 25)
        table = files["vdso/generated/errno_from_linux.h"]
        self.assertIn("[95] = CLOUDABI_ENOTSUP,\t/* EOPNOTSUPP */", table)
        self.assertEqual(table.count("= CLOUDABI_E"), 75)

    def test_linux_errno_numbers_match_the_headers(self):
        """The vDSO's table hard-codes Linux's errno numbers (it is built
        without kernel headers): they must be the user ABI's."""
        found = {}
        for name in ("errno-base.h", "errno.h"):
            path = os.path.join("/usr/include/asm-generic", name)
            if not os.path.exists(path):
                self.skipTest("no asm-generic errno headers")
            with open(path) as f:
                for m in re.finditer(r"^#define\s+(E\w+)\s+(\d+)", f.read(),
                                     re.M):
                    found[m.group(1)] = int(m.group(2))
        for name, value in abigen.model.LINUX_ERRNO_VALUES.items():
            self.assertEqual(found.get(name), value, name)


MINI = """\
# minimal spec
enum errno uint16 prefix=E
\t0 success linux=none
\t1 inval linux=EINVAL
opaque fd uint32
struct pair size=8 align=4
\t@0 fd a
\t@4 fd b
syscall 0 fd_close gate
\tin fd fd
syscall 1 thread_yield vdso=vdso_thread_yield
"""


class ParseErrorTest(unittest.TestCase):
    def assertSpecError(self, text, lineno, pattern):
        with self.assertRaises(abigen.SpecError) as cm:
            abigen.parse_text(text, "bad.abi")
        msg = str(cm.exception)
        self.assertTrue(msg.startswith("bad.abi:%d: " % lineno), msg)
        self.assertRegex(msg, pattern)

    def replace(self, old, new):
        self.assertIn(old, MINI)
        return MINI.replace(old, new)

    def test_minimal_ok(self):
        abi = abigen.parse_text(MINI, "mini.abi")
        self.assertEqual(len(abi.syscalls), 2)
        files = abigen.generate(abi, abigen.parse_policy_text("", "none"))
        # Without a tree, everything but the call table.
        self.assertEqual(sorted(files), sorted(
            p for p, _ in abigen.OUTPUTS if not p.startswith("docs/")))

    def test_no_pending_mark(self):
        """Every call is implemented: the spec has no ENOSYS stubs."""
        self.assertSpecError(self.replace(
            "syscall 0 fd_close gate", "syscall 0 fd_close gate pending=gate"),
            9, "unknown attribute 'pending'")
        files = abigen.generate(abigen.parse_text(MINI, "mini.abi"),
                                abigen.parse_policy_text("", "none"))
        self.assertNotIn("module/generated/pending.c", files)
        self.assertNotIn("vdso/generated/pending.c", files)

    def test_commands(self):
        text = MINI + ("command 128 fd_shrink -- Shrink.\n\tin fd fd\n"
                       "\tout fd newfd\n")
        abi = abigen.parse_text(text, "c.abi")
        files = abigen.generate(abi, abigen.parse_policy_text("", "none"))
        gate = files["include/uapi/cloudabi/generated/cloudabi_gate.h"]
        self.assertIn("#define CLOUDABI_GATE_EXT_COUNT\t1", gate)
        self.assertIn("struct cloudabi_gate_fd_shrink {", gate)
        self.assertIn("long cloudabi_cmd_fd_shrink(",
                      files["module/generated/syscall_table.h"])
        self.assertNotIn("fd_shrink", files["vdso/generated/exports.map"])
        for new, lineno, msg in (
                ("command 129 fd_shrink -- Shrink.", 12, "must have number "
                 "128"),
                ("command 128 fd_close -- Shrink.", 12, "a syscall's name"),
                ("command 128 fd_shrink", 12, "needs a description")):
            with self.subTest(new=new):
                self.assertSpecError(text.replace(
                    "command 128 fd_shrink -- Shrink.", new), lineno, msg)

    def test_unknown_type(self):
        self.assertSpecError(self.replace("\tin fd fd", "\tin fdx fd"), 10,
                             "unknown type 'fdx'")

    def test_duplicate_type(self):
        self.assertSpecError(self.replace("opaque fd uint32",
                                          "opaque fd uint32\nalias fd uint8"),
                             6, "duplicate type name 'fd'")

    def test_duplicate_value_name(self):
        self.assertSpecError(self.replace("\t1 inval linux=EINVAL",
                                          "\t1 inval linux=EINVAL\n"
                                          "\t2 inval linux=EIO"),
                             5, "duplicate name 'inval'")

    def test_duplicate_member(self):
        self.assertSpecError(self.replace("@4 fd b", "@4 fd a"), 8,
                             "duplicate member name 'a'")

    def test_duplicate_syscall(self):
        self.assertSpecError(MINI + "syscall 2 fd_close gate\n", 12,
                             "duplicate syscall name")

    def test_bad_value(self):
        self.assertSpecError(self.replace("1 inval", "0x1g inval"), 4,
                             "bad value")
        self.assertSpecError(self.replace("enum errno uint16",
                                          "enum errno uint8")
                             .replace("1 inval", "256 inval"), 4,
                             "does not fit in uint8")

    def test_bad_flag(self):
        self.assertSpecError(MINI + "flags f uint8\n\t0x03 ab\n", 13,
                             "single bit")

    def test_wrong_indentation(self):
        self.assertSpecError(self.replace("\tin fd fd", "\t\tin fd fd"), 10,
                             "wrong indentation")
        self.assertSpecError(self.replace("\tin fd fd", "    in fd fd"), 10,
                             "tabs only")
        self.assertSpecError(self.replace("\tin fd fd", "\t in fd fd"), 10,
                             "tabs only")

    def test_wrong_offset(self):
        self.assertSpecError(self.replace("@4 fd b", "@8 fd b"), 8,
                             "offset 4, not @8")
        self.assertSpecError(self.replace("size=8", "size=16"), 6,
                             "has size 8")

    def test_wrong_syscall_number(self):
        self.assertSpecError(self.replace("syscall 1 thread_yield",
                                          "syscall 2 thread_yield"), 11,
                             "must have number 1")

    def test_syscall_needs_implementation(self):
        self.assertSpecError(self.replace("vdso=vdso_thread_yield", ""), 11,
                             "needs 'gate' and/or")

    def test_noreturn_needs_vdso(self):
        self.assertSpecError(self.replace("fd_close gate",
                                          "fd_close gate noreturn"), 9,
                             "noreturn syscall needs vdso")

    def test_errno_linux(self):
        self.assertSpecError(self.replace("linux=EINVAL", "linux=ENOTSUP"), 4,
                             "alias")
        self.assertSpecError(self.replace("1 inval linux=EINVAL",
                                          "1 inval linux=none\n"
                                          "\t2 io linux=EIO\n"
                                          "\t3 io2 linux=EIO"), 6,
                             "already used")
        self.assertSpecError(self.replace(" linux=EINVAL", ""), 4,
                             "needs linux=")

    def test_unknown_entry(self):
        self.assertSpecError(MINI + "typedef x uint8\n", 12,
                             "unknown entry 'typedef'")

    def test_union_tag_value(self):
        text = MINI + ("enum kind uint8\n\t1 one\n"
                       "struct u size=16 align=8\n\t@0 kind k\n\tunion k\n"
                       "\t\twhen two\n\t\t\t@8 uint64 v\n")
        self.assertSpecError(text, 17, "'two' is not a value of kind")
        ok = abigen.parse_text(text.replace("when two", "when one"), "x")
        self.assertEqual(ok.types["u"].fields, [("k", 0, 1), ("v", 8, 8)])

    def test_cli_error(self):
        with tempfile.TemporaryDirectory() as d:
            spec = os.path.join(d, "bad.abi")
            with open(spec, "w") as f:
                f.write(self.replace("\tin fd fd", "\tin nosuch fd"))
            r = subprocess.run([sys.executable,
                                os.path.join(ROOT, "scripts", "abigen"),
                                "--spec", spec, "--policy", POLICY,
                                "--out", d],
                               capture_output=True, text=True)
            self.assertEqual(r.returncode, 1)
            self.assertIn("%s:10: unknown type 'nosuch'" % spec, r.stderr)


class OutputTest(unittest.TestCase):
    def run_gen(self, out):
        r = subprocess.run([sys.executable,
                            os.path.join(ROOT, "scripts", "abigen"),
                            "--spec", SPEC, "--policy", POLICY,
                            "--tree", ROOT, "--out", out],
                           capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)

    def read_tree(self, root):
        out = {}
        for dirpath, _, files in os.walk(root):
            for f in files:
                p = os.path.join(dirpath, f)
                with open(p, "rb") as fh:
                    out[os.path.relpath(p, root)] = fh.read()
        return out

    def test_deterministic_and_marked(self):
        with tempfile.TemporaryDirectory() as a, \
                tempfile.TemporaryDirectory() as b:
            self.run_gen(a)
            self.run_gen(b)
            ta, tb = self.read_tree(a), self.read_tree(b)
            self.assertEqual(sorted(ta), sorted(p for p, _ in abigen.OUTPUTS))
            self.assertEqual(ta, tb)
            self.run_gen(a)  # regenerating in place changes nothing
            self.assertEqual(self.read_tree(a), tb)
            for path, data in ta.items():
                # The licence tag first, as the kernel wants it, then
                # the note (or the note alone, where no tag applies).
                lines = data.decode().split("\n", 2)
                note = lines[1] if "SPDX" in lines[0] else lines[0]
                if path.endswith(".md"):
                    self.assertIn("generated by scripts/abigen from "
                                  "abi/cloudabi.abi and the tree",
                                  note.lower(), path)
                    continue
                self.assertRegex(note.lower(), "generated by scripts/abigen "
                                 "from (abi/cloudabi.abi|policy/seccomp"
                                 ".policy);", path)
                self.assertIn("do not edit", note.lower(), path)
                self.assertTrue(note.startswith("/*"), path)
                self.assertNotIn(b"\r", data, path)
                self.assertFalse(re.search(rb"[ \t]\n", data), path)

    def test_in_tree_copy_is_current(self):
        """The generated files in the tree match the spec (if present)."""
        with tempfile.TemporaryDirectory() as d:
            self.run_gen(d)
            for rel, data in self.read_tree(d).items():
                path = os.path.join(ROOT, rel)
                if not os.path.exists(path):
                    continue
                with open(path, "rb") as f:
                    self.assertEqual(f.read(), data,
                                     "%s is stale: run make generate" % rel)

    def compile(self, cc, args):
        r = subprocess.run([cc] + args, capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)

    @unittest.skipUnless(shutil.which("clang"), "clang not installed")
    def test_clang_cloudabi(self):
        with tempfile.TemporaryDirectory() as d:
            self.run_gen(d)
            inc = os.path.join(d, "include", "uapi", "cloudabi", "generated")
            for target in ("x86_64-unknown-cloudabi",
                           "aarch64-unknown-cloudabi"):
                base = ["--target=" + target, "-ffreestanding", "-nostdlib",
                        "-fno-sanitize=safe-stack", "-std=c11", "-Wall",
                        "-Wextra", "-Werror", "-I", inc]
                self.compile("clang", base + [
                    "-fsyntax-only", "-include", "cloudabi_syscalls.h",
                    "-include", "cloudabi_gate.h", "-x", "c", os.devnull])
                self.compile("clang", base + [
                    "-I", os.path.join(d, "vdso", "generated"), "-c", "-o",
                    os.devnull,
                    os.path.join(d, "vdso", "generated", "entries.c")])

    @unittest.skipUnless(shutil.which("gcc"), "gcc not installed")
    def test_gcc_userspace(self):
        with tempfile.TemporaryDirectory() as d:
            self.run_gen(d)
            inc = os.path.join(d, "include", "uapi", "cloudabi", "generated")
            self.compile("gcc", ["-std=gnu11", "-fsyntax-only", "-Wall",
                                 "-Wextra", "-Werror", "-I", inc,
                                 "-include", "cloudabi_syscalls.h",
                                 "-include", "cloudabi_gate.h",
                                 "-x", "c", os.devnull])


if __name__ == "__main__":
    unittest.main()
