"""The pack says how the draws were calibrated to the council's delivery record."""

from __future__ import annotations

from outputs.board_text import delivery_factor_text


def test_a_factor_below_one_is_stated_plainly() -> None:
    assert delivery_factor_text({"delivery_factor": 0.948}) == (
        "The draws were scaled by 0.95 to match that record."
    )


def test_a_factor_above_one_says_the_register_is_gloomier_than_the_record() -> None:
    text = delivery_factor_text({"delivery_factor": 1.12})
    assert text.startswith("The draws were scaled by 1.12 to match that record: above 1")
    assert "stage confidences and slips lose more than the council's record" in text
