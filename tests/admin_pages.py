"""Driving the Django admin's own pages: what a change page posts back, and whether the rollup survived."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpResponse

from tests.insights.test_rollup import counted_in_python, stored_rollup


def _posted(bound: forms.BoundField) -> dict[str, Any]:
    """What the browser sends for one field as the page shows it."""
    field = bound.field
    if field.disabled:
        return {}
    widget = getattr(field.widget, "widget", field.widget)  # the admin's related-object wrapper
    value = bound.value()
    if isinstance(widget, forms.MultiWidget):
        parts = value if isinstance(value, list) else widget.decompress(value)
        return {
            f"{bound.html_name}{suffix}": sub.format_value(part) or ""
            for suffix, sub, part in zip(widget.widgets_names, widget.widgets, parts, strict=True)
        }
    if isinstance(widget, forms.CheckboxInput):
        return {bound.html_name: "on"} if value else {}
    shown = widget.format_value(value)
    return {bound.html_name: "" if shown is None else shown}


def change_form_data(response: HttpResponse, **changes: Any) -> dict[str, Any]:
    """The data an admin's add or change page posts when saved as shown, with `changes` on top.

    Its inlines come with their management forms, as the page sends them.
    """
    data: dict[str, Any] = {}
    form = response.context["adminform"].form
    for bound in form:
        data.update(_posted(bound))
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for bound in formset.management_form:
            data[bound.html_name] = bound.value()
        for inline_form in formset.forms:
            for bound in inline_form:
                data.update(_posted(bound))
    data.update(changes)
    return data


def rollup_is_exact() -> bool:
    """The dashboards' daily rollup equals a recount of the contacts, one by one."""
    return stored_rollup() == counted_in_python()
