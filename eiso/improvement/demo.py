"""Demo data of the improvement app (filled in below)."""


def load(say) -> None:
    say("Cải tiến: chưa có dữ liệu mẫu.")
