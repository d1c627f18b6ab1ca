"""Customers are asked in their own language: the survey pages, the kiosk, the e-mails; staff keep theirs."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.models import User
from moments.models import Contact, Customer, Rating
from surveys.models import SurveyInvitation
from surveys.services import invitation_create
from surveys.tasks import invitation_reminder_send
from tests.factories import RatingFactory, SurveyInvitationFactory
from tests.surveys.conftest import survey_url
from tests.untranslated import english_on_page

pytestmark = pytest.mark.django_db

BASE_URL = "http://testserver/"
QUESTION = {
    "en-gb": "How satisfied are you with this contact?",
    "es": "¿Qué tan satisfecho está con esta atención?",
    "th": "คุณพึงพอใจกับการติดต่อครั้งนี้มากน้อยเพียงใด",
}
# Names on the page that are data, not our wording: the people and places the fixtures create.
DATA = ["Ana", "Support hotline", "Moments demo organisation", "Maria Moreno", "maria@example.org"]
# The switch names each language in itself: "English" on a Thai page is the point of it.
LANGUAGE_NAMES = ["English", "Español"]
MALFORMED_ACCEPT_LANGUAGE = [
    "",
    "*",
    ";;;,,,",
    "th;q=abc",
    "es;q=1.5, th;q=-1",
    "zz-ZZ",
    "x" * 5000,
    "en-gb, \x7f\x00",
    "th-TH-u-ca-buddhist-nu-thai;q=0.9",
]


def _customer(contact: Contact, language: str) -> Customer:
    customer = contact.customer
    customer.language = language
    customer.save(update_fields=["language"])
    return customer


def _thai_owned_elsewhere() -> list[str]:
    """What a survey page shows that moments words (the satisfaction scale), in Thai as moments renders it."""
    with translation.override("th"):
        return [str(label) for label in Rating.SCALE.values()]


# The close button of a notice belongs to the page's frame (base.html), as the navigation does.
NOTICE_CLOSE = re.compile(r'<button type="button" class="btn-close"[^>]*></button>')


def _staff_part(html: str) -> str:
    """A staff page's title and main content: the navigation and notices' frame are the rest of the product's."""
    title = re.search(r"<title>(.*?)</title>", html, re.DOTALL)
    main = re.search(r"<main\b.*?</main>", html, re.DOTALL)
    assert title and main
    return NOTICE_CLOSE.sub("", title.group(0) + main.group(0))


def _year(value: datetime) -> int:
    return timezone.localtime(value).year


