"""Typed signatures: a person signs a record by typing their own name."""


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def signature_matches(*, typed: str, user) -> bool:
    """True if ``typed`` is the person's full name or username, ignoring case and spacing."""
    return bool(typed.strip()) and _fold(typed) in {
        _fold(user.get_full_name()),
        _fold(user.get_username()),
    }


def normalised_signature(typed: str) -> str:
    return " ".join(typed.split())
