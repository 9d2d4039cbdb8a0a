"""The one exception type that means "the user got something wrong"."""


class UserError(Exception):
    """A mistake in input or configuration: shown as one line, exit code 2, no traceback."""
