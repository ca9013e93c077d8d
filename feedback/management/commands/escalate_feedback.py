from django.core.management.base import BaseCommand

from feedback.report_loop import escalate_overdue


class Command(BaseCommand):
    help = (
        "Put every problem report with an assignment past its deadline under the county "
        "reviewer's supervision (督办). Run daily from cron."
    )

    def handle(self, *args, **options) -> None:
        escalated = escalate_overdue()
        self.stdout.write(
            f"{len(escalated)} report(s) now under supervision: "
            + (", ".join(report.reference for report in escalated) or "none")
        )
