"""The ratings chats were given before surveys existed become those chats' survey answers, so the
reports count them. Run once; a ticket that has a survey already keeps it."""

from django.db import migrations


def forward(apps, schema_editor):
    Conversation = apps.get_model("livechat", "Conversation")
    Survey = apps.get_model("csat", "Survey")
    rated = (
        Conversation.objects.filter(rating__isnull=False)
        .exclude(ticket__survey__isnull=False)
        .select_related("ticket")
        .order_by("pk")
    )
    batch = []
    for chat in rated.iterator(chunk_size=2000):
        answered = chat.rated_at or chat.ended_at or chat.created_at
        batch.append(
            Survey(
                ticket_id=chat.ticket_id,
                customer_id=chat.ticket.customer_id,
                channel="widget",
                language=chat.ticket.language or "en",
                created_at=chat.ended_at or answered,
                sent_at=chat.ended_at or answered,
                expires_at=answered,
                score=chat.rating,
                comment=chat.rating_comment,
                responded_at=answered,
                responded_via="widget",
            )
        )
        if len(batch) >= 2000:
            Survey.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    Survey.objects.bulk_create(batch, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("csat", "0001_surveys"), ("livechat", "0002_conversation_with_assistant")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
