"""Evaluation against a gold folder (``shared/eval`` layout): the same rules as the reference scorer."""
