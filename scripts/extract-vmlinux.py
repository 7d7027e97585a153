#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Extract the uncompressed ELF vmlinux from an x86 bzImage.

Debian compresses its 6.1 x86-64 kernel with xz and its 6.12 kernel with
zstd.  QEMU boots the ELF through its PVH note with qboot, which is several
seconds faster under TCG than running the bzImage decompressor with SeaBIOS.
"""
import lzma
import subprocess
import sys

XZ_MAGIC = b"\xfd7zXZ\x00"
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"


def unxz(blob):
    try:
        return lzma.LZMADecompressor(format=lzma.FORMAT_XZ).decompress(blob)
    except lzma.LZMAError:
        return b""


def unzstd(blob):
    # No zstd in the standard library: the zstd tool, which stops with an
    # error at the bytes after the frame, once the frame is written out.
    p = subprocess.run(["zstd", "-dc"], input=blob, stdout=subprocess.PIPE,
                       stderr=subprocess.DEVNULL)
    return p.stdout


def extract(data):
    for magic, decompress in ((XZ_MAGIC, unxz), (ZSTD_MAGIC, unzstd)):
        start = data.find(magic)
        while start >= 0:
            out = decompress(data[start:])
            if out.startswith(b"\x7fELF"):
                return out
            start = data.find(magic, start + 1)
    raise SystemExit("extract-vmlinux: no xz- or zstd-compressed ELF found")


def main():
    if len(sys.argv) != 3:
        raise SystemExit("usage: extract-vmlinux.py BZIMAGE OUT")
    with open(sys.argv[1], "rb") as f:
        data = f.read()
    with open(sys.argv[2], "wb") as f:
        f.write(extract(data))


if __name__ == "__main__":
    main()
