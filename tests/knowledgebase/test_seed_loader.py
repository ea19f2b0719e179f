import io
import shutil

import pytest
from django.core.management import CommandError, call_command

from knowledgebase.models import Article, ArticleStatus, ArticleTranslation, ArticleVersion, Category
from knowledgebase.seed_loader import SeedError, kb_seed_load, parse_seed_file
from tests.knowledgebase.conftest import FIXTURE_SEED


@pytest.fixture
def seed_dir(tmp_path):
    target = tmp_path / "seed"
    shutil.copytree(FIXTURE_SEED, target)
    return target


def test_the_loader_creates_categories_articles_and_published_translations(db, seed_dir):
    report = kb_seed_load(seed_dir=seed_dir)
    assert (report.categories_created, report.articles_created, report.translations_created) == (2, 2, 3)
    assert list(Category.objects.values_list("slug", flat=True)) == ["two-factor", "withdrawals"]
    assert set(ArticleTranslation.objects.values_list("status", flat=True)) == {ArticleStatus.PUBLISHED}
    reset = Article.objects.get(slug="reset-2fa")
    assert sorted(t.name for t in reset.tags.all()) == ["2fa", "login", "security"]
    assert [a.slug for a in reset.related.all()] == ["withdrawal-pending"]
    assert Article.objects.get(slug="withdrawal-pending").hidden_in == "US"
    spanish = ArticleTranslation.objects.get(article=reset, language="es")
    assert spanish.summary == "Solicita el restablecimiento con una selfie."
    assert (
        "<strong>Security</strong>" in ArticleTranslation.objects.get(article=reset, language="en").body_html
    )


def test_running_it_again_changes_nothing(db, seed_dir):
    kb_seed_load(seed_dir=seed_dir)
    versions = ArticleVersion.objects.count()
    report = kb_seed_load(seed_dir=seed_dir)
    assert not report.changed
    assert ArticleVersion.objects.count() == versions


def test_a_changed_file_becomes_a_new_version(db, seed_dir):
    kb_seed_load(seed_dir=seed_dir)
    path = seed_dir / "articles" / "reset-2fa" / "es.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("selfie.", "selfie y tu documento."), encoding="utf-8"
    )
    report = kb_seed_load(seed_dir=seed_dir)
    assert report.translations_changed == 1
    spanish = ArticleTranslation.objects.get(article__slug="reset-2fa", language="es")
    assert spanish.version == 2 and spanish.status == ArticleStatus.PUBLISHED
    assert spanish.versions.count() == 2


def test_the_command_reports_what_it_did(db, seed_dir):
    out = io.StringIO()
    call_command("seed_kb", "--path", str(seed_dir), stdout=out, stderr=io.StringIO())
    assert "2 articles, 3 translations created" in out.getvalue()
    out = io.StringIO()
    call_command("seed_kb", "--path", str(seed_dir), stdout=out, stderr=io.StringIO())
    assert "nothing changed" in out.getvalue()


def test_a_file_without_front_matter_is_refused_with_its_name(db, seed_dir):
    bad = seed_dir / "articles" / "reset-2fa" / "de.md"
    bad.write_text("Kein Titel\n", encoding="utf-8")
    with pytest.raises(SeedError, match=r"de\.md"):
        parse_seed_file(bad)
    with pytest.raises(CommandError, match=r"de\.md"):
        call_command("seed_kb", "--path", str(seed_dir), stdout=io.StringIO(), stderr=io.StringIO())


def test_an_unknown_category_is_refused(db, seed_dir):
    path = seed_dir / "articles" / "withdrawal-pending" / "en.md"
    path.write_text(path.read_text(encoding="utf-8").replace("category: withdrawals", "category: nope"))
    with pytest.raises(SeedError, match="unknown category"):
        kb_seed_load(seed_dir=seed_dir)


def test_the_real_seed_content_loads_in_four_languages(db):
    report = kb_seed_load()
    assert report.articles_created >= 40
    for language in ("en", "es", "de", "fr"):
        assert (
            ArticleTranslation.objects.filter(language=language, status=ArticleStatus.PUBLISHED).count() >= 40
        )
    assert report.problems == []
