"""Demo data of the quality app, for the demo agency (Sở Tư pháp): filled in below."""


def load(say) -> None:
    say("  Chất lượng: chưa có dữ liệu mẫu.")
