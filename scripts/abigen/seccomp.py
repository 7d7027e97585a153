"""The seccomp policy compiler: a Policy to classic BPF, and
vdso/generated/seccomp_filter.h.  A small assembler resolves the forward
jumps; test_seccomp.py runs its programs on a BPF interpreter.
"""

from .cemit import align_defines, c_comment, generated_note, text_width
from .model import GateError, POLICY_PATH


SECCOMP_U32 = 0xFFFFFFFF
SECCOMP_MAX_NR = 1 << 31  # seccomp_data.nr is an int
# k of the two instructions that compare an argument with the address of
# the vDSO's empty exec path, until the start code patches in its halves.
# No user address is 0xFFFFFFFDFFFFFFFD, so an unpatched filter allows
# no exec.
SECCOMP_PATH_PLACEHOLDER = 0xFFFFFFFD


class SeccompError(GateError):
    """A filter that cannot be generated (line of the policy entry)."""


# Classic BPF (linux/bpf_common.h), the subset seccomp accepts and we use.
BPF_LD_W_ABS = 0x20    # BPF_LD | BPF_W | BPF_ABS
BPF_ALU_AND_K = 0x54   # BPF_ALU | BPF_AND | BPF_K
BPF_JMP_JEQ_K = 0x15   # BPF_JMP | BPF_JEQ | BPF_K
BPF_JMP_JGT_K = 0x25   # BPF_JMP | BPF_JGT | BPF_K
BPF_JMP_JGE_K = 0x35   # BPF_JMP | BPF_JGE | BPF_K
BPF_JMP_JSET_K = 0x45  # BPF_JMP | BPF_JSET | BPF_K
BPF_RET_K = 0x06       # BPF_RET | BPF_K
BPF_OPCODES = [
    ("VDSO_BPF_LD", BPF_LD_W_ABS, "BPF_LD|BPF_W|BPF_ABS: A = word at k"),
    ("VDSO_BPF_AND", BPF_ALU_AND_K, "BPF_ALU|BPF_AND|BPF_K: A &= k"),
    ("VDSO_BPF_JEQ", BPF_JMP_JEQ_K, "BPF_JMP|BPF_JEQ|BPF_K: A == k"),
    ("VDSO_BPF_JGT", BPF_JMP_JGT_K, "BPF_JMP|BPF_JGT|BPF_K: A > k"),
    ("VDSO_BPF_JGE", BPF_JMP_JGE_K, "BPF_JMP|BPF_JGE|BPF_K: A >= k"),
    ("VDSO_BPF_JSET", BPF_JMP_JSET_K, "BPF_JMP|BPF_JSET|BPF_K: A & k"),
    ("VDSO_BPF_RET", BPF_RET_K, "BPF_RET|BPF_K: return k"),
]
BPF_JUMPS = {BPF_JMP_JEQ_K: "==", BPF_JMP_JGT_K: ">", BPF_JMP_JGE_K: ">=",
             BPF_JMP_JSET_K: "&"}
BPF_MAX_JUMP = 255  # jt and jf are 8 bits

SECCOMP_RET_KILL_PROCESS = 0x80000000
SECCOMP_RET_ALLOW = 0x7FFF0000
# struct seccomp_data { int nr; __u32 arch; __u64 instruction_pointer;
# __u64 args[6]; }, little-endian on every supported arch.
SECCOMP_DATA_NR = 0
SECCOMP_DATA_ARCH = 4
SECCOMP_DATA_IP = 8
SECCOMP_DATA_SIZE = 64
# k of the two instructions that compare the instruction pointer with a
# vDSO site, until the start code patches in its address's halves.
SECCOMP_SITE_PLACEHOLDER = 0xFFFFFFFE


def seccomp_data_arg_lo(i):
    """Offset of the low 32 bits of seccomp_data.args[i]."""
    return 16 + 8 * i


