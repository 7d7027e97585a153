"""Parser of abi/cloudabi.abi (format documented at the top of that file)."""

import re

from .model import (Abi, C_IDENT_RE, C_KEYWORDS, DOC_RE, FunctionType,
                    IDENT_RE, INT_KINDS, INT_TYPES, IntType, KEYWORDS,
                    LINUX_ERRNO_ALIASES, LINUX_ERRNO_RE, MAX_RESULTS, Member,
                    Param, PREFIX_RE, SpecError, Struct, StructArm, Syscall,
                    TypeRef, Union, UnionArm, Value, VALUE_NAME_RE)
from .spec_checks import SpecChecks


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


class LineParser:
    """What every file in this format shares: nesting, names, numbers."""

    def __init__(self, text, filename):
        self.filename = filename
        self.lines = _lex(text, filename)
        self.pos = 0

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


class Parser(LineParser, SpecChecks):
    """The ABI spec: types and system calls."""

    def __init__(self, text, filename):
        super().__init__(text, filename)
        self.abi = Abi(filename)
        self.pending_types = []  # (TypeRef, lineno) to resolve

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
            elif kw == "command":
                self.parse_command(line)
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
        words, attrs = self.split_attrs(line.tokens, line.lineno,
                                        {"vdso"})
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
        self.parse_params(s)
        if s.noreturn:
            if s.outs:
                self.error(line.lineno, "a noreturn syscall has no outs")
            if vdso is None:
                self.error(line.lineno, "a noreturn syscall needs vdso=FN")
        if gate and len(s.outs) > MAX_RESULTS:
            self.error(line.lineno, "a gate syscall has at most %d outs"
                       % MAX_RESULTS)
        self.abi.syscalls.append(s)

    def parse_command(self, line):
        """command NR NAME: a gate command that is no system call."""
        if len(line.tokens) != 3:
            self.error(line.lineno, "expected 'command NR NAME'")
        nr = self.number(line.tokens[1], line.lineno, "command number")
        name = self.ident(line.tokens[2], line.lineno, "command")
        if not line.doc:
            self.error(line.lineno, "command '%s' needs a description "
                       "(' -- ...')" % name)
        s = Syscall(nr, name, True, None, False, line.lineno, line.doc)
        self.parse_params(s)
        if len(s.outs) > MAX_RESULTS:
            self.error(line.lineno, "a gate command has at most %d outs"
                       % MAX_RESULTS)
        self.abi.commands.append(s)

    def parse_params(self, s):
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


def parse_text(text, filename="<spec>"):
    return Parser(text, filename).parse()


def parse_file(path):
    with open(path, "r", encoding="utf-8") as f:
        return parse_text(f.read(), path)
