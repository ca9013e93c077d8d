"""The plugins area of the Wagtail admin.

County administrators (``plugins.edit_manifests``) write, upload and roll back manifests; a
township administrator (``plugins.manage_township`` on their township) enables plugins there and
sets the values they declare. Everyone with either right sees every plugin's status, the failing
rules and the change log.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from guides.models import Region
from plugins.api import Plugin, Value, ValueType
from plugins.change_log import sentence
from plugins.changes import (
    ChangeError,
    clean_values,
    roll_back,
    save_manifest,
    set_enabled,
    set_values,
)
from plugins.checks import check_manifest, errors_of
from plugins.manifest import ManifestError
from plugins.models import Manifest, PluginChange, RuleFailure, TownshipPlugin
from plugins.registry import all_entries, working_plugins
from plugins.trial import TrialError, rows, run_trial


def managed_townships(user) -> list[Region]:
    townships = Region.objects.filter(level=Region.Level.TOWNSHIP)
    return [t for t in townships if user.has_perm("plugins.manage_township", t)]


def may_see_plugins(user) -> bool:
    return user.has_perm("plugins.edit_manifests") or bool(managed_townships(user))


def index(request):
    if not may_see_plugins(request.user):
        raise PermissionDenied
    enabled: dict[str, list[str]] = {}
    for setting in TownshipPlugin.objects.filter(enabled=True).select_related("township"):
        enabled.setdefault(setting.plugin_id, []).append(setting.township.name)
    return render(
        request,
        "plugins/admin/index.html",
        {
            "entries": [(entry, enabled.get(entry.id, [])) for entry in all_entries()],
            "townships": managed_townships(request.user),
            "may_edit": request.user.has_perm("plugins.edit_manifests"),
            "failures": RuleFailure.objects.all()[:20],
            "changes": [
                (change, sentence(change))
                for change in PluginChange.objects.select_related("user", "township")[:30]
            ],
        },
    )


class ManifestForm(forms.Form):
    source = forms.CharField(
        label=gettext_lazy("Manifest (YAML or JSON)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "false"}),
    )
    upload = forms.FileField(label=gettext_lazy("or upload a file"), required=False)

    def clean(self):
        data = super().clean()
        upload = data.get("upload")
        if upload:
            try:
                text = upload.read().decode("utf-8")
            except UnicodeDecodeError:
                raise forms.ValidationError(_("The file is not UTF-8 text.")) from None
            written = data.get("source", "")
            drafted = not same_text(written, self["source"].initial or "")
            if written and drafted and not same_text(written, text):
                # A new draft in the box and a file: taking either would drop the other.
                raise forms.ValidationError(
                    _("Either write in the box or upload a file, not both; the box is unchanged.")
                )
            # The file's text goes into the box: when it is refused, the errors' line numbers
            # point at text on the page, and it can be fixed and saved from there.
            self.data = self.data.copy()
            self.data["source"] = data["source"] = text
        if not data.get("source", "").strip():
            raise forms.ValidationError(_("Write the manifest or upload a file."))
        return data


def same_text(a: str, b: str) -> bool:
    """Whether two manifest texts are the same but for line endings and outer blank space."""
    return a.replace("\r\n", "\n").strip() == b.replace("\r\n", "\n").strip()


class PreviewForm(forms.Form):
    """Whom to try a draft on (the 试运行 button of the manifest form)."""

    matter = forms.CharField(label=gettext_lazy("Matter code"), required=False)
    township = forms.CharField(label=gettext_lazy("Township or village code"), required=False)
    point = forms.IntegerField(label=gettext_lazy("Service point (id)"), required=False)
    answers = forms.JSONField(label=gettext_lazy("Answers (JSON)"), required=False, initial=dict)


def preview(source: str, form: PreviewForm) -> tuple[list, list]:
    """Check a draft and, when it has no errors, try it: (problems, rows of plugins.trial)."""
    plugin, problems = check_manifest(source)
    if plugin is None or errors_of(problems):
        return errors_of(problems), []
    if not form.is_valid() or not form.cleaned_data["matter"] or not form.cleaned_data["township"]:
        return [_("Give a matter code and a township code to try the draft.")], []
    data = form.cleaned_data
    answers = data["answers"] if isinstance(data["answers"], dict) else {}
    try:
        _township, without, with_plugin = run_trial(
            plugin,
            matter=data["matter"].strip(),
            township=data["township"].strip(),
            point=data["point"],
            answers=answers,
        )
    except TrialError as error:
        return [str(error)], []
    return [], rows(without, with_plugin)


def manifest_edit(request, plugin_id: str | None = None):
    if not request.user.has_perm("plugins.edit_manifests"):
        raise PermissionDenied
    manifest = get_object_or_404(Manifest, plugin_id=plugin_id) if plugin_id else None
    initial = {"source": manifest.current.source} if manifest and manifest.current else {}
    form = ManifestForm(request.POST or None, request.FILES or None, initial=initial)
    problems, compared = [], []
    trial = PreviewForm(request.POST or None)
    if request.method == "POST" and "preview" in request.POST and form.is_valid():
        problems, compared = preview(form.cleaned_data["source"], trial)
    elif request.method == "POST" and form.is_valid():
        try:
            version = save_manifest(form.cleaned_data["source"], request.user)
        except ManifestError as error:
            problems = error.problems
        else:
            messages.success(request, _("Saved; version %(n)d is running.") % {"n": version.number})
            # Saved, but what `plugins check` warns about (an unguarded optional answer, say)
            # still needs the author's eye: shown once, on the page they land on.
            _plugin, found = check_manifest(form.cleaned_data["source"])
            for problem in found:
                messages.warning(request, str(problem))
            return redirect("plugins_admin:manifest", plugin_id=version.manifest.plugin_id)
    versions = manifest.versions.select_related("created_by") if manifest else []
    return render(
        request,
        "plugins/admin/manifest.html",
        {
            "manifest": manifest,
            "form": form,
            "trial": trial,
            "compared": compared,
            "problems": problems,
            "uploaded": form.is_bound and bool(form.cleaned_data.get("upload")),
            "versions": versions,
        },
    )


@require_POST
def manifest_rollback(request, plugin_id: str, number: int):
    if not request.user.has_perm("plugins.edit_manifests"):
        raise PermissionDenied
    manifest = get_object_or_404(Manifest, plugin_id=plugin_id)
    version = get_object_or_404(manifest.versions, number=number)
    roll_back(version, request.user)
    messages.success(request, _("Version %(n)d is running again.") % {"n": number})
    return redirect("plugins_admin:manifest", plugin_id=plugin_id)


@dataclass
class ValueBox:
    """One township value on the township page: the text in its box and what is wrong with it."""

    value: Value
    text: str  # as typed; a boolean's box is "on" or "off"
    given: bool = True  # False when the form did not send it (nothing to set)
    error: str = ""


@dataclass
class PluginRow:
    """One plugin on the township page: ticked or not, its values, and why it was refused."""

    plugin: Plugin
    enabled: bool
    boxes: list[ValueBox]
    error: str = ""

    def errors(self) -> list[str]:
        return [e for e in [self.error, *(box.error for box in self.boxes)] if e]


def box_text(value: Value, saved: Any) -> str:
    if value.type == ValueType.BOOLEAN:
        return "on" if saved is True else "off"
    if isinstance(saved, list):
        return "，".join(saved)
    return "" if saved is None else str(saved)


def saved_rows(plugins: list[Plugin], settings: dict[str, TownshipPlugin]) -> list[PluginRow]:
    """The township page as saved: each plugin's tick and values (the default until set)."""
    rows = []
    for plugin in plugins:
        setting = settings.get(plugin.id)
        saved = {**plugin.default_values(), **(setting.values if setting else {})}
        boxes = [ValueBox(v, box_text(v, saved[v.name])) for v in plugin.values]
        rows.append(PluginRow(plugin, bool(setting and setting.enabled), boxes))
    return rows


