#!/usr/bin/env python3
"""check_png.py FILE... — exit 0 iff every FILE is a valid, non-empty PNG.

Checks, per the PNG specification (ISO/IEC 15948, sections 5.2-5.3 and 11.2): the 8-byte signature,
a first chunk IHDR of length 13 with width and height > 0 and a correct CRC, intact chunk framing
(every chunk's length fits in the file and its CRC matches), and an IEND chunk that ends the file.
Uses only the standard library so the Swift tests can call it without the plotting venv.
"""
import struct
import sys
import zlib

SIGNATURE = b"\x89PNG\r\n\x1a\n"


def problem(path):
    """Returns why `path` is not a valid PNG, or None when it is."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        return f"cannot be read: {e.strerror}"
    if not data:
        return "is empty"
    if not data.startswith(SIGNATURE):
        return "does not start with the PNG signature"
    pos = len(SIGNATURE)
    first = True
    while True:
        if pos + 8 > len(data):
            return "ends before an IEND chunk"
        length, ctype = struct.unpack(">I4s", data[pos:pos + 8])
        end = pos + 8 + length + 4
        if end > len(data):
            return f"chunk {ctype!r} at byte {pos} runs past the end of the file"
        body = data[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length:end])
        if zlib.crc32(ctype + body) & 0xFFFFFFFF != crc:
            return f"chunk {ctype!r} at byte {pos} has a bad CRC"
        if first:
            if ctype != b"IHDR" or length != 13:
                return f"first chunk is {ctype!r} (length {length}), expected IHDR of length 13"
            width, height = struct.unpack(">II", body[:8])
            if width == 0 or height == 0:
                return f"IHDR gives an empty image ({width}x{height})"
            first = False
        if ctype == b"IEND":
            return None
        pos = end


def main(argv):
    if not argv:
        print("usage: check_png.py FILE...", file=sys.stderr)
        return 2
    bad = 0
    for path in argv:
        why = problem(path)
        if why is not None:
            print(f"{path}: not a valid PNG: {why}", file=sys.stderr)
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
