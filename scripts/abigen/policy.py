"""The seccomp policy: which Linux system calls a CloudABI process may make.

This is Linux policy, not CloudABI ABI, so it lives in its own file
(policy/seccomp.policy, format documented at its top) and is parsed here
into a Policy; seccomp.py compiles a Policy into BPF.
"""

from .model import C_IDENT_RE
from .seccomp import (SECCOMP_PATH_PLACEHOLDER, SECCOMP_MAX_NR,
                      SECCOMP_U32, SeccompError, seccomp_program)
from .spec_parser import LineParser



class SeccompArch:
    """A Linux architecture the seccomp filter is generated for."""

    def __init__(self, name, audit, cpp, killbits, lineno, doc):
        self.name = name
        self.audit = audit  # AUDIT_ARCH_* value of seccomp_data.arch
        self.cpp = cpp  # C macro that selects it
        self.killbits = killbits  # nr bits killed before the lookup, or 0
        self.lineno = lineno
        self.doc = doc


class SeccompPin:
    """arg I [& MASK] OP VALUE, compared over the argument's full width.

    op is '==', '!=', '<=' or 'in'; values is a list (one value unless
    op is 'in'); patch names a value the start code patches in (None, or
    'exec_path', the address of the vDSO's empty exec path).  mask applies
    to the low 32 bits; hi_mask is what of the high 32 bits of a 64-bit
    argument must be zero for the pin to hold (0 for a 32-bit argument,
    whose high bits the kernel ignores)."""

    def __init__(self, arg, mask, hi_mask, op, values, patch, text,
                 lineno, doc):
        self.arg = arg
        self.mask = mask  # None or a 32-bit mask
        self.hi_mask = hi_mask
        self.op = op
        self.values = values
        self.patch = patch
        self.text = text  # as written in the policy
        self.lineno = lineno
        self.doc = doc


class SeccompAllow:
    """A Linux system call on the seccomp allow-list."""

    def __init__(self, name, nrs, widths, lineno, doc):
        self.name = name
        self.nrs = nrs  # arch name -> Linux syscall number
        self.widths = widths  # bits of each argument, or [] without pins
        self.lineno = lineno
        self.doc = doc
        self.pins = []


class Policy:
    def __init__(self, filename):
        self.filename = filename
        self.arches = []
        self.allows = []

    def arch(self, name):
        for a in self.arches:
            if a.name == name:
                return a
        raise KeyError(name)


