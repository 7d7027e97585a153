"""The spec's data model: integer types, structs, functions, system calls."""

import re


SPEC_PATH = "abi/cloudabi.abi"
POLICY_PATH = "policy/seccomp.policy"
GENERATOR_PATH = "scripts/abigen"

# Linux errno numbers are 1..133 (EHWPOISON) on x86-64 and arm64.
LINUX_ERRNO_MAX = 133
# Names that are aliases of another Linux errno; never use them.
LINUX_ERRNO_ALIASES = {"EWOULDBLOCK", "EDEADLOCK", "ENOTSUP"}
# Their numbers, for the vDSO, which is built without kernel headers: the
# same on x86-64 and arm64 (asm-generic/errno*.h, part of the user ABI;
# scripts/tests/test_abigen.py compares them with the host's headers).
LINUX_ERRNO_VALUES = {
    "EPERM": 1, "ENOENT": 2, "ESRCH": 3, "EINTR": 4, "EIO": 5, "ENXIO": 6,
    "E2BIG": 7, "ENOEXEC": 8, "EBADF": 9, "ECHILD": 10, "EAGAIN": 11,
    "ENOMEM": 12, "EACCES": 13, "EFAULT": 14, "EBUSY": 16, "EEXIST": 17,
    "EXDEV": 18, "ENODEV": 19, "ENOTDIR": 20, "EISDIR": 21, "EINVAL": 22,
    "ENFILE": 23, "EMFILE": 24, "ENOTTY": 25, "ETXTBSY": 26, "EFBIG": 27,
    "ENOSPC": 28, "ESPIPE": 29, "EROFS": 30, "EMLINK": 31, "EPIPE": 32,
    "EDOM": 33, "ERANGE": 34, "EDEADLK": 35, "ENAMETOOLONG": 36,
    "ENOLCK": 37, "ENOSYS": 38, "ENOTEMPTY": 39, "ELOOP": 40, "ENOMSG": 42,
    "EIDRM": 43, "ENOLINK": 67, "EPROTO": 71, "EMULTIHOP": 72,
    "EBADMSG": 74, "EOVERFLOW": 75, "EILSEQ": 84, "ENOTSOCK": 88,
    "EDESTADDRREQ": 89, "EMSGSIZE": 90, "EPROTOTYPE": 91,
    "ENOPROTOOPT": 92, "EPROTONOSUPPORT": 93, "EOPNOTSUPP": 95,
    "EAFNOSUPPORT": 97, "EADDRINUSE": 98, "EADDRNOTAVAIL": 99,
    "ENETDOWN": 100, "ENETUNREACH": 101, "ENETRESET": 102,
    "ECONNABORTED": 103, "ECONNRESET": 104, "ENOBUFS": 105, "EISCONN": 106,
    "ENOTCONN": 107, "ETIMEDOUT": 110, "ECONNREFUSED": 111,
    "EHOSTUNREACH": 113, "EALREADY": 114, "EINPROGRESS": 115, "ESTALE": 116,
    "EDQUOT": 122, "ECANCELED": 125, "EOWNERDEAD": 130,
    "ENOTRECOVERABLE": 131,
}

GATE_IOC_MAGIC = 0xCA
# First ioctl number of the gate commands that are no system call.
GATE_EXT_BASE = 0x80
MAX_RESULTS = 2  # size of cloudabi_syscall.results[] in module/gate_table.h

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
        self.gate = gate  # the module implements it behind the gate
        self.vdso = vdso  # the vDSO function that implements it, or None
        self.noreturn = noreturn
        self.lineno = lineno
        self.doc = doc
        self.ins = []
        self.outs = []

    @property
    def params(self):
        return self.ins + self.outs


class Abi:
    def __init__(self, filename):
        self.filename = filename
        self.types = {}  # name -> IntType / FunctionType / Struct
        self.order = []  # declaration order of types
        self.syscalls = []
        # Gate commands that are no system call (CLOUDABI_GATE_EXT_BASE on):
        # Syscall objects with gate set, never in the vDSO's exports.
        self.commands = []

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


def align_up(n, a):
    return (n + a - 1) // a * a
