"""Emitters of include/uapi/cloudabi/generated/cloudabi_{types,syscalls}.h."""

from .cemit import (align_defines, c_comment, c_decl, c_params,
                    generated_note, int_literal, pointee, static_assert_lines,
                    text_width, wrap_call)
from .model import FunctionType, Member, SpecError, Struct


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
    if text_width(one) <= 80:
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
# Output: include/uapi/cloudabi/generated/cloudabi_syscalls.h
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


