"""Translated keywords on each translation, and every search vector written again: the languages
PostgreSQL 15 cannot stem are now analysed in Python (Korean bigrams; Polish, Persian and Ukrainian
stems; Vietnamese folded; function words dropped), see docs/knowledgebase.md."""

from typing import Any

from django.db import migrations, models

from knowledgebase.dbops import PostgresOnly

# The statement of services.translations_reindex as it is at this migration.
VECTOR_SQL = """
UPDATE knowledgebase_articletranslation SET
    search_head = setweight(to_tsvector(%(cfg)s::regconfig, %(title)s), 'A')
        || setweight(to_tsvector(%(cfg)s::regconfig, %(secondary)s), 'B'),
    search_vector = setweight(to_tsvector(%(cfg)s::regconfig, %(title)s), 'A')
        || setweight(to_tsvector(%(cfg)s::regconfig, %(secondary)s), 'B')
        || setweight(to_tsvector(%(cfg)s::regconfig, %(body)s), 'C')
WHERE id = %(id)s
"""
BATCH = 500


def reindex(apps: Any, schema_editor: Any) -> None:
    # The language analysis is the help center's own (pure functions over text); re-running this
    # migration later writes vectors as the code of that day analyses text, which is what search reads.
    from knowledgebase.languages import analyse, ts_config

    translation_model = apps.get_model("knowledgebase", "ArticleTranslation")
    article_model = apps.get_model("knowledgebase", "Article")
    tag_names: dict[int, list[str]] = {}
    for article_id, name in article_model.tags.through.objects.values_list("article_id", "kbtag__name"):
        tag_names.setdefault(article_id, []).append(name.replace("-", " "))
    rows = translation_model.objects.order_by("pk").values_list(
        "pk", "article_id", "language", "title", "summary", "keywords", "body_text"
    )
    batch: list[dict[str, Any]] = []
    with schema_editor.connection.cursor() as cursor:
        for pk, article_id, language, title, summary, keywords, body_text in rows.iterator(chunk_size=BATCH):
            secondary = " ".join([summary, keywords.replace(",", " "), *tag_names.get(article_id, [])])
            batch.append(
                {
                    "cfg": ts_config(language),
                    "title": analyse(title, language),
                    "secondary": analyse(secondary, language),
                    "body": analyse(body_text, language),
                    "id": pk,
                }
            )
            if len(batch) == BATCH:
                cursor.executemany(VECTOR_SQL, batch)
                batch = []
        if batch:
            cursor.executemany(VECTOR_SQL, batch)


class Migration(migrations.Migration):
    dependencies = [("knowledgebase", "0002_search_indexes")]

    operations = [
        migrations.AddField(
            model_name="articletranslation",
            name="keywords",
            field=models.CharField(blank=True, max_length=500, verbose_name="search keywords"),
        ),
        PostgresOnly(migrations.RunPython(reindex, migrations.RunPython.noop)),
    ]
