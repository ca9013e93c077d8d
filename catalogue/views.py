"""The admin's catalogue import (dry run, then apply the same file), the mapping of headers it
does not know (saved for the next file), and export."""

from __future__ import annotations

import base64

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from catalogue import mapping
from catalogue.export import export_rows
from catalogue.files import ColumnsUnknown, FileError, format_of, read_file, write_rows
from catalogue.forms import ExportForm, MappingForm, UploadForm
from catalogue.importer import Importer, ImportRefused
from guides.rules import is_county_admin, township_of, works_for_township

SESSION_KEY = "catalogue_upload"


def may_import(user) -> bool:
    return is_county_admin(user) or works_for_township(user, township_of(user))


def import_view(request):
    """POST a file: its dry run. POST ``map``: save the mapping of unknown headers and check
    the same file again. POST ``apply``: import the file of the last dry run."""
    if not may_import(request.user):
        raise PermissionDenied
    form = UploadForm()
    context = {"form": form, "export_form": ExportForm()}
    if request.method == "POST" and "apply" in request.POST:
        return apply_upload(request, context)
    if request.method == "POST" and "map" in request.POST:
        return map_columns(request, context)
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            upload = form.cleaned_data["file"]
            request.session[SESSION_KEY] = {
                "name": upload.name,
                "content": base64.b64encode(upload.read()).decode(),
            }
            dry_run(request, context, form)
    return TemplateResponse(request, "catalogue/import.html", context)


def stored_file(request) -> tuple[str, bytes] | None:
    stored = request.session.get(SESSION_KEY)
    return (stored["name"], base64.b64decode(stored["content"])) if stored else None


def dry_run(request, context, form: UploadForm) -> None:
    """The stored file's dry run in ``context``, with a mapping form for headers not known."""
    name, content = stored_file(request)
    try:
        reading = read_file(content, format_of(name), mapping.saved())
    except ColumnsUnknown as error:
        context["columns_message"] = str(error)
        context["mapping_form"] = MappingForm(headers=error.columns.unknown)
        return
    except FileError as error:
        form.add_error("file", str(error))
        return
    preview = Importer(request.user).preview(reading.rows, notes=reading.notes)
    context.update(preview=preview, reading=reading, filename=name)
    if reading.columns.unknown:
        context["mapping_form"] = MappingForm(headers=reading.columns.unknown)


def map_columns(request, context):
    if not is_county_admin(request.user):  # a saved mapping reads everyone's later files
        raise PermissionDenied
    stored = stored_file(request)
    if stored is None:
        messages.error(request, _("Upload the file again: there is no checked file to import."))
        return redirect("catalogue_import")
    name, content = stored
    try:
        unknown = read_file(content, format_of(name), mapping.saved()).columns.unknown
    except ColumnsUnknown as error:
        unknown = error.columns.unknown
    form = MappingForm(request.POST, headers=unknown)
    if form.is_valid():
        mapping.save(form.mapping(), request.user)
    dry_run(request, context, context["form"])
    return TemplateResponse(request, "catalogue/import.html", context)


def apply_upload(request, context):
    stored = stored_file(request)
    if stored is None:
        messages.error(request, _("Upload the file again: there is no checked file to import."))
        return redirect("catalogue_import")
    name, content = stored
    reading = read_file(content, format_of(name), mapping.saved())
    try:
        preview = Importer(request.user).apply(reading.rows, notes=reading.notes)
    except ImportRefused as refused:
        context.update(preview=refused.preview, reading=reading, filename=name)
        return TemplateResponse(request, "catalogue/import.html", context)
    del request.session[SESSION_KEY]
    counts = preview.counts()
    messages.success(
        request,
        _(
            "Imported %(file)s: %(created)d created, %(changed)d changed, %(unchanged)d "
            "unchanged, %(incomplete)d incomplete (drafts)."
        )
        % {"file": name, **counts},
    )
    return redirect("catalogue_import")


def export_view(request):
    form = ExportForm(request.GET)
    if not form.is_valid():
        raise PermissionDenied
    # Township staff export their own township when they name none.
    township = form.cleaned_data["township"] or township_of(request.user)
    if not request.user.has_perm("catalogue.export_catalogue", township):
        raise PermissionDenied
    fmt = form.cleaned_data["format"]
    national = form.cleaned_data["columns"] == "national"
    content = write_rows(export_rows(township), fmt, national=national)
    name = f"catalogue-{township.code if township else 'county'}.{fmt}"
    response = HttpResponse(content, content_type="application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
