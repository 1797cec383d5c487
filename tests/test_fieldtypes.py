"""The type module: one definition per Table Schema type, its scalar and columnar forms agreeing."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from xinfang import fieldtypes

TEXTS = ["97.80", "84", "-0.5", "1.", ".25", "1e3", "12.5%", "3.14159", "0", "0.00", "１２", " 12", "1_000", "abc", "7.0 "]


def test_printed_decimals_is_decimals_at_once() -> None:
    assert fieldtypes.printed_decimals(pa.array(TEXTS)).tolist() == [fieldtypes.decimals(t) for t in TEXTS]


@pytest.mark.parametrize("type_name", ["number", "integer"])
def test_floats_are_to_float_at_once(type_name: str) -> None:
    got = fieldtypes.floats(pd.Series(TEXTS, dtype="object"), type_name).to_numpy(dtype=float, na_value=np.nan)
    want = np.array([np.nan if (v := fieldtypes.to_float(t, type_name)) is None else v for t in TEXTS], dtype=float)
    assert np.array_equal(got, want, equal_nan=True)


def test_only_the_lexical_form_is_a_number() -> None:
    assert fieldtypes.to_decimal("97.80") == Decimal("97.80") and str(fieldtypes.to_decimal("97.80")) == "97.80"
    for text in (" 12", "1_000", "１２", "NaN", "Infinity", "12.5%", ""):
        assert fieldtypes.to_decimal(text) is None, text
        assert not fieldtypes.is_number(text), text
