from django.core.management.base import BaseCommand

from editorial.roles import set_up_editorial


class Command(BaseCommand):
    help = "Create the editorial groups, township sections, page permissions and review workflow."

    def handle(self, *args, **options):
        done = set_up_editorial()
        self.stdout.write(f"editorial roles set up ({done['township sections']} townships)")