class PolicyParser(LineParser):
    def __init__(self, text, filename):
        super().__init__(text, filename)
        self.policy = Policy(filename)

    def parse(self):
        for line in self.children(0):
            self.pos += 1
            kw = line.tokens[0]
            if kw == "arch":
                self.parse_arch(line)
            elif kw == "allow":
                self.parse_allow(line)
            else:
                self.error(line.lineno, "unknown entry '%s'" % kw)
        self.check()
        return self.policy

    def u32(self, tok, lineno, what):
        value = self.number(tok, lineno, what)
        if value > SECCOMP_U32:
            self.error(lineno, "bad %s %s: does not fit in 32 bits"
                       % (what, tok))
        return value

    def parse_arch(self, line):
        pol = self.policy
        words, attrs = self.split_attrs(line.tokens, line.lineno,
                                        {"audit", "cpp", "killbits"})
        if len(words) != 2 or "audit" not in attrs or "cpp" not in attrs:
            self.error(line.lineno, "expected 'arch ARCH audit=A "
                       "cpp=MACRO [killbits=M]'")
        name = self.ident(words[1], line.lineno, "arch")
        if pol.allows:
            self.error(line.lineno, "arch '%s' after the first allow "
                       "(line %d)" % (name, pol.allows[0].lineno))
        for a in pol.arches:
            if a.name == name:
                self.error(line.lineno, "duplicate arch '%s'" % name)
        audit = self.u32(attrs["audit"], line.lineno, "audit arch")
        cpp = attrs["cpp"]
        if not C_IDENT_RE.match(cpp):
            self.error(line.lineno, "bad C macro name '%s'" % cpp)
        killbits = 0
        if "killbits" in attrs:
            killbits = self.u32(attrs["killbits"], line.lineno, "killbits")
            if killbits == 0:
                self.error(line.lineno, "bad value: killbits=0 kills nothing")
        for a in pol.arches:
            if a.audit == audit:
                self.error(line.lineno, "audit arch 0x%X already used by "
                           "'%s'" % (audit, a.name))
            if a.cpp == cpp:
                self.error(line.lineno, "macro %s already selects '%s'"
                           % (cpp, a.name))
        for child in self.children(1):
            self.error(child.lineno, "arch has no nested entries")
        pol.arches.append(SeccompArch(name, audit, cpp, killbits,
                                      line.lineno, line.doc))

    def parse_numbers(self, name, tokens, lineno):
        """ARCH=NR for every declared arch, distinct per arch."""
        pol = self.policy
        nrs = {}
        known = {a.name for a in pol.arches}
        for tok in tokens:
            arch, eq, nr = tok.partition("=")
            if not eq:
                self.error(lineno, "expected ARCH=NR, not '%s'" % tok)
            if arch not in known:
                self.error(lineno, "unknown arch '%s'" % arch)
            if arch in nrs:
                self.error(lineno, "duplicate number for arch '%s'" % arch)
            if nr == "-":
                nrs[arch] = None  # not a system call of this arch
                continue
            nrs[arch] = self.number(nr, lineno, "syscall number")
            if nrs[arch] >= SECCOMP_MAX_NR:
                self.error(lineno, "bad syscall number %s" % nr)
        for a in pol.arches:
            if a.name not in nrs:
                self.error(lineno, "allow '%s' has no number for arch '%s'"
                           % (name, a.name))
            if nrs[a.name] is None:
                continue
            if nrs[a.name] & a.killbits:
                self.error(lineno, "number %d for arch '%s' has a killbits "
                           "bit set" % (nrs[a.name], a.name))
            for other in pol.allows:
                if other.nrs[a.name] == nrs[a.name]:
                    self.error(lineno, "%s number %d already used by '%s'"
                               % (a.name, nrs[a.name], other.name))
        return nrs

    def parse_widths(self, value, lineno):
        widths = []
        for tok in value.split(","):
            if tok not in ("32", "64"):
                self.error(lineno, "bad argument width '%s': expected 32 or "
                           "64" % tok)
            widths.append(int(tok))
        if len(widths) > 6:
            self.error(lineno, "a system call has at most 6 arguments")
        return widths

    def parse_allow(self, line):
        pol = self.policy
        # ARCH=NR looks like an attribute too: only args= is one here.
        words = [t for t in line.tokens if not t.startswith("args=")]
        _, attrs = self.split_attrs(
            [t for t in line.tokens if t.startswith("args=")], line.lineno,
            {"args"})
        if len(words) < 2:
            self.error(line.lineno, "expected 'allow NAME ARCH=NR... "
                       "[args=W,...]'")
        name = self.ident(words[1], line.lineno, "system call")
        if not pol.arches:
            self.error(line.lineno, "allow before any arch")
        if not line.doc:
            self.error(line.lineno, "allow '%s' needs a reason (' -- ...')"
                       % name)
        for other in pol.allows:
            if other.name == name:
                self.error(line.lineno, "duplicate allow '%s' (first at line "
                           "%d)" % (name, other.lineno))
        nrs = self.parse_numbers(name, words[2:], line.lineno)
        widths = []
        if "args" in attrs:
            widths = self.parse_widths(attrs["args"], line.lineno)
        allow = SeccompAllow(name, nrs, widths, line.lineno, line.doc)
        for pl in self.children(1):
            self.pos += 1
            if not widths:
                self.error(line.lineno, "allow '%s' has pins but no args=: "
                           "the width of each argument decides how it is "
                           "compared" % name)
            allow.pins.append(self.parse_pin(pl, widths))
        pol.allows.append(allow)

    def parse_mask(self, mtok, width, lineno):
        """(low 32-bit mask, high 32 bits that take part) of '& MASK'."""
        if mtok.startswith("~"):
            low = SECCOMP_U32 & ~self.u32(mtok[1:], lineno, "mask")
            high = SECCOMP_U32 if width == 64 else 0
        else:
            low, high = self.u32(mtok, lineno, "mask"), 0
        if low == 0 and high == 0:
            self.error(lineno, "bad mask %s: selects no bits" % mtok)
        return low, high

    def parse_ip_pin(self, pl, toks, widths):
        """ip == fork_site if arg I == V: a call whose argument I is V
        must be made from the vDSO's fork site (its address is patched in
        at start-up, like the gate fd)."""
        text = " ".join(toks)
        if (len(toks) != 8 or toks[1:4] != ["==", "fork_site", "if"] or
                toks[4] != "arg" or toks[6] != "=="):
            self.error(pl.lineno, "expected 'ip == fork_site if arg I == V'")
        arg = self.number(toks[5], pl.lineno, "argument index")
        if arg >= len(widths):
            self.error(pl.lineno, "argument %d is not in args=" % arg)
        value = self.u32(toks[7], pl.lineno, "value")
        return SeccompPin(arg, None, 0, "ip", [value], None, text,
                          pl.lineno, pl.doc)

    def parse_pin(self, pl, widths):
        toks = list(pl.tokens)
        text = " ".join(toks)
        if toks and toks[0] == "ip":
            return self.parse_ip_pin(pl, toks, widths)
        usage = "expected 'arg I [& MASK] OP VALUE' (OP: == != <= in)"
        if len(toks) < 4 or toks[0] != "arg":
            self.error(pl.lineno, usage)
        arg = self.number(toks[1], pl.lineno, "argument index")
        if arg > 5:
            self.error(pl.lineno, "bad argument index %d: seccomp sees "
                       "arguments 0..5" % arg)
        if arg >= len(widths):
            self.error(pl.lineno, "argument %d is not in args=" % arg)
        width = widths[arg]
        rest = toks[2:]
        mask, hi_mask = None, (SECCOMP_U32 if width == 64 else 0)
        if rest[0] == "&":
            if len(rest) < 4:
                self.error(pl.lineno, usage)
            mask, hi_mask = self.parse_mask(rest[1], width, pl.lineno)
            rest = rest[2:]
        if len(rest) != 2:
            self.error(pl.lineno, usage)
        op, vtok = rest
        if op not in ("==", "!=", "<=", "in"):
            self.error(pl.lineno, "unknown operator '%s' (%s)" % (op, usage))
        if hi_mask and op == "!=":
            self.error(pl.lineno, "'!=' on 64-bit argument %d would compare "
                       "its low 32 bits only: mask it (& 0x...) or pin it "
                       "another way" % arg)
        full = SECCOMP_U32 if mask is None else mask
        if vtok == "exec_path":
            if op != "==" or mask is not None or width != 64:
                self.error(pl.lineno, "exec_path needs 'arg I == exec_path' "
                           "on a 64-bit argument")
            return SeccompPin(arg, None, 0, op,
                              [SECCOMP_PATH_PLACEHOLDER], "exec_path", text,
                              pl.lineno, pl.doc)
        if op == "in":
            parts = vtok.split(",")
            if not all(parts):
                self.error(pl.lineno, "bad 'in' list '%s'" % vtok)
            values = [self.u32(v, pl.lineno, "value") for v in parts]
            if len(set(values)) != len(values):
                self.error(pl.lineno, "duplicate value in '%s'" % vtok)
            values.sort()
        else:
            values = [self.u32(vtok, pl.lineno, "value")]
        for v in values:
            if v & ~full:
                self.error(pl.lineno, "bad value 0x%x: has bits outside "
                           "the mask 0x%x" % (v, full))
        if op == "<=" and values[0] >= full and not hi_mask:
            self.error(pl.lineno, "pin is always true")
        if op == "in" and len(values) == full + 1 and not hi_mask:
            self.error(pl.lineno, "pin is always true")
        return SeccompPin(arg, mask, hi_mask, op, values, None, text,
                          pl.lineno, pl.doc)

    def check(self):
        pol = self.policy
        if not pol.arches and not pol.allows:
            return  # no allow-list: the generated header is an #error
        if not pol.allows:
            self.error(pol.arches[0].lineno, "arch without any allow")
        for a in pol.arches:
            try:
                seccomp_program(pol, a)
            except SeccompError as e:
                self.error(e.lineno, e.message)


def parse_policy_text(text, filename="<policy>"):
    return PolicyParser(text, filename).parse()


def parse_policy_file(path):
    with open(path, "r", encoding="utf-8") as f:
        return parse_policy_text(f.read(), path)

