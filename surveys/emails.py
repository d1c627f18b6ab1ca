"""The invitation e-mail: one template, rendered as a subject, a plain-text body and an HTML alternative.

Written in the customer's language (theirs, else the organisation's: an
e-mail has no browser to ask), whichever language the staff member who
asked for it, or the worker that sends it, happens to be in.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation

from moments.localisation import customer_language
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
    language = customer_language(contact.customer)
    with translation.override(language):
        subject = " ".join(render_to_string(f"{TEMPLATE}#subject", context).split())
        body = render_to_string(f"{TEMPLATE}#text", context).strip() + "\n"
        html = render_to_string(f"{TEMPLATE}#html", context)
    message = EmailMultiAlternatives(
        subject=subject, body=body, to=[contact.customer.email], headers={"Content-Language": language}
    )
    message.attach_alternative(html, "text/html")
    return message
