"""The gate's argument blocks: layout, ioctl commands, cloudabi_gate.h."""

from .cemit import (align_defines, c_comment, generated_note,
                    static_assert_lines)
from .model import (align_up, GATE_EXT_BASE, GATE_IOC_MAGIC, GateError,
                    INT_TYPES)


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
        aligned = align_up(off, n)
        if aligned != off:
            fields.append(GateField("__pad%d" % npad, "uint8_t", off,
                                    aligned - off, role="pad"))
            npad += 1
        fields.append(GateField(name, c, aligned, n, p, role, member))
        off = aligned + n
    size = align_up(off, 8)
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


def _gate_block(sc):
    """struct cloudabi_gate_<name>, its layout asserts, its command."""
    o = []
    sname = "struct cloudabi_gate_%s" % sc.name
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
                             "0x%08XU" % gate_command(sc))]))
    o.append("")
    return o


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
        o.extend(_gate_block(sc))
    o.extend(c_comment("Gate commands that are no system call, numbered from "
                       "CLOUDABI_GATE_EXT_BASE in the same ioctl type: "
                       "steps a call needs that its argument list cannot "
                       "carry."))
    o.extend(align_defines([
        ("CLOUDABI_GATE_EXT_BASE", "0x%02X" % GATE_EXT_BASE),
        ("CLOUDABI_GATE_EXT_COUNT", "%d" % len(abi.commands))]))
    o.append("")
    for sc in abi.commands:
        o.extend(c_comment("%s: %s" % (sc.name, sc.doc)))
        o.extend(_gate_block(sc))
    o.append("#endif /* _UAPI_CLOUDABI_GATE_H */")
    return "\n".join(o) + "\n"


