"""The logging form's fields and choices, drawn in Python: the page staff load all day.

crispy renders each field through a dozen nested templates, and a template
loop over forty contact points costs as much again; on the logging form,
loaded by every representative many times a day, the two were half of the
page's server time. These tags draw the same markup (the crispy Bootstrap 5
pack's, errors included), so the page looks and reads as before. The
values are escaped with the standard library's html.escape, which is what
Django's escape() does, without the lazy-string check around every call.
"""

from __future__ import annotations

from html import escape
from typing import Any, cast

from django import forms, template
from django.forms import BoundField, Textarea
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from moments.forms import ContactLogForm

register = template.Library()


@register.simple_tag
def bootstrap_field(field: BoundField, wrapper_class: str = "") -> SafeString:
    """A field as crispy's Bootstrap 5 pack draws it (label, widget, errors, help), in a wrapper of `wrapper_class`.

    The widget gets crispy's classes: its type's name, form-control, and
    is-invalid with errors; Django adds aria-invalid and aria-describedby.
    """
    widget = field.field.widget
    css_class = f"{type(widget).__name__.lower()} form-control"
    if field.errors:
        css_class += " is-invalid"
    required = field.field.required
    label = format_html(
        '<label for="{}" class="form-label{}">{}{}</label>',
        field.id_for_label,
        " requiredField" if required else "",
        field.label,
        mark_safe('<span class="asteriskField">*</span>') if required else "",
    )
    errors = ""
    if field.errors:
        errors = format_html(
            '<div id="{}_error" class="invalid-feedback">{}</div>',
            field.auto_id,
            format_html_join(
                "",
                '<p id="error_{}_{}"><strong>{}</strong></p>',
                ((number, field.auto_id, error) for number, error in enumerate(field.errors, start=1)),
            ),
        )
    help_text = ""
    if field.help_text:
        help_text = format_html('<div id="{}_helptext" class="form-text">{}</div>', field.auto_id, field.help_text)
    return format_html(
        '<div class="{}">\n<div id="div_{}" class="mb-3">\n{}\n{}\n{}{}</div>\n</div>',
        wrapper_class,
        field.auto_id,
        label,
        _widget_html(field, {"class": css_class}),
        errors,
        help_text,
    )


def _widget_html(field: BoundField, attrs: dict[str, Any]) -> SafeString:
    """What Django's input.html and textarea.html templates draw for a text-like widget, without a template.

    The attributes come from Django itself (BoundField.build_widget_attrs and
    the widget's get_context), in the same order, so only the drawing is ours.
    """
    widget = field.field.widget
    attrs = field.build_widget_attrs(attrs, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    attributes = _attributes(context["attrs"])
    if isinstance(widget, Textarea):
        value = "" if context["value"] is None else context["value"]
        return format_html('<textarea name="{}"{}>\n{}</textarea>', context["name"], attributes, value)
    value = "" if context["value"] is None else format_html(' value="{}"', context["value"])
    return format_html('<input type="{}" name="{}"{}{}>', context["type"], context["name"], value, attributes)


def _attributes(attrs: dict[str, Any]) -> SafeString:
    """Django's attrs.html: in order, True as a bare name, False left out."""
    drawn = []
    for name, value in attrs.items():
        if value is True:
            drawn.append(f" {escape(str(name))}")
        elif value is not False:
            drawn.append(f' {escape(str(name))}="{escape(str(value))}"')
    return mark_safe("".join(drawn))


@register.simple_tag
def contact_point_options(form: ContactLogForm) -> SafeString:
    """The contact point select's options, each with its way of rating (the page's script pre-selects it)."""
    return mark_safe(
        "\n".join(
            f'<option value="{escape(str(option.value))}"'
            + (f' data-rating-method="{escape(str(option.rating_method))}"' if option.rating_method else "")
            + (" selected" if option.selected else "")
            + f">{escape(str(option.label))}</option>"
            for option in form.contact_point_options()
        )
    )


@register.simple_tag
def radio_choices(
    field: BoundField,
    id_prefix: str,
    input_class: str,
    label_class: str,
    *,
    wrapper_class: str = "",
    value_as_label: bool = False,
    default: str = "",
) -> SafeString:
    """One radio input and label per choice of `field`, the current value (or `default`) checked.

    For the logging form's button groups and lists; `value_as_label` shows
    the value with the choice's label as its title (the 1–5 score buttons).
    """
    value = field.value()
    current = str(default if value in (None, "") and default else value)
    drawn = []
    # The stubs give the choices' getter the type of what the setter accepts.
    for choice, label in cast(forms.ChoiceField, field.field).choices:  # type: ignore[misc, union-attr]
        element_id = escape(f"{id_prefix}-{choice}")
        escaped = escape(str(choice))
        radio = (
            f'<input type="radio" class="{input_class}" name="{field.html_name}" id="{element_id}" '
            f'value="{escaped}"{" checked" if str(choice) == current else ""}>'
        )
        if value_as_label:
            label_html = (
                f'<label class="{label_class}" for="{element_id}" title="{escape(str(label))}">{escaped}</label>'
            )
        else:
            label_html = f'<label class="{label_class}" for="{element_id}">{escape(str(label))}</label>'
        drawn.append(f'<div class="{wrapper_class}">{radio}{label_html}</div>' if wrapper_class else radio + label_html)
    return mark_safe("\n".join(drawn))
