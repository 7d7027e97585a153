"""Which file each emitter writes, and the command line."""

import argparse
import os
import sys

from .gate import gen_gate_h
from .gen_docs import gen_calls_md
from .gen_module import (gen_errno_table_c, gen_errno_table_h,
                         gen_syscall_table_c,
                         gen_syscall_table_h)
from .gen_names import gen_rights_names_h, gen_syscall_names_h
from .gen_uapi import gen_syscalls_h, gen_types_h
from .gen_vdso import (gen_vdso_entries_c, gen_vdso_errno_table_h,
                       gen_vdso_exports_map, gen_vdso_local_h)
from .model import POLICY_PATH, SPEC_PATH, IntType, SpecError
from .policy import parse_policy_file
from .seccomp import gen_seccomp_filter_h
from .spec_parser import parse_file

# Outputs of the ABI spec: each emitter takes the parsed Abi.
SPEC_OUTPUTS = [
    ("include/uapi/cloudabi/generated/cloudabi_types.h", gen_types_h),
    ("include/uapi/cloudabi/generated/cloudabi_syscalls.h", gen_syscalls_h),
    ("include/uapi/cloudabi/generated/cloudabi_gate.h", gen_gate_h),
    ("module/generated/syscall_table.h", gen_syscall_table_h),
    ("module/generated/syscall_table.c", gen_syscall_table_c),
    ("module/generated/errno_table.h", gen_errno_table_h),
    ("module/generated/errno_table.c", gen_errno_table_c),
    ("vdso/generated/local.h", gen_vdso_local_h),
    ("vdso/generated/entries.c", gen_vdso_entries_c),
    ("vdso/generated/exports.map", gen_vdso_exports_map),
    ("vdso/generated/errno_from_linux.h", gen_vdso_errno_table_h),
    ("qemu-tests/runtime/generated/syscall_names.h", gen_syscall_names_h),
    ("tools/cloudabi-run/generated/rights_names.h", gen_rights_names_h),
]

# Outputs of the seccomp policy: each emitter takes the parsed Policy.
POLICY_OUTPUTS = [
    ("vdso/generated/seccomp_filter.h", gen_seccomp_filter_h),
]

# Outputs of the spec read beside the tree it describes (root).
TREE_OUTPUTS = [
    ("docs/calls.md", gen_calls_md),
]

OUTPUTS = SPEC_OUTPUTS + POLICY_OUTPUTS + TREE_OUTPUTS


def validate_for_outputs(abi):
    """Checks that only matter to the generated code."""
    if "errno" not in abi.types or \
            not isinstance(abi.types["errno"], IntType):
        raise SpecError(abi.filename, 1, "the spec must define enum errno")


def generate(abi, policy, root=None):
    """Return {relative path: content} for every output; the tree's
    outputs only when root (the source tree) is given."""
    validate_for_outputs(abi)
    files = {path: fn(abi) for path, fn in SPEC_OUTPUTS}
    files.update({path: fn(policy) for path, fn in POLICY_OUTPUTS})
    if root is not None:
        files.update({path: fn(abi, root) for path, fn in TREE_OUTPUTS})
    return files


def write_outputs(files, outdir):
    for rel in sorted(files):
        path = os.path.join(outdir, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        tmp = path + ".tmp"
        with open(tmp, "w", encoding="utf-8", newline="\n") as f:
            f.write(files[rel])
        os.replace(tmp, path)
    return sorted(files)


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Generate C headers and tables from the ABI spec and "
        "the seccomp policy.")
    ap.add_argument("--spec", default=SPEC_PATH, help="ABI spec file")
    ap.add_argument("--policy", default=POLICY_PATH,
                    help="seccomp policy file")
    ap.add_argument("--tree", default=".",
                    help="source tree the call table describes")
    ap.add_argument("--out", required=True, help="output root directory")
    args = ap.parse_args(argv)
    try:
        files = generate(parse_file(args.spec),
                         parse_policy_file(args.policy), args.tree)
        write_outputs(files, args.out)
    except (SpecError, OSError) as e:
        print("abigen: %s" % e, file=sys.stderr)
        return 1
    return 0
