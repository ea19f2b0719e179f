"""Why a request to the exchange failed, as the client and its callers see it."""


class ExchangeError(Exception):
    """Why one request to the exchange failed; reads turn it into ``Fetched.error``."""

    def __init__(self, message: str, *, status: int | None = None, counts_as_outage: bool = True) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        # A 404 or a refused argument is an answer, not a sign the exchange is unwell.
        self.counts_as_outage = counts_as_outage


class MalformedResponse(ExchangeError):
    pass


class ExchangeActionError(Exception):
    """An action failed. ``outcome_unknown``: no answer came back; send it again with the same key."""

    def __init__(self, message: str, *, status: int | None = None, outcome_unknown: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.outcome_unknown = outcome_unknown
