"""Adding many new guides at once, writing what Wagtail writes for one, table by table.

``Page.add_child``, ``save_revision`` and ``Revision.publish`` cost about 0.2 s per guide: a
locked parent and a path per page, the page saved three times with its child rows rewritten,
a search index write per save and a log entry per step. A catalogue of 10,000 new guides is
written here with one bulk statement per table instead, leaving the database as the page-by-
page road would:

- the tree: ``path``, ``depth``, ``url_path`` as ``add_child`` gives them, and each parent's
  ``numchild``; ``locale`` from the parent, ``draft_title``, ``owner`` the importer;
- the child rows (materials, offers …) and a revision holding the page as saved, its
  ``latest_revision``;
- published: the revision is also ``live_revision``, with ``first_published_at`` and
  ``last_published_at``, and the history says ``wagtail.create`` then ``wagtail.publish`` by
  the importer. A draft stays unpublished with ``wagtail.create`` then ``wagtail.edit``, as
  ``save_revision`` logs it; sending it to review is the caller's (one workflow per page);
- Wagtail's reference index and its admin search index, and for published pages the public
  search (both indexes after commit, the public one through ``search.indexing``).

What a new guide from a catalogue never has is not written: many-to-many relations (themes,
an offer's partner regions; refused if set), comments, aliases or a scheduled go-live date.
No ``post_save`` or ``page_published`` signal is sent: what listens to them here (Wagtail's
reference and search indexes, the public search's upkeep in ``search.receivers``) is written
directly. A new receiver of those signals must be served here too.
"""

from __future__ import annotations

from collections import Counter
from itertools import chain

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db import router, transaction
from django.db.models import CharField, F, OuterRef, Subquery, Value
from django.db.models.functions import Cast
from django.db.models.query import EmptyQuerySet
from django.utils import timezone
from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from treebeard.exceptions import PathOverflow
from wagtail.log_actions import get_active_log_context
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.search.backends import get_search_backends

from search import indexing

BATCH = 1000  # rows per INSERT: PostgreSQL takes at most 65,535 parameters per statement


def add_new(
    placed: list[tuple[Page, Page]], user: AbstractBaseUser, *, publish: bool
) -> list[Page]:
    """Add each (parent, page) pair's unsaved page, with its in-memory child rows, as the last
    child of its parent, on behalf of ``user``: published, or as a draft. All pages are of one
    specific model. Call inside a transaction; returns the pages, saved."""
    pages = [page for _, page in placed]
    if not pages:
        return []
    model = type(pages[0])
    now = timezone.now()
    _hold_in_memory(model, pages)
    _place(placed, user, now, publish)
    _insert_pages(model, pages)
    _insert_children(model, pages)
    revisions = _insert_revisions(pages, user, now)
    _point_to_revisions(pages, revisions, publish)
    _log(pages, revisions, user, now, "wagtail.publish" if publish else "wagtail.edit")
    _index_references(pages)
    # Both search indexes are written once the pages are committed, like the public search's
    # (search.indexing): a rolled-back import never reaches them.
    transaction.on_commit(lambda: _index_for_admin(model, pages))
    if publish:
        indexing.update_later(page.pk for page in pages)
    return pages


def _hold_in_memory(model: type[Page], pages: list[Page]) -> None:
    """Pin each page's child rows as the unsaved page has them, and its many-to-many values
    (and its child rows') as empty: once the page has an id, modelcluster would look up any it
    does not hold in the database, a query per page and relation."""
    relations = get_all_child_relations(model)
    names = [relation.get_accessor_name() for relation in relations]
    m2m = {
        name: _m2m_names(relation.related_model)
        for name, relation in zip(names, relations, strict=True)
    }
    page_m2m = _m2m_names(model)
    for page in pages:
        for name in names:
            setattr(page, name, list(getattr(page, name).all()))
        _hold_empty(page, page_m2m)
        for name in names:
            for child in getattr(page, name).all() if m2m[name] else ():
                _hold_empty(child, m2m[name])


def _m2m_names(model) -> list[str]:
    return [field.name for field in get_all_child_m2m_relations(model)]


def _hold_empty(instance, names: list[str]) -> None:
    for name in names:
        values = getattr(instance, name).all()
        # An unsaved instance's manager answers none() (which Django would compile) unless
        # values were set in memory; those this module does not write.
        if not isinstance(values, EmptyQuerySet) and values:
            raise ValueError(f"{instance}: {name} is not written by a bulk add")
        setattr(instance, name, [])


def _place(placed: list[tuple[Page, Page]], user, now, publish: bool) -> None:
    """Tree positions after each parent's last child, as ``MP_Node.add_child`` assigns them,
    with the parents locked against concurrent additions."""
    added = Counter(parent.pk for parent, _ in placed)
    parents = Page.objects.select_for_update().in_bulk(list(added))
    last = {}
    for pk, parent in parents.items():
        child = parent.get_last_child()
        last[pk] = Page._str2int(child.path[-Page.steplen :]) if child else 0
    for given, page in placed:
        parent = parents[given.pk]
        last[parent.pk] += 1
        page.depth = parent.depth + 1
        page.path = Page._get_path(parent.path, page.depth, last[parent.pk])
        if len(page.path) != page.depth * Page.steplen:
            raise PathOverflow(f"{parent} cannot take {added[parent.pk]} more children")
        page.numchild = 0
        page.set_url_path(parent)
        page.draft_title = page.title
        page.locale_id = parent.locale_id
        page.owner = user
        page.live, page.has_unpublished_changes, page.expired = publish, not publish, False
        page.first_published_at = page.last_published_at = now if publish else None
        page.latest_revision_created_at = now
    for pk, count in added.items():
        Page.objects.filter(pk=pk).update(numchild=F("numchild") + count)


