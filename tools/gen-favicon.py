#!/usr/bin/env python3
"""gen-favicon.py OUT.ico: writes the site icon, 16x16 and 32x32, as a Windows ICO
with 32-bit BMP images: the accent-green rounded square of static/icon.svg with a white
ring. Run by hand when the icon changes; static/favicon.ico is its output, checked in."""
import struct
import sys

GREEN = (0x0F, 0x6B, 0x5C)  # --accent in static/cnap.css
WHITE = (0xFF, 0xFF, 0xFF)


def pixel(x, y, n):
    # In units of the 32-pixel drawing of icon.svg: a rounded square (radius 6), a ring r 7..11.
    u, v = (x + 0.5) * 32 / n, (y + 0.5) * 32 / n
    cx, cy = min(max(u, 6), 26), min(max(v, 6), 26)
    if (u - cx) ** 2 + (v - cy) ** 2 > 36:
        return None
    d = ((u - 16) ** 2 + (v - 16) ** 2) ** 0.5
    return WHITE if 6.5 <= d <= 10.5 else GREEN


def bmp(n):
    rows = []
    for y in range(n - 1, -1, -1):  # bottom-up
        row = b""
        for x in range(n):
            p = pixel(x, y, n)
            row += bytes((p[2], p[1], p[0], 255)) if p else bytes(4)
        rows.append(row)
    mask_row = bytes(((n + 31) // 32) * 4)  # all opaque: the alpha channel decides
    header = struct.pack("<IiiHHIIiiII", 40, n, 2 * n, 1, 32, 0, 0, 0, 0, 0, 0)
    return header + b"".join(rows) + mask_row * n


def main():
    images = [bmp(16), bmp(32)]
    out = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    for n, img in zip((16, 32), images):
        out += struct.pack("<BBBBHHII", n, n, 0, 0, 1, 32, len(img), offset)
        offset += len(img)
    with open(sys.argv[1], "wb") as f:
        f.write(out + b"".join(images))


main()
