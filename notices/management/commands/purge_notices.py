from django.conf import settings
from django.core.management.base import BaseCommand

from notices.models import IssuedNotice


class Command(BaseCommand):
    help = (
        "Blank the applicant's name and phone on issued forms older than NOTICE_RETENTION_DAYS; "
        "the record of what each form said stays, so its verify link keeps working."
    )

    def handle(self, *args, **options) -> None:
        purged = IssuedNotice.objects.past_retention().purge_personal_data()
        self.stdout.write(
            f"Purged personal data from {purged} issued form(s) older than "
            f"{settings.NOTICE_RETENTION_DAYS} days."
        )
