"""The survey invitation's state on the contact's page, filled into moments' rating slot."""

from __future__ import annotations

from typing import Any

from django import template
from django.http import HttpRequest

from moments.models import Contact
from surveys.models import InvitationMethod, InvitationState, SurveyInvitation
from surveys.qr import qr_svg

register = template.Library()


@register.inclusion_tag("surveys/_invitation_panel.html", takes_context=True)
def invitation_panel(context: template.Context, contact: Contact) -> dict[str, Any]:
    request: HttpRequest | None = context.get("request")
    invitation = SurveyInvitation.objects.select_related("created_by").filter(contact=contact).first()
    link = qr = None
    state = invitation.state if invitation else None
    showable = state not in (None, InvitationState.ANSWERED, InvitationState.EXPIRED)
    if invitation and request is not None and showable and invitation.method != InvitationMethod.KIOSK:
        link = invitation.public_url(request.build_absolute_uri("/"))
        qr = qr_svg(link)
    corrections = list(contact.rating.corrections.select_related("corrected_by")) if contact.has_rating else []
    return {
        "contact": contact,
        "invitation": invitation,
        "state": state,
        "link": link,
        "qr": qr,
        "corrections": corrections,
        "methods": InvitationMethod,
        "can_email": bool(contact.customer.email),
        "csrf_token": context.get("csrf_token"),
    }
