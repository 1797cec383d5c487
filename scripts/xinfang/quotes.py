"""How a quote is stored: every run of white space as one space, the ends trimmed (what the
schema's maxLength counts, what provenance looks up in the collapsed source text, what the
assistant drafts). One definition for the gate, provenance and extract."""

from __future__ import annotations

from typing import Any


def collapse(text: str) -> str:
    """Every run of white space as one space, ends trimmed (str.split's white space is the \\s of re)."""
    return " ".join(text.split())


def spaceless(text: str) -> str:
    """The text with no white space at all: how a wrapped word (项目支出执 行进度) compares with itself unwrapped."""
    return "".join(text.split())


# every character Python counts as white space (str.isspace, what str.split splits on; none above
# U+3000): a text without any of them, or with single spaces only inside, is already collapsed
SPACE_CHARS = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())
MAYBE_NOT_COLLAPSED = "[" + SPACE_CHARS.replace(" ", "") + "]|  |^ | $"  # literal characters: the same in re and RE2


def collapse_all(texts: Any, maybe: Any = None) -> Any:
    """collapse() of every text of a column (an Arrow string or large string array, or anything
    pyarrow makes a string array of; missing as ""), as an Arrow array of the same string type: RE2
    finds the few that may not be collapsed, only those go through collapse(). maybe: those, when
    already found (a boolean array: where the texts match MAYBE_NOT_COLLAPSED)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = texts if isinstance(texts, pa.Array | pa.ChunkedArray) else pa.array(texts, type=pa.string(), from_pandas=True)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    arr = pc.fill_null(arr if arr.type in (pa.string(), pa.large_string()) else arr.cast(pa.string()), "")
    maybe = pc.match_substring_regex(arr, MAYBE_NOT_COLLAPSED) if maybe is None else pa.array(maybe, type=pa.bool_())
    if not pc.any(maybe).as_py():
        return arr
    fixed = [collapse(t) for t in arr.filter(maybe).to_pylist()]
    return pc.replace_with_mask(arr, maybe, pa.array(fixed, type=arr.type))
