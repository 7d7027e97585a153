"""Semantic checks of a parsed spec and the 64-bit struct layout."""

from .gate import gate_layout
from .model import (align_up, FunctionType, GATE_EXT_BASE, GateError,
                    INT_TYPES, IntType, Member, Struct, Union)


class SpecChecks:
    """Semantic checks and the struct layout, run once parsing is done."""

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
        for i, s in enumerate(abi.commands):
            if s.nr != GATE_EXT_BASE + i:
                self.error(s.lineno, "bad value: command '%s' must have "
                           "number %d (0x%x plus its place), not %d"
                           % (s.name, GATE_EXT_BASE + i, GATE_EXT_BASE,
                              s.nr))
            if s.name in ordered:
                self.error(s.lineno, "command '%s' has a syscall's name"
                           % s.name)
        if GATE_EXT_BASE + len(abi.commands) > 0x100:
            self.error(abi.commands[-1].lineno, "too many commands")
        for s in abi.syscalls + abi.commands:
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
        for s in abi.syscalls + abi.commands:
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
                off = align_up(off, al)
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
            base = align_up(off, ualign)
            usize = 0
            for arm in item.arms:
                if isinstance(arm.item, Member):
                    end, al = lay_members([arm.item], base, "")
                else:
                    end, al = lay_members(arm.item.members, base,
                                          arm.item.name + ".")
                    end = align_up(end, al)
                usize = max(usize, end - base)
            off = base + align_up(usize, ualign)
            align = max(align, ualign)
        size = align_up(off, align)
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
