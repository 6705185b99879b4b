"""QR codes drawn on the server as inline SVG (no CDN, no JavaScript, printable).

segno is pure Python with no dependencies; it is imported here, lazily, so that only the pages
showing a QR code need it.
"""


def qr_svg(url: str, *, scale: int = 4) -> str:
    """An inline <svg> whose QR code opens `url`; the caller marks it safe (it holds no user text)."""
    import segno

    return segno.make(url, error="m").svg_inline(scale=scale, title="Mã QR mở trang thủ tục này", border=2)
