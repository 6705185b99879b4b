"""The risk matrix: its size and the colour bands of likelihood × impact scores."""

from dataclasses import dataclass

from eiso.core.errors import DomainError
from eiso.quality.models.risks import BAND_COLOURS, DEFAULT_BANDS, DEFAULT_SIZE, RiskMatrix


@dataclass(frozen=True)
class Band:
    low: int
    high: int
    label: str
    colour: str


@dataclass(frozen=True)
class Matrix:
    size: int
    bands: tuple[Band, ...]

    def band_for(self, score: int) -> Band:
        for band in self.bands:
            if band.low <= score <= band.high:
                return band
        raise DomainError(f"Điểm {score} nằm ngoài ma trận {self.size}×{self.size}.")

    def check_rating(self, first: int | None, second: int | None, *, fields: tuple[str, str]) -> None:
        for value, field in ((first, fields[0]), (second, fields[1])):
            if value is None or not (1 <= value <= self.size):
                raise DomainError(
                    f"Mức đánh giá phải từ 1 đến {self.size} (ma trận {self.size}×{self.size}).", field=field
                )

    def rows(self) -> list[list[tuple[int, int, Band]]]:
        """Cells from the highest likelihood down, for drawing the heat map: (likelihood, impact, band)."""
        return [
            [(likelihood, impact, self.band_for(likelihood * impact)) for impact in range(1, self.size + 1)]
            for likelihood in range(self.size, 0, -1)
        ]


def build(size: int, raw_bands: list[dict]) -> Matrix:
    """A matrix from stored bands, validated: ascending upper bounds ending at size², known colours."""
    if not (3 <= size <= 10):
        raise DomainError("Ma trận phải có từ 3 đến 10 mức.", field="size")
    if not raw_bands:
        raise DomainError("Ma trận cần ít nhất một dải mức độ.", field="bands")
    bands = []
    low = 1
    for raw in raw_bands:
        high, label, colour = int(raw["max"]), str(raw["label"]).strip(), raw["colour"]
        if high < low:
            raise DomainError("Các dải mức độ phải theo thứ tự tăng dần, không chồng lấn.", field="bands")
        if not label or colour not in BAND_COLOURS:
            raise DomainError("Mỗi dải cần tên và một màu hợp lệ.", field="bands")
        bands.append(Band(low, high, label, colour))
        low = high + 1
    if bands[-1].high != size * size:
        raise DomainError(f"Dải cuối phải kết thúc ở điểm {size * size} (= {size}×{size}).", field="bands")
    return Matrix(size, tuple(bands))


DEFAULT_MATRIX = build(DEFAULT_SIZE, DEFAULT_BANDS)


def matrix_for(agency) -> Matrix:
    row = RiskMatrix.objects.filter(agency=agency).first()
    if row is None:
        return DEFAULT_MATRIX
    return build(row.size, row.bands)
