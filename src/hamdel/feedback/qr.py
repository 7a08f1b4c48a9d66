"""QR codes for survey links and satisfaction cards, drawn in pure Python (qrcode + pypng).

SVG for the screen and the printable card (it scales to any print size without blurring, and the
browser shapes the Persian text around it); PNG for designers who place the code in their own artwork.
"""

from __future__ import annotations

import io

import qrcode
import qrcode.image.pure
import qrcode.image.svg


def _code(data: str) -> qrcode.QRCode:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=10, border=2)
    code.add_data(data)
    code.make(fit=True)
    return code


def qr_svg(data: str) -> str:
    """An inline <svg> element (no XML declaration), sized by CSS."""
    image = _code(data).make_image(image_factory=qrcode.image.svg.SvgPathImage)
    svg = image.to_string(encoding="unicode")
    return svg[svg.index("<svg") :]


def qr_png(data: str) -> bytes:
    image = _code(data).make_image(image_factory=qrcode.image.pure.PyPNGImage)
    out = io.BytesIO()
    image.save(out)
    return out.getvalue()