def _insert_pages(model: type[Page], pages: list[Page]) -> None:
    """The ``wagtailcore_page`` rows, then the specific model's. Django's ``bulk_create``
    refuses multi-table models, so the specific rows go through the manager's ``_insert``, the
    step ``Model.save`` itself takes for each table."""
    base_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
    bases = Page.objects.bulk_create(
        [Page(**{f.attname: getattr(page, f.attname) for f in base_fields}) for page in pages],
        batch_size=BATCH,
    )
    for page, base in zip(pages, bases, strict=True):
        page.page_ptr_id = page.id = base.pk
        page._state.adding = False
        page._state.db = base._state.db
    fields = model._meta.local_concrete_fields
    using = router.db_for_write(model)
    for start in range(0, len(pages), BATCH):
        model._base_manager._insert(pages[start : start + BATCH], fields=fields, using=using)


def _insert_children(model: type[Page], pages: list[Page]) -> None:
    """Every child relation's in-memory rows (``page.materials = [...]``), one insert per model."""
    for relation in get_all_child_relations(model):
        name, key = relation.get_accessor_name(), relation.field.name
        rows = []
        for page in pages:
            for child in getattr(page, name).all():
                setattr(child, key, page)
                rows.append(child)
        relation.related_model.objects.bulk_create(rows, batch_size=BATCH)


def _insert_revisions(pages: list[Page], user, now) -> list[Revision]:
    """One revision per page holding it as saved, as ``save_revision`` makes it."""
    base_type = ContentType.objects.get_for_model(Page)
    content = Revision._meta.get_field("content")
    revisions = Revision.objects.bulk_create(
        [
            Revision(
                content_type_id=page.content_type_id,
                base_content_type=base_type,
                object_id=str(page.pk),
                user=user,
                created_at=now,
                # An expression, not a plain value, keeps Django's PostgreSQL bulk insert off
                # UNNEST: psycopg quotes a JSON array literal character by character, which
                # took two thirds of this insert.
                content=Value(page.serializable_data(), output_field=content),
                object_str=str(page),
            )
            for page in pages
        ],
        batch_size=BATCH,
    )
    for revision in revisions:
        revision.content = revision.content.value
    return revisions


def _point_to_revisions(pages: list[Page], revisions: list[Revision], publish: bool) -> None:
    """Set ``latest_revision`` (and ``live_revision`` when published) to each page's only
    revision; in the database by an UPDATE per batch rather than a CASE per page."""
    for page, revision in zip(pages, revisions, strict=True):
        page.latest_revision = revision
        page.live_revision = revision if publish else None
    revision = Revision.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id=Cast(OuterRef("pk"), CharField()),
    ).values("pk")
    for start in range(0, len(pages), BATCH):
        batch = Page.objects.filter(pk__in=[page.pk for page in pages[start : start + BATCH]])
        fields = ("latest_revision", "live_revision") if publish else ("latest_revision",)
        batch.update(**dict.fromkeys(fields, Subquery(revision)))


def _log(pages: list[Page], revisions: list[Revision], user, now, then: str) -> None:
    """The history a new page shows: created, then (``then``) published or edited, by the
    importer."""
    uuid = get_active_log_context().uuid
    entries = (
        PageLogEntry(
            content_type_id=page.content_type_id,
            page_id=page.pk,
            label=page.get_admin_display_title(),
            action=action,
            timestamp=now,
            uuid=uuid,
            user=user,
            revision=revision,
            content_changed=True,
        )
        for page, saved in zip(pages, revisions, strict=True)
        for action, revision in (("wagtail.create", None), (then, saved))
    )
    PageLogEntry.objects.bulk_create(entries, batch_size=BATCH)


def _index_for_admin(model: type[Page], pages: list[Page]) -> None:
    """Wagtail's own search index (the admin's page search), which ``Page.save`` updates."""
    for backend in get_search_backends(with_auto_update=True):
        for start in range(0, len(pages), BATCH):
            backend.add_bulk(model, pages[start : start + BATCH])


def _index_references(pages: list[Page]) -> None:
    """Wagtail's reference index (e.g. a material's blank form), for pages that had none."""
    types = [
        ContentType.objects.get_for_model(model, for_concrete_model=False)
        for model in (type(pages[0]), *type(pages[0])._meta.get_parent_list())
    ]
    rows = chain.from_iterable(
        (
            ReferenceIndex(
                content_type=types[0],
                base_content_type=types[-1],
                object_id=page.pk,
                to_content_type_id=to_type,
                to_object_id=to_id,
                model_path=model_path,
                content_path=content_path,
                content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
            )
            for to_type, to_id, model_path, content_path in set(
                ReferenceIndex._extract_references_from_object(page)
            )
        )
        for page in pages
    )
    ReferenceIndex.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