def submitted_rows(saved: list[PluginRow], post) -> list[PluginRow]:
    """The township page as submitted, each wrong value of a ticked plugin with its message
    (``plugins.changes.clean_values``, one value at a time so each message goes by its box)."""
    rows = []
    for row in saved:
        enabled = post.get(f"enabled.{row.plugin.id}") == "on"
        boxes = []
        for box in row.boxes:
            key = f"value.{row.plugin.id}.{box.value.name}"
            typed = ValueBox(box.value, post.get(key, box.text), given=key in post)
            if enabled and typed.given:  # a disabled plugin's form keeps nothing
                try:
                    clean_values(row.plugin, {box.value.name: typed.text})
                except ChangeError as error:
                    typed.error = str(error)
            boxes.append(typed)
        rows.append(PluginRow(row.plugin, enabled, boxes))
    return rows


def save_rows(region: Region, rows: list[PluginRow], user) -> bool:
    """Save the whole form or, when any plugin is refused (a check that fails on enabling, say),
    nothing: False, with the reason on that plugin's row."""
    with transaction.atomic():
        for row in rows:
            given = {box.value.name: box.text for box in row.boxes if box.given}
            try:
                set_enabled(region, row.plugin.id, row.enabled, user)
                if row.enabled and given:
                    set_values(region, row.plugin.id, given, user)
            except ChangeError as error:  # set_enabled/set_values undid their own part
                row.error = str(error)
        if any(row.error for row in rows):
            transaction.set_rollback(True)
            return False
    return True


def township(request, code: str):
    region = get_object_or_404(Region, code=code, level=Region.Level.TOWNSHIP)
    if not request.user.has_perm("plugins.manage_township", region):
        raise PermissionDenied
    plugins = [p for p in working_plugins().values() if p.may_enable_in(region.code)]
    settings = {s.plugin_id: s for s in TownshipPlugin.objects.filter(township=region)}
    rows = saved_rows(plugins, settings)
    if request.method == "POST":
        # After a refusal the page shows what was submitted, not what is saved, so nothing
        # typed is lost and each message stands by the box it is about.
        rows = submitted_rows(rows, request.POST)
        valid = not any(row.errors() for row in rows)
        if valid and save_rows(region, rows, request.user):
            messages.success(request, _("Saved; the change applies at once."))
            return redirect("plugins_admin:township", code=code)
        messages.error(request, _("Not saved, nothing changed: fix what is marked below."))
    return render(request, "plugins/admin/township.html", {"township": region, "rows": rows})
