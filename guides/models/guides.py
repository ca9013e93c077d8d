"""The service guide (办事指南): one page per matter, with the elements of a national guide."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.forms import CheckboxSelectMultiple
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.models import Page
from wagtail.search import index

from guides.completeness import missing_to_go_live
from guides.forms import GuidePageForm
from guides.models.offers import HandlingMode
from guides.models.sections import TownshipSection
from guides.models.themes import Audience, Theme
from guides.rich_text import SanitisedRichTextField
from guides.serializers import ThemeSerializer
from guides.validators import MATTER_CODE_LENGTH, matter_code_validator, phone_validator

GUIDE_TEXT_FEATURES = ["bold", "ol", "ul", "link"]


class MatterType(models.TextChoices):
    """事项类型, as in the national catalogue."""

    LICENSING = "licensing", _("Administrative licensing")  # 行政许可
    CONFIRMATION = "confirmation", _("Administrative confirmation")  # 行政确认
    BENEFIT = "benefit", _("Administrative payment")  # 行政给付
    ADJUDICATION = "adjudication", _("Administrative adjudication")  # 行政裁决
    REWARD = "reward", _("Administrative reward")  # 行政奖励
    OTHER_POWER = "other_power", _("Other administrative power")  # 其他行政权力
    PUBLIC_SERVICE = "public_service", _("Public service")  # 公共服务


class CaseType(models.TextChoices):
    IMMEDIATE = "immediate", _("Decided on the spot")  # 即办件
    PROMISED = "promised", _("Decided within the promised time")  # 承诺件


class GuideIndexPage(Page):
    """The catalogue of guides, at /guides/."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, "intro"]
    subpage_types = ["guides.GuidePage", "guides.TownshipSection"]
    max_count = 1

    class Meta:
        verbose_name = _("guide catalogue")

    def route(self, request, path_components):
        """Every guide is at /guides/<code>/, also the local guides inside a township section."""
        if path_components:
            guide = GuidePage.objects.descendant_of(self).filter(slug=path_components[0]).first()
            if guide is not None:
                return guide.route(request, path_components[1:])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        guides = GuidePage.objects.live().descendant_of(self).prefetch_related("themes")
        context["themes"] = [
            (theme, [g for g in guides if theme in g.themes.all()]) for theme in Theme.objects.all()
        ]
        context["guides"] = guides
        return context


