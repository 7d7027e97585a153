#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Extract the uncompressed ELF vmlinux from an x86 bzImage.

Debian compresses its x86-64 kernel with xz.  QEMU boots the ELF through its
PVH note with qboot, which is several seconds faster under TCG than running
the bzImage decompressor with SeaBIOS.
"""
import lzma
import sys

XZ_MAGIC = b"\xfd7zXZ\x00"


def extract(data):
    start = data.find(XZ_MAGIC)
    while start >= 0:
        dec = lzma.LZMADecompressor(format=lzma.FORMAT_XZ)
        try:
            out = dec.decompress(data[start:])
        except lzma.LZMAError:
            out = b""
        if out.startswith(b"\x7fELF"):
            return out
        start = data.find(XZ_MAGIC, start + 1)
    raise SystemExit("extract-vmlinux: no xz-compressed ELF found")


def main():
    if len(sys.argv) != 3:
        raise SystemExit("usage: extract-vmlinux.py BZIMAGE OUT")
    with open(sys.argv[1], "rb") as f:
        data = f.read()
    with open(sys.argv[2], "wb") as f:
        f.write(extract(data))


if __name__ == "__main__":
    main()
