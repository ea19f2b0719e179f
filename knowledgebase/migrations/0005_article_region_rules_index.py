"""The articles with a region rule (`regions` or `hidden_in` set), usually few, in a partial index:
each search reads them to drop the ones its reader may not see, instead of reading every article."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("knowledgebase", "0004_search_indexes_per_language")]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=~models.Q(regions="") | ~models.Q(hidden_in=""),
                fields=["id"],
                name="kb_article_region_rules",
            ),
        ),
    ]