class GuidePage(Page):
    """One administrative matter (事项) and everything a citizen needs to handle it."""

    code = models.CharField(
        _("matter code"),
        max_length=MATTER_CODE_LENGTH,
        unique=True,
        validators=[matter_code_validator],
        help_text=_("事项编码; also the guide's address, e.g. /guides/469034-xk-001/."),
    )
    base_code = models.CharField(
        _("basic code"),
        max_length=MATTER_CODE_LENGTH,
        blank=True,
        help_text=_("基本编码 of the national catalogue, when the matter code is an 实施编码."),
    )
    summary = models.CharField(
        _("summary"), max_length=200, blank=True, help_text=_("One sentence: who needs this, when.")
    )
    other_names = models.TextField(
        _("aliases and colloquial names"),
        blank=True,
        help_text=_("What people actually call it (俗称), one per line, e.g. 营业执照."),
    )
    matter_type = models.CharField(_("matter type"), max_length=20, choices=MatterType.choices)
    implementing_body = models.CharField(_("implementing body"), max_length=100)
    audience = models.CharField(
        _("who it serves"), max_length=20, choices=Audience.choices, default=Audience.PERSON
    )
    legal_basis = SanitisedRichTextField(_("legal basis"), features=GUIDE_TEXT_FEATURES, blank=True)
    conditions = SanitisedRichTextField(_("acceptance conditions"), features=GUIDE_TEXT_FEATURES)
    case_type = models.CharField(_("case type"), max_length=10, choices=CaseType.choices)
    statutory_days = models.PositiveSmallIntegerField(
        _("statutory time limit (working days)"), null=True, blank=True
    )
    promised_days = models.PositiveSmallIntegerField(
        _("promised time limit (working days)"),
        null=True,
        blank=True,
        help_text=_("0 for a matter decided on the spot."),
    )
    is_free = models.BooleanField(_("free of charge"), default=True)
    visits = models.PositiveSmallIntegerField(
        _("visits needed"), default=1, help_text=_("0 means no visit (零跑动).")
    )
    result = models.CharField(
        _("result"), max_length=120, help_text=_("The certificate or decision issued.")
    )
    result_delivery = models.CharField(_("how the result is delivered"), max_length=120, blank=True)
    consultation_phone = models.CharField(
        _("consultation phone"), max_length=30, validators=[phone_validator]
    )
    complaint_phone = models.CharField(
        _("complaint phone"), max_length=30, blank=True, validators=[phone_validator]
    )
    online_url = models.URLField(_("online handling address"), blank=True)
    themes = ParentalManyToManyField("guides.Theme", verbose_name=_("themes"), blank=True)
    last_verified = models.DateField(_("content last verified"), null=True, blank=True)
    no_materials = models.BooleanField(
        _("no materials needed"),
        default=False,
        help_text=_(
            "Tick only if the applicant brings nothing at all; a guide goes live with "
            "at least one material or this ticked."
        ),
    )
    # What the latest version lacks to go live (field names; ``guides.completeness``), kept on
    # every save and saved revision so the editors' dashboard lists incomplete drafts in one query.
    missing = models.JSONField(_("missing to go live"), default=list, blank=True, editable=False)

    parent_page_types = ["guides.GuideIndexPage", "guides.TownshipSection"]
    subpage_types: list[str] = []

    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("title", heading=_("Matter name")),
                    FieldRowPanel(
                        [FieldPanel("code"), FieldPanel("base_code"), FieldPanel("matter_type")]
                    ),
                    FieldPanel("summary"),
                    FieldPanel("other_names"),
                    FieldRowPanel([FieldPanel("implementing_body"), FieldPanel("audience")]),
                    FieldPanel("themes", widget=CheckboxSelectMultiple),
                    FieldPanel("legal_basis"),
                ],
                heading=_("The matter"),
            ),
            ObjectList(
                [
                    FieldPanel("conditions"),
                    InlinePanel("materials", heading=_("Materials")),
                    FieldPanel("no_materials"),
                ],
                heading=_("What you need"),
            ),
            ObjectList(
                [
                    FieldPanel("online_url"),
                    InlinePanel("offers", heading=_("Service points that handle it")),
                ],
                heading=_("Where to go"),
            ),
            ObjectList(
                [
                    MultiFieldPanel(
                        [
                            FieldPanel("case_type"),
                            FieldRowPanel(
                                [FieldPanel("statutory_days"), FieldPanel("promised_days")]
                            ),
                            FieldPanel("visits"),
                        ],
                        heading=_("Time limits"),
                    ),
                    InlinePanel("steps", heading=_("Procedure")),
                    FieldRowPanel([FieldPanel("result"), FieldPanel("result_delivery")]),
                    FieldPanel("is_free"),
                    InlinePanel("fee_items", heading=_("Fees")),
                ],
                heading=_("How long, how much"),
            ),
            ObjectList(
                [
                    FieldRowPanel(
                        [FieldPanel("consultation_phone"), FieldPanel("complaint_phone")]
                    ),
                    InlinePanel("faqs", heading=_("Frequent questions")),
                    FieldPanel("last_verified"),
                ],
                heading=_("Questions"),
            ),
            ObjectList(
                [FieldPanel("seo_title"), FieldPanel("search_description")],
                heading=_("Promote"),
            ),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )
    base_form_class = GuidePageForm

    api_fields = [
        APIField("code"),
        APIField("summary"),
        APIField("other_name_list"),
        APIField("matter_type"),
        APIField("implementing_body"),
        APIField("audience"),
        APIField("legal_basis"),
        APIField("conditions"),
        APIField("materials"),
        APIField("steps"),
        APIField("case_type"),
        APIField("statutory_days"),
        APIField("promised_days"),
        APIField("visits"),
        APIField("is_free"),
        APIField("fee_items"),
        APIField("handling_modes"),
        APIField("result"),
        APIField("result_delivery"),
        APIField("consultation_phone"),
        APIField("complaint_phone"),
        APIField("online_url"),
        APIField("faqs"),
        APIField("themes", serializer=ThemeSerializer(many=True)),
        APIField("last_verified"),
        APIField("offers"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("code"),
        index.SearchField("other_names"),
        index.SearchField("summary"),
        index.SearchField("implementing_body"),
        index.FilterField("matter_type"),
        index.FilterField("case_type"),
    ]

    class Meta:
        verbose_name = _("service guide")
        verbose_name_plural = _("service guides")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        fields = kwargs.get("update_fields")
        if fields is None or "missing" in fields:
            self.missing = sorted(missing_to_go_live(self))
        return super().save(*args, **kwargs)

    def save_revision(self, *args, **kwargs):
        # Wagtail keeps a draft's content in the revision and saves only a few of the page's
        # columns, so what the draft lacks is written to the page row here.
        self.missing = sorted(missing_to_go_live(self))
        revision = super().save_revision(*args, **kwargs)
        GuidePage.objects.filter(pk=self.pk).update(missing=self.missing)
        return revision

    def set_url_path(self, parent):
        # A local guide sits in its township's section but keeps the address /guides/<code>/.
        if parent is not None and issubclass(parent.specific_class, TownshipSection):
            parent = parent.get_parent()
        return super().set_url_path(parent)

    @property
    def township(self):
        """The township owning this local guide; None for a county-wide guide."""
        parent = self.get_parent()
        if parent is None or not issubclass(parent.specific_class, TownshipSection):
            return None
        return parent.specific.township

    def full_clean(self, *args, **kwargs):
        # The matter code is the guide's address: stable however the title is edited.
        if self.code:
            self.slug = self.code.lower()
        super().full_clean(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.case_type == CaseType.IMMEDIATE and self.promised_days not in (None, 0):
            errors["promised_days"] = _("A matter decided on the spot has a promised time of 0.")
        if self.case_type == CaseType.PROMISED and self.promised_days is None:
            errors["promised_days"] = _("Give the number of working days you promise.")
        if (
            self.statutory_days is not None
            and self.promised_days is not None
            and self.promised_days > self.statutory_days
        ):
            errors["promised_days"] = _(
                "The promised time cannot be longer than the statutory time limit (%(days)d days)."
            ) % {"days": self.statutory_days}
        if errors:
            raise ValidationError(errors)

    @property
    def other_name_list(self) -> list[str]:
        return [line.strip() for line in self.other_names.splitlines() if line.strip()]

    @property
    def is_immediate(self) -> bool:
        return self.case_type == CaseType.IMMEDIATE

    @property
    def handling_modes(self) -> list[str]:
        """Every mode offered anywhere, in the canonical order; derived from the offers."""
        offered = {mode for offer in self.offers.all() for mode in offer.modes}
        if self.online_url:
            offered.add(HandlingMode.ONLINE)
        return [mode for mode in HandlingMode.values if mode in offered]

    def get_handling_modes_display(self) -> list[str]:
        return [HandlingMode(mode).label for mode in self.handling_modes]
