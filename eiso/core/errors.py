class DomainError(Exception):
    """A business rule refused the action; `message` is Vietnamese and shown to the user as is."""

    def __init__(self, message: str, *, field: str | None = None, extra: dict | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.extra = extra or {}