def seccomp_data_arg_hi(i):
    """Offset of the high 32 bits of seccomp_data.args[i] (both arches
    this project supports are little-endian)."""
    return seccomp_data_arg_lo(i) + 4


class BpfInsn:
    """One classic BPF instruction (struct sock_filter) and its comment."""

    def __init__(self, code, jt, jf, k, comment=""):
        self.code = code
        self.jt = jt
        self.jf = jf
        self.k = k
        self.comment = comment

    def tuple(self):
        return (self.code, self.jt, self.jf, self.k)

    def __repr__(self):
        return "BpfInsn(0x%02x, %d, %d, 0x%x)" % self.tuple()


class SeccompProgram:
    """The filter for one arch: insns, the instructions the start code
    patches, and notes[i] = comments to print before insn i."""

    def __init__(self, arch, insns, notes, site_insns=(), path_insns=()):
        self.arch = arch
        self.insns = insns
        # (low half, high half) instructions of each 'ip == SITE' pin.
        self.site_insns = list(site_insns)
        # (low half, high half) instructions of each '== exec_path' pin.
        self.path_insns = list(path_insns)
        self.notes = notes

    def tuples(self):
        return [i.tuple() for i in self.insns]


class _BpfAsm:
    """Assembler with symbolic forward jump targets.

    A target is the name of a later label, or None for the next
    instruction; 'kill' and 'allow' are the two final returns."""

    def __init__(self):
        self.items = []  # [code, k, jt, jf, lineno, notes] / label name
        self.pending_notes = []
        self.sites = []  # (low, high) instruction indexes of ip pins
        self.paths = []  # (low, high) instruction indexes of path pins

    def note(self, text):
        self.pending_notes.append(text)

    def label(self, name):
        self.items.append(name)

    def insn(self, code, k, lineno, jt=None, jf=None):
        self.items.append([code, k, jt, jf, lineno, self.pending_notes])
        self.pending_notes = []
        return sum(1 for i in self.items if not isinstance(i, str)) - 1

    def finish(self, arch):
        where = {}
        n = 0
        for item in self.items:
            if isinstance(item, str):
                if item in where:
                    raise ValueError("duplicate label %s" % item)
                where[item] = n
            else:
                n += 1
        insns, notes = [], {}
        names = {where["kill"]: "kill", where["allow"]: "allow"}
        pc = 0
        for item in self.items:
            if isinstance(item, str):
                continue
            code, k, jt, jf, lineno, pending = item
            offs = []
            for target in (jt, jf):
                if code not in BPF_JUMPS:
                    offs.append(0)
                    continue
                off = 0 if target is None else where[target] - pc - 1
                if off < 0 or off > BPF_MAX_JUMP:
                    raise SeccompError(lineno, "seccomp filter for %s: jump "
                                       "offset %d at instruction %d does not "
                                       "fit in 8 bits" % (arch.name, off, pc))
                offs.append(off)
            insns.append(BpfInsn(code, offs[0], offs[1], k))
            if pending:
                notes[pc] = pending
            pc += 1
        for pc, insn in enumerate(insns):
            insn.comment = _bpf_comment(insn, pc, names)
        return insns, notes


def _bpf_value(k):
    return "%d" % k if k < 4096 else "0x%x" % k


def _bpf_comment(insn, pc, names):
    code, k = insn.code, insn.k
    if code == BPF_LD_W_ABS:
        if k == SECCOMP_DATA_NR:
            return "A = nr"
        if k == SECCOMP_DATA_ARCH:
            return "A = arch"
        if k in (SECCOMP_DATA_IP, SECCOMP_DATA_IP + 4):
            return "A = instruction_pointer (%s 32 bits)" % (
                "high" if k % 8 else "low")
        return "A = args[%d] (%s 32 bits)" % ((k - 16) // 8,
                                              "high" if k % 8 else "low")
    if code == BPF_ALU_AND_K:
        return "A &= 0x%x" % k
    if code == BPF_RET_K:
        return "return %s" % ("ALLOW" if k == SECCOMP_RET_ALLOW
                              else "KILL_PROCESS")

    def target(off):
        t = pc + 1 + off
        if t in names:
            return names[t]
        return "next" if off == 0 else "%d" % t

    cond = "A %s %s" % (BPF_JUMPS[code],
                        "0x%x" % k if code == BPF_JMP_JSET_K
                        else _bpf_value(k))
    return "%s ? %s : %s" % (cond, target(insn.jt), target(insn.jf))