class TestTheSurveyPagesLanguage:
    def test_the_customers_own_language_wins_over_the_browsers(self, as_user, invitation):
        _customer(invitation.contact, "es")

        response = as_user(None).get(survey_url(invitation), headers={"accept-language": "th,en;q=0.5"})

        assert response.status_code == 200
        page = response.content.decode()
        assert QUESTION["es"] in page
        assert QUESTION["th"] not in page and QUESTION["en-gb"] not in page
        assert response["Content-Language"] == "es"

    def test_without_a_language_of_their_own_the_browsers_decides(self, as_user, invitation):
        response = as_user(None).get(survey_url(invitation), headers={"accept-language": "th-TH,th;q=0.9,en;q=0.5"})

        assert QUESTION["th"] in response.content.decode()
        assert response["Content-Language"] == "th"

    def test_without_either_the_organisations_default_decides(self, as_user, invitation, settings):
        settings.LANGUAGE_CODE = "es"

        response = as_user(None).get(survey_url(invitation))

        assert QUESTION["es"] in response.content.decode()

    def test_a_browser_language_we_do_not_speak_falls_back_to_the_organisations(self, as_user, invitation, settings):
        settings.LANGUAGE_CODE = "th"

        response = as_user(None).get(survey_url(invitation), headers={"accept-language": "de-DE,fr;q=0.8"})

        assert QUESTION["th"] in response.content.decode()

    @pytest.mark.parametrize("header", MALFORMED_ACCEPT_LANGUAGE)
    def test_a_malformed_accept_language_never_breaks_the_page(self, as_user, invitation, header):
        response = as_user(None).get(survey_url(invitation), headers={"accept-language": header})

        assert response.status_code == 200
        assert any(question in response.content.decode() for question in QUESTION.values())

    def test_the_thank_you_and_the_other_outcomes_are_in_the_customers_language(self, as_user, invitation):
        _customer(invitation.contact, "th")
        client = as_user(None)

        answered = client.post(survey_url(invitation), {"score": "5"})
        thanks = client.get(answered["Location"])
        again = client.get(survey_url(invitation))

        assert answered["Location"] == f"/r/{invitation.token}/thanks/"
        assert "ขอบคุณ!" in thanks.content.decode()
        assert "ให้คะแนนแล้ว ขอบคุณ" in again.content.decode()

    def test_an_expired_link_says_so_in_the_customers_language(self, as_user, contact_a):
        _customer(contact_a, "es")
        past = timezone.now() - timedelta(days=10)
        invitation = SurveyInvitationFactory(contact=contact_a, created_at=past, expires_at=past + timedelta(days=7))

        response = as_user(None).get(survey_url(invitation))

        assert response.status_code == 410
        assert "Este enlace venció" in response.content.decode()

    def test_an_unknown_link_is_in_the_browsers_language_or_the_one_asked_for(self, as_user):
        client = as_user(None)
        unknown = "/r/" + "x" * 43 + "/"

        in_browser = client.get(unknown, headers={"accept-language": "es"})
        asked_for = client.get(unknown + "?lang=th", headers={"accept-language": "es"})

        assert in_browser.status_code == asked_for.status_code == 404
        assert "No encontramos este enlace" in in_browser.content.decode()
        assert "เราไม่พบลิงก์นี้" in asked_for.content.decode()

    def test_the_rate_limit_page_speaks_the_language_asked_for_without_looking_up_the_customer(
        self, as_user, invitation, settings
    ):
        settings.SURVEY_RATE_LIMIT = (1, 600)  # the page names the window: "about 10 minutes"
        client = as_user(None)
        unknown = "/r/" + "x" * 43 + "/"
        client.get(unknown)

        limited = client.get(unknown + "?lang=th", headers={"accept-language": "es"})

        assert limited.status_code == 429
        assert "กรุณาลองใหม่อีกครั้งในอีกประมาณ 10 นาที" in limited.content.decode()
        assert limited["Content-Language"] == "th"
        assert english_on_page(limited.content.decode(), data=DATA) == []

    def test_dates_are_written_in_the_customers_language(self, as_user, contact_a, settings):
        settings.THAI_BUDDHIST_ERA = True
        contact_a.occurred_at = timezone.make_aware(datetime(2026, 12, 1, 10, 30))
        contact_a.save(update_fields=["occurred_at"])
        invitation = SurveyInvitationFactory(contact=contact_a)
        client = as_user(None)

        spanish = client.get(survey_url(invitation) + "?lang=es").content.decode()
        thai = client.get(survey_url(invitation) + "?lang=th").content.decode()
        english = client.get(survey_url(invitation) + "?lang=en-gb").content.decode()

        assert "1 de diciembre de 2026" in spanish
        assert "1 ธันวาคม 2569" in thai  # the Buddhist Era: 2026 + 543
        assert "1 December 2026" in english
        assert 'datetime="2026-12-01T10:30:00' in thai  # machines read the Common Era

    def test_thai_years_stay_in_the_common_era_when_the_organisation_turns_it_off(self, as_user, invitation, settings):
        settings.THAI_BUDDHIST_ERA = False

        thai = as_user(None).get(survey_url(invitation) + "?lang=th").content.decode()

        assert str(_year(invitation.contact.occurred_at)) in thai
        assert str(_year(invitation.contact.occurred_at) + 543) not in thai

    def test_a_thai_survey_page_has_no_english(self, as_user, invitation):
        _customer(invitation.contact, "th")
        client = as_user(None)

        question = client.get(survey_url(invitation))
        error = client.post(survey_url(invitation), {"score": "9", "comment": "ก" * 1001, "effort_score": "8"})
        thanks = client.get(client.post(survey_url(invitation), {"score": "4"})["Location"])
        already = client.get(survey_url(invitation))

        assert error.status_code == 400
        data = DATA + LANGUAGE_NAMES + _thai_owned_elsewhere()
        for response in (question, error, thanks, already):
            assert english_on_page(response.content.decode(), data=data) == []

    def test_the_effort_question_is_in_thai_too(self, as_user, invitation, contact_point):
        contact_point.asks_effort = True
        contact_point.save(update_fields=["asks_effort"])
        _customer(invitation.contact, "th")

        page = as_user(None).get(survey_url(invitation)).content.decode()

        assert "ทำให้การจัดการเรื่องของฉันเป็นเรื่องง่าย" in page
        assert english_on_page(page, data=DATA + LANGUAGE_NAMES + _thai_owned_elsewhere()) == []

    def test_thai_outcome_pages_have_no_english(self, as_user, contact_a):
        _customer(contact_a, "th")
        past = timezone.now() - timedelta(days=10)
        expired = SurveyInvitationFactory(contact=contact_a, created_at=past, expires_at=past + timedelta(days=7))
        client = as_user(None)

        pages = [client.get(survey_url(expired)), client.get("/r/" + "x" * 43 + "/?lang=th")]

        assert [response.status_code for response in pages] == [410, 404]
        for response in pages:
            assert english_on_page(response.content.decode(), data=DATA + LANGUAGE_NAMES) == []


