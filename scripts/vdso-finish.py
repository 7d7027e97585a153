#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Finish and vet a freshly linked vDSO image.

Marks the image as CloudABI's (EI_OSABI 17) and refuses it unless it is
what the module can map as one read-only piece and what programs can use:
one PT_LOAD at its file offset and not writable, a PT_DYNAMIC with a SysV
DT_HASH (programs do not read DT_GNU_HASH), no dynamic relocations, and
exactly the 49 cloudabi_sys_* functions exported as GLOBAL FUNC DEFAULT.
"""
import argparse
import struct
import sys

ELFOSABI_CLOUDABI = 17
MACHINES = {"x86_64": 62, "arm64": 183}
PT_LOAD, PT_DYNAMIC = 1, 2
PF_W = 2
DT_NULL, DT_HASH, DT_STRTAB, DT_SYMTAB, DT_RELA, DT_REL = 0, 4, 5, 6, 7, 17
DT_RELR, DT_JMPREL, DT_TEXTREL, DT_NEEDED = 36, 23, 22, 1
DT_GNU_HASH = 0x6FFFFEF5
STB_GLOBAL, STT_FUNC, STV_DEFAULT = 1, 2, 0
NSYSCALLS = 49


def fail(msg):
    raise SystemExit("vdso-finish: " + msg)


def exported_syscalls(data, dyn):
    hash_off, strtab, symtab = dyn[DT_HASH], dyn[DT_STRTAB], dyn[DT_SYMTAB]
    _nbucket, nchain = struct.unpack_from("<II", data, hash_off)
    names = []
    for i in range(nchain):
        name, info, other, shndx, value, _size = struct.unpack_from(
            "<IBBHQQ", data, symtab + 24 * i)
        end = data.index(b"\0", strtab + name)
        sym = data[strtab + name:end].decode()
        if not sym.startswith("cloudabi_sys_"):
            continue
        if (info >> 4, info & 15, other & 3) != (STB_GLOBAL, STT_FUNC,
                                                 STV_DEFAULT) or shndx == 0:
            fail("%s is not an exported function" % sym)
        names.append(sym)
    return names


def vet(data, machine):
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        fail("not a little-endian ELF64 file")
    (e_type, e_machine, _v, _entry, e_phoff, _shoff, _flags, _ehsize,
     e_phentsize, e_phnum) = struct.unpack_from("<HHIQQQIHHH", data, 16)
    if e_type != 3 or e_machine != MACHINES[machine]:
        fail("not an ET_DYN image for %s" % machine)
    loads, dynamic = [], None
    for i in range(e_phnum):
        p_type, p_flags, p_offset, p_vaddr, _pa, p_filesz, p_memsz, _al = \
            struct.unpack_from("<IIQQQQQQ", data, e_phoff + i * e_phentsize)
        if p_type == PT_LOAD:
            if p_flags & PF_W or p_vaddr != p_offset or p_filesz != p_memsz:
                fail("loadable segment %d is writable or displaced" % i)
            loads.append(i)
        elif p_type == PT_DYNAMIC:
            dynamic = (p_offset, p_filesz)
    if len(loads) != 1 or dynamic is None:
        fail("want exactly one PT_LOAD and a PT_DYNAMIC")
    dyn = {}
    for off in range(dynamic[0], dynamic[0] + dynamic[1], 16):
        tag, val = struct.unpack_from("<qQ", data, off)
        if tag == DT_NULL:
            break
        dyn[tag] = val
    for tag in (DT_RELA, DT_REL, DT_RELR, DT_JMPREL, DT_TEXTREL, DT_NEEDED):
        if tag in dyn:
            fail("dynamic tag %d present: the vDSO must need no loader" % tag)
    if DT_GNU_HASH in dyn or DT_HASH not in dyn:
        fail("want a SysV DT_HASH and no DT_GNU_HASH")
    names = exported_syscalls(data, dyn)
    if len(names) != NSYSCALLS or len(set(names)) != NSYSCALLS:
        fail("%d cloudabi_sys_* exports, want %d" % (len(names), NSYSCALLS))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--machine", required=True, choices=sorted(MACHINES))
    ap.add_argument("image")
    args = ap.parse_args()
    with open(args.image, "rb") as f:
        data = bytearray(f.read())
    data[7] = ELFOSABI_CLOUDABI
    vet(bytes(data), args.machine)
    with open(args.image, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    sys.exit(main())