def _single_bit(v):
    return v != 0 and v & (v - 1) == 0


def _compile_pin(asm, pin, ok, state):
    """Emit pin; jump to `ok` when it holds, to 'kill' otherwise.

    state[0] is what A holds: ('arg', i, mask or None) or None."""
    ln = pin.lineno
    op, mask, values = pin.op, pin.mask, pin.values
    if op == "ip":
        # Only calls with the conditioned value are tied to the site.
        if state[0] != ("arg", pin.arg, None):
            asm.insn(BPF_LD_W_ABS, seccomp_data_arg_lo(pin.arg), ln)
        asm.insn(BPF_JMP_JEQ_K, values[0], ln, None, ok)
        asm.insn(BPF_LD_W_ABS, SECCOMP_DATA_IP, ln)
        lo = asm.insn(BPF_JMP_JEQ_K, SECCOMP_SITE_PLACEHOLDER, ln, None,
                      "kill")
        asm.insn(BPF_LD_W_ABS, SECCOMP_DATA_IP + 4, ln)
        hi = asm.insn(BPF_JMP_JEQ_K, SECCOMP_SITE_PLACEHOLDER, ln, ok,
                      "kill")
        state[0] = None
        asm.sites.append((lo, hi))
        return
    if pin.patch == "exec_path":
        # All 64 bits: the high half, then the low.
        asm.insn(BPF_LD_W_ABS, seccomp_data_arg_hi(pin.arg), ln)
        hi = asm.insn(BPF_JMP_JEQ_K, SECCOMP_PATH_PLACEHOLDER, ln, None,
                      "kill")
        asm.insn(BPF_LD_W_ABS, seccomp_data_arg_lo(pin.arg), ln)
        lo = asm.insn(BPF_JMP_JEQ_K, SECCOMP_PATH_PLACEHOLDER, ln, ok,
                      "kill")
        state[0] = ("arg", pin.arg, None)
        asm.paths.append((lo, hi))
        return
    if pin.hi_mask:
        # Every value fits in 32 bits, so the high bits must be zero.
        asm.insn(BPF_LD_W_ABS, seccomp_data_arg_hi(pin.arg), ln)
        asm.insn(BPF_JMP_JSET_K, pin.hi_mask, ln, "kill", None)
        state[0] = None
    if state[0] not in (("arg", pin.arg, None), ("arg", pin.arg, mask)):
        asm.insn(BPF_LD_W_ABS, seccomp_data_arg_lo(pin.arg), ln)
        state[0] = ("arg", pin.arg, None)
    if mask is not None and state[0][2] != mask:
        v = values[0]
        # A single test of the mask bits leaves A as it is.
        if op in ("==", "!=") and (v == 0 or (v == mask and
                                               _single_bit(mask))):
            holds_if_set = (v == mask) == (op == "==")
            if holds_if_set:
                asm.insn(BPF_JMP_JSET_K, mask, ln, ok, "kill")
            else:
                asm.insn(BPF_JMP_JSET_K, mask, ln, "kill", ok)
            return
        asm.insn(BPF_ALU_AND_K, mask, ln)
        state[0] = ("arg", pin.arg, mask)
    if op == "==":
        asm.insn(BPF_JMP_JEQ_K, values[0], ln, ok, "kill")
    elif op == "!=":
        asm.insn(BPF_JMP_JEQ_K, values[0], ln, "kill", ok)
    elif op == "<=":
        asm.insn(BPF_JMP_JGT_K, values[0], ln, "kill", ok)
    elif values == list(range(values[0], values[-1] + 1)):
        if values[0] > 0:
            asm.insn(BPF_JMP_JGE_K, values[0], ln, None, "kill")
        asm.insn(BPF_JMP_JGT_K, values[-1], ln, "kill", ok)
    else:
        for v in values[:-1]:
            asm.insn(BPF_JMP_JEQ_K, v, ln, ok, None)
        asm.insn(BPF_JMP_JEQ_K, values[-1], ln, ok, "kill")