class TestTheLanguageSwitch:
    def test_the_page_links_to_the_other_languages_each_named_in_itself(self, as_user, invitation):
        _customer(invitation.contact, "es")

        page = as_user(None).get(survey_url(invitation)).content.decode()

        assert 'href="?lang=th" lang="th" hreflang="th">ภาษาไทย</a>' in page
        assert 'href="?lang=en-gb" lang="en-gb" hreflang="en-gb">English</a>' in page
        assert "?lang=es" not in page  # the page is in Spanish already

    def test_a_picked_language_renders_the_page_and_travels_in_the_form(self, as_user, invitation):
        _customer(invitation.contact, "es")

        response = as_user(None).get(survey_url(invitation) + "?lang=th", headers={"accept-language": "es"})

        page = response.content.decode()
        assert QUESTION["th"] in page
        assert '<input type="hidden" name="lang" value="th">' in page
        assert response["Content-Language"] == "th"

    def test_the_language_the_page_came_in_needs_no_hidden_field(self, as_user, invitation):
        page = as_user(None).get(survey_url(invitation)).content.decode()

        assert 'name="lang"' not in page

    def test_the_pick_lasts_to_the_thank_you_page_and_is_remembered_for_next_time(self, as_user, invitation):
        _customer(invitation.contact, "es")
        client = as_user(None)

        answered = client.post(survey_url(invitation), {"score": "4", "lang": "th"}, headers={"accept-language": "es"})
        thanks = client.get(answered["Location"], headers={"accept-language": "es"})

        assert answered.status_code == 302
        assert answered["Location"] == f"/r/{invitation.token}/thanks/?lang=th"
        assert "ขอบคุณ!" in thanks.content.decode()
        customer = Customer.objects.get(pk=invitation.contact.customer_id)
        assert customer.language == "th"
        assert Rating.objects.get(contact=invitation.contact).score == 4

    def test_a_regional_code_stands_for_its_language(self, as_user, invitation):
        client = as_user(None)

        client.post(survey_url(invitation), {"score": "4", "lang": "es-AR"})

        assert Customer.objects.get(pk=invitation.contact.customer_id).language == "es"

    def test_answering_in_the_language_offered_changes_nothing_about_the_customer(self, as_user, invitation):
        as_user(None).post(survey_url(invitation), {"score": "4"}, headers={"accept-language": "th"})

        assert Customer.objects.get(pk=invitation.contact.customer_id).language == ""
        assert Rating.objects.filter(contact=invitation.contact).exists()

    def test_an_answer_that_is_not_recorded_does_not_change_the_language_either(self, as_user, invitation):
        client = as_user(None)

        bad = client.post(survey_url(invitation), {"score": "9", "lang": "th"})
        RatingFactory(contact=invitation.contact)
        refused = client.post(survey_url(invitation), {"score": "4", "lang": "th"})

        assert (bad.status_code, refused.status_code) == (400, 409)
        assert QUESTION["th"] in bad.content.decode()  # the form comes back in the language picked
        assert '<input type="hidden" name="lang" value="th">' in bad.content.decode()
        assert Customer.objects.get(pk=invitation.contact.customer_id).language == ""

    @pytest.mark.parametrize("code", ["xx", "klingon", "", "de-DE", "../../etc/passwd", "e" * 500, "es\x00"])
    def test_an_unknown_code_falls_back_silently(self, as_user, invitation, code):
        _customer(invitation.contact, "es")
        client = as_user(None)

        shown = client.get(survey_url(invitation), {"lang": code})
        answered = client.post(survey_url(invitation), {"score": "3", "lang": code})

        assert shown.status_code == 200
        assert QUESTION["es"] in shown.content.decode()
        assert 'name="lang"' not in shown.content.decode()
        assert answered.status_code == 302
        assert answered["Location"] == f"/r/{invitation.token}/thanks/"
        assert Customer.objects.get(pk=invitation.contact.customer_id).language == "es"

    def test_the_switch_needs_no_cookie(self, as_user, invitation):
        client = as_user(None)

        response = client.get(survey_url(invitation) + "?lang=th")

        assert QUESTION["th"] in response.content.decode()
        assert {"sessionid", "django_language"}.isdisjoint(response.cookies)


