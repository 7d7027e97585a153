"""abigen: C headers and tables from the ABI spec and the seccomp policy.

Run: python3 scripts/abigen --spec abi/cloudabi.abi \\
         --policy policy/seccomp.policy --out DIR

  model.py        the spec's data model
  spec_parser.py  abi/cloudabi.abi to an Abi (format at the top of that file)
  spec_checks.py  its semantic checks and struct layout
  cemit.py        C rendering helpers shared by the emitters
  gen_uapi.py     include/uapi/cloudabi/generated/: types, prototypes
  gate.py         the gate's argument blocks and ioctl commands
  gen_module.py   the module's dispatch and errno tables
  gen_vdso.py     the vDSO's entry points and export map
  gen_names.py    name lists for the tests and the launcher
  gen_docs.py     docs/calls.md: each call, its side, handler file, tests
  policy.py       policy/seccomp.policy to a Policy
  seccomp.py      a Policy to the BPF filter the vDSO installs
  driver.py       which emitter writes which file; the command line

Standard library only.  The names below are the package's API (the tests
in scripts/tests use them).
"""

from .driver import OUTPUTS, generate, main, write_outputs  # noqa: F401
from .gate import (gate_command, gate_has_struct, gate_layout,  # noqa: F401
                   gate_syscalls, gen_gate_h)
from .gen_module import gen_syscall_table_c  # noqa: F401
from .gen_uapi import gen_syscalls_h, gen_types_h  # noqa: F401
from .gen_vdso import gen_vdso_entries_c  # noqa: F401
from .model import GATE_IOC_MAGIC, SpecError  # noqa: F401
from .policy import parse_policy_file, parse_policy_text  # noqa: F401
from .seccomp import (BPF_OPCODES, SECCOMP_PATH_PLACEHOLDER,  # noqa: F401
                      SECCOMP_SITE_PLACEHOLDER,
                      gen_seccomp_filter_h, seccomp_program)
from .spec_parser import parse_file, parse_text  # noqa: F401
