"""Demo data of document control: filled in by the demo-data step (issue 3 part 12)."""


def load(say) -> None:
    say("  Tài liệu mẫu: chưa có.")