class TestTheEmails:
    def _send(self, contact: Contact, django_capture_on_commit_callbacks) -> SurveyInvitation:
        with django_capture_on_commit_callbacks(execute=True):
            invitation = invitation_create(contact=contact, method="email", created_by=None, base_url=BASE_URL)
        invitation.refresh_from_db()
        return invitation

    def test_the_invitation_is_in_the_customers_language_whatever_the_staff_member_speaks(
        self, contact_a, django_capture_on_commit_callbacks
    ):
        _customer(contact_a, "es")
        contact_a.occurred_at = timezone.make_aware(datetime(2026, 12, 1, 10, 30))
        contact_a.save(update_fields=["occurred_at"])

        with translation.override("th"):
            invitation = self._send(contact_a, django_capture_on_commit_callbacks)

        [message] = mail.outbox
        [(html, _)] = message.alternatives
        assert message.subject == "¿Cómo fue su atención con Moments demo organisation?"
        assert message.body.startswith("Hola, Maria Moreno:")
        assert "Gracias por su contacto con Ana en Support hotline el 1 de diciembre de 2026." in message.body
        assert f"http://testserver/r/{invitation.token}/" in message.body
        assert '<html lang="es">' in html
        assert f'<a href="http://testserver/r/{invitation.token}/">Valore su atención</a>' in html
        assert "Puede responder una sola vez." in html
        assert message.extra_headers["Content-Language"] == "es"

    def test_a_customer_without_a_language_gets_the_organisations(
        self, contact_a, django_capture_on_commit_callbacks, settings
    ):
        settings.LANGUAGE_CODE = "th"

        with translation.override("es"):
            self._send(contact_a, django_capture_on_commit_callbacks)

        assert mail.outbox[0].subject == "การติดต่อกับ Moments demo organisation เป็นอย่างไรบ้าง"

    def test_an_unknown_stored_language_falls_back_to_the_organisations(
        self, contact_a, django_capture_on_commit_callbacks
    ):
        # Written past the model's choices (an old import, a manual fix in the database).
        Customer.objects.filter(pk=contact_a.customer_id).update(language="xx")
        contact_a.customer.refresh_from_db()

        self._send(contact_a, django_capture_on_commit_callbacks)

        assert mail.outbox[0].subject == "How was your contact with Moments demo organisation?"

    def test_a_thai_invitation_and_reminder_have_no_english(self, contact_a, django_capture_on_commit_callbacks):
        _customer(contact_a, "th")
        invitation = self._send(contact_a, django_capture_on_commit_callbacks)

        result = invitation_reminder_send.enqueue(invitation_id=invitation.pk, base_url=BASE_URL)

        assert result.return_value == "reminded"
        first, reminder = mail.outbox
        assert first.subject == "การติดต่อกับ Moments demo organisation เป็นอย่างไรบ้าง"
        assert reminder.subject == "แจ้งเตือน: การติดต่อกับ Moments demo organisation เป็นอย่างไรบ้าง"
        assert "เมื่อไม่กี่วันก่อน เราได้สอบถามคุณ" in reminder.body
        link = f"http://testserver/r/{invitation.token}/"
        year = str(_year(contact_a.occurred_at) + 543)
        for message in (first, reminder):
            [(html, _)] = message.alternatives
            assert year in message.body
            for text in (message.subject, message.body, html):
                assert english_on_page(text, data=[*DATA, link]) == [], text


