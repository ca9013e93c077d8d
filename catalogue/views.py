"""The admin's catalogue import (dry run, then apply the same file) and export."""

from __future__ import annotations

import base64

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from catalogue.export import export_rows
from catalogue.files import FileError, format_of, read_rows, write_rows
from catalogue.forms import ExportForm, UploadForm
from catalogue.importer import Importer, ImportRefused
from guides.rules import is_county_admin, township_of, works_for_township

SESSION_KEY = "catalogue_upload"


def may_import(user) -> bool:
    return is_county_admin(user) or works_for_township(user, township_of(user))


def import_view(request):
    """POST a file: its dry run. POST ``apply``: import the file of the last dry run."""
    if not may_import(request.user):
        raise PermissionDenied
    form = UploadForm()
    context = {"form": form, "export_form": ExportForm()}
    if request.method == "POST" and "apply" in request.POST:
        return apply_upload(request, context)
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            upload = form.cleaned_data["file"]
            content = upload.read()
            try:
                preview = Importer(request.user).preview(read_rows(content, format_of(upload.name)))
            except FileError as error:
                form.add_error("file", str(error))
            else:
                request.session[SESSION_KEY] = {
                    "name": upload.name,
                    "content": base64.b64encode(content).decode(),
                }
                context.update(preview=preview, filename=upload.name)
    return TemplateResponse(request, "catalogue/import.html", context)


def apply_upload(request, context):
    stored = request.session.get(SESSION_KEY)
    if not stored:
        messages.error(request, _("Upload the file again: there is no checked file to import."))
        return redirect("catalogue_import")
    content = base64.b64decode(stored["content"])
    try:
        preview = Importer(request.user).apply(read_rows(content, format_of(stored["name"])))
    except ImportRefused as refused:
        context.update(preview=refused.preview, filename=stored["name"])
        return TemplateResponse(request, "catalogue/import.html", context)
    del request.session[SESSION_KEY]
    counts = preview.counts()
    messages.success(
        request,
        _("Imported %(file)s: %(created)d created, %(changed)d changed, %(unchanged)d unchanged.")
        % {"file": stored["name"], **counts},
    )
    return redirect("catalogue_import")


def export_view(request):
    form = ExportForm(request.GET)
    if not request.user.has_perm("guides.export_catalogue") or not form.is_valid():
        raise PermissionDenied
    fmt = form.cleaned_data["format"]
    township = form.cleaned_data["township"]
    content = write_rows(export_rows(township), fmt)
    name = f"catalogue-{township.code if township else 'county'}.{fmt}"
    response = HttpResponse(content, content_type="application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
