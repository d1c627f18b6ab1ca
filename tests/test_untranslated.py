"""The tool that finds English on Thai pages finds it, and only it."""

from tests.untranslated import english_on_page


def test_english_text_is_found() -> None:
    assert english_on_page("<p>บันทึก <b>Save contact</b></p>") == ["Save", "contact"]


def test_attributes_people_read_count() -> None:
    html = '<button aria-label="Close">×</button><input type="submit" value="Send"><img alt="ภาพ" title="Chart">'
    assert english_on_page(html) == ["Close", "Send", "Chart"]


def test_scripts_styles_and_markup_do_not_count() -> None:
    html = '<script>var label = "CSAT";</script><style>.x{}</style><div class="card" data-chart="trend">ไทย</div>'
    assert english_on_page(html) == []


def test_data_and_allowed_words_are_left_out() -> None:
    html = "<p>Moments · CSAT 85 % · Maria Lopes · Support hotline</p>"
    assert english_on_page(html, data=["Maria Lopes", "Support hotline"]) == []
