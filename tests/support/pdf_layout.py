"""Small PDFs laid out by hand for the PDF reader's tests (tthc.annex.pdf): words at given places and
rules between them, as a word processor prints a decision, without LibreOffice. Helvetica, so the
words are ASCII; places are in points from the top left of an A4 page."""

from __future__ import annotations

from dataclasses import dataclass, field

HEIGHT = 842.0


@dataclass
class Page:
    ops: list[str] = field(default_factory=list)

    def text(self, x: float, top: float, words: str, size: float = 12.0) -> Page:
        """A line of words whose top is at `top` (its baseline a size lower)."""
        escaped = words.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        self.ops.append(f"BT /F1 {size:g} Tf {x:g} {HEIGHT - top - size * 0.8:g} Td ({escaped}) Tj ET")
        return self

    def hline(self, x0: float, x1: float, y: float) -> Page:
        self.ops.append(f"0.5 w {x0:g} {HEIGHT - y:g} m {x1:g} {HEIGHT - y:g} l S")
        return self

    def vline(self, x: float, top: float, bottom: float) -> Page:
        self.ops.append(f"0.5 w {x:g} {HEIGHT - top:g} m {x:g} {HEIGHT - bottom:g} l S")
        return self

    def grid(self, xs: list[float], ys: list[float]) -> Page:
        """A table's rules: a line under each y of `ys` across the table, each x of `xs` down it."""
        for y in ys:
            self.hline(xs[0], xs[-1], y)
        for x in xs:
            self.vline(x, ys[0], ys[-1])
        return self


def pdf(pages: list[Page]) -> bytes:
    """The pages as a PDF file (one Type1 font, no compression)."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", ""]
    font = 3
    objects.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    kids = []
    for page in pages:
        content = "\n".join(page.ops).encode("latin-1")
        objects.append(f"<< /Length {len(content)} >>\nstream\n{content.decode('latin-1')}\nendstream")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 {HEIGHT:g}] /Resources << /Font << /F1 {font} 0 R >> >>"
            f" /Contents {len(objects)} 0 R >>"
        )
        kids.append(len(objects))
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>"
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out
