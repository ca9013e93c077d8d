"""What editors maintain for the search (synonyms, best bets), what it records (query log,
pending index updates), and the embedded engine's own index tables."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, PageChooserPanel

from guides.validators import MATTER_CODE_LENGTH
from search import text


class SynonymForm(WagtailAdminModelForm):
    """The admin's form: a row an editor changes is theirs from then on, so loading the
    lexicon again leaves it as they made it (``search.lexicon``)."""

    def save(self, commit: bool = True):
        if self.has_changed():
            self.instance.source = Synonym.Source.EDITOR
        return super().save(commit)


class Synonym(models.Model):
    """An everyday phrase and what it means in the catalogue: 准生证 ⇒ 生育登记.

    Applied to each query as it arrives, so an edit takes effect without a deploy or a reindex
    (within ``guides.held.HELD_SECONDS`` in other processes). Rows come from the platform's
    lexicon (``search/lexicon/``) or from editors; a lexicon row an editor changes becomes
    theirs, and one they remove is switched off rather than deleted, so that loading the lexicon
    again neither overwrites nor brings it back."""

    class Source(models.TextChoices):
        LEXICON = "lexicon", _("platform lexicon")
        EDITOR = "editor", _("editors")

    phrase = models.CharField(
        _("what people type"), max_length=60, unique=True, help_text=_("e.g. 准生证")
    )
    means = models.TextField(
        _("what it means"), help_text=_("Names of matters or words, one per line, e.g. 生育登记")
    )
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.EDITOR, editable=False
    )
    enabled = models.BooleanField(
        _("in use"),
        default=True,
        help_text=_(
            "Untick to stop using the phrase. A lexicon phrase that is switched off stays off "
            "when the lexicon is loaded again."
        ),
    )

    panels = [FieldPanel("phrase"), FieldPanel("means"), FieldPanel("enabled")]
    base_form_class = SynonymForm

    class Meta:
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")
        ordering = ["phrase"]

    def __str__(self) -> str:
        return f"{self.phrase} ⇒ {' / '.join(self.meaning_list)}"

    def save(self, *args, **kwargs):
        self.phrase = text.normalise(self.phrase)
        super().save(*args, **kwargs)

    @property
    def meaning_list(self) -> list[str]:
        return [line.strip() for line in self.means.splitlines() if line.strip()]


class BestBet(models.Model):
    """A guide editors pin to the top of the results for one query."""

    query = models.CharField(_("query"), max_length=60, help_text=_("e.g. 开饭店"))
    guide = models.ForeignKey(
        "guides.GuidePage", verbose_name=_("guide"), on_delete=models.CASCADE, related_name="+"
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [FieldPanel("query"), PageChooserPanel("guide", "guides.GuidePage"), "sort_order"]

    class Meta:
        verbose_name = _("best bet")
        verbose_name_plural = _("best bets")
        ordering = ["query", "sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["query", "guide"], name="search_bestbet_unique")
        ]

    def __str__(self) -> str:
        return f"{self.query} → {self.guide}"

    def save(self, *args, **kwargs):
        self.query = text.normalise(self.query)
        super().save(*args, **kwargs)


class QueryLog(models.Model):
    """One public query: what editors read to know which aliases are missing."""

    query = models.CharField(_("query"), max_length=100, db_index=True)
    total = models.PositiveIntegerField(_("results"))
    engine = models.CharField(_("engine"), max_length=20)
    latency_ms = models.PositiveIntegerField(_("latency (ms)"))
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("search query")
        verbose_name_plural = _("search queries")

    def __str__(self) -> str:
        return f"{self.query} ({self.total}, {self.engine})"


class PendingUpdate(models.Model):
    """A guide whose documents in the search engines must be written again: the index's outbox.

    A row is recorded in the same transaction as the change that makes it (publish, unpublish,
    move, delete, an import), so a change that commits always leaves its row behind, and a crash
    before the engines are written leaves the work, not a silent drift. Rows are only ever added
    by a change and deleted by the writer that wrote their guide (``search.indexing``); the same
    guide may have several."""

    page_id = models.IntegerField(_("page id"), db_index=True)
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    attempts = models.PositiveSmallIntegerField(_("failed attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("pending index update")
        verbose_name_plural = _("pending index updates")

    def __str__(self) -> str:
        return f"page {self.page_id} ({self.attempts} failed attempts)"


class IndexedGuide(models.Model):
    """The embedded engine's copy of a guide: what a result shows, and the terms it is indexed
    under (so a new version or a removal knows which bitmaps to clear its bit in)."""

    page_id = models.IntegerField(primary_key=True)
    number = models.PositiveIntegerField(unique=True)  # its bit in every IndexBitmap
    code = models.CharField(max_length=MATTER_CODE_LENGTH)
    title = models.CharField(max_length=255)
    url = models.CharField(max_length=255)
    aliases = models.TextField(blank=True)  # one per line
    body = models.TextField(blank=True)
    # One "kind<TAB>term" per line: a text column, because a catalogue import writes hundreds of
    # these at once, and psycopg quotes JSON in an array ten times slower.
    terms = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.title


class IndexBitmap(models.Model):
    """The guides one term of one field occurs in, as a bitmap over guide numbers (bit *n*: the
    guide numbered *n*): the embedded engine's inverted index. Facet values are terms too."""

    class Kind(models.IntegerChoices):
        NAME_CHARS = 1
        BODY_CHARS = 2
        NAME_WORD = 3
        BODY_WORD = 4
        SOUND = 5
        PINYIN = 6
        CODE = 7
        NAME = 8  # a whole name, for exact matches
        FACET = 9  # "online", "themes=婚育收养": what filters and facet counts read

    kind = models.PositiveSmallIntegerField(choices=Kind.choices)
    term = models.CharField(max_length=160)
    guides = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "term"], name="search_bitmap_kind_term")
        ]

    def __str__(self) -> str:
        return f"{self.term} ({self.get_kind_display()})"


class IndexSequence(models.Model):
    """The next free guide number. Every write to the embedded index locks this one row first,
    so writes take turns: two at once would each rewrite a bitmap without the other's bit."""

    next_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"next guide number {self.next_number}"