class TestTheKiosk:
    @pytest.fixture
    def kiosk_invitation(self, contact_a) -> SurveyInvitation:
        return SurveyInvitationFactory(
            contact=contact_a, method="kiosk", expires_at=timezone.now() + timedelta(hours=2)
        )

    def test_the_question_is_in_the_customers_language_the_way_back_in_the_staff_members(
        self, as_user, kiosk_invitation
    ):
        contact = kiosk_invitation.contact
        _customer(contact, "th")
        client = as_user(contact.representative)
        url = f"/contacts/{contact.pk}/kiosk/"

        question = client.get(url, headers={"accept-language": "en-gb"})
        answered = client.post(url, {"score": "5"}, headers={"accept-language": "en-gb"})
        thanks = client.get(answered["Location"], headers={"accept-language": "en-gb"})

        assert QUESTION["th"] in question.content.decode()
        assert question["Content-Language"] == thanks["Content-Language"] == "th"
        assert answered["Location"] == f"/contacts/{contact.pk}/kiosk/thanks/"
        page = thanks.content.decode()
        assert "กรุณาส่งอุปกรณ์คืนให้พนักงาน" in page
        assert 'lang="en-gb">Back to logging</a>' in page

    def test_the_customer_can_switch_on_the_device_and_it_is_remembered(self, as_user, kiosk_invitation):
        contact = kiosk_invitation.contact
        client = as_user(contact.representative)
        url = f"/contacts/{contact.pk}/kiosk/"

        switched = client.get(url + "?lang=es")
        answered = client.post(url, {"score": "4", "lang": "es"})

        assert QUESTION["es"] in switched.content.decode()
        assert '<input type="hidden" name="lang" value="es">' in switched.content.decode()
        assert answered["Location"] == f"/contacts/{contact.pk}/kiosk/thanks/?lang=es"
        assert "Devuelva el dispositivo" in client.get(answered["Location"]).content.decode()
        assert Customer.objects.get(pk=contact.customer_id).language == "es"

    def test_a_hand_over_that_is_not_open_stays_in_the_staff_members_language(self, as_user, contact_a):
        _customer(contact_a, "th")

        response = as_user(contact_a.representative).get(
            f"/contacts/{contact_a.pk}/kiosk/", headers={"accept-language": "es"}
        )

        assert response.status_code == 410
        assert "No hay ninguna entrega abierta para este contacto" in response.content.decode()


