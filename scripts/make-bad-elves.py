#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Make malformed variants of a valid CloudABI executable.

  make-bad-elves.py GOOD OUTDIR

Writes OUTDIR/<name>.bad files, one defect each, and OUTDIR/expected with
a line `<name> <errno>` giving the error exec must fail with (0: the file
is no longer ours and Linux may run it, but it must not succeed).

Also writes a mutated corpus (OUTDIR/corpus.tar, 1,200 variants with one
to three random defects each from a fixed seed) and the fixed sample of
200 that make check executes (OUTDIR/corpus-sample.tar).  Those have no
expected errno: each must end in a clean error or a clean end of the new
process, never a kernel report.
"""
import io
import os
import random
import struct
import sys
import tarfile

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


# --- the mutated corpus ----------------------------------------------------
# Values that break loaders: edges of every width, pages, the 2^31, 2^32
# and 2^63 boundaries, and values just past them.
INTERESTING = [0, 1, 2, 7, 8, 0x38, 0x40, 0x7f, 0x80, 0xff, 0x100, 0xfff,
               0x1000, 0x1001, 0xffff, 0x10000, 0x7fffffff, 0x80000000,
               0xffffffff, 0x100000000, 0x7ffffffff000, 0x800000000000,
               0x7fffffffffffffff, 0x8000000000000000, 0xffffffffffffffff,
               0xfffffffffffff000]
# struct offsets and widths of the ELF64 header's fields after e_ident.
EHDR_FIELDS = [(16, 2), (18, 2), (20, 4), (24, 8), (32, 8), (40, 8),
               (48, 4), (52, 2), (54, 2), (56, 2), (58, 2), (60, 2), (62, 2)]
IDENT_BYTES = [4, 5, 6, 7, 8]  # class, data, version, OS ABI, ABI version
# struct offsets and widths of a program header's fields.
PHDR_FIELDS = [(0, 4), (4, 4), (8, 8), (16, 8), (24, 8), (32, 8), (40, 8),
               (48, 8)]
PT_TYPES = [0, 1, 2, 3, 4, 6, 7, 0x6474e550, 0x6474e551, 0x6474e552,
            0x6fffffff, 0x70000000]


def _value(rng, width, old):
    mask = (1 << (8 * width)) - 1
    r = rng.random()
    if r < 0.5:
        return rng.choice(INTERESTING) & mask
    if r < 0.7:
        return (old + rng.choice([-0x1000, -8, -1, 1, 8, 0x1000])) & mask
    if r < 0.85:
        return (old ^ (1 << rng.randrange(8 * width))) & mask
    return rng.getrandbits(8 * width)


def _put(buf, off, width, value):
    if off + width <= len(buf):
        buf[off:off + width] = value.to_bytes(width, "little")


def _mutate_once(rng, buf, phoff, phnum):
    """One defect: a header field, a program header field, a duplicated
    or reordered program header, or a truncation at a header boundary."""
    kind = rng.random()
    if kind < 0.25:
        off, width = rng.choice(EHDR_FIELDS)
        old = int.from_bytes(buf[off:off + width], "little")
        _put(buf, off, width, _value(rng, width, old))
    elif kind < 0.3:
        buf[rng.choice(IDENT_BYTES)] = rng.choice([0, 1, 2, 3, 17, 0xff])
    elif kind < 0.75 and phnum:
        i = rng.randrange(phnum)
        off, width = rng.choice(PHDR_FIELDS)
        at = phoff + 56 * i + off
        if off == 0 and rng.random() < 0.5:
            _put(buf, at, 4, rng.choice(PT_TYPES))
        else:
            old = int.from_bytes(buf[at:at + width], "little")
            _put(buf, at, width, _value(rng, width, old))
    elif kind < 0.85 and phnum > 1:
        a, b = rng.sample(range(phnum), 2)
        pa, pb = phoff + 56 * a, phoff + 56 * b
        buf[pb:pb + 56] = bytes(buf[pa:pa + 56])  # a twin (TLS, LOAD...)
    else:
        cuts = [rng.randrange(1, 64), 64, phoff + 56 * rng.randrange(
            max(phnum, 1)), rng.randrange(1, len(buf))]
        del buf[min(rng.choice(cuts), len(buf)):]


def mutants(data, count, seed):
    """count variants of data, each with one to three defects; the same
    seed gives the same corpus."""
    rng = random.Random(seed)
    phoff = struct.unpack_from("<Q", data, 32)[0]
    phnum = struct.unpack_from("<H", data, 56)[0]
    out = []
    while len(out) < count:
        buf = bytearray(data)
        for _ in range(rng.choice([1, 1, 1, 2, 3])):
            _mutate_once(rng, buf, phoff, phnum)
        if bytes(buf) != data:
            out.append(bytes(buf))
    return out


def write_corpus(data, outdir, count=1200, sample=200, seed=20261204):
    """OUTDIR/corpus.tar holds every mutant; OUTDIR/corpus-sample.tar the
    fixed sample make check runs (every count/sample-th one)."""
    blobs = mutants(data, count, seed)
    step = count // sample
    for name, chosen in (("corpus.tar", range(count)),
                         ("corpus-sample.tar", range(0, step * sample, step))):
        with tarfile.open(os.path.join(outdir, name), "w",
                          format=tarfile.USTAR_FORMAT) as tar:
            for i in chosen:
                info = tarfile.TarInfo("m%04d.elf" % i)
                info.size = len(blobs[i])
                info.mode = 0o755
                tar.addfile(info, io.BytesIO(blobs[i]))


def main():
    good, outdir = sys.argv[1], sys.argv[2]
    with open(good, "rb") as f:
        data = f.read()
    os.makedirs(outdir, exist_ok=True)
    write_corpus(data, outdir)
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
