"""Emitters of module/generated/: syscall_table, errno_table."""

from .cemit import (align_defines, ctype, generated_note, indent_to,
                    macro_lines, text_width,
                    wrap_call)
from .gate import gate_has_struct, gate_padding_mask, gate_syscalls
from .model import LINUX_ERRNO_MAX


def kernel_out_ctype(p):
    t = p.type
    if t.kind == "ptr":
        return "uint64_t"
    return ctype(t)


def handler_name(abi, sc):
    """cloudabi_sys_<name> for a system call, cloudabi_cmd_<name> for a
    gate command that is none."""
    return ("cloudabi_cmd_%s" if sc in abi.commands else "cloudabi_sys_%s") \
        % sc.name


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
         '#include "../../include/uapi/cloudabi/generated/cloudabi_gate.h"',
         ""]
    entries = gate_syscalls(abi) + abi.commands
    for sc in entries:
        if sc.outs:
            o.append("struct cloudabi_result_%s {" % sc.name)
            for p in sc.outs:
                o.append("\t%s %s;" % (kernel_out_ctype(p), p.name))
            o.append("};")
            o.append("")
    for sc in entries:
        lines = wrap_call("long %s" % handler_name(abi, sc),
                          handler_args(sc), ";")
        o.extend(lines)
    o.append("")
    o.append("#endif /* CLOUDABI_MODULE_GENERATED_SYSCALL_TABLE_H */")
    return "\n".join(o) + "\n"


def _table_entry(sc, index):
    gs = "struct cloudabi_gate_%s" % sc.name
    rs = "struct cloudabi_result_%s" % sc.name
    o = ["\t[%s] = {" % index,
         '\t\t.name = "%s",' % sc.name,
         "\t\t.call = call_%s," % sc.name,
         "\t\t.args_size = %s," % ("sizeof(%s)" % gs if gate_has_struct(sc)
                                    else "0"),
         "\t\t.res_size = %s," % ("sizeof(%s)" % rs if sc.outs else "0"),
         "\t\t.nresults = %d," % len(sc.outs)]
    mask = gate_padding_mask(sc)
    if mask:
        o.append("\t\t.padding = 0x%xULL," % mask)
    if sc.outs:
        o.append("\t\t.results = {")
        for p in sc.outs:
            o.append("\t\t\tCLOUDABI_RESULT(%s, %s)," % (sc.name, p.name))
        o.append("\t\t},")
    o.append("\t},")
    return o


def gen_syscall_table_c(abi):
    o = ["// SPDX-License-Identifier: GPL-2.0", generated_note(),
         "#include <linux/build_bug.h>",
         "#include <linux/ioctl.h>",
         "#include <linux/stddef.h>",
         "#include <linux/types.h>",
         "",
         '#include "../../include/uapi/cloudabi/generated/cloudabi_gate.h"',
         '#include "../gate_table.h"',
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
    for sc in gates + abi.commands:
        if gate_has_struct(sc):
            head, args = "_IOW", ["CLOUDABI_GATE_IOC_MAGIC", "%d" % sc.nr,
                                  "struct cloudabi_gate_%s" % sc.name]
        else:
            head, args = "_IO", ["CLOUDABI_GATE_IOC_MAGIC", "%d" % sc.nr]
        o.append("static_assert(CLOUDABI_GATE_%s ==" % sc.name.upper())
        o.extend(wrap_call(head, args, ");", indent=indent_to(14)))
    o.append("")
    for sc in gates + abi.commands:
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
        o.extend(wrap_call("return %s" % handler_name(abi, sc), call, ";",
                           indent="\t"))
        o.append("}")
        o.append("")
    o.append("const struct cloudabi_syscall "
             "cloudabi_syscall_table[CLOUDABI_GATE_NSYSCALLS] = {")
    for sc in gates:
        o.extend(_table_entry(sc, "CLOUDABI_NR_%s" % sc.name.upper()))
    o.append("};")
    o.append("")
    o.append("const struct cloudabi_syscall "
             "cloudabi_gate_ext_table[CLOUDABI_GATE_EXT_COUNT] = {")
    for i, sc in enumerate(abi.commands):
        o.extend(_table_entry(sc, "%d" % i))
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
         '#include "../../include/uapi/cloudabi/generated/cloudabi_types.h"',
         '#include "errno_table.h"',
         ""]
    for v in mapped:
        o.append("static_assert(%s <= CLOUDABI_LINUX_ERRNO_MAX);" % v.linux)
    o.append("")
    o.append("const u16 cloudabi_errno_from_linux"
             "[CLOUDABI_LINUX_ERRNO_MAX + 1] = {")
    pairs = [("[%s]" % v.linux, "= %s," % et.macro(v)) for v in mapped]
    width = max(text_width("\t" + a) for a, _ in pairs)
    col = (width // 8 + 1) * 8
    for a, b in pairs:
        left = "\t" + a
        o.append(left + "\t" * max(1, (col - text_width(left) + 7) // 8) + b)
    o.append("};")
    return "\n".join(o) + "\n"
