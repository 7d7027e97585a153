"""Emitters of vdso/generated/{local.h,entries.c,exports.map,errno_from_linux.h}."""

from .cemit import generated_note, wrap_call
from .gate import gate_has_struct, gate_layout
from .gen_uapi import prototype
from .model import LINUX_ERRNO_MAX, LINUX_ERRNO_VALUES, SpecError


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


def gen_vdso_errno_table_h(abi):
    """The module's errno table again, by number: the vDSO's own Linux
    calls (readv and writev among them) fail with any of these."""
    et = abi.types["errno"]
    entries = []
    for v in et.values:
        if not v.linux or v.linux == "none":
            continue
        if v.linux not in LINUX_ERRNO_VALUES:
            raise SpecError("no number for Linux errno %s" % v.linux)
        entries.append((LINUX_ERRNO_VALUES[v.linux], v.linux, et.macro(v)))
    o = ["/* SPDX-License-Identifier: MIT */", generated_note(),
         "/*",
         " * CloudABI errno for a positive Linux errno (x86-64 and arm64",
         " * share the numbers); 0 where there is no counterpart.",
         " */",
         "#ifndef CLOUDABI_VDSO_GENERATED_ERRNO_FROM_LINUX_H",
         "#define CLOUDABI_VDSO_GENERATED_ERRNO_FROM_LINUX_H",
         "",
         "#include <stdint.h>",
         "",
         "#include <cloudabi_types.h>",
         "",
         "#define VDSO_LINUX_ERRNO_MAX %d" % LINUX_ERRNO_MAX,
         "",
         "static const uint16_t vdso_errno_table[VDSO_LINUX_ERRNO_MAX + 1] = {"]
    for num, name, macro in sorted(entries):
        o.append("\t[%d] = %s,\t/* %s */" % (num, macro, name))
    o.append("};")
    o.append("")
    o.append("#endif /* CLOUDABI_VDSO_GENERATED_ERRNO_FROM_LINUX_H */")
    return "\n".join(o) + "\n"
