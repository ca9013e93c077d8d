from django.conf import settings
from django.core.management.base import BaseCommand

from feedback.models import ProblemReport, Rating


class Command(BaseCommand):
    help = (
        "Blank the phone numbers of ratings and problem reports older than "
        "FEEDBACK_RETENTION_DAYS; the ratings, reports and their steps stay for the figures."
    )

    def handle(self, *args, **options) -> None:
        ratings = Rating.objects.past_retention().purge_personal_data()
        reports = ProblemReport.objects.past_retention().purge_personal_data()
        self.stdout.write(
            f"Purged phone numbers from {ratings} rating(s) and {reports} problem report(s) "
            f"older than {settings.FEEDBACK_RETENTION_DAYS} days."
        )