def seccomp_program(policy, arch):
    """Assemble the filter for `arch` (a SeccompArch or its name)."""
    if isinstance(arch, str):
        arch = policy.arch(arch)
    asm = _BpfAsm()
    asm.note("Kill any other ABI: seccomp_data.arch must be 0x%08X (%s)."
             % (arch.audit, arch.name))
    asm.insn(BPF_LD_W_ABS, SECCOMP_DATA_ARCH, arch.lineno)
    asm.insn(BPF_JMP_JEQ_K, arch.audit, arch.lineno, None, "kill")
    asm.insn(BPF_LD_W_ABS, SECCOMP_DATA_NR, arch.lineno)
    if arch.killbits:
        asm.note("Kill any nr with a bit of 0x%x set." % arch.killbits)
        asm.insn(BPF_JMP_JSET_K, arch.killbits, arch.lineno, "kill", None)
    for n, allow in enumerate(policy.allows):
        nr = allow.nrs[arch.name]
        if nr is None:
            continue  # not a system call of this arch
        asm.note("%s (%d): %s" % (allow.name, nr, allow.doc))
        if not allow.pins:
            asm.insn(BPF_JMP_JEQ_K, nr, allow.lineno, "allow", None)
            continue
        end = "after%d" % n
        asm.insn(BPF_JMP_JEQ_K, nr, allow.lineno, None, end)
        state = [None]
        for j, pin in enumerate(allow.pins):
            asm.note("%s: %s" % (pin.text, pin.doc) if pin.doc else pin.text)
            last = j + 1 == len(allow.pins)
            pin_end = "pin%d.%d" % (n, j)
            _compile_pin(asm, pin, "allow" if last else pin_end, state)
            if not last:
                asm.label(pin_end)
        asm.label(end)
    asm.note("Any other system call.")
    asm.label("kill")
    asm.insn(BPF_RET_K, SECCOMP_RET_KILL_PROCESS, arch.lineno)
    asm.label("allow")
    asm.insn(BPF_RET_K, SECCOMP_RET_ALLOW, arch.lineno)
    insns, notes = asm.finish(arch)
    return SeccompProgram(arch, insns, notes, asm.sites, asm.paths)


