#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Generate C headers and tables from abi/cloudabi.abi.

Usage: python3 scripts/abigen.py --spec abi/cloudabi.abi --out DIR

All outputs are written below DIR (see OUTPUTS).  The spec format is
documented at the top of abi/cloudabi.abi.  Standard library only.
"""

import argparse
import os
import re
import textwrap
import sys

SPEC_PATH = "abi/cloudabi.abi"
GENERATOR_PATH = "scripts/abigen.py"

# Linux errno numbers are 1..133 (EHWPOISON) on x86-64 and arm64.
LINUX_ERRNO_MAX = 133
# Names that are aliases of another Linux errno; never use them.
LINUX_ERRNO_ALIASES = {"EWOULDBLOCK", "EDEADLOCK", "ENOTSUP"}

GATE_IOC_MAGIC = 0xCA
MAX_RESULTS = 2  # size of cloudabi_syscall.results[] in module/syscall.h

# Seccomp filter (vdso/generated/seccomp_filter.h).
SECCOMP_U32 = 0xFFFFFFFF
SECCOMP_MAX_NR = 1 << 31  # seccomp_data.nr is an int
# k of the gate fd comparison until the start code patches it: no
# descriptor has this number, so an unpatched filter allows no gate call.
SECCOMP_GATE_FD_PLACEHOLDER = 0xFFFFFFFF

INT_TYPES = {
    "uint8": (1, False), "uint16": (2, False),
    "uint32": (4, False), "uint64": (8, False),
    "int8": (1, True), "int16": (2, True),
    "int32": (4, True), "int64": (8, True),
}
INT_KINDS = ("alias", "opaque", "enum", "flags")
KEYWORDS = {"ptr", "cptr", "atomic", "range", "crange", "array", "size",
            "char", "void", "struct", "union", "when", "in", "out",
            "function", "syscall"} | set(INT_TYPES) | set(INT_KINDS)

C_KEYWORDS = {"auto", "break", "case", "char", "const", "continue",
              "default", "do", "double", "else", "enum", "extern", "float",
              "for", "goto", "if", "inline", "int", "long", "register",
              "restrict", "return", "short", "signed", "sizeof", "static",
              "struct", "switch", "typedef", "union", "unsigned", "void",
              "volatile", "while"}
IDENT_RE = re.compile(r"^[a-z_][a-z0-9_]*$")
VALUE_NAME_RE = re.compile(r"^[a-z0-9_]+$")
PREFIX_RE = re.compile(r"^[A-Z0-9_]*$")
C_IDENT_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
LINUX_ERRNO_RE = re.compile(r"^E[A-Z0-9]+$")
DOC_RE = re.compile(r"\s--(?:\s+(.*))?$")


class GateError(Exception):
    def __init__(self, lineno, message):
        super().__init__(message)
        self.lineno = lineno
        self.message = message


class SeccompError(GateError):
    """A filter that cannot be generated (line of the spec entry)."""


class SpecError(Exception):
    """A malformed spec; str() is 'file:line: message'."""

    def __init__(self, filename, lineno, message):
        super().__init__("%s:%d: %s" % (filename, lineno, message))
        self.filename = filename
        self.lineno = lineno
        self.message = message


# ---------------------------------------------------------------------------
# Model
# ---------------------------------------------------------------------------

class TypeRef:
    """A type expression.

    kind is one of: 'int' (name = uint8...), 'size', 'char', 'void',
    'named' (target = declared type object), 'ptr', 'range', 'array'.
    For ptr/range: elem is the pointee, const/atomic are flags.
    For array: elem and count.
    """

    def __init__(self, kind, name=None, elem=None, const=False,
                 atomic=False, count=None):
        self.kind = kind
        self.name = name
        self.elem = elem
        self.const = const
        self.atomic = atomic
        self.count = count
        self.target = None

    def __repr__(self):
        return "TypeRef(%s)" % self.spec_text()

    def spec_text(self):
        if self.kind == "ptr":
            pre = "cptr" if self.const else "ptr"
            if self.atomic:
                pre += " atomic"
            return "%s %s" % (pre, self.elem.spec_text())
        if self.kind == "range":
            return "%s %s" % ("crange" if self.const else "range",
                              self.elem.spec_text())
        if self.kind == "array":
            return "array %d %s" % (self.count, self.elem.spec_text())
        return self.name

    def is_integer(self):
        return (self.kind in ("int", "size") or
                (self.kind == "named" and isinstance(self.target, IntType)))

    def is_struct(self):
        return self.kind == "named" and isinstance(self.target, Struct)


class Value:
    def __init__(self, name, value, lineno, doc, linux=None):
        self.name = name
        self.value = value
        self.lineno = lineno
        self.doc = doc
        self.linux = linux  # Linux errno name, or None


class IntType:
    def __init__(self, kind, name, inttype, prefix, lineno, doc):
        self.kind = kind
        self.name = name
        self.inttype = inttype
        self.prefix = prefix
        self.lineno = lineno
        self.doc = doc
        self.values = []

    @property
    def size(self):
        return INT_TYPES[self.inttype][0]

    @property
    def signed(self):
        return INT_TYPES[self.inttype][1]

    def value(self, name):
        for v in self.values:
            if v.name == name:
                return v
        raise KeyError(name)

    def macro(self, value):
        return "CLOUDABI_%s%s" % (self.prefix, value.name.upper())


class Param:
    def __init__(self, direction, type, name, lineno, doc, allowed=None):
        self.direction = direction
        self.type = type
        self.name = name
        self.lineno = lineno
        self.doc = doc
        self.allowed = allowed or []


class FunctionType:
    def __init__(self, name, lineno, doc):
        self.name = name
        self.lineno = lineno
        self.doc = doc
        self.params = []


class Member:
    def __init__(self, type, name, offset, lineno, doc):
        self.type = type
        self.name = name
        self.offset = offset  # declared in the spec
        self.lineno = lineno
        self.doc = doc


class StructArm:
    """A named struct inside a union arm."""

    def __init__(self, name, lineno):
        self.name = name
        self.lineno = lineno
        self.members = []


class UnionArm:
    def __init__(self, values, lineno):
        self.values = values
        self.lineno = lineno
        self.item = None  # Member or StructArm


class Union:
    def __init__(self, tag, lineno):
        self.tag = tag
        self.lineno = lineno
        self.arms = []


class Struct:
    def __init__(self, name, size, align, lineno, doc):
        self.name = name
        self.decl_size = size
        self.decl_align = align
        self.lineno = lineno
        self.doc = doc
        self.items = []  # Member or Union
        self.size = None
        self.align = None
        self.fields = []  # flattened [(path, offset, size)]


class Syscall:
    def __init__(self, nr, name, gate, vdso, noreturn, lineno, doc):
        self.nr = nr
        self.name = name
        self.gate = gate
        self.vdso = vdso
        self.noreturn = noreturn
        self.lineno = lineno
        self.doc = doc
        self.ins = []
        self.outs = []

    @property
    def params(self):
        return self.ins + self.outs


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
    """arg I [& MASK] OP VALUE on the low 32 bits of an argument.

    op is '==', '!=', '<=' or 'in'; values is a list (one value unless
    op is 'in'); gate_fd means the value is the gate fd (op '==')."""

    def __init__(self, arg, mask, op, values, gate_fd, text, lineno, doc):
        self.arg = arg
        self.mask = mask  # None or a 32-bit mask
        self.op = op
        self.values = values
        self.gate_fd = gate_fd
        self.text = text  # as written in the spec
        self.lineno = lineno
        self.doc = doc


class SeccompAllow:
    """A Linux system call on the seccomp allow-list."""

    def __init__(self, name, nrs, lineno, doc):
        self.name = name
        self.nrs = nrs  # arch name -> Linux syscall number
        self.lineno = lineno
        self.doc = doc
        self.pins = []


class Abi:
    def __init__(self, filename):
        self.filename = filename
        self.types = {}  # name -> IntType / FunctionType / Struct
        self.order = []  # declaration order of types
        self.syscalls = []
        self.seccomp_arches = []
        self.seccomp_allows = []

    def int_types(self):
        return [t for t in self.order if isinstance(t, IntType)]

    def structs(self):
        return [t for t in self.order if isinstance(t, Struct)]

    def functions(self):
        return [t for t in self.order if isinstance(t, FunctionType)]

    def syscall(self, name):
        for s in self.syscalls:
            if s.name == name:
                return s
        raise KeyError(name)


# ---------------------------------------------------------------------------
# Parser
# ---------------------------------------------------------------------------

class Line:
    def __init__(self, lineno, level, tokens, doc):
        self.lineno = lineno
        self.level = level
        self.tokens = tokens
        self.doc = doc


def _lex(text, filename):
    lines = []
    for lineno, raw in enumerate(text.split("\n"), 1):
        if raw.endswith("\r"):
            raw = raw[:-1]
        stripped = raw.strip(" \t")
        if not stripped or stripped.startswith("#"):
            continue
        level = 0
        while level < len(raw) and raw[level] == "\t":
            level += 1
        if raw[level] in " \t":
            raise SpecError(filename, lineno,
                            "indentation must consist of tabs only")
        body = raw[level:]
        doc = ""
        m = DOC_RE.search(body)
        if m:
            doc = (m.group(1) or "").strip()
            body = body[:m.start()]
        elif body.startswith("--"):
            raise SpecError(filename, lineno, "description without an entry")
        tokens = body.split()
        if not tokens:
            raise SpecError(filename, lineno, "empty entry")
        lines.append(Line(lineno, level, tokens, doc))
    return lines


class Parser:
    def __init__(self, text, filename):
        self.filename = filename
        self.lines = _lex(text, filename)
        self.pos = 0
        self.abi = Abi(filename)
        self.pending_types = []  # (TypeRef, lineno) to resolve

    # -- helpers ----------------------------------------------------------

    def error(self, lineno, message):
        raise SpecError(self.filename, lineno, message)

    def peek(self):
        if self.pos < len(self.lines):
            return self.lines[self.pos]
        return None

    def children(self, level):
        """Yield the lines nested directly at `level`; reject deeper ones."""
        while True:
            line = self.peek()
            if line is None or line.level < level:
                return
            if line.level > level:
                self.error(line.lineno,
                           "wrong indentation: expected %d tab(s), got %d"
                           % (level, line.level))
            yield line

    def ident(self, tok, lineno, what):
        if not IDENT_RE.match(tok) or (what == "type" and tok in KEYWORDS) \
                or tok in C_KEYWORDS:
            self.error(lineno, "invalid %s name '%s'" % (what, tok))
        return tok

    def number(self, tok, lineno, what):
        try:
            if re.match(r"^0[xX][0-9a-fA-F]+$", tok):
                return int(tok, 16)
            if re.match(r"^[0-9]+$", tok):
                return int(tok, 10)
        except ValueError:
            pass
        self.error(lineno, "bad %s '%s': expected a decimal or 0x number"
                   % (what, tok))

    def split_attrs(self, tokens, lineno, allowed):
        words, attrs = [], {}
        for tok in tokens:
            if "=" in tok:
                key, _, val = tok.partition("=")
                if key not in allowed:
                    self.error(lineno, "unknown attribute '%s'" % key)
                if key in attrs:
                    self.error(lineno, "duplicate attribute '%s'" % key)
                attrs[key] = val
            else:
                words.append(tok)
        return words, attrs

    def add_type(self, obj, lineno):
        if obj.name in self.abi.types:
            self.error(lineno, "duplicate type name '%s' (first defined at "
                       "line %d)" % (obj.name,
                                     self.abi.types[obj.name].lineno))
        self.abi.types[obj.name] = obj
        self.abi.order.append(obj)

    def parse_type(self, tokens, lineno):
        """Parse a complete type expression from tokens."""
        t, rest = self._type(list(tokens), lineno)
        if rest:
            self.error(lineno, "unexpected '%s' after type" % rest[0])
        return t

    def _type(self, toks, lineno):
        if not toks:
            self.error(lineno, "missing type")
        head = toks.pop(0)
        if head in ("ptr", "cptr"):
            atomic = False
            if toks and toks[0] == "atomic":
                toks.pop(0)
                atomic = True
            elem, toks = self._base(toks, lineno)
            return TypeRef("ptr", elem=elem, const=(head == "cptr"),
                           atomic=atomic), toks
        if head in ("range", "crange"):
            elem, toks = self._base(toks, lineno)
            return TypeRef("range", elem=elem,
                           const=(head == "crange")), toks
        if head == "array":
            if not toks:
                self.error(lineno, "array needs a length")
            count = self.number(toks.pop(0), lineno, "array length")
            if count <= 0:
                self.error(lineno, "bad value: array length must be > 0")
            elem, toks = self._base(toks, lineno)
            return TypeRef("array", elem=elem, count=count), toks
        toks.insert(0, head)
        return self._base(toks, lineno)

    def _base(self, toks, lineno):
        if not toks:
            self.error(lineno, "missing type")
        name = toks.pop(0)
        if name in INT_TYPES:
            return TypeRef("int", name=name), toks
        if name in ("size", "char", "void"):
            return TypeRef(name, name=name), toks
        if name in KEYWORDS or not IDENT_RE.match(name):
            self.error(lineno, "invalid type '%s'" % name)
        ref = TypeRef("named", name=name)
        self.pending_types.append((ref, lineno))
        return ref, toks

    # -- top level ----------------------------------------------------------

    def parse(self):
        for line in self.children(0):
            self.pos += 1
            kw = line.tokens[0]
            if kw in INT_KINDS:
                self.parse_int_type(line)
            elif kw == "function":
                self.parse_function(line)
            elif kw == "struct":
                self.parse_struct(line)
            elif kw == "syscall":
                self.parse_syscall(line)
            elif kw == "seccomp_arch":
                self.parse_seccomp_arch(line)
            elif kw == "seccomp_allow":
                self.parse_seccomp_allow(line)
            else:
                self.error(line.lineno, "unknown entry '%s'" % kw)
        self.resolve()
        return self.abi

    def parse_int_type(self, line):
        words, attrs = self.split_attrs(line.tokens, line.lineno, {"prefix"})
        if len(words) != 3:
            self.error(line.lineno, "expected '%s NAME INTTYPE [prefix=P]'"
                       % words[0])
        kind, name, inttype = words
        self.ident(name, line.lineno, "type")
        if inttype not in INT_TYPES:
            self.error(line.lineno, "unknown integer type '%s'" % inttype)
        prefix = attrs.get("prefix", name.upper() + "_")
        if not PREFIX_RE.match(prefix):
            self.error(line.lineno, "bad prefix '%s'" % prefix)
        t = IntType(kind, name, inttype, prefix, line.lineno, line.doc)
        self.add_type(t, line.lineno)
        size, signed = INT_TYPES[inttype]
        bits = size * 8
        seen_names = {}
        seen_values = {}
        for vl in self.children(1):
            self.pos += 1
            if kind == "alias":
                self.error(vl.lineno, "an alias cannot have named values")
            vwords, vattrs = self.split_attrs(vl.tokens, vl.lineno, {"linux"})
            if len(vwords) != 2:
                self.error(vl.lineno, "expected 'VALUE NAME'")
            value = self.number(vwords[0], vl.lineno, "value")
            vname = vwords[1]
            if not VALUE_NAME_RE.match(vname):
                self.error(vl.lineno, "invalid value name '%s'" % vname)
            limit = (1 << (bits - 1)) if signed else (1 << bits)
            if value >= limit:
                self.error(vl.lineno, "bad value %s: does not fit in %s"
                           % (vwords[0], inttype))
            if vname in seen_names:
                self.error(vl.lineno, "duplicate name '%s' in %s"
                           % (vname, name))
            if kind == "flags":
                if value == 0 or value & (value - 1):
                    self.error(vl.lineno, "bad value %s: a flag must be a "
                               "single bit" % vwords[0])
            if kind in ("enum", "flags") and value in seen_values:
                self.error(vl.lineno, "bad value %s: same value as '%s'"
                           % (vwords[0], seen_values[value]))
            linux = None
            if name == "errno" and kind == "enum":
                if "linux" not in vattrs:
                    self.error(vl.lineno, "errno value needs linux=ENAME "
                               "or linux=none")
                linux = vattrs["linux"]
                if linux == "none":
                    linux = None
                elif not LINUX_ERRNO_RE.match(linux):
                    self.error(vl.lineno, "bad Linux errno name '%s'" % linux)
                elif linux in LINUX_ERRNO_ALIASES:
                    self.error(vl.lineno, "Linux errno '%s' is an alias; "
                               "use the primary name" % linux)
                else:
                    for other in t.values:
                        if other.linux == linux:
                            self.error(vl.lineno, "Linux errno '%s' already "
                                       "used by '%s'" % (linux, other.name))
                if value == 0 and linux is not None:
                    self.error(vl.lineno, "errno 0 cannot map to a Linux "
                               "errno")
            elif "linux" in vattrs:
                self.error(vl.lineno, "linux= is only allowed in enum errno")
            seen_names[vname] = True
            seen_values.setdefault(value, vname)
            t.values.append(Value(vname, value, vl.lineno, vl.doc, linux))

    def parse_function(self, line):
        if len(line.tokens) != 2:
            self.error(line.lineno, "expected 'function NAME'")
        name = self.ident(line.tokens[1], line.lineno, "type")
        f = FunctionType(name, line.lineno, line.doc)
        self.add_type(f, line.lineno)
        for pl in self.children(1):
            self.pos += 1
            if pl.tokens[0] != "in":
                self.error(pl.lineno, "expected 'in TYPE NAME'")
            f.params.append(self.parse_param(pl, "in", f.params, set()))

    def parse_param(self, pl, direction, existing, attr_keys):
        words, attrs = self.split_attrs(pl.tokens[1:], pl.lineno, attr_keys)
        if len(words) < 2:
            self.error(pl.lineno, "expected '%s TYPE NAME'" % direction)
        name = self.ident(words[-1], pl.lineno, "parameter")
        for p in existing:
            if p.name == name:
                self.error(pl.lineno, "duplicate name '%s'" % name)
        t = self.parse_type(words[:-1], pl.lineno)
        allowed = []
        if "allowed" in attrs:
            allowed = [a for a in attrs["allowed"].split(",")]
            if not all(allowed):
                self.error(pl.lineno, "bad allowed= list")
        return Param(direction, t, name, pl.lineno, pl.doc, allowed)

    def parse_member(self, ml, names):
        tokens = ml.tokens
        if not tokens[0].startswith("@"):
            self.error(ml.lineno, "expected '@OFFSET TYPE NAME'")
        offset = self.number(tokens[0][1:], ml.lineno, "offset")
        if len(tokens) < 3:
            self.error(ml.lineno, "expected '@OFFSET TYPE NAME'")
        name = self.ident(tokens[-1], ml.lineno, "member")
        t = self.parse_type(tokens[1:-1], ml.lineno)
        self.claim(names, name, ml.lineno)
        if t.kind == "range":
            self.claim(names, name + "_len", ml.lineno)
        return Member(t, name, offset, ml.lineno, ml.doc)

    def claim(self, names, name, lineno):
        if name in names:
            self.error(lineno, "duplicate member name '%s'" % name)
        names.add(name)

    def parse_struct(self, line):
        words, attrs = self.split_attrs(line.tokens, line.lineno,
                                        {"size", "align"})
        if len(words) != 2 or "size" not in attrs or "align" not in attrs:
            self.error(line.lineno, "expected 'struct NAME size=N align=A'")
        name = self.ident(words[1], line.lineno, "type")
        size = self.number(attrs["size"], line.lineno, "size")
        align = self.number(attrs["align"], line.lineno, "alignment")
        s = Struct(name, size, align, line.lineno, line.doc)
        self.add_type(s, line.lineno)
        names = set()
        for ml in self.children(1):
            self.pos += 1
            if ml.tokens[0] == "union":
                s.items.append(self.parse_union(ml, s, names))
            else:
                s.items.append(self.parse_member(ml, names))
        if not s.items:
            self.error(line.lineno, "struct '%s' has no members" % name)

    def parse_union(self, line, struct, names):
        if len(line.tokens) != 2:
            self.error(line.lineno, "expected 'union TAGMEMBER'")
        tag = line.tokens[1]
        tagm = None
        for item in struct.items:
            if isinstance(item, Member) and item.name == tag:
                tagm = item
        if tagm is None:
            self.error(line.lineno, "union tag '%s' is not an earlier member"
                       % tag)
        u = Union(tagm, line.lineno)
        for al in self.children(2):
            self.pos += 1
            if al.tokens[0] != "when" or len(al.tokens) < 2:
                self.error(al.lineno, "expected 'when VALUE...'")
            arm = UnionArm(al.tokens[1:], al.lineno)
            il = self.peek()
            if il is None or il.level < 3:
                self.error(al.lineno, "a union arm needs a member or struct")
            if il.level > 3:
                self.error(il.lineno, "wrong indentation: expected 3 tab(s), "
                           "got %d" % il.level)
            self.pos += 1
            if il.tokens[0] == "struct":
                if len(il.tokens) != 2:
                    self.error(il.lineno, "expected 'struct NAME'")
                sa = StructArm(self.ident(il.tokens[1], il.lineno, "member"),
                               il.lineno)
                self.claim(names, sa.name, il.lineno)
                inner = set()
                for ml in self.children(4):
                    self.pos += 1
                    sa.members.append(self.parse_member(ml, inner))
                if not sa.members:
                    self.error(il.lineno, "struct '%s' has no members"
                               % sa.name)
                arm.item = sa
            else:
                arm.item = self.parse_member(il, names)
            nxt = self.peek()
            if nxt is not None and nxt.level >= 3:
                self.error(nxt.lineno, "a union arm holds exactly one member "
                           "or struct")
            u.arms.append(arm)
        if not u.arms:
            self.error(line.lineno, "union without arms")
        return u

    def parse_syscall(self, line):
        words, attrs = self.split_attrs(line.tokens, line.lineno, {"vdso"})
        if len(words) < 3:
            self.error(line.lineno, "expected 'syscall NR NAME [gate] "
                       "[vdso=FN] [noreturn]'")
        nr = self.number(words[1], line.lineno, "syscall number")
        name = self.ident(words[2], line.lineno, "syscall")
        flags = words[3:]
        for f in flags:
            if f not in ("gate", "noreturn"):
                self.error(line.lineno, "unknown syscall flag '%s'" % f)
            if flags.count(f) > 1:
                self.error(line.lineno, "duplicate flag '%s'" % f)
        vdso = attrs.get("vdso")
        if vdso is not None and not C_IDENT_RE.match(vdso):
            self.error(line.lineno, "bad vdso function name '%s'" % vdso)
        gate = "gate" in flags
        if not gate and vdso is None:
            self.error(line.lineno, "syscall '%s' needs 'gate' and/or "
                       "'vdso=FN'" % name)
        for s in self.abi.syscalls:
            if s.name == name:
                self.error(line.lineno, "duplicate syscall name '%s'" % name)
            if vdso is not None and s.vdso == vdso:
                self.error(line.lineno, "duplicate vdso function '%s'" % vdso)
        s = Syscall(nr, name, gate, vdso, "noreturn" in flags, line.lineno,
                    line.doc)
        for pl in self.children(1):
            self.pos += 1
            d = pl.tokens[0]
            if d == "in":
                if s.outs:
                    self.error(pl.lineno, "'in' parameters must come before "
                               "'out' parameters")
                s.ins.append(self.parse_param(pl, "in", s.params,
                                              {"allowed"}))
            elif d == "out":
                s.outs.append(self.parse_param(pl, "out", s.params, set()))
            else:
                self.error(pl.lineno, "expected 'in' or 'out'")
            if s.params[-1].type.kind == "range":
                rn = s.params[-1].name + "_len"
                if any(p.name == rn for p in s.params):
                    self.error(pl.lineno, "duplicate name '%s'" % rn)
        if s.noreturn:
            if s.outs:
                self.error(line.lineno, "a noreturn syscall has no outs")
            if vdso is None:
                self.error(line.lineno, "a noreturn syscall needs vdso=FN")
        if gate and len(s.outs) > MAX_RESULTS:
            self.error(line.lineno, "a gate syscall has at most %d outs"
                       % MAX_RESULTS)
        self.abi.syscalls.append(s)

    # -- seccomp allow-list ---------------------------------------------------

    def u32(self, tok, lineno, what):
        value = self.number(tok, lineno, what)
        if value > SECCOMP_U32:
            self.error(lineno, "bad %s %s: does not fit in 32 bits"
                       % (what, tok))
        return value

    def parse_seccomp_arch(self, line):
        words, attrs = self.split_attrs(line.tokens, line.lineno,
                                        {"audit", "cpp", "killbits"})
        if len(words) != 2 or "audit" not in attrs or "cpp" not in attrs:
            self.error(line.lineno, "expected 'seccomp_arch ARCH audit=A "
                       "cpp=MACRO [killbits=M]'")
        name = self.ident(words[1], line.lineno, "arch")
        if self.abi.seccomp_allows:
            self.error(line.lineno, "seccomp_arch '%s' after the first "
                       "seccomp_allow (line %d)"
                       % (name, self.abi.seccomp_allows[0].lineno))
        for a in self.abi.seccomp_arches:
            if a.name == name:
                self.error(line.lineno, "duplicate seccomp arch '%s'" % name)
        audit = self.u32(attrs["audit"], line.lineno, "audit arch")
        cpp = attrs["cpp"]
        if not C_IDENT_RE.match(cpp):
            self.error(line.lineno, "bad C macro name '%s'" % cpp)
        killbits = 0
        if "killbits" in attrs:
            killbits = self.u32(attrs["killbits"], line.lineno, "killbits")
            if killbits == 0:
                self.error(line.lineno, "bad value: killbits=0 kills nothing")
        for a in self.abi.seccomp_arches:
            if a.audit == audit:
                self.error(line.lineno, "audit arch 0x%X already used by "
                           "'%s'" % (audit, a.name))
            if a.cpp == cpp:
                self.error(line.lineno, "macro %s already selects '%s'"
                           % (cpp, a.name))
        for child in self.children(1):
            self.error(child.lineno, "seccomp_arch has no nested entries")
        self.abi.seccomp_arches.append(SeccompArch(name, audit, cpp, killbits,
                                                   line.lineno, line.doc))

    def parse_seccomp_allow(self, line):
        arches = self.abi.seccomp_arches
        if len(line.tokens) < 2:
            self.error(line.lineno, "expected 'seccomp_allow NAME ARCH=NR...'")
        name = self.ident(line.tokens[1], line.lineno, "system call")
        if not arches:
            self.error(line.lineno, "seccomp_allow before any seccomp_arch")
        if not line.doc:
            self.error(line.lineno, "seccomp_allow '%s' needs a reason "
                       "(' -- ...')" % name)
        for other in self.abi.seccomp_allows:
            if other.name == name:
                self.error(line.lineno, "duplicate seccomp_allow '%s' (first "
                           "at line %d)" % (name, other.lineno))
        nrs = {}
        known = {a.name for a in arches}
        for tok in line.tokens[2:]:
            arch, eq, nr = tok.partition("=")
            if not eq:
                self.error(line.lineno, "expected ARCH=NR, not '%s'" % tok)
            if arch not in known:
                self.error(line.lineno, "unknown seccomp arch '%s'" % arch)
            if arch in nrs:
                self.error(line.lineno, "duplicate number for arch '%s'"
                           % arch)
            nrs[arch] = self.number(nr, line.lineno, "syscall number")
            if nrs[arch] >= SECCOMP_MAX_NR:
                self.error(line.lineno, "bad syscall number %s" % nr)
        for a in arches:
            if a.name not in nrs:
                self.error(line.lineno, "seccomp_allow '%s' has no number "
                           "for arch '%s'" % (name, a.name))
            if nrs[a.name] & a.killbits:
                self.error(line.lineno, "number %d for arch '%s' has a "
                           "killbits bit set" % (nrs[a.name], a.name))
            for other in self.abi.seccomp_allows:
                if other.nrs[a.name] == nrs[a.name]:
                    self.error(line.lineno, "%s number %d already used by "
                               "'%s'" % (a.name, nrs[a.name], other.name))
        allow = SeccompAllow(name, nrs, line.lineno, line.doc)
        for pl in self.children(1):
            self.pos += 1
            allow.pins.append(self.parse_seccomp_pin(pl))
        self.abi.seccomp_allows.append(allow)

    def parse_seccomp_pin(self, pl):
        toks = list(pl.tokens)
        text = " ".join(toks)
        usage = "expected 'arg I [& MASK] OP VALUE' (OP: == != <= in)"
        if len(toks) < 4 or toks[0] != "arg":
            self.error(pl.lineno, usage)
        arg = self.number(toks[1], pl.lineno, "argument index")
        if arg > 5:
            self.error(pl.lineno, "bad argument index %d: seccomp sees "
                       "arguments 0..5" % arg)
        rest = toks[2:]
        mask = None
        if rest[0] == "&":
            if len(rest) < 4:
                self.error(pl.lineno, usage)
            mtok = rest[1]
            if mtok.startswith("~"):
                mask = SECCOMP_U32 & ~self.u32(mtok[1:], pl.lineno, "mask")
            else:
                mask = self.u32(mtok, pl.lineno, "mask")
            if mask == 0:
                self.error(pl.lineno, "bad mask %s: selects no bits" % mtok)
            rest = rest[2:]
        if len(rest) != 2:
            self.error(pl.lineno, usage)
        op, vtok = rest
        if op not in ("==", "!=", "<=", "in"):
            self.error(pl.lineno, "unknown operator '%s' (%s)" % (op, usage))
        full = SECCOMP_U32 if mask is None else mask
        if vtok == "gate_fd":
            if op not in ("==", "!=") or mask is not None:
                self.error(pl.lineno, "gate_fd needs 'arg I == gate_fd' "
                           "or 'arg I != gate_fd'")
            return SeccompPin(arg, None, op, [SECCOMP_GATE_FD_PLACEHOLDER],
                              True, text, pl.lineno, pl.doc)
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
        if op == "<=" and values[0] >= full:
            self.error(pl.lineno, "pin is always true")
        if op == "in" and len(values) == full + 1:
            self.error(pl.lineno, "pin is always true")
        return SeccompPin(arg, mask, op, values, False, text, pl.lineno,
                          pl.doc)

    def check_seccomp(self):
        abi = self.abi
        if not abi.seccomp_arches and not abi.seccomp_allows:
            return  # no allow-list: the generated header is an #error
        if not abi.seccomp_allows:
            self.error(abi.seccomp_arches[0].lineno, "seccomp_arch without "
                       "any seccomp_allow")
        gate = [(a, p) for a in abi.seccomp_allows for p in a.pins
                if p.gate_fd and p.op == "=="]
        if len(gate) != 1:
            lineno = (gate[1][1].lineno if len(gate) > 1
                      else abi.seccomp_allows[0].lineno)
            self.error(lineno, "exactly one seccomp pin must be "
                       "'== gate_fd', found %d" % len(gate))
        for a in abi.seccomp_arches:
            try:
                seccomp_program(abi, a)
            except SeccompError as e:
                self.error(e.lineno, e.message)

    # -- semantic checks ----------------------------------------------------

    def resolve(self):
        abi = self.abi
        for ref, lineno in self.pending_types:
            if ref.name not in abi.types:
                self.error(lineno, "unknown type '%s'" % ref.name)
            ref.target = abi.types[ref.name]
        for t in abi.order:
            if isinstance(t, FunctionType):
                for p in t.params:
                    self.check_value_type(p.type, p.lineno, "parameter")
            elif isinstance(t, Struct):
                self.check_struct(t)
        # Global uniqueness of generated macro names.
        macros = {}
        for t in abi.int_types():
            for v in t.values:
                m = t.macro(v)
                if m in macros and macros[m][0] != v.value:
                    self.error(v.lineno, "macro %s clashes with line %d"
                               % (m, macros[m][1]))
                if m in macros:
                    self.error(v.lineno, "duplicate macro name %s (line %d)"
                               % (m, macros[m][1]))
                macros[m] = (v.value, v.lineno)
        self.layout_all()
        self.check_syscalls()
        self.check_seccomp()

    def check_value_type(self, t, lineno, what):
        """A type usable by value (parameter, member, out value)."""
        if t.kind == "void":
            self.error(lineno, "void %s" % what)
        if t.kind == "named" and isinstance(t.target, FunctionType):
            self.error(lineno, "function type '%s' can only be used behind "
                       "a pointer" % t.name)
        if t.kind in ("ptr", "range"):
            e = t.elem
            if t.atomic and not e.is_integer():
                self.error(lineno, "atomic pointee must be an integer type")
            if t.kind == "range" and e.kind == "named" and \
                    isinstance(e.target, FunctionType):
                self.error(lineno, "range of function type")
        if t.kind == "array":
            if t.elem.kind not in ("int", "char") and not t.elem.is_integer():
                self.error(lineno, "array element must be an integer type")

    def check_struct(self, s):
        def members():
            for item in s.items:
                if isinstance(item, Member):
                    yield item
                else:
                    yield item.tag
                    for arm in item.arms:
                        if isinstance(arm.item, Member):
                            yield arm.item
                        else:
                            yield from arm.item.members
        for m in members():
            self.check_value_type(m.type, m.lineno, "member")
        for item in s.items:
            if not isinstance(item, Union):
                continue
            tt = item.tag.type
            if not (tt.kind == "named" and isinstance(tt.target, IntType) and
                    tt.target.kind == "enum"):
                self.error(item.lineno, "union tag '%s' must have an enum "
                           "type" % item.tag.name)
            seen = {}
            for arm in item.arms:
                for v in arm.values:
                    try:
                        tt.target.value(v)
                    except KeyError:
                        self.error(arm.lineno, "'%s' is not a value of %s"
                                   % (v, tt.target.name))
                    if v in seen:
                        self.error(arm.lineno, "value '%s' already selects "
                                   "the arm at line %d" % (v, seen[v]))
                    seen[v] = arm.lineno

    def check_syscalls(self):
        abi = self.abi
        ordered = sorted(s.name for s in abi.syscalls)
        for s in abi.syscalls:
            want = ordered.index(s.name)
            if s.nr != want:
                self.error(s.lineno, "bad value: syscall '%s' must have "
                           "number %d (index in sorted names), not %d"
                           % (s.name, want, s.nr))
            for p in s.ins:
                self.check_value_type(p.type, p.lineno, "parameter")
                t = p.type
                if t.kind == "array":
                    self.error(p.lineno, "arrays cannot be parameters")
                if t.kind in ("ptr", "range") and t.elem.kind == "named" and \
                        isinstance(t.elem.target, FunctionType):
                    self.error(p.lineno, "function pointer parameters are "
                               "not supported")
                if t.is_struct():
                    for f in t.target.items:
                        if not (isinstance(f, Member) and
                                f.type.is_integer()):
                            self.error(p.lineno, "struct '%s' passed by "
                                       "value must contain only integers"
                                       % t.name)
                for a in p.allowed:
                    if not (t.kind == "named" and
                            isinstance(t.target, IntType) and
                            t.target.kind in ("enum", "flags")):
                        self.error(p.lineno, "allowed= needs an enum or "
                                   "flags type")
                    try:
                        t.target.value(a)
                    except KeyError:
                        self.error(p.lineno, "'%s' is not a value of %s"
                                   % (a, t.name))
            for p in s.outs:
                t = p.type
                ok = t.is_integer() or (t.kind == "ptr" and
                                        t.elem.kind == "void" and
                                        not t.const and not t.atomic)
                if not ok:
                    self.error(p.lineno, "an out parameter must be an "
                               "integer type or 'ptr void'")
        for s in abi.syscalls:
            if s.gate:
                try:
                    gate_layout(s)
                except GateError as e:
                    self.error(e.lineno, e.message)
        seen = {}
        for s in abi.syscalls:
            if s.nr in seen:
                self.error(s.lineno, "duplicate syscall number %d" % s.nr)
            seen[s.nr] = s

    # -- layout ---------------------------------------------------------------

    def layout_all(self):
        for s in self.abi.structs():
            self.layout_struct(s, set())

    def size_align(self, t, lineno, stack):
        k = t.kind
        if k == "int":
            n = INT_TYPES[t.name][0]
            return n, n
        if k == "size":
            return 8, 8
        if k == "char":
            return 1, 1
        if k in ("ptr",):
            return 8, 8
        if k == "range":
            return 16, 8
        if k == "array":
            sz, al = self.size_align(t.elem, lineno, stack)
            return sz * t.count, al
        if k == "named":
            tgt = t.target
            if isinstance(tgt, IntType):
                return tgt.size, tgt.size
            if isinstance(tgt, Struct):
                self.layout_struct(tgt, stack)
                return tgt.size, tgt.align
        self.error(lineno, "type '%s' has no size" % t.spec_text())

    def layout_struct(self, s, stack):
        if s.size is not None:
            return
        if s.name in stack:
            self.error(s.lineno, "struct '%s' contains itself" % s.name)
        stack = stack | {s.name}
        fields = []

        def lay_members(members, start, prefix):
            off = start
            align = 1
            for m in members:
                sz, al = self.size_align(m.type, m.lineno, stack)
                off = _align_up(off, al)
                self.check_offset(m, off)
                if m.type.kind == "range":
                    fields.append((prefix + m.name, off, 8))
                    fields.append((prefix + m.name + "_len", off + 8, 8))
                else:
                    fields.append((prefix + m.name, off, sz))
                off += sz
                align = max(align, al)
            return off, align

        off = 0
        align = 1
        for item in s.items:
            if isinstance(item, Member):
                end, al = lay_members([item], off, "")
                off = end
                align = max(align, al)
                continue
            # Union: alignment is the maximum over all arms.
            ualign = 1
            arm_info = []
            for arm in item.arms:
                if isinstance(arm.item, Member):
                    sz, al = self.size_align(arm.item.type, arm.item.lineno,
                                             stack)
                else:
                    al = 1
                    for m in arm.item.members:
                        al = max(al, self.size_align(m.type, m.lineno,
                                                     stack)[1])
                arm_info.append(al)
                ualign = max(ualign, al)
            base = _align_up(off, ualign)
            usize = 0
            for arm in item.arms:
                if isinstance(arm.item, Member):
                    end, al = lay_members([arm.item], base, "")
                else:
                    end, al = lay_members(arm.item.members, base,
                                          arm.item.name + ".")
                    end = _align_up(end, al)
                usize = max(usize, end - base)
            off = base + _align_up(usize, ualign)
            align = max(align, ualign)
        size = _align_up(off, align)
        if size != s.decl_size:
            self.error(s.lineno, "bad value: struct '%s' has size %d, not "
                       "size=%d" % (s.name, size, s.decl_size))
        if align != s.decl_align:
            self.error(s.lineno, "bad value: struct '%s' has alignment %d, "
                       "not align=%d" % (s.name, align, s.decl_align))
        s.size = size
        s.align = align
        s.fields = fields

    def check_offset(self, m, off):
        if m.offset != off:
            self.error(m.lineno, "bad value: member '%s' is at offset %d, "
                       "not @%d" % (m.name, off, m.offset))


def _align_up(n, a):
    return (n + a - 1) // a * a


def parse_text(text, filename="<spec>"):
    return Parser(text, filename).parse()


def parse_file(path):
    with open(path, "r", encoding="utf-8") as f:
        return parse_text(f.read(), path)


# ---------------------------------------------------------------------------
# C rendering helpers
# ---------------------------------------------------------------------------

def ctype(t):
    """Userspace C type of a scalar/named TypeRef (not ptr/range/array)."""
    if t.kind == "int":
        return t.name + "_t"
    if t.kind == "size":
        return "size_t"
    if t.kind in ("char", "void"):
        return t.name
    if t.kind == "named":
        return "cloudabi_%s_t" % t.name
    raise ValueError(t)


def pointee(t):
    """C text of the pointee of a ptr/range TypeRef."""
    base = ctype(t.elem)
    if t.atomic:
        base = "_Atomic(%s)" % base
    if t.const:
        base = "const " + base
    return base


def c_decl(t, name):
    """Userspace C declarator(s) for a member or parameter.

    Returns a list (ranges expand to pointer + length)."""
    if t.kind == "ptr":
        return ["%s *%s" % (pointee(t), name)]
    if t.kind == "range":
        return ["%s *%s" % (pointee(t), name), "size_t %s_len" % name]
    if t.kind == "array":
        return ["%s %s[%d]" % (ctype(t.elem), name, t.count)]
    return ["%s %s" % (ctype(t), name)]


def out_decl(p):
    t = p.type
    if t.kind == "ptr":
        return "void **%s" % p.name
    return "%s *%s" % (ctype(t), p.name)


def c_params(sc):
    args = []
    for p in sc.ins:
        args.extend(c_decl(p.type, p.name))
    for p in sc.outs:
        args.append(out_decl(p))
    return args or ["void"]


def _width(s):
    """Display width of a line with 8-column tabs."""
    col = 0
    for ch in s:
        col = (col // 8 + 1) * 8 if ch == "\t" else col + 1
    return col


def _indent_to(col):
    return "\t" * (col // 8) + " " * (col % 8)


def wrap_call(head, args, tail, indent="", limit=80):
    """Format 'head(arg, arg...)tail', wrapping at `limit` columns with
    continuation lines aligned after the opening parenthesis."""
    one = "%s%s(%s)%s" % (indent, head, ", ".join(args), tail)
    if _width(one) <= limit:
        return [one]
    first = "%s%s(" % (indent, head)
    cont = _indent_to(_width(first))
    lines = []
    cur = first
    for i, a in enumerate(args):
        piece = a + (", " if i + 1 < len(args) else ")" + tail)
        if cur not in (first, cont) and \
                _width(cur + piece.rstrip()) > limit:
            lines.append(cur.rstrip())
            cur = cont
        cur += piece
    lines.append(cur.rstrip())
    return lines


def align_defines(pairs, indent=""):
    """#define lines with values aligned on a tab stop."""
    if not pairs:
        return []
    width = max(_width("%s#define %s" % (indent, n)) for n, _ in pairs)
    col = (width // 8 + 1) * 8
    out = []
    for n, v in pairs:
        left = "%s#define %s" % (indent, n)
        tabs = (col - _width(left) + 7) // 8
        out.append(left + "\t" * max(tabs, 1) + v)
    return out


def macro_lines(lines, col=72):
    """Multi-line macro body with the backslashes on a tab stop."""
    out = []
    for line in lines[:-1]:
        tabs = max(1, (col - _width(line) + 7) // 8)
        out.append(line + "\t" * tabs + "\\")
    out.append(lines[-1])
    return out


def c_comment(text, indent=""):
    one = "%s/* %s */" % (indent, text)
    if _width(one) <= 80:
        return [one]
    width = 80 - _width(indent + " * ")
    return ([indent + "/*"] +
            [indent + " * " + l for l in textwrap.wrap(text, width)] +
            [indent + " */"])


def static_assert_lines(kw, cond, msg):
    return wrap_call(kw, [cond, '"%s"' % msg], ";")


def generated_note(style="c"):
    text = ("Generated by %s from %s; do not edit."
            % (GENERATOR_PATH, SPEC_PATH))
    if style == "c":
        return "/* %s */" % text
    return "# %s" % text


def int_literal(t, value):
    """Flags and opaque values in full-width hex, enums in decimal."""
    if t.kind in ("flags", "opaque"):
        text = "0x%0*x" % (t.size * 2, value)
    else:
        text = "%d" % value
    return text + ("ULL" if t.size == 8 else "U")


# ---------------------------------------------------------------------------
# Output: include/uapi/cloudabi/cloudabi_types.h
# ---------------------------------------------------------------------------

def _struct_deps(abi, obj):
    deps = []

    def visit(t):
        if t is None:
            return
        if t.kind == "named" and isinstance(t.target, (Struct, FunctionType)):
            deps.append(t.target)
        if t.elem is not None:
            visit(t.elem)

    if isinstance(obj, FunctionType):
        for p in obj.params:
            visit(p.type)
    else:
        for item in obj.items:
            if isinstance(item, Member):
                visit(item.type)
            else:
                for arm in item.arms:
                    if isinstance(arm.item, Member):
                        visit(arm.item.type)
                    else:
                        for m in arm.item.members:
                            visit(m.type)
    return deps


def compound_order(abi):
    """Structs and function types, dependencies first, else spec order."""
    done, order, active = set(), [], set()

    def visit(obj):
        if obj.name in done:
            return
        if obj.name in active:
            raise SpecError(abi.filename, obj.lineno,
                            "circular type dependency involving '%s'"
                            % obj.name)
        active.add(obj.name)
        for d in _struct_deps(abi, obj):
            visit(d)
        active.discard(obj.name)
        done.add(obj.name)
        order.append(obj)

    for obj in abi.order:
        if isinstance(obj, (Struct, FunctionType)):
            visit(obj)
    return order


def _ptr_member(t, name, indent):
    decl = "CLOUDABI_PTR(%s) %s;" % (pointee(t), name)
    one = "%s_Alignas(8) %s" % (indent, decl)
    if _width(one) <= 80:
        return [one]
    return ["%s_Alignas(8)" % indent, indent + decl]


def _member_lines(m, indent):
    t = m.type
    if t.kind == "ptr":
        return _ptr_member(t, m.name, indent)
    if t.kind == "range":
        return _ptr_member(t, m.name, indent) + \
            ["%ssize_t %s_len;" % (indent, m.name)]
    return ["%s%s;" % (indent, d) for d in c_decl(t, m.name)]


def gen_types_h(abi):
    o = ["/* SPDX-License-Identifier: MIT */", generated_note(),
         "/*",
         " * CloudABI data types, 64-bit layout (x86-64, arm64).",
         " *",
         " * In the kernel (__KERNEL__) pointer members are plain uint64_t",
         " * user addresses; in userspace they are real pointers.",
         " */",
         "#ifndef _UAPI_CLOUDABI_TYPES_H",
         "#define _UAPI_CLOUDABI_TYPES_H",
         "",
         "#ifdef __KERNEL__",
         "#include <linux/stddef.h>",
         "#include <linux/types.h>",
         "#define CLOUDABI_PTR(type)\tuint64_t",
         "#else",
         "#include <stddef.h>",
         "#include <stdint.h>",
         "#define CLOUDABI_PTR(type)\ttype *",
         "#endif",
         "",
         "_Static_assert(sizeof(void *) == 8, "
         "\"CloudABI: 64-bit targets only\");",
         ""]
    for t in abi.int_types():
        o.append("/* %s %s: %s */" % (t.kind, t.name, t.doc) if t.doc
                 else "/* %s %s */" % (t.kind, t.name))
        o.append("typedef %s_t cloudabi_%s_t;" % (t.inttype, t.name))
        pairs = [(t.macro(v), int_literal(t, v.value)) for v in t.values]
        if t.kind == "flags":
            mask = 0
            for v in t.values:
                mask |= v.value
            pairs.append(("CLOUDABI_ALL_%s" % t.name.upper(),
                          int_literal(t, mask)))
        o.extend(align_defines(pairs))
        o.append("")
    for obj in compound_order(abi):
        if isinstance(obj, FunctionType):
            o.append("/* %s */" % obj.doc if obj.doc else
                     "/* function type %s */" % obj.name)
            args = []
            for p in obj.params:
                args.extend(c_decl(p.type, p.name))
            o.extend(wrap_call("typedef void cloudabi_%s_t" % obj.name,
                               args or ["void"], ";"))
            o.append("")
            continue
        o.extend(_gen_struct(obj))
    o.append("#endif /* _UAPI_CLOUDABI_TYPES_H */")
    return "\n".join(o) + "\n"


def _gen_struct(s):
    cname = "cloudabi_%s_t" % s.name
    o = []
    if s.doc:
        o.append("/* %s */" % s.doc)
    o.append("typedef struct {")
    for item in s.items:
        if isinstance(item, Member):
            o.extend(_member_lines(item, "\t"))
            continue
        o.append("\tunion {")
        for arm in item.arms:
            o.extend(c_comment("%s == %s" % (item.tag.name,
                                             " || ".join(arm.values)),
                               "\t\t"))
            if isinstance(arm.item, Member):
                o.extend(_member_lines(arm.item, "\t\t"))
            else:
                o.append("\t\tstruct {")
                for m in arm.item.members:
                    o.extend(_member_lines(m, "\t\t\t"))
                o.append("\t\t} %s;" % arm.item.name)
        o.append("\t};")
    o.append("} %s;" % cname)
    o.extend(static_assert_lines("_Static_assert",
                                 "sizeof(%s) == %d" % (cname, s.size),
                                 "%s: size" % cname))
    o.extend(static_assert_lines("_Static_assert",
                                 "_Alignof(%s) == %d" % (cname, s.align),
                                 "%s: alignment" % cname))
    for path, off, _ in s.fields:
        o.extend(static_assert_lines(
            "_Static_assert", "offsetof(%s, %s) == %d" % (cname, path, off),
            "%s: offset of %s" % (cname, path)))
    o.append("")
    return o


# ---------------------------------------------------------------------------
# Output: include/uapi/cloudabi/cloudabi_syscalls.h
# ---------------------------------------------------------------------------

def prototype(sc, name, tail=""):
    ret = "_Noreturn void" if sc.noreturn else "cloudabi_errno_t"
    return wrap_call("%s %s" % (ret, name), c_params(sc), tail)


def gen_syscalls_h(abi):
    o = ["/* SPDX-License-Identifier: MIT */", generated_note(),
         "/*",
         " * Prototypes of the CloudABI system calls as exported by the",
         " * vDSO (symbols cloudabi_sys_<name>). Userspace only.",
         " */",
         "#ifndef _UAPI_CLOUDABI_SYSCALLS_H",
         "#define _UAPI_CLOUDABI_SYSCALLS_H",
         "",
         "#ifndef __KERNEL__",
         "",
         '#include "cloudabi_types.h"',
         ""]
    for sc in abi.syscalls:
        o.append("/* %d: %s */" % (sc.nr, sc.doc) if sc.doc
                 else "/* %d */" % sc.nr)
        o.extend(prototype(sc, "cloudabi_sys_" + sc.name, ";"))
        o.append("")
    o.append("#endif /* !__KERNEL__ */")
    o.append("")
    o.append("#endif /* _UAPI_CLOUDABI_SYSCALLS_H */")
    return "\n".join(o) + "\n"


# ---------------------------------------------------------------------------
# Output: include/uapi/cloudabi/cloudabi_gate.h
# ---------------------------------------------------------------------------

class GateField:
    def __init__(self, name, ctype, offset, size, param=None, role=None,
                 member=None):
        self.name = name
        self.ctype = ctype
        self.offset = offset
        self.size = size
        self.param = param  # Param or None for padding
        self.role = role  # 'value', 'addr', 'len', 'member', 'out', 'pad'
        self.member = member  # struct member name for flattened structs

    def decl(self):
        if self.role == "pad":
            return "uint8_t %s[%d]" % (self.name, self.size)
        return "%s %s" % (self.ctype, self.name)


def _plain_int(t):
    """Plain <stdint.h> type of an integer TypeRef."""
    if t.kind == "size":
        return "uint64_t", 8
    if t.kind == "int":
        return t.name + "_t", INT_TYPES[t.name][0]
    return t.target.inttype + "_t", t.target.size


def gate_layout(sc):
    """Fields of struct cloudabi_gate_<name> with explicit padding.

    Returns (fields, size); fields include padding entries."""
    raw = []
    for p in sc.ins:
        t = p.type
        if t.kind == "ptr":
            raw.append((p.name, "uint64_t", 8, p, "addr", None))
        elif t.kind == "range":
            raw.append((p.name, "uint64_t", 8, p, "addr", None))
            raw.append((p.name + "_len", "uint64_t", 8, p, "len", None))
        elif t.is_struct():
            for m in t.target.items:
                c, n = _plain_int(m.type)
                raw.append(("%s_%s" % (p.name, m.name), c, n, p, "member",
                            m.name))
        else:
            c, n = _plain_int(t)
            raw.append((p.name, c, n, p, "value", None))
    for p in sc.outs:
        raw.append((p.name, "uint64_t", 8, p, "out", None))
    names = set()
    fields = []
    off = 0
    npad = 0
    for name, c, n, p, role, member in raw:
        if name in names:
            raise GateError(p.lineno, "gate field '%s' of %s is not unique"
                            % (name, sc.name))
        names.add(name)
        aligned = _align_up(off, n)
        if aligned != off:
            fields.append(GateField("__pad%d" % npad, "uint8_t", off,
                                    aligned - off, role="pad"))
            npad += 1
        fields.append(GateField(name, c, aligned, n, p, role, member))
        off = aligned + n
    size = _align_up(off, 8)
    if size != off:
        fields.append(GateField("__pad%d" % npad, "uint8_t", off, size - off,
                                role="pad"))
    return fields, size


def gate_padding_mask(sc):
    """Bit i set: byte i of the call's gate block is padding.

    The gate refuses a block whose padding is not zero, so that a field
    may later be added there without an old program meaning something."""
    if not gate_has_struct(sc):
        return 0
    fields, size = gate_layout(sc)
    if size > 64:
        raise GateError(sc.lineno, "gate block of %s exceeds 64 bytes"
                        % sc.name)
    mask = 0
    for f in fields:
        if f.role == "pad":
            mask |= ((1 << f.size) - 1) << f.offset
    return mask


def gate_syscalls(abi):
    return [s for s in abi.syscalls if s.gate]


def gate_has_struct(sc):
    return bool(sc.ins or sc.outs)


def ioc_encode(direction, magic, nr, size):
    """Linux asm-generic ioctl number: dir<<30 | size<<16 | type<<8 | nr."""
    if size >= (1 << 14):
        raise ValueError("ioctl argument too large")
    return (direction << 30) | (size << 16) | (magic << 8) | nr


def gate_command(sc):
    if gate_has_struct(sc):
        return ioc_encode(1, GATE_IOC_MAGIC, sc.nr, gate_layout(sc)[1])
    return ioc_encode(0, GATE_IOC_MAGIC, sc.nr, 0)


def gen_gate_h(abi):
    o = ["/* SPDX-License-Identifier: MIT */", generated_note(),
         "/*",
         " * Interface between the CloudABI vDSO and the kernel module: the",
         " * vDSO packs a system call's arguments into struct",
         " * cloudabi_gate_<name> and issues command CLOUDABI_GATE_<NAME>.",
         " * Out parameters are passed as user addresses where the module",
         " * stores the results.",
         " */",
         "#ifndef _UAPI_CLOUDABI_GATE_H",
         "#define _UAPI_CLOUDABI_GATE_H",
         "",
         '#include "cloudabi_types.h"',
         ""]
    o.extend(align_defines([
        ("CLOUDABI_GATE_IOC_MAGIC", "0x%02X" % GATE_IOC_MAGIC),
        ("CLOUDABI_GATE_NSYSCALLS", "%d" % len(abi.syscalls))]))
    o.append("")
    o.append("/* System call numbers (index in the sorted list of names). */")
    o.extend(align_defines([("CLOUDABI_NR_%s" % s.name.upper(), "%d" % s.nr)
                            for s in abi.syscalls]))
    o.append("")
    for sc in gate_syscalls(abi):
        sname = "struct cloudabi_gate_%s" % sc.name
        cmd = gate_command(sc)
        if gate_has_struct(sc):
            fields, size = gate_layout(sc)
            o.append("%s {" % sname)
            for f in fields:
                o.append("\t%s;" % f.decl())
            o.append("};")
            o.extend(static_assert_lines("_Static_assert",
                                         "sizeof(%s) == %d" % (sname, size),
                                         "%s: size" % sname))
            for f in fields:
                o.extend(static_assert_lines(
                    "_Static_assert",
                    "offsetof(%s, %s) == %d" % (sname, f.name, f.offset),
                    "%s: offset of %s" % (sname, f.name)))
            o.append("/* _IOW(CLOUDABI_GATE_IOC_MAGIC, %d, %s) */"
                     % (sc.nr, sname))
        else:
            o.append("/* _IO(CLOUDABI_GATE_IOC_MAGIC, %d) */" % sc.nr)
        o.extend(align_defines([("CLOUDABI_GATE_%s" % sc.name.upper(),
                                 "0x%08XU" % cmd)]))
        o.append("")
    o.append("#endif /* _UAPI_CLOUDABI_GATE_H */")
    return "\n".join(o) + "\n"


# ---------------------------------------------------------------------------
# Output: module/generated/syscall_table.{h,c}
# ---------------------------------------------------------------------------

def kernel_out_ctype(p):
    t = p.type
    if t.kind == "ptr":
        return "uint64_t"
    return ctype(t)


def handler_args(sc):
    args = []
    if gate_has_struct(sc):
        args.append("const struct cloudabi_gate_%s *args" % sc.name)
    if sc.outs:
        args.append("struct cloudabi_result_%s *res" % sc.name)
    return args or ["void"]


def gen_syscall_table_h(abi):
    o = ["/* SPDX-License-Identifier: GPL-2.0 */", generated_note(),
         "/*",
         " * Handlers of the gate system calls, implemented by the module.",
         " * A handler returns 0 or a negative Linux errno; on success the",
         " * gate copies each result value to the user address given in",
         " * the argument block.",
         " */",
         "#ifndef CLOUDABI_MODULE_GENERATED_SYSCALL_TABLE_H",
         "#define CLOUDABI_MODULE_GENERATED_SYSCALL_TABLE_H",
         "",
         "#include <linux/types.h>",
         "",
         '#include "../../include/uapi/cloudabi/cloudabi_gate.h"',
         ""]
    for sc in gate_syscalls(abi):
        if sc.outs:
            o.append("struct cloudabi_result_%s {" % sc.name)
            for p in sc.outs:
                o.append("\t%s %s;" % (kernel_out_ctype(p), p.name))
            o.append("};")
            o.append("")
    for sc in gate_syscalls(abi):
        lines = wrap_call("long cloudabi_sys_%s" % sc.name, handler_args(sc),
                          ";")
        o.extend(lines)
    o.append("")
    o.append("#endif /* CLOUDABI_MODULE_GENERATED_SYSCALL_TABLE_H */")
    return "\n".join(o) + "\n"


def gen_syscall_table_c(abi):
    o = ["// SPDX-License-Identifier: GPL-2.0", generated_note(),
         "#include <linux/build_bug.h>",
         "#include <linux/ioctl.h>",
         "#include <linux/stddef.h>",
         "#include <linux/types.h>",
         "",
         '#include "../../include/uapi/cloudabi/cloudabi_gate.h"',
         '#include "../syscall.h"',
         '#include "syscall_table.h"',
         "",
         "/* One entry of cloudabi_syscall.results[]. */"]
    o.extend(macro_lines([
        "#define CLOUDABI_RESULT(sc, fld)",
        "\t{",
        "\t\t.user_ptr_offset =",
        "\t\t\toffsetof(struct cloudabi_gate_##sc, fld),",
        "\t\t.value_offset =",
        "\t\t\toffsetof(struct cloudabi_result_##sc, fld),",
        "\t\t.size =",
        "\t\t\tsizeof_field(struct cloudabi_result_##sc, fld),",
        "\t}"]))
    o += ["",
         "/* Pin the command literals to the kernel's ioctl encoding. */"]
    gates = gate_syscalls(abi)
    for sc in gates:
        if gate_has_struct(sc):
            head, args = "_IOW", ["CLOUDABI_GATE_IOC_MAGIC", "%d" % sc.nr,
                                  "struct cloudabi_gate_%s" % sc.name]
        else:
            head, args = "_IO", ["CLOUDABI_GATE_IOC_MAGIC", "%d" % sc.nr]
        o.append("static_assert(CLOUDABI_GATE_%s ==" % sc.name.upper())
        o.extend(wrap_call(head, args, ");", indent=_indent_to(14)))
    o.append("")
    for sc in gates:
        has_args = gate_has_struct(sc)
        a = "const void *args" + ("" if has_args else " __always_unused")
        r = "void *res" + ("" if sc.outs else " __always_unused")
        o.extend(wrap_call("static long call_%s" % sc.name, [a, r], ""))
        o.append("{")
        call = []
        if has_args:
            call.append("args")
        if sc.outs:
            call.append("res")
        o.extend(wrap_call("return cloudabi_sys_%s" % sc.name, call, ";",
                           indent="\t"))
        o.append("}")
        o.append("")
    o.append("const struct cloudabi_syscall "
             "cloudabi_syscall_table[CLOUDABI_GATE_NSYSCALLS] = {")
    for sc in gates:
        gs = "struct cloudabi_gate_%s" % sc.name
        rs = "struct cloudabi_result_%s" % sc.name
        o.append("\t[CLOUDABI_NR_%s] = {" % sc.name.upper())
        o.append('\t\t.name = "%s",' % sc.name)
        o.append("\t\t.call = call_%s," % sc.name)
        o.append("\t\t.args_size = %s," % (
            "sizeof(%s)" % gs if gate_has_struct(sc) else "0"))
        o.append("\t\t.res_size = %s," % ("sizeof(%s)" % rs if sc.outs
                                          else "0"))
        o.append("\t\t.nresults = %d," % len(sc.outs))
        mask = gate_padding_mask(sc)
        if mask:
            o.append("\t\t.padding = 0x%xULL," % mask)
        if sc.outs:
            o.append("\t\t.results = {")
            for p in sc.outs:
                o.append("\t\t\tCLOUDABI_RESULT(%s, %s)," % (sc.name, p.name))
            o.append("\t\t},")
        o.append("\t},")
    o.append("};")
    return "\n".join(o) + "\n"


# ---------------------------------------------------------------------------
# Output: module/generated/errno_table.{h,c}
# ---------------------------------------------------------------------------

def errno_type(abi):
    return abi.types["errno"]


def gen_errno_table_h(abi):
    o = ["/* SPDX-License-Identifier: GPL-2.0 */", generated_note(),
         "#ifndef CLOUDABI_MODULE_GENERATED_ERRNO_TABLE_H",
         "#define CLOUDABI_MODULE_GENERATED_ERRNO_TABLE_H",
         "",
         "#include <linux/types.h>",
         "",
         "/* Largest Linux errno on x86-64 and arm64 (EHWPOISON). */"]
    o.extend(align_defines([("CLOUDABI_LINUX_ERRNO_MAX",
                             "%d" % LINUX_ERRNO_MAX)]))
    o.append("")
    o.append("/*")
    o.append(" * CloudABI errno for a positive Linux errno; 0 where there is")
    o.append(" * no counterpart. Indices above CLOUDABI_LINUX_ERRNO_MAX")
    o.append(" * (kernel-internal codes) are not covered.")
    o.append(" */")
    o.append("extern const u16 cloudabi_errno_from_linux"
             "[CLOUDABI_LINUX_ERRNO_MAX + 1];")
    o.append("")
    o.append("#endif /* CLOUDABI_MODULE_GENERATED_ERRNO_TABLE_H */")
    return "\n".join(o) + "\n"


def gen_errno_table_c(abi):
    et = errno_type(abi)
    mapped = [v for v in et.values if v.linux]
    o = ["// SPDX-License-Identifier: GPL-2.0", generated_note(),
         "#include <linux/build_bug.h>",
         "#include <linux/errno.h>",
         "#include <linux/types.h>",
         "",
         '#include "../../include/uapi/cloudabi/cloudabi_types.h"',
         '#include "errno_table.h"',
         ""]
    for v in mapped:
        o.append("static_assert(%s <= CLOUDABI_LINUX_ERRNO_MAX);" % v.linux)
    o.append("")
    o.append("const u16 cloudabi_errno_from_linux"
             "[CLOUDABI_LINUX_ERRNO_MAX + 1] = {")
    pairs = [("[%s]" % v.linux, "= %s," % et.macro(v)) for v in mapped]
    width = max(_width("\t" + a) for a, _ in pairs)
    col = (width // 8 + 1) * 8
    for a, b in pairs:
        left = "\t" + a
        o.append(left + "\t" * max(1, (col - _width(left) + 7) // 8) + b)
    o.append("};")
    return "\n".join(o) + "\n"


# ---------------------------------------------------------------------------
# Output: vdso/generated/{local.h,entries.c,exports.map}
# ---------------------------------------------------------------------------

HIDDEN = '__attribute__((visibility("hidden")))'


def gen_vdso_local_h(abi):
    o = ["/* SPDX-License-Identifier: MIT */", generated_note(),
         "/*",
         " * Functions the vDSO implements locally (vdso_<name>, same",
         " * prototype as the system call) and the gate entry.",
         " */",
         "#ifndef CLOUDABI_VDSO_GENERATED_LOCAL_H",
         "#define CLOUDABI_VDSO_GENERATED_LOCAL_H",
         "",
         "#include <cloudabi_types.h>",
         "",
         HIDDEN,
         "cloudabi_errno_t cloudabi_vdso_gate(unsigned int cmd, void *args);",
         ""]
    for sc in abi.syscalls:
        if sc.vdso is None:
            continue
        o.append(HIDDEN)
        o.extend(prototype(sc, sc.vdso, ";"))
        o.append("")
    o.append("#endif /* CLOUDABI_VDSO_GENERATED_LOCAL_H */")
    return "\n".join(o) + "\n"


def _gate_init(f):
    p = f.param
    if f.role in ("addr", "out"):
        return "(uint64_t)(uintptr_t)%s" % p.name
    if f.role == "len":
        return "%s_len" % p.name
    if f.role == "member":
        return "%s.%s" % (p.name, f.member)
    return p.name


def gen_vdso_entries_c(abi):
    o = ["/* SPDX-License-Identifier: MIT */", generated_note(),
         "/* Exported vDSO entry points, one per CloudABI system call. */",
         "#include <stddef.h>",
         "#include <stdint.h>",
         "",
         "#include <cloudabi_syscalls.h>",
         "#include <cloudabi_gate.h>",
         "",
         '#include "local.h"',
         ""]
    for sc in abi.syscalls:
        o.extend(prototype(sc, "cloudabi_sys_" + sc.name))
        o.append("{")
        if sc.vdso is not None:
            args = []
            for p in sc.ins:
                args.append(p.name)
                if p.type.kind == "range":
                    args.append(p.name + "_len")
            args += [p.name for p in sc.outs]
            if sc.noreturn:
                o.extend(wrap_call(sc.vdso, args, ";", indent="\t"))
            else:
                o.extend(wrap_call("return " + sc.vdso, args, ";",
                                   indent="\t"))
        elif gate_has_struct(sc):
            fields, _ = gate_layout(sc)
            o.append("\tstruct cloudabi_gate_%s args = {" % sc.name)
            for f in fields:
                if f.role == "pad":
                    continue
                o.append("\t\t.%s = %s," % (f.name, _gate_init(f)))
            o.append("\t};")
            o.append("")
            o.append("\treturn cloudabi_vdso_gate(CLOUDABI_GATE_%s, &args);"
                     % sc.name.upper())
        else:
            o.append("\treturn cloudabi_vdso_gate(CLOUDABI_GATE_%s, NULL);"
                     % sc.name.upper())
        o.append("}")
        o.append("")
    return "\n".join(o).rstrip("\n") + "\n"


def gen_vdso_exports_map(abi):
    o = [generated_note(), "{", "\tglobal:"]
    for sc in sorted(abi.syscalls, key=lambda s: s.name):
        o.append("\t\tcloudabi_sys_%s;" % sc.name)
    o.extend(["\tlocal:", "\t\t*;", "};"])
    return "\n".join(o) + "\n"


def gen_syscall_names_h(abi):
    """X-macro list of the system calls, for test programs that check
    every one of them (define SYSCALL(name) before including it)."""
    o = ["/* SPDX-License-Identifier: GPL-2.0 */", generated_note()]
    for sc in sorted(abi.syscalls, key=lambda s: s.nr):
        o.append("SYSCALL(%s)" % sc.name)
    return "\n".join(o) + "\n"


def gen_rights_names_h(abi):
    """Name and value of every right, for programs that take rights by
    name (the launcher); define RIGHT(name, macro) before including it."""
    o = ["/* SPDX-License-Identifier: GPL-2.0 */", generated_note()]
    rights = abi.types.get("rights")
    for v in rights.values if rights else []:
        o.append("RIGHT(%s, %s)" % (v.name, rights.macro(v)))
    return "\n".join(o) + "\n"


# ---------------------------------------------------------------------------
# Output: vdso/generated/seccomp_filter.h
# ---------------------------------------------------------------------------

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
SECCOMP_DATA_SIZE = 64


def seccomp_data_arg_lo(i):
    """Offset of the low 32 bits of seccomp_data.args[i]."""
    return 16 + 8 * i


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
    """The filter for one arch: insns, the index of the instruction whose
    k is the gate fd, and notes[i] = comments to print before insn i."""

    def __init__(self, arch, insns, gate_fd_insns, notes):
        self.arch = arch
        self.insns = insns
        # The ioctl's '== gate_fd' first, then any '!= gate_fd' pins.
        self.gate_fd_insn = gate_fd_insns[0]
        self.gate_fd_insns = gate_fd_insns
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
        return "A = args[%d] (low 32 bits)" % ((k - 16) // 8)
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

    state[0] is what A holds: ('arg', i, mask or None) or None.
    Returns the index of the gate fd instruction, if this pin has it."""
    ln = pin.lineno
    op, mask, values = pin.op, pin.mask, pin.values
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
            return None
        asm.insn(BPF_ALU_AND_K, mask, ln)
        state[0] = ("arg", pin.arg, mask)
    if op == "==":
        i = asm.insn(BPF_JMP_JEQ_K, values[0], ln, ok, "kill")
        return i if pin.gate_fd else None
    if op == "!=":
        i = asm.insn(BPF_JMP_JEQ_K, values[0], ln, "kill", ok)
        return i if pin.gate_fd else None
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
    return None


def seccomp_program(abi, arch):
    """Assemble the filter for `arch` (a SeccompArch or its name)."""
    if isinstance(arch, str):
        arch = [a for a in abi.seccomp_arches if a.name == arch][0]
    asm = _BpfAsm()
    asm.note("Kill any other ABI: seccomp_data.arch must be 0x%08X (%s)."
             % (arch.audit, arch.name))
    asm.insn(BPF_LD_W_ABS, SECCOMP_DATA_ARCH, arch.lineno)
    asm.insn(BPF_JMP_JEQ_K, arch.audit, arch.lineno, None, "kill")
    asm.insn(BPF_LD_W_ABS, SECCOMP_DATA_NR, arch.lineno)
    if arch.killbits:
        asm.note("Kill any nr with a bit of 0x%x set." % arch.killbits)
        asm.insn(BPF_JMP_JSET_K, arch.killbits, arch.lineno, "kill", None)
    gate = []
    for n, allow in enumerate(abi.seccomp_allows):
        nr = allow.nrs[arch.name]
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
            i = _compile_pin(asm, pin, "allow" if last else pin_end, state)
            if i is not None and pin.op == "==":
                gate.insert(0, i)
            elif i is not None:
                gate.append(i)
            if not last:
                asm.label(pin_end)
        asm.label(end)
    asm.note("Any other system call.")
    asm.label("kill")
    asm.insn(BPF_RET_K, SECCOMP_RET_KILL_PROCESS, arch.lineno)
    asm.label("allow")
    asm.insn(BPF_RET_K, SECCOMP_RET_ALLOW, arch.lineno)
    insns, notes = asm.finish(arch)
    if not gate:
        raise SeccompError(arch.lineno, "the filter for %s has no gate fd "
                           "instruction" % arch.name)
    return SeccompProgram(arch, insns, gate, notes)


def gen_seccomp_filter_h(abi):
    o = ["/* SPDX-License-Identifier: GPL-2.0 */", generated_note(),
         "/*",
         " * The seccomp filter the vDSO's start code installs before the",
         " * program's first instruction: classic BPF over struct",
         " * seccomp_data that kills the process on any Linux system call",
         " * outside the allow-list in abi/cloudabi.abi (only the low 32",
         " * bits of arguments are compared). The start code copies",
         " * vdso_seccomp_filter, stores the gate fd in the k of instruction",
         " * VDSO_SECCOMP_GATE_FD_INSN and installs the copy.",
         " */",
         "#ifndef CLOUDABI_VDSO_GENERATED_SECCOMP_FILTER_H",
         "#define CLOUDABI_VDSO_GENERATED_SECCOMP_FILTER_H",
         ""]
    if not abi.seccomp_allows:
        o += ['#error "abi/cloudabi.abi has no seccomp allow-list"', "",
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
    width = max(_width("#define %s" % n) for n, _, _ in BPF_OPCODES)
    col = (width // 8 + 1) * 8
    for name, value, text in BPF_OPCODES:
        left = "#define %s" % name
        o.append(left + "\t" * max(1, (col - _width(left) + 7) // 8) +
                 "0x%02x\t/* %s */" % (value, text))
    o.append("")
    o.append("/* seccomp actions (linux/seccomp.h) */")
    o.extend(align_defines([
        ("VDSO_SECCOMP_RET_KILL_PROCESS",
         "0x%08xU" % SECCOMP_RET_KILL_PROCESS),
        ("VDSO_SECCOMP_RET_ALLOW", "0x%08xU" % SECCOMP_RET_ALLOW)]))
    o.append("")
    o.append("/* k of the gate fd instruction until it is patched */")
    o.extend(align_defines([("VDSO_SECCOMP_GATE_FD_PLACEHOLDER",
                             "0x%08xU" % SECCOMP_GATE_FD_PLACEHOLDER)]))
    o.append("")
    names = {v: n for n, v, _ in BPF_OPCODES}
    for i, arch in enumerate(abi.seccomp_arches):
        prog = seccomp_program(abi, arch)
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
        col = (max(_width(a) for a, _ in rows) // 8 + 1) * 8
        for pc, (left, comment) in enumerate(rows):
            for note in prog.notes.get(pc, []):
                o.extend(c_comment(note, "\t"))
            o.append(left + "\t" * ((col - _width(left) + 7) // 8) + comment)
        o.append("};")
        o.append("")
        o.extend(align_defines([
            ("VDSO_SECCOMP_AUDIT_ARCH", "0x%08xU" % arch.audit),
            ("VDSO_SECCOMP_FILTER_LEN", "%d" % len(prog.insns)),
            ("VDSO_SECCOMP_GATE_FD_INSN", "%d" % prog.gate_fd_insn),
            ("VDSO_SECCOMP_GATE_FD_INSNS",
             "{ %s }" % ", ".join("%d" % i for i in prog.gate_fd_insns))]))
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


# ---------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------

OUTPUTS = [
    ("include/uapi/cloudabi/cloudabi_types.h", gen_types_h),
    ("include/uapi/cloudabi/cloudabi_syscalls.h", gen_syscalls_h),
    ("include/uapi/cloudabi/cloudabi_gate.h", gen_gate_h),
    ("module/generated/syscall_table.h", gen_syscall_table_h),
    ("module/generated/syscall_table.c", gen_syscall_table_c),
    ("module/generated/errno_table.h", gen_errno_table_h),
    ("module/generated/errno_table.c", gen_errno_table_c),
    ("vdso/generated/local.h", gen_vdso_local_h),
    ("vdso/generated/entries.c", gen_vdso_entries_c),
    ("vdso/generated/exports.map", gen_vdso_exports_map),
    ("qemu-tests/runtime/generated/syscall_names.h", gen_syscall_names_h),
    ("tools/cloudabi-run/generated/rights_names.h", gen_rights_names_h),
    ("vdso/generated/seccomp_filter.h", gen_seccomp_filter_h),
]


def validate_for_outputs(abi):
    """Checks that only matter to the generated code."""
    if "errno" not in abi.types or \
            not isinstance(abi.types["errno"], IntType):
        raise SpecError(abi.filename, 1, "the spec must define enum errno")


def generate(abi):
    """Return {relative path: content} for every output."""
    validate_for_outputs(abi)
    return {path: fn(abi) for path, fn in OUTPUTS}


def write_outputs(abi, outdir):
    files = generate(abi)
    for rel in sorted(files):
        path = os.path.join(outdir, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        tmp = path + ".tmp"
        with open(tmp, "w", encoding="utf-8", newline="\n") as f:
            f.write(files[rel])
        os.replace(tmp, path)
    return sorted(files)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--spec", default=SPEC_PATH, help="ABI spec file")
    ap.add_argument("--out", required=True, help="output root directory")
    args = ap.parse_args(argv)
    try:
        abi = parse_file(args.spec)
        write_outputs(abi, args.out)
    except SpecError as e:
        print("abigen: %s" % e, file=sys.stderr)
        return 1
    except OSError as e:
        print("abigen: %s" % e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
