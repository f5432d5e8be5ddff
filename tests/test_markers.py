"""Placeholders filled by plain string search (markers.fill)."""

from __future__ import annotations

from four_lessons.site.markers import fill

MARK = ("<!--X", "-->")


def test_each_marker_is_replaced_by_its_value_in_place() -> None:
    text = "a <!--X1--> b <!--Xform--> c <!--X1-->"
    assert fill(text, MARK, lambda key: f"[{key}]") == "a [1] b [form] c [1]"


def test_text_without_markers_is_returned_unchanged() -> None:
    text = "no markers <!-- here -->"
    assert fill(text, MARK, lambda key: "!") is text


def test_an_opening_that_is_never_closed_is_left_as_written() -> None:
    assert fill("a <!--X1--> b <!--Xoops", MARK, lambda key: "#") == "a # b <!--Xoops"


def test_values_are_not_searched_again() -> None:
    assert fill("<!--Xa-->", MARK, lambda key: "<!--Xb-->") == "<!--Xb-->"
