"""The errors ingest raises for bad input: their message is Vietnamese, for the user."""


class IngestError(Exception):
    """A file that cannot be ingested. `str(err)` names the file and the reason, in Vietnamese."""

    def __init__(self, path: str, reason: str):
        self.path = path
        self.reason = reason
        super().__init__(f"Không nạp được tệp «{path}»: {reason}")


class LimitExceeded(IngestError):
    """The file is over one of the reading limits (size, characters, pages, time, memory), not damaged."""