class TestThePrintedSheet:
    def test_the_sheet_is_the_customers_and_its_buttons_the_staff_members(self, as_user, invitation):
        _customer(invitation.contact, "es")

        page = (
            as_user(invitation.contact.representative)
            .get(f"/contacts/{invitation.contact_id}/invitation/print/", headers={"accept-language": "th"})
            .content.decode()
        )

        assert "Escanee el código o escriba el enlace" in page
        assert "Código QR con el enlace para valorar esta atención" in page
        assert '<div class="d-print-none d-flex gap-2 mb-4" lang="th">' in page
        assert ">พิมพ์</button>" in page


@pytest.fixture
def thai_staff(staff_a: User) -> User:
    staff_a.language = "th"
    staff_a.save(update_fields=["language"])
    return staff_a


class TestStaffPagesInThai:
    """A Thai-speaking representative reads the survey's staff pages in Thai, whatever the customer speaks."""

    def _data(self, contact: Contact, user: User) -> list[str]:
        with translation.override("th"):
            contact_list_name = render_to_string("moments/_contact_list_name.html", {"user": user})
        return [*DATA, user.name, contact_list_name.strip(), contact.customer.email, *_thai_owned_elsewhere()]

    def _get(self, client, url: str):
        return client.get(url, headers={"accept-language": "th"})

    def test_the_link_page_the_sheet_and_the_kiosk_pages(self, as_user, thai_staff, contact_a):
        _customer(contact_a, "th")
        client = as_user(thai_staff)
        invited = client.post(
            f"/contacts/{contact_a.pk}/invite/", {"method": "link"}, headers={"accept-language": "th"}
        )
        invitation = SurveyInvitation.objects.get(contact=contact_a)
        link = f"http://testserver/r/{invitation.token}/"

        pages = {
            "link": self._get(client, invited["Location"]),
            "sheet": self._get(client, f"/contacts/{contact_a.pk}/invitation/print/"),
            "no hand-over": self._get(client, f"/contacts/{contact_a.pk}/kiosk/"),
        }
        client.post(
            f"/contacts/{contact_a.pk}/invitation/renew/", {"method": "kiosk"}, headers={"accept-language": "th"}
        )
        pages["kiosk"] = self._get(client, f"/contacts/{contact_a.pk}/kiosk/")
        client.post(f"/contacts/{contact_a.pk}/kiosk/", {"score": "5"}, headers={"accept-language": "th"})
        pages["kiosk thanks"] = self._get(client, f"/contacts/{contact_a.pk}/kiosk/thanks/")
        pages["kiosk already rated"] = self._get(client, f"/contacts/{contact_a.pk}/kiosk/")

        assert "ให้ลูกค้าสแกนคิวอาร์โค้ด" in pages["link"].content.decode()  # the message after inviting
        data = [*self._data(contact_a, thai_staff), link, f"{contact_a.pk}", *LANGUAGE_NAMES]
        for name, response in pages.items():
            assert response.status_code in (200, 410), name
            assert english_on_page(_staff_part(response.content.decode()), data=data) == [], name

    def test_the_invitation_panel_on_the_contacts_page(self, as_user, thai_staff, contact_a):
        client = as_user(thai_staff)
        client.post(f"/contacts/{contact_a.pk}/invite/", {"method": "email"}, headers={"accept-language": "th"})

        page = self._get(client, f"/contacts/{contact_a.pk}/").content.decode()

        panel = re.search(
            r'<div class="mt-3 pt-3 border-top" data-testid="invitation-panel">.*?</form>', page, re.DOTALL
        )
        assert panel is not None
        assert "คำเชิญให้คะแนน" in panel.group(0)
        link = f"http://testserver/r/{SurveyInvitation.objects.get(contact=contact_a).token}/"
        assert english_on_page(panel.group(0), data=[*self._data(contact_a, thai_staff), link]) == []
