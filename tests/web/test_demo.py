"""`hamdel demo` loads a realistic, varied data set once."""

from django.db.models import Count

from hamdel.conversations.models import Conversation, MessageAnalysis, Status
from hamdel.core import channels
from hamdel.customers.models import Customer
from hamdel.demo.loader import load_demo


def test_demo_data_covers_every_channel_and_status(db):
    assert load_demo() is True
    assert Customer.objects.count() >= 50
    assert Conversation.objects.count() >= 300
    assert set(Conversation.objects.values_list("channel", flat=True)) == set(channels.names())
    assert set(Conversation.objects.values_list("status", flat=True)) == set(Status.values)
    assert Conversation.objects.filter(messages__direction="out").distinct().count() > 200
    assert Conversation.objects.filter(messages__kind="note").exists()
    assert Conversation.objects.filter(tags__isnull=False).exists()
    assert MessageAnalysis.objects.count() > 300  # the inbox shows signals from the start
    oldest = Conversation.objects.order_by("created_at").first().created_at
    newest = Conversation.objects.order_by("-created_at").first().created_at
    assert (newest - oldest).days >= 80
    assert Conversation.objects.values("customer").annotate(n=Count("pk")).filter(n__gt=1).exists()
    # loaded once: a second run changes nothing
    assert load_demo() is False
