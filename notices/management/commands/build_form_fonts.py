from django.core.management.base import BaseCommand

from notices.form_fonts import WEIGHTS, build


class Command(BaseCommand):
    help = (
        "Rebuild the printed forms' font files (Noto Sans CJK SC cut down to GB2312) from the "
        "system's Noto CJK fonts into notices/static/notices/fonts/."
    )

    def handle(self, *args, **options) -> None:
        for weight in WEIGHTS:
            self.stdout.write(f"Built {build(weight)}")
