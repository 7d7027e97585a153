"""Name lists for the test runtime and the launcher."""

from .cemit import generated_note


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
