"""Run from cron every few minutes: send due survey invitations and the after-delivery follow-ups."""

from typing import Any

from django.core.management.base import BaseCommand

from hamdel.feedback.services import invitations_send_due, order_invitations_run


class Command(BaseCommand):
    help = "Send due survey invitations and invite customers N days after delivery."

    def handle(self, *args: Any, **options: Any) -> None:
        orders = order_invitations_run()
        sent = invitations_send_due()
        self.stdout.write(f"delivery invitations: {orders}, invitations sent: {sent}")
