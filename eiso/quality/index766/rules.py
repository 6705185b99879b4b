"""The rules of the Bộ chỉ số 766: its groups and indicators, the points of each, and how points are
prorated below a threshold. Pure data and arithmetic (no database), so a test can recompute a score
by hand.

Sources (regulations.md §0, §4.3, §4.7, §4.9.5, §6), and what is taken from each:

- QĐ 766/QĐ-TTg (23/06/2022) approves the index: groups "Công khai, minh bạch", "Tiến độ, kết quả
  giải quyết", "Số hóa hồ sơ", "Cung cấp dịch vụ trực tuyến", "Mức độ hài lòng" (the criteria NĐ
  118/2025 Điều 32.1 keeps), 100 points in all. Press copies of the decision quote 20 points for
  handling on time, 4/18 for TTHC updated and published on time, 6/18 for satisfaction in handling
  TTHC [V3].
- F766: the formula document "Mô tả công thức tính chỉ số 766.docx" as reproduced in a public
  front-end (indicator definitions and the thresholds "đạt từ X % trở lên sẽ đạt điểm tối đa; dưới X %
  tính theo công thức: tỷ lệ × điểm tối đa / X %": 80 % for 3.1, 3.5, 4.2, 4.3; 50 % for 3.3; 90 % for
  5.4), and a second public repository's table of maxima per indicator, which adds up to the group
  maxima of regulations.md §4.7 (18, 20, 12, 10, 18, 22) [V3]. The groups follow the order of that
  table; the indicators keep F766's numbers (payment, 3.5–3.6, is its own group there).

The rule applied to every scored indicator (`points_for`):
  points = max                         when the rate reaches the threshold;
  points = rate × max / threshold       below it (rounded half up to 0,01 point);
  an indicator without a threshold in F766 has threshold 100 %, i.e. points proportional to the rate.

Assumptions, marked [I] where they are used below:
- [I] 3.4 "hồ sơ trực tuyến toàn trình" carries the 12 points of the online-services group (the
  maxima table gives the whole group to it and no points to 3.1–3.3, which stay as tracked figures);
  F766 states no threshold for it, so it takes the 50 % of 3.3, the other share of online dossiers.
  Its number 3.4 is ours (F766 skips from 3.3 to 3.5).
- [I] The maxima table gives 5.2, 5.3, 5.4 six points each and 5.1 none; another note of the same
  repository splits the group 5/5/2/6. We follow the table, which adds up to 18 with the others.
- [I] "Cung cấp dịch vụ chứng thực bản sao điện tử" (2 points) has no number in F766; we call it 4.6.
- [I] When an indicator does not arise in the period (its denominator is 0: no dossier resolved, no
  feedback received), F766 says "hiển thị 0 hoặc N/A". We show N/A and leave it out of the total,
  which is then scaled back to 100: total = points earned × 100 / (100 − the maxima left out). A
  figure that must be entered by hand and was not is not "N/A": it earns 0 points.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Indicator:
    code: str
    title: str
    max_points: Decimal  # 0: a tracked figure, shown without points
    measured: bool  # True: eISO computes it; False: not measurable from eISO data, entered by hand
    how: str  # how eISO measures it, or what the agency enters
    threshold: Decimal = HUNDRED  # the rate (%) from which full points are earned
    unit: str = "%"

    @property
    def is_scored(self) -> bool:
        return self.max_points > 0

    @property
    def has_threshold(self) -> bool:
        return self.threshold < HUNDRED


@dataclass(frozen=True)
class Group:
    number: int
    code: str  # the group's code on the national portal
    title: str
    max_points: Decimal
    indicators: tuple[Indicator, ...]


def _i(code, title, points, measured, how, threshold=HUNDRED, unit="%") -> Indicator:
    return Indicator(code, title, Decimal(points), measured, how, Decimal(threshold), unit)


FROM_PORTAL = "Lấy từ Cổng Dịch vụ công quốc gia (trang Bộ chỉ số 766 của cơ quan): "

GROUPS: tuple[Group, ...] = (
    Group(
        1,
        "CKMB",
        "Công khai, minh bạch",
        Decimal(18),
        (
            _i(
                "1.1",
                "Tỷ lệ TTHC công bố đúng hạn",
                6,
                False,
                FROM_PORTAL
                + "số TTHC có quyết định công bố trước ngày hiệu lực của văn bản quy định ít nhất "
                "05 ngày làm việc (cấp tỉnh) / số TTHC công bố trong kỳ.",
            ),
            _i(
                "1.2",
                "Tỷ lệ TTHC được cập nhật, công khai đúng hạn trên CSDL quốc gia về TTHC",
                4,
                False,
                FROM_PORTAL + "số TTHC công khai trong 05 ngày làm việc kể từ ngày quyết định công bố "
                "(cấp tỉnh) / số TTHC phải cập nhật, công khai trong kỳ.",
            ),
            _i(
                "1.3",
                "Tỷ lệ TTHC công khai đầy đủ các bộ phận tạo thành",
                2,
                True,
                "Thủ tục (thuộc thẩm quyền của cơ quan; cả tỉnh: mọi thủ tục của tỉnh) có đủ tên, trình tự, "
                "cách thức, thành phần hồ sơ, thời hạn, đối tượng, cơ quan thực hiện (NĐ 63/2010 Điều 8.2 "
                "a–g) trong danh mục eISO / số thủ tục.",
            ),
            _i(
                "1.4",
                "Tỷ lệ hồ sơ đồng bộ lên Cổng Dịch vụ công quốc gia",
                6,
                False,
                FROM_PORTAL + "số hồ sơ tiếp nhận trong kỳ đã đồng bộ / số hồ sơ tiếp nhận trong kỳ.",
            ),
        ),
    ),
    Group(
        2,
        "TDGQ",
        "Tiến độ, kết quả giải quyết",
        Decimal(20),
        (
            _i(
                "2.1",
                "Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn",
                20,
                True,
                "Hồ sơ kết thúc xử lý trong kỳ trước hạn và đúng hạn / hồ sơ kết thúc xử lý trong kỳ, theo "
                "cách đếm thống nhất của eISO (hồ sơ yêu cầu bổ sung quá 01 lần hoặc phải gia hạn tính "
                "là quá hạn; hồ sơ dừng, kết thúc do không bổ sung không tính).",
            ),
            _i(
                "2.2",
                "Thời gian giải quyết trung bình",
                0,
                True,
                "Bình quân số ngày làm việc từ khi tiếp nhận (hoặc bổ sung đủ) đến khi kết thúc xử lý, của "
                "hồ sơ kết thúc xử lý trong kỳ. Chỉ số theo dõi, không chấm điểm.",
                unit="ngày",
            ),
        ),
    ),
    Group(
        3,
        "CLGQ",
        "Cung cấp dịch vụ trực tuyến",
        Decimal(12),
        (
            _i(
                "3.1",
                "Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến",
                0,
                True,
                "Thủ tục có cách thức trực tuyến (toàn trình hoặc một phần) / số thủ tục. Chỉ số theo dõi "
                "(đạt từ 80 %).",
                80,
            ),
            _i(
                "3.2",
                "Tỷ lệ dịch vụ công trực tuyến có phát sinh hồ sơ",
                0,
                True,
                "Thủ tục có cách thức trực tuyến đã có hồ sơ nộp trực tuyến tiếp nhận trong kỳ / số thủ tục "
                "có cách thức trực tuyến. Chỉ số theo dõi.",
            ),
            _i(
                "3.3",
                "Tỷ lệ hồ sơ nộp trực tuyến",
                0,
                True,
                "Hồ sơ nộp trực tuyến tiếp nhận trong kỳ / hồ sơ tiếp nhận trong kỳ. Chỉ số theo dõi "
                "(đạt từ 50 %).",
                50,
            ),
            _i(
                "3.4",
                "Tỷ lệ hồ sơ trực tuyến của TTHC cung cấp dịch vụ công trực tuyến toàn trình",
                12,
                True,
                "Hồ sơ nộp trực tuyến / hồ sơ tiếp nhận trong kỳ, của các thủ tục có cách thức trực tuyến "
                "toàn trình. Đạt từ 50 % được điểm tối đa (giả định của eISO, theo chỉ số 3.3).",
                50,
            ),
        ),
    ),
    Group(
        4,
        "TTTT",
        "Thanh toán trực tuyến",
        Decimal(10),
        (
            _i(
                "3.5",
                "Tỷ lệ TTHC có nghĩa vụ tài chính được tích hợp thanh toán trực tuyến trên Cổng DVCQG",
                2,
                False,
                FROM_PORTAL + "số TTHC có phí, lệ phí đã tích hợp thanh toán trực tuyến / số TTHC có phí, "
                "lệ phí. Đạt từ 80 % được điểm tối đa.",
                80,
            ),
            _i(
                "3.5b",
                "Tỷ lệ TTHC có nghĩa vụ tài chính có giao dịch thanh toán trực tuyến",
                2,
                False,
                FROM_PORTAL + "số TTHC có phí, lệ phí phát sinh thanh toán trực tuyến trong kỳ / số TTHC có "
                "phí, lệ phí.",
            ),
            _i(
                "3.6",
                "Tỷ lệ hồ sơ thanh toán trực tuyến",
                6,
                False,
                FROM_PORTAL + "số hồ sơ được thanh toán trực tuyến / số hồ sơ của các TTHC có phí, lệ phí.",
            ),
        ),
    ),
    Group(
        5,
        "MDHL",
        "Mức độ hài lòng",
        Decimal(18),
        (
            _i(
                "5.1",
                "Tỷ lệ phản ánh, kiến nghị được phân loại",
                0,
                True,
                "Phản ánh, kiến nghị tiếp nhận trong kỳ có nhóm nội dung về quy định, thủ tục (yêu cầu hồ "
                "sơ, phí, quy định) hoặc về cán bộ, công chức (thái độ, chậm trễ) / phản ánh, kiến nghị "
                "tiếp nhận trong kỳ. Chỉ số theo dõi.",
            ),
            _i(
                "5.2",
                "Tỷ lệ phản ánh, kiến nghị xử lý đúng hạn",
                6,
                True,
                "Phản ánh, kiến nghị tiếp nhận trong kỳ đã thụ lý hoặc từ chối trong 02 ngày làm việc và "
                "trả lời trong 15 ngày làm việc, hoặc đang xử lý còn trong hạn ở cuối kỳ / phản ánh, kiến "
                "nghị tiếp nhận trong kỳ.",
            ),
            _i(
                "5.3",
                "Tỷ lệ hài lòng trong xử lý phản ánh, kiến nghị",
                6,
                False,
                FROM_PORTAL + "(số phản ánh, kiến nghị − số bị đánh giá không hài lòng, bị phản ánh lại "
                "hoặc quá hạn) / số phản ánh, kiến nghị. eISO chưa ghi nhận đánh giá của người gửi.",
            ),
            _i(
                "5.4",
                "Tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC",
                6,
                True,
                "100 % − (tỷ lệ hồ sơ kết thúc xử lý trong kỳ bị quá hạn + tỷ lệ hồ sơ kết thúc xử lý trong "
                "kỳ có phản ánh (ghi nhận trong eISO theo mã hồ sơ) hoặc đánh giá không hài lòng). Đạt từ "
                "90 % được điểm tối đa.",
                90,
            ),
        ),
    ),
    Group(
        6,
        "MDSH",
        "Số hóa hồ sơ",
        Decimal(22),
        (
            _i(
                "4.1",
                "Tỷ lệ hồ sơ có cấp kết quả giải quyết TTHC điện tử",
                6,
                False,
                FROM_PORTAL + "số hồ sơ có kết quả điện tử / số hồ sơ của các TTHC trả kết quả bằng văn "
                "bản, giấy tờ.",
            ),
            _i(
                "4.2",
                "Tỷ lệ hồ sơ thực hiện số hóa hồ sơ, kết quả giải quyết",
                4,
                False,
                FROM_PORTAL + "số hồ sơ có thành phần và kết quả được số hóa / số hồ sơ. Đạt từ 80 % được "
                "điểm tối đa.",
                80,
            ),
            _i(
                "4.3",
                "Tỷ lệ hồ sơ khai thác, sử dụng lại thông tin, dữ liệu số hóa",
                2,
                False,
                FROM_PORTAL + "số hồ sơ sử dụng lại dữ liệu số hóa / số hồ sơ tiếp nhận trong kỳ. Đạt từ "
                "80 % được điểm tối đa.",
                80,
            ),
            _i(
                "4.4",
                "Tỷ lệ hồ sơ số hóa có kết nối, chia sẻ với kho dữ liệu của cá nhân, tổ chức",
                4,
                False,
                FROM_PORTAL + "số hồ sơ có thành phần lấy từ hoặc kết quả đồng bộ vào kho dữ liệu trên Cổng "
                "DVCQG / số hồ sơ tiếp nhận trong kỳ.",
            ),
            _i(
                "4.5a",
                "Tỷ lệ TTHC có kết nối, chia sẻ dữ liệu dân cư",
                2,
                False,
                FROM_PORTAL + "số TTHC có hồ sơ dùng dữ liệu dân cư (tài khoản VNeID) / số TTHC có đối "
                "tượng thực hiện là người dân.",
            ),
            _i(
                "4.5b",
                "Tỷ lệ hồ sơ sử dụng thông tin từ CSDL quốc gia về dân cư",
                2,
                False,
                FROM_PORTAL + "số hồ sơ dùng thông tin từ CSDL quốc gia về dân cư / số hồ sơ.",
            ),
            _i(
                "4.6",
                "Cung cấp dịch vụ chứng thực bản sao điện tử từ bản chính",
                2,
                False,
                FROM_PORTAL + "số hồ sơ chứng thực bản sao điện tử / số hồ sơ chứng thực bản sao (cơ quan "
                "không có thủ tục chứng thực: mẫu số 0, không tính).",
            ),
        ),
    ),
)

INDICATORS: dict[str, Indicator] = {
    indicator.code: indicator for group in GROUPS for indicator in group.indicators
}
MANUAL_CHOICES = [
    (indicator.code, f"{indicator.code}. {indicator.title}")
    for group in GROUPS
    for indicator in group.indicators
    if not indicator.measured
]
TOTAL_MAX = sum((group.max_points for group in GROUPS), Decimal(0))


def points_for(rate: Decimal, indicator: Indicator) -> Decimal:
    """The points a rate (%) earns: full from the threshold up; below it rate × max / threshold,
    rounded half up to 0,01 (F766: "Dưới X % tính theo công thức: tỷ lệ × điểm tối đa / X %")."""
    if not indicator.is_scored:
        return Decimal(0)
    rate = max(rate, Decimal(0))
    if rate >= indicator.threshold:
        return indicator.max_points
    return (rate * indicator.max_points / indicator.threshold).quantize(CENT, rounding=ROUND_HALF_UP)


def scaled_total(earned: Decimal, left_out: Decimal) -> Decimal | None:
    """The total out of 100 when indicators worth `left_out` points did not arise in the period [I]:
    earned × 100 / (100 − left_out), rounded half up to 0,01; None when nothing is left to score."""
    applicable = TOTAL_MAX - left_out
    if applicable <= 0:
        return None
    return (earned * HUNDRED / applicable).quantize(CENT, rounding=ROUND_HALF_UP)


def check_groups() -> None:
    """Each group's indicators add up to its maximum and the groups to 100 (called by the tests)."""
    for group in GROUPS:
        total = sum((indicator.max_points for indicator in group.indicators), Decimal(0))
        assert total == group.max_points, (group.title, total)
    assert TOTAL_MAX == HUNDRED
