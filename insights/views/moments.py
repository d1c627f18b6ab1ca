"""Memorable moments: the 1s and 5s customers remember, with their own words, newest first."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_GET

from accounts.http import AuthenticatedHttpRequest
from insights.metrics import rollup_sums
from insights.selectors import memorable_moments, rollup_rows
from insights.views.common import filters_for, page_context
from moments.scale import MAX_SCORE, MEMORABLE_SCORES, MIN_SCORE

MOMENTS_PER_PAGE = 25
# Far beyond the 1s and 5s any period holds, and small enough that the page's
# offset stays a number the database accepts (a bigint on PostgreSQL).
MAX_PAGE = 100_000


class MomentsFilterForm(forms.Form):
    score = forms.ChoiceField(
        choices=[
            ("", gettext_lazy("1s and 5s")),
            (str(MIN_SCORE), gettext_lazy("Only 1s")),
            (str(MAX_SCORE), gettext_lazy("Only 5s")),
        ],
        required=False,
        label=gettext_lazy("Scores"),
    )
    commented = forms.BooleanField(required=False, label=gettext_lazy("Only with a comment"))
    page = forms.IntegerField(min_value=1, max_value=MAX_PAGE, required=False, label=gettext_lazy("Page"))


@login_required
@require_GET
def memorable_moments_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    filters = filters_for(request)
    form = MomentsFilterForm(request.GET)
    form.is_valid()
    for name, errors in form.errors.items():
        label = form.fields[name].label or name.capitalize()
        problem = " ".join(str(error).rstrip(".") for error in errors)
        filters.problems.append(gettext("%(field)s: %(problem)s. Ignored.") % {"field": label, "problem": problem})
    score = form.cleaned_data.get("score") or ""
    scores = (int(score),) if score else MEMORABLE_SCORES
    commented = bool(form.cleaned_data.get("commented"))
    page = form.cleaned_data.get("page") or 1

    # Offset pages without a total count: a count would read every extreme
    # of the period; the rollup gives the totals instead.
    offset = (page - 1) * MOMENTS_PER_PAGE
    moments = list(
        memorable_moments(request.user, filters, scores=scores, with_comment=commented)[
            offset : offset + MOMENTS_PER_PAGE + 1
        ]
    )
    has_next = len(moments) > MOMENTS_PER_PAGE
    totals = (
        rollup_rows(request.user, filters)
        .filter(day__gte=filters.start, day__lte=filters.end)
        .aggregate(**{key: value for key, value in rollup_sums().items() if key in ("score_1", "score_5")})
    )
    own = {"score": score, "commented": "on" if commented else ""}
    base = filters.querystring(own)
    return render(
        request,
        "insights/moments.html",
        page_context(
            request,
            filters,
            moments=moments[:MOMENTS_PER_PAGE],
            moments_form=MomentsFilterForm(initial={"score": score, "commented": commented}),
            page_number=page,
            previous_page=f"{base}&page={page - 1}" if page > 1 else "",
            next_page=f"{base}&page={page + 1}" if has_next else "",
            totals=[
                {
                    "score": value,
                    "count": totals[f"score_{value}"],
                    "url": filters.contact_list_url({"score": [str(value)]}),
                }
                for value in MEMORABLE_SCORES
            ],
            moments_extra="".join(f"&{name}={value}" for name, value in own.items() if value),
        ),
    )
