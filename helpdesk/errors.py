class DomainError(Exception):
    """A request the domain refuses (an illegal transition, a forbidden attachment...).

    Services raise it; the web views show `message` to the user and the API answers 400 with it.
    """

    code = "invalid"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
