#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Make malformed variants of a valid CloudABI executable.

  make-bad-elves.py GOOD OUTDIR

Writes OUTDIR/<name>.bad files, one defect each, and OUTDIR/expected with
a line `<name> <errno>` giving the error exec must fail with (0: the file
is no longer ours and Linux may run it, but it must not succeed).
"""
import os
import struct
import sys

EINVAL, ENOEXEC = 22, 8
PT_LOAD, PT_INTERP = 1, 3
EHDR = "<16sHHIQQQIHHHHHH"
PHDR = "<IIQQQQQQ"


def parse(data):
    eh = list(struct.unpack_from(EHDR, data))
    phoff, phnum = eh[5], eh[10]
    phs = [list(struct.unpack_from(PHDR, data, phoff + 56 * i))
           for i in range(phnum)]
    return eh, phs


def build(data, eh, phs, phoff):
    """The file with a new ELF header and program headers written back
    where the original ones were (the header may now point elsewhere)."""
    out = bytearray(data)
    struct.pack_into(EHDR, out, 0, *eh)
    for i, ph in enumerate(phs):
        struct.pack_into(PHDR, out, phoff + 56 * i, *ph)
    return bytes(out)


def loads(phs):
    return [p for p in phs if p[0] == PT_LOAD]


def variants(data):
    eh, phs = parse(data)
    v = {}

    def edit(name, errno, fn):
        e, p = list(eh), [list(x) for x in phs]
        fn(e, p)
        v[name] = (build(data, e, p, eh[5]), errno)

    # Ours by its identification bytes, too short for the rest.
    v["truncated-header"] = (data[:20], EINVAL)
    v["header-only"] = (data[:64], EINVAL)
    edit("phdrs-outside-file", EINVAL,
         lambda e, p: e.__setitem__(5, len(data) + 4096))
    edit("phnum-zero", EINVAL, lambda e, p: e.__setitem__(10, 0))
    edit("phnum-huge", EINVAL, lambda e, p: e.__setitem__(10, 0xffff))
    edit("phentsize-wrong", EINVAL, lambda e, p: e.__setitem__(9, 32))

    def overlap(e, p):
        a, b = loads(p)[0], loads(p)[1]
        b[3] = a[3]          # second segment at the first one's address
        b[2] = a[2]
    edit("overlapping-segments", EINVAL, overlap)

    def huge_memsz(e, p):
        loads(p)[-1][6] = 1 << 62
    edit("huge-memsz", EINVAL, huge_memsz)

    def filesz_past_end(e, p):
        loads(p)[-2][5] = len(data) * 4
    edit("segment-past-end-of-file", EINVAL, filesz_past_end)

    def misaligned(e, p):
        loads(p)[1][3] += 1
    edit("segment-misaligned", EINVAL, misaligned)

    def entry_outside(e, p):
        e[4] = 0x7fff0000
    edit("entry-outside", EINVAL, entry_outside)

    def write_exec(e, p):
        code = [x for x in loads(p) if x[1] & 1][0]
        code[1] |= 2         # PF_W beside PF_X
    edit("writable-and-executable", EINVAL, write_exec)

    def fixed_at_zero(e, p):
        e[1] = 2             # ET_EXEC: its first segment stays at 0
        assert loads(p)[0][3] < 0x10000
    edit("fixed-at-page-zero", EINVAL, fixed_at_zero)

    def interp(e, p):
        p[0][0] = PT_INTERP
    edit("has-interpreter", EINVAL, interp)

    def wrong_machine(e, p):
        e[2] = 62 if e[2] == 183 else 183
    edit("wrong-machine", ENOEXEC, wrong_machine)

    def osabi0(e, p):
        e[0] = e[0][:7] + b"\0" + e[0][8:]
    edit("osabi-0", 0, osabi0)

    def elf32(e, p):
        e[0] = e[0][:4] + b"\x01" + e[0][5:]
    # Not ours: Linux's compat loader may take a 32-bit ELF.
    edit("elfclass32", 0, elf32)
    return v


def main():
    good, outdir = sys.argv[1], sys.argv[2]
    with open(good, "rb") as f:
        data = f.read()
    os.makedirs(outdir, exist_ok=True)
    lines = []
    for name, (blob, errno) in sorted(variants(data).items()):
        path = os.path.join(outdir, name + ".bad")
        with open(path, "wb") as f:
            f.write(blob)
        os.chmod(path, 0o755)
        lines.append("%s %d\n" % (name, errno))
    with open(os.path.join(outdir, "expected"), "w") as f:
        f.writelines(lines)


if __name__ == "__main__":
    main()
