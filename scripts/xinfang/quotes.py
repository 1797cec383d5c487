"""How a quote is stored: every run of white space as one space, the ends trimmed (what the
schema's maxLength counts, what provenance looks up in the collapsed source text, what the
assistant drafts). One definition for the gate, provenance and extract."""

from __future__ import annotations


def collapse(text: str) -> str:
    """Every run of white space as one space, ends trimmed (str.split's white space is the \\s of re)."""
    return " ".join(text.split())
