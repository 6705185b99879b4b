"""Numbers as Vietnamese writes them, once for every page, report and export: a decimal comma and
dots between thousands ("1.234.567,5"), a percentage with a space before its sign ("81,45 %"),
whole đồng with dots ("5.000.000"). Pages get the same from Django's localisation (eiso/formats/vi);
documents built in Python (.docx, PDF, .xlsx cells written as text, messages) call these."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def number_text(value, places: int | None = None, *, trim: bool = False) -> str:
    """1234567.5 -> '1.234.567,5'; Decimal('78.80') -> '78,8'; with `places`, exactly that many
    decimals, rounded half up (81.449, 2 -> '81,45'), or at most that many with `trim`
    (12.504, 2 -> '12,5'). None or a non-number -> ''."""
    number = _decimal(value)
    if number is None:
        return ""
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if places is not None and not trim:
        text = f"{number:,.{places}f}"
    else:
        number = number.normalize()
        text = f"{number:,f}"
    if text.startswith("-") and not text.strip("-0.,"):
        text = text[1:]  # "-0" is "0"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def percent_text(value, places: int | None = None) -> str:
    """81.45 -> '81,45 %' (NĐ 30/2020 writes a space before the sign); None -> ''."""
    text = number_text(value, places)
    return f"{text} %" if text else ""


def money_text(value) -> str:
    """Whole đồng with dots between thousands: 5000000 -> '5.000.000'; None -> ''."""
    return number_text(value, 0)
