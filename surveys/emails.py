"""The invitation e-mail: one template, rendered as a subject, a plain-text body and an HTML alternative."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone

from surveys.models import SurveyInvitation

# One file holds the subject, the text and the HTML as partials, so the two
# bodies cannot drift apart when someone rewords one of them.
TEMPLATE = "surveys/email/invitation.html"


def invitation_email(*, invitation: SurveyInvitation, base_url: str, reminder: bool = False) -> EmailMultiAlternatives:
    contact = invitation.contact
    context = {
        "organisation_name": settings.ORGANISATION_NAME,
        "customer_name": contact.customer.name,
        "contact_point_name": contact.contact_point.name,
        "representative_first_name": contact.representative.first_name_for_customers,
        "occurred_on": timezone.localtime(contact.occurred_at),
        "expires_at": timezone.localtime(invitation.expires_at),
        "link": invitation.public_url(base_url),
        "reminder": reminder,
    }
    subject = " ".join(render_to_string(f"{TEMPLATE}#subject", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{TEMPLATE}#text", context).strip() + "\n",
        to=[contact.customer.email],
    )
    message.attach_alternative(render_to_string(f"{TEMPLATE}#html", context), "text/html")
    return message