def gen_seccomp_filter_h(policy):
    o = ["/* SPDX-License-Identifier: GPL-2.0 */",
         generated_note(source=POLICY_PATH),
         "/*",
         " * The seccomp filter the vDSO's start code installs before the",
         " * program's first instruction: classic BPF over struct",
         " * seccomp_data that kills the process on any Linux system call",
         " * outside the allow-list in policy/seccomp.policy (64-bit",
         " * arguments are compared in full). The start code copies",
         " * vdso_seccomp_filter, stores the addresses of the vDSO's fork",
         " * site and empty exec path in the instructions",
         " * VDSO_SECCOMP_FORK_SITE_INSNS and VDSO_SECCOMP_EXEC_PATH_INSNS",
         " * name, and installs the copy.",
         " */",
         "#ifndef CLOUDABI_VDSO_GENERATED_SECCOMP_FILTER_H",
         "#define CLOUDABI_VDSO_GENERATED_SECCOMP_FILTER_H",
         ""]
    if not policy.allows:
        o += ['#error "policy/seccomp.policy has no allow-list"', "",
              "#endif /* CLOUDABI_VDSO_GENERATED_SECCOMP_FILTER_H */"]
        return "\n".join(o) + "\n"
    o += ["#include <stdint.h>",
          "",
          "/* struct sock_filter of linux/filter.h */",
          "struct vdso_sock_filter {",
          "\tuint16_t code;",
          "\tuint8_t jt;",
          "\tuint8_t jf;",
          "\tuint32_t k;",
          "};",
          "",
          "/*",
          " * Classic BPF opcodes (linux/bpf_common.h). A jump goes to the",
          " * next instruction plus jt if its test holds, plus jf if not.",
          " */"]
    width = max(text_width("#define %s" % n) for n, _, _ in BPF_OPCODES)
    col = (width // 8 + 1) * 8
    for name, value, text in BPF_OPCODES:
        left = "#define %s" % name
        o.append(left + "\t" * max(1, (col - text_width(left) + 7) // 8) +
                 "0x%02x\t/* %s */" % (value, text))
    o.append("")
    o.append("/* seccomp actions (linux/seccomp.h) */")
    o.extend(align_defines([
        ("VDSO_SECCOMP_RET_KILL_PROCESS",
         "0x%08xU" % SECCOMP_RET_KILL_PROCESS),
        ("VDSO_SECCOMP_RET_ALLOW", "0x%08xU" % SECCOMP_RET_ALLOW)]))
    o.append("")
    o.append("/* k of the patched instructions until they are patched */")
    o.extend(align_defines([("VDSO_SECCOMP_SITE_PLACEHOLDER",
                             "0x%08xU" % SECCOMP_SITE_PLACEHOLDER),
                            ("VDSO_SECCOMP_PATH_PLACEHOLDER",
                             "0x%08xU" % SECCOMP_PATH_PLACEHOLDER)]))
    o.append("")
    names = {v: n for n, v, _ in BPF_OPCODES}
    for i, arch in enumerate(policy.arches):
        prog = seccomp_program(policy, arch)
        o.append("%s defined(%s)" % ("#if" if i == 0 else "#elif", arch.cpp))
        o.append("")
        o.extend(c_comment("%s: %s" % (arch.name, arch.doc) if arch.doc
                           else arch.name))
        o.append("static const struct vdso_sock_filter "
                 "vdso_seccomp_filter[] = {")
        rows = [("\t{ %s, %d, %d, 0x%08x }," % (names[insn.code], insn.jt,
                                                  insn.jf, insn.k),
                 "/* %d: %s */" % (pc, insn.comment))
                for pc, insn in enumerate(prog.insns)]
        col = (max(text_width(a) for a, _ in rows) // 8 + 1) * 8
        for pc, (left, comment) in enumerate(rows):
            for note in prog.notes.get(pc, []):
                o.extend(c_comment(note, "\t"))
            o.append(left + "\t" * ((col - text_width(left) + 7) // 8) + comment)
        o.append("};")
        o.append("")
        o.extend(align_defines([
            ("VDSO_SECCOMP_AUDIT_ARCH", "0x%08xU" % arch.audit),
            ("VDSO_SECCOMP_FILTER_LEN", "%d" % len(prog.insns)),
            ("VDSO_SECCOMP_FORK_SITE_INSNS",
             "{ %s }" % ", ".join("%d, %d" % s for s in prog.site_insns)),
            ("VDSO_SECCOMP_EXEC_PATH_INSNS",
             "{ %s }" % ", ".join("%d, %d" % s for s in prog.path_insns))]))
        o.append("")
    o.append("#else")
    o.append('#error "no seccomp filter for this architecture"')
    o.append("#endif")
    o.append("")
    o.append("_Static_assert(sizeof(vdso_seccomp_filter) ==")
    o.append("\t       VDSO_SECCOMP_FILTER_LEN * "
             "sizeof(struct vdso_sock_filter),")
    o.append('\t       "VDSO_SECCOMP_FILTER_LEN");')
    o.append("")
    o.append("#endif /* CLOUDABI_VDSO_GENERATED_SECCOMP_FILTER_H */")
    return "\n".join(o) + "\n"


