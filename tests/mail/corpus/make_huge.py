"""Builds 16d_huge_attachment.eml: a message with a 12 MiB PDF attachment (about 17 MB of base64).

Generated at test time instead of committed. `build()` returns the bytes; from the command line,
`python tests/mail/corpus/make_huge.py OUT.eml` writes them to a file (for trying the pipe or an MTA).
The output is the same on every run: the PDF's filler comes from a seeded generator.
"""

import base64
import random
import struct
import sys
import zlib
from pathlib import Path

FILE_NAME = "16d_huge_attachment.eml"
HUGE_PDF_NAME = "statement-2024-full.pdf"
SMALL_PNG_NAME = "statement-summary.png"
# Over a 10 MB limit however it is counted (10**7 bytes or 10 MiB), with room to spare.
HUGE_PDF_BYTES = 12 * 1024 * 1024


def minimal_png() -> bytes:
    """A valid 1x1 RGBA PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x00\x99\xff\xff", 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def huge_pdf(size: int = HUGE_PDF_BYTES) -> bytes:
    """A valid one-page PDF padded to exactly `size` bytes with an unused binary stream object."""
    text = b"BT /F1 12 Tf 72 720 Td (CryptoX account statement 2024) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]

    def render(filler: bytes) -> bytes:
        parts = [*objects, b"<< /Length %d >>\nstream\n" % len(filler) + filler + b"\nendstream"]
        out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for number, body in enumerate(parts, 1):
            offsets.append(len(out))
            out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(parts) + 1)
        for offset in offsets:
            out += b"%010d 00000 n \n" % offset
        out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(parts) + 1, xref)
        return bytes(out)

    # The digits of /Length and of the offsets depend on the filler's length: settle them by iterating.
    filler_size = size
    for _ in range(5):
        filler_size = size - (len(render(b"\x00" * filler_size)) - filler_size)
    pdf = render(random.Random(2024).randbytes(filler_size))
    assert len(pdf) == size, (len(pdf), size)
    return pdf


def build() -> bytes:
    pdf = base64.encodebytes(huge_pdf()).decode()
    png = base64.encodebytes(minimal_png()).decode()
    return f"""From: Oliver Brown <oliver.brown@mail.example>
To: support@cryptox.example
Subject: Full account statement for my tax audit
Date: Thu, 27 Mar 2025 18:00:00 +0000
Message-ID: <huge-16d@mail.example>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="huge16d"

--huge16d
Content-Type: text/plain; charset=utf-8

Attached is the full 2024 statement my tax advisor asked for, plus a
summary screenshot. Can you confirm the totals match your records?

Oliver

--huge16d
Content-Type: image/png; name="{SMALL_PNG_NAME}"
Content-Disposition: attachment; filename="{SMALL_PNG_NAME}"
Content-Transfer-Encoding: base64

{png}
--huge16d
Content-Type: application/pdf; name="{HUGE_PDF_NAME}"
Content-Disposition: attachment; filename="{HUGE_PDF_NAME}"
Content-Transfer-Encoding: base64

{pdf}
--huge16d--
""".encode()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python tests/mail/corpus/make_huge.py OUT.eml")
    Path(sys.argv[1]).write_bytes(build())
