"""Import guides and their offers from catalogue rows: a dry run first, then all or nothing.

``preview`` checks every row against the database and the same rules as the admin (model
validation, the cross-row rules, the importer's permission) and says per row whether it would
be created, changed or left alone, or would go in incomplete, and each problem by row and
column. A row lacking what a live guide needs (``guides.completeness``: materials, time limits,
a phone …) is not a problem but an incomplete matter: it goes in as a draft, never live. Only
what is wrong is a problem: an unreadable value, a row contradicting itself, a guide the
importer may not touch. ``apply`` writes only a file without problems, in one transaction; each
created or changed complete guide becomes a revision, published for a user who may publish it
and submitted to the review workflow otherwise. A row equal to the guide as it stands (see
``catalogue.export.current``) is left alone, so importing the same file twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from wagtail.models import Page, ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from catalogue.bulk import add_new
from catalogue.export import current, row_of, section_townships, township_code_of
from catalogue.files import Parsed
from catalogue.national_rows import Passed
from catalogue.rows import NUMBER_COLUMNS, CellError, Row
from guides.completeness import REQUIRED_TO_GO_LIVE, missing_to_go_live
from guides.models import (
    GuideIndexPage,
    GuidePage,
    Material,
    Offer,
    Region,
    ServicePoint,
    TownshipSection,
    Window,
)
from guides.publishing import OfferRow, offer_problems
from guides.review import send_to_review, submit_change

Progress = Callable[[int, int], None]
# Model fields whose errors belong to another column of the file.
FIELD_COLUMNS = {"slug": "code", "no_materials": "materials", "online_url": "offers"}
MAX_DAYS = 32767
GUIDE_FIELDS = (
    "base_code",
    "title",
    "matter_type",
    "implementing_body",
    "audience",
    "summary",
    "conditions",
    "case_type",
    "result",
    "result_delivery",
    "consultation_phone",
    "complaint_phone",
    "online_url",
    "no_materials",
)
# A guide's foreign keys (``validate`` finds its child rows' the same way). Their values come
# from the database (the parent's locale, a service point looked up by name), so validating
# them would only cost a query each.
PAGE_KEYS = [f.name for f in GuidePage._meta.concrete_fields if f.is_relation]


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    message: str


STATUSES = ("created", "changed", "unchanged", "incomplete", "duplicate", "skipped", "error")


@dataclass
class Outcome:
    row: int
    code: str
    status: str  # one of STATUSES; incomplete: created or changed as a draft
    page: GuidePage | None = None
    parent: Page | None = None  # where a new guide goes
    notes: list[str] = field(default_factory=list)  # what reading the row assumed
    missing: dict[str, str] = field(default_factory=dict)  # incomplete: what to add

    @property
    def new(self) -> bool:
        return self.page is not None and self.page.pk is None


@dataclass
class Preview:
    outcomes: list[Outcome] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def counts(self) -> dict[str, int]:
        counted = dict.fromkeys(STATUSES, 0)
        for outcome in self.outcomes:
            counted[outcome.status] += 1
        return counted


class ImportRefused(Exception):
    def __init__(self, preview: Preview):
        super().__init__(f"{len(preview.problems)} problem(s); nothing was imported")
        self.preview = preview


class Importer:
    """Imports on behalf of ``user``, who needs ``catalogue.import_catalogue`` for each row's
    township (county-wide rows: the whole county)."""

    def __init__(self, user):
        self.user = user
        self.catalogue = GuideIndexPage.objects.get()
        self.sections = {
            section.township.code: section
            for section in TownshipSection.objects.select_related("township")
        }
        self.section_codes = section_townships()
        self.townships = {r.code: r for r in Region.objects.filter(level=Region.Level.TOWNSHIP)}
        windows = Prefetch("windows", queryset=Window.objects.all())
        points = ServicePoint.objects.prefetch_related(windows)
        self.points = {point.name: point for point in points}
        self.point_names = {point.pk: point.name for point in self.points.values()}
        self.may_import: dict[str, bool] = {}
        self.may_publish: dict[int, bool] = {}

    # -- the dry run --------------------------------------------------------------------

    def preview(
        self,
        parsed: list[Parsed],
        progress: Progress | None = None,
        notes: dict[int, list[str]] | None = None,
    ) -> Preview:
        """Check every row; ``notes`` are what reading each row (by number) assumed."""
        preview = Preview()
        codes = [row.get("code") for _, row in parsed if isinstance(row, dict)]
        existing = {
            page.code: page
            for page in GuidePage.objects.filter(code__in=[c for c in codes if c]).prefetch_related(
                "materials", "offers"
            )
        }
        seen: dict[str, int] = {}
        self.slugs = self.slugs_taken()
        for done, (number, row) in enumerate(parsed, start=1):
            problems: list[Problem] = []
            outcome = self.check_row(number, row, existing, seen, problems)
            outcome.notes += (notes or {}).get(number, [])
            preview.outcomes.append(outcome)
            preview.problems += problems
            if progress:
                progress(done, len(parsed))
        return preview

    def check_row(self, number, row, existing, seen, problems) -> Outcome:
        def problem(column: str, message: str) -> Outcome:
            problems.append(Problem(number, column, message))
            return Outcome(number, code, "error")

        code = row.get("code", "") if isinstance(row, dict) else ""
        if isinstance(row, Passed):
            return Outcome(number, row.code, row.status, notes=[row.message])
        if isinstance(row, CellError):
            return problem(row.column, str(row))
        if not code:
            return problem("code", _("Missing matter code."))
        if code in seen:
            return problem(
                "code",
                _("Matter code %(code)s is already in row %(row)d of this file.")
                % {"code": code, "row": seen[code]},
            )
        seen[code] = number
        township = row["township"]
        if township and township not in self.sections:
            return problem("township", _("Unknown township code “%(code)s”.") % {"code": township})
        if not self.allowed(township):
            return problem("township", self.refusal(township))
        days = self.numbers(row, problem)
        if days is None:
            return Outcome(number, code, "error")
        verified = self.date(row["last_verified"], problem)
        if verified is False:
            return Outcome(number, code, "error")
        if row["materials"] and row["no_materials"]:
            return problem("materials", _("Materials are listed: “no materials” cannot be true."))
        unknown = [
            o["service_point"] for o in row["offers"] if o["service_point"] not in self.points
        ]
        if unknown:
            return problem(
                "offers",
                _("Unknown service point “%(name)s”.") % {"name": "”, “".join(unknown)},
            )

        page = existing.get(code)
        if page is not None:
            was = township_code_of(page, self.section_codes)
            if was != township:
                return problem(
                    "township",
                    _("This guide belongs to %(was)s; move it in the admin, not by import.")
                    % {"was": was or _("the county")},
                )
            page = current(page)
            if row_of(page, township, self.point_names) == row:
                return Outcome(number, code, "unchanged", page)
        status = "changed" if page is not None else "created"
        parent = self.sections[township] if township else self.catalogue
        page = page or GuidePage(code=code, locale_id=parent.locale_id)
        self.fill(page, row, days, verified)
        for name, message in self.validate(page, parent if status == "created" else None).items():
            problem(FIELD_COLUMNS.get(name, name if name in row else "code"), message)
        if problems:
            return Outcome(number, code, "error")
        missing = missing_to_go_live(page)
        page.missing = sorted(missing)
        if missing:
            return Outcome(number, code, "incomplete", page, parent, missing=missing)
        return Outcome(number, code, status, page, parent)

    def slugs_taken(self) -> dict[str, set[str]]:
        """The path of the catalogue and of each township section → its children's slugs."""
        depth = self.catalogue.depth
        taken: dict[str, set[str]] = {self.catalogue.path: set()}
        taken |= {section.path: set() for section in self.sections.values()}
        children = Page.objects.filter(
            path__startswith=self.catalogue.path, depth__in=(depth + 1, depth + 2)
        )
        for path, slug in children.values_list("path", "slug"):
            taken.get(path[: -Page.steplen], set()).add(slug)
        return taken

    def allowed(self, township: str) -> bool:
        if township not in self.may_import:
            region = self.townships.get(township) if township else None
            self.may_import[township] = self.user.has_perm("catalogue.import_catalogue", region)
        return self.may_import[township]

    def refusal(self, township: str) -> str:
        if not township:
            return _("County-wide guides are imported by county administrators only.")
        return _("You may not import guides of township %(code)s.") % {"code": township}

    def numbers(self, row: Row, problem) -> dict[str, int | None] | None:
        days: dict[str, int | None] = {}
        for column in NUMBER_COLUMNS:
            value = row[column]
            if value == "":
                days[column] = 1 if column == "visits" else None
            elif value.isdigit() and int(value) <= MAX_DAYS:
                days[column] = int(value)
            else:
                problem(
                    column,
                    _(
                        "“%(value)s” is not a time limit: give a whole number of days, or leave it "
                        "empty."
                    )
                    % {"value": value}
                    if column != "visits"
                    else _("“%(value)s” is not a number of visits.") % {"value": value},
                )
                return None
        return days

    def date(self, value: str, problem) -> dt.date | bool | None:
        if not value:
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            problem(
                "last_verified", _("“%(value)s” is not a date like 2026-01-31.") % {"value": value}
            )
            return False

    def fill(self, page: GuidePage, row: Row, days: dict, verified: dt.date | None) -> None:
        for name in GUIDE_FIELDS:
            setattr(page, name, row[name])
        for name, value in days.items():
            setattr(page, name, value)
        page.other_names = "\n".join(row["other_names"])
        page.last_verified = verified
        # Existing rows keep what the file does not carry (a material's form, an offer's notes).
        materials = {m.name: m for m in page.materials.all()} if page.pk else {}
        kept = [
            materials.get(name) or Material(name=name, form=Material.Form.ORIGINAL)
            for name in row["materials"]
        ]
        # Numbered before they are set: modelcluster sorts held rows, a new one (no number
        # yet) first.
        for number, material in enumerate(kept):
            material.sort_order = number
        page.materials = kept
        offers = {o.service_point_id: o for o in page.offers.all()} if page.pk else {}
        rows = []
        for number, spec in enumerate(row["offers"]):
            point = self.points[spec["service_point"]]
            offer = offers.get(point.pk) or Offer(service_point=point)
            offer.service_point = point
            offer.modes = spec["modes"]
            offer.scope = spec["scope"]
            offer.window = spec["window"]
            offer.sort_order = number
            rows.append(offer)
        page.offers = rows

    def validate(self, page: GuidePage, new_under: Page | None) -> dict[str, str]:
        """Field → message: the model's rules, each child row's, then the cross-row rules. What
        a live guide must fill and this one leaves empty is not validated here: it makes the
        guide incomplete (``guides.completeness``), not wrong.

        ``new_under`` is the parent of a new guide. Uniqueness is checked here for the whole
        file rather than by a query per row: a matter code is unique because rows are matched
        to guides by code, and a new guide's address (its slug) against its future siblings.
        """
        errors: dict[str, str] = {}
        exclude = [*PAGE_KEYS, *(("path", "depth") if new_under else ())]
        exclude += [name for name in REQUIRED_TO_GO_LIVE if not getattr(page, name)]
        try:
            page.full_clean(exclude=exclude, validate_unique=False)
        except ValidationError as error:
            errors.update(
                {name: " ".join(messages) for name, messages in error.message_dict.items()}
            )
        if page.promised_days is None:
            # A 承诺件 without its promised days lacks them (it is incomplete), it is not wrong.
            errors.pop("promised_days", None)
        if new_under is not None and "slug" not in errors:
            siblings = self.slugs[new_under.path]
            if page.slug in siblings:
                errors["slug"] = _(
                    "The slug '%(page_slug)s' is already in use within the parent page at "
                    "'%(parent_url_path)s'."
                ) % {"page_slug": page.slug, "parent_url_path": new_under.url_path}
            siblings.add(page.slug)
        for relation, label in (("materials", "materials"), ("offers", "offers")):
            for child in getattr(page, relation).all():
                keys = [f.name for f in child._meta.concrete_fields if f.is_relation]
                try:
                    child.full_clean(exclude=keys, validate_unique=False)
                except ValidationError as error:
                    messages = " ".join(m for ms in error.message_dict.values() for m in ms)
                    errors.setdefault(label, f"{child}: {messages}")
        # The file carries no partner regions (an offer keeps its own), so of the rules across
        # offers only the one on a service point listed twice applies here.
        offers = [OfferRow(o.service_point, o.scope, has_partners=True) for o in page.offers.all()]
        for problem in offer_problems(offers):
            errors.setdefault("offers", str(problem.message))
        return errors

    # -- applying -----------------------------------------------------------------------

    @transaction.atomic
    def apply(
        self,
        parsed: list[Parsed],
        progress: Progress | None = None,
        notes: dict[int, list[str]] | None = None,
    ) -> Preview:
        """Write the whole file or nothing; raises ImportRefused when any row has a problem.

        New guides are written all at once (``catalogue.bulk``), which is what makes a
        catalogue of thousands of guides quick to import: published when the user may publish
        them, otherwise drafts each sent to review. Incomplete new guides are drafts that stay
        with their editors (not sent to review). Changed guides take Wagtail's road one page at
        a time: through ``guides.review.submit_change``, or, when the change leaves the guide
        incomplete, as a draft revision beside the live version.
        """
        preview = self.preview(parsed, notes=notes)
        if not preview.ok:
            raise ImportRefused(preview)
        created = [o for o in preview.outcomes if o.status == "created"]
        incomplete = [o for o in preview.outcomes if o.status == "incomplete"]
        new_incomplete = [o for o in incomplete if o.new]
        changed = [o for o in preview.outcomes if o.status == "changed"]
        changed += [o for o in incomplete if not o.new]
        published = [o for o in created if self.publishes_under(o.parent)]
        drafts = [o for o in created if not self.publishes_under(o.parent)]
        add_new([(o.parent, o.page) for o in published], self.user, publish=True)
        add_new([(o.parent, o.page) for o in drafts + new_incomplete], self.user, publish=False)
        for outcome in drafts:
            send_to_review(outcome.page, self.user)
        added = len(created) + len(new_incomplete)
        total = added + len(changed)
        if progress and added:
            progress(added, total)
        for done, outcome in enumerate(changed, start=added + 1):
            # Wagtail refreshes a page's references on every child row saved; once is enough.
            with disable_reference_index_auto_update():
                if outcome.missing:
                    # Required fields may be empty in a draft, as the admin saves it.
                    outcome.page.save_revision(user=self.user, log_action=True, clean=False)
                else:
                    submit_change(outcome.page, self.user)
            ReferenceIndex.create_or_update_for_object(outcome.page)
            if progress:
                progress(done, total)
        return preview

    def publishes_under(self, parent: Page) -> bool:
        if parent.pk not in self.may_publish:
            permissions = parent.permissions_for_user(self.user)
            self.may_publish[parent.pk] = permissions.can_publish_subpage()
        return self.may_publish[parent.pk]
