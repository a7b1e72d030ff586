"""The error services raise when a business rule refuses a change."""


class TrainingError(Exception):
    """A refusal with a message meant for the person who asked."""
