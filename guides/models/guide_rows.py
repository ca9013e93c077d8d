"""The rows of a guide: its materials (申请材料), procedure steps, fees and frequent questions.

Kept apart from ``guides.models.guides`` so that each module stays readable; every row belongs
to a ``GuidePage`` through a ``ParentalKey`` and is edited inline on the page.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.api import APIField
from wagtail.models import Orderable

from guides.models.guides import GuidePage
from guides.serializers import DocumentLinkField

# A note that says the material need not be handed in (无需提交, 不需要提供, 免交 …).
NOT_NEEDED = re.compile(r"(无需|无须|不需要?|不用|不必|免于?)(再|另)?(提交|提供|携带|交|带)")


def says_not_needed(note: str) -> bool:
    """Whether a material's note says it need not be submitted."""
    return bool(NOT_NEEDED.search(note or ""))


class Material(Orderable):
    """A material the applicant brings (申请材料)."""

    class Form(models.TextChoices):
        ORIGINAL = "original", _("Original")  # 原件
        COPY = "copy", _("Copy")  # 复印件
        ORIGINAL_AND_COPY = "both", _("Original and copy")

    class Medium(models.TextChoices):
        PAPER = "paper", _("Paper")
        ELECTRONIC = "electronic", _("Electronic")
        EITHER = "either", _("Paper or electronic")

    class Requirement(models.TextChoices):
        REQUIRED = "required", _("Required")
        CONDITIONAL = "conditional", _("Required only in a stated situation")

    class Source(models.TextChoices):
        APPLICANT = "applicant", _("Prepared by the applicant")
        GOVERNMENT = "government", _("Issued by a government body")
        E_LICENCE = "e_licence", _("Fetched from the e-licence library")

    guide = ParentalKey(GuidePage, on_delete=models.CASCADE, related_name="materials")
    name = models.CharField(_("material"), max_length=200)
    form = models.CharField(_("original or copy"), max_length=10, choices=Form.choices)
    medium = models.CharField(
        _("paper or electronic"), max_length=10, choices=Medium.choices, default=Medium.PAPER
    )
    copies = models.PositiveSmallIntegerField(_("copies"), default=1)
    requirement = models.CharField(
        _("required"), max_length=12, choices=Requirement.choices, default=Requirement.REQUIRED
    )
    condition = models.CharField(
        _("when it is required"),
        max_length=200,
        blank=True,
        help_text=_("For a conditional material, e.g. “委托他人办理的”."),
    )
    source = models.CharField(
        _("source"), max_length=12, choices=Source.choices, default=Source.APPLICANT
    )
    issuer = models.CharField(
        _("issued by"), max_length=100, blank=True, help_text=_("For a material a body issues.")
    )
    blank_form = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("blank form"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sample = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("filled-in sample"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    notes = models.CharField(_("notes"), max_length=300, blank=True)

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("form"), FieldPanel("medium"), FieldPanel("copies")]),
        FieldRowPanel([FieldPanel("requirement"), FieldPanel("condition")]),
        FieldRowPanel([FieldPanel("source"), FieldPanel("issuer")]),
        FieldRowPanel([FieldPanel("blank_form"), FieldPanel("sample")]),
        FieldPanel("notes"),
    ]

    api_fields = [
        APIField("name"),
        APIField("form"),
        APIField("medium"),
        APIField("copies"),
        APIField("requirement"),
        APIField("condition"),
        APIField("source"),
        APIField("issuer"),
        APIField("blank_form", serializer=DocumentLinkField()),
        APIField("sample", serializer=DocumentLinkField()),
        APIField("notes"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.requirement == self.Requirement.CONDITIONAL and not self.condition.strip():
            raise ValidationError(
                {"condition": _("Say in which situation this material is required.")}
            )
        if self.requirement == self.Requirement.REQUIRED and self.condition.strip():
            raise ValidationError(
                {"condition": _("Only a conditional material has a situation; clear this field.")}
            )
        if self.copies < 1:
            raise ValidationError({"copies": _("At least one copy.")})
        if self.source != self.Source.E_LICENCE and says_not_needed(self.notes):
            # The applicant would read 需提交 beside a note saying it is not needed.
            raise ValidationError(
                {
                    "notes": _(
                        "The note says the material need not be submitted, but it is required. "
                        "If the window fetches it, set the source to the e-licence library; if it "
                        "is needed only in some situations, make it conditional and name the "
                        "situation."
                    )
                }
            )

    @property
    def brought_by_applicant(self) -> bool:
        """False when the hall fetches the material itself from the e-licence library."""
        return self.source != self.Source.E_LICENCE


class ProcedureStep(Orderable):
    guide = ParentalKey(GuidePage, on_delete=models.CASCADE, related_name="steps")
    title = models.CharField(_("step"), max_length=60, help_text=_("e.g. 受理, 审查, 决定, 送达"))
    description = models.TextField(_("what happens"), blank=True)

    api_fields = [APIField("title"), APIField("description")]

    class Meta(Orderable.Meta):
        verbose_name = _("procedure step")
        verbose_name_plural = _("procedure")


class FeeItem(Orderable):
    guide = ParentalKey(GuidePage, on_delete=models.CASCADE, related_name="fee_items")
    name = models.CharField(_("fee"), max_length=100)
    amount = models.CharField(_("amount"), max_length=100, help_text=_("e.g. 80元/件"))
    basis = models.CharField(_("basis for charging"), max_length=300)

    api_fields = [APIField("name"), APIField("amount"), APIField("basis")]

    class Meta(Orderable.Meta):
        verbose_name = _("fee")
        verbose_name_plural = _("fees")


class FrequentQuestion(Orderable):
    guide = ParentalKey(GuidePage, on_delete=models.CASCADE, related_name="faqs")
    question = models.CharField(_("question"), max_length=200)
    answer = models.TextField(_("answer"))

    api_fields = [APIField("question"), APIField("answer")]

    class Meta(Orderable.Meta):
        verbose_name = _("frequent question")
        verbose_name_plural = _("frequent questions")
