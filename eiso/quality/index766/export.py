"""The Bộ chỉ số 766 as an .xlsx table (core.rendering): one row per indicator under its group, the
group subtotals and the total out of 100, with the figures each value came from."""

from decimal import Decimal

from eiso.core.rendering import Table, xlsx_table
from eiso.quality.index766.selectors import Index766

COLUMNS = [
    "Nhóm",
    "Mã",
    "Chỉ số",
    "Nguồn",
    "Tử số",
    "Mẫu số",
    "Giá trị",
    "Ngưỡng đạt điểm tối đa (%)",
    "Điểm",
    "Điểm tối đa",
    "Cách tính, số liệu",
]


def _number(value):
    if value is None:
        return ""
    return float(value) if isinstance(value, Decimal) else value


def index_rows(index: Index766) -> list[list]:
    rows = []
    for group in index.groups:
        for row in group.rows:
            indicator = row.indicator
            rows.append(
                [
                    f"{group.group.number}. {group.group.title}",
                    indicator.code,
                    indicator.title,
                    row.status_label,
                    _number(row.figure.numerator),
                    _number(row.figure.denominator),
                    "" if row.figure.value is None else f"{_number(row.figure.value)} {indicator.unit}",
                    _number(indicator.threshold) if indicator.is_scored else "",
                    _number(row.points) if indicator.is_scored else "theo dõi",
                    _number(indicator.max_points),
                    row.figure.detail,
                ]
            )
        rows.append(
            [
                f"Cộng nhóm {group.group.number}",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                _number(group.points),
                _number(group.group.max_points),
                "",
            ]
        )
    note = "Điểm đạt quy đổi trên 100"
    if index.left_out:
        note += f" (không tính {_number(index.left_out)} điểm của chỉ số không phát sinh)"
    rows.append(["Tổng điểm", "", note, "", "", "", "", "", _number(index.total), 100, ""])
    return rows


def index_xlsx(index: Index766) -> bytes:
    return xlsx_table(
        title=f"BỘ CHỈ SỐ 766 — {index.label.upper()}",
        subtitle=f"Từ ngày {index.start:%d/%m/%Y} đến ngày {index.end:%d/%m/%Y}",
        table=Table(columns=COLUMNS, rows=index_rows(index)),
        sheet_name="Bộ chỉ số 766",
    )
