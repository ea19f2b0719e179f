from knowledgebase.markdown import render_markdown
from knowledgebase.services import translation_publish, translation_save
from tests.knowledgebase.conftest import make_article


def test_raw_html_in_markdown_is_shown_as_text_not_run():
    html = render_markdown('Hello <script>alert("x")</script> <img src=x onerror=alert(1)>')
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html and "&lt;img" in html


def test_javascript_links_are_dropped_and_external_links_get_noopener():
    html = render_markdown("[a](javascript:alert(1)) [b](https://evil.example/x) [c](/help/en/articles/x/)")
    assert 'href="javascript' not in html
    assert '<a href="https://evil.example/x" rel="noopener noreferrer">b</a>' in html
    assert '<a href="/help/en/articles/x/">c</a>' in html


def test_links_to_the_helpdesk_itself_are_not_marked_external(settings):
    settings.HELPDESK_SITE_URL = "https://help.example"
    html = render_markdown("[x](https://help.example/help/en/)", site_hosts={"help.example"})
    assert 'rel="' not in html


def test_tables_code_and_headings_render_and_h1_becomes_h2():
    html = render_markdown("# Title\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```\ncode <b>\n```")
    assert "<h2>Title</h2>" in html and "<table>" in html and "<td>1</td>" in html
    assert "<pre><code>code &lt;b&gt;" in html


def test_the_article_page_shows_sanitised_html_and_escapes_the_title(db, category, client):
    article = make_article(
        category,
        "xss",
        {"en": ("<b>Bold</b> title", "**ok** <iframe src=https://x></iframe>")},
        publish=False,
    )
    t = article.translations.get()
    translation_publish(translation=t, actor=None)
    page = client.get("/help/en/articles/xss/").content.decode()
    assert "&lt;b&gt;Bold&lt;/b&gt; title" in page
    assert "<strong>ok</strong>" in page and "<iframe" not in page


def test_search_results_escape_the_text_around_the_highlights(db, category, client):
    make_article(category, "tags", {"en": ("Withdrawal <script> limits", "Withdrawal body <b>x</b>.")})
    page = client.get("/help/en/search/", {"q": "withdrawal"}).content.decode()
    assert "<script>" not in page.split("<body", 1)[1]
    assert "&lt;script&gt;" in page
    assert "<mark>Withdrawal</mark>" in page


def test_saving_stores_plain_text_for_search(db, category):
    article = make_article(category, "plain", {"en": ("T", "**Wallet** > History")})
    t = translation_save(article=article, language="en", title="T", body="**Wallet** > *History*", actor=None)
    assert t.body_text == "Wallet > History"
