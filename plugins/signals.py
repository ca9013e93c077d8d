"""Signals that reach only the plugins enabled in a township (as pretix does per event).

A receiver defined in a package plugin's module runs only when that plugin is enabled in the
township the signal is sent for; receivers elsewhere (the site's own code) always run. Failing
receivers are logged and skipped, never raised to the citizen.
"""

from __future__ import annotations

import logging
from typing import Any

from django.dispatch import Signal

from guides.models import Region
from plugins.models import TownshipPlugin
from plugins.registry import package_entries

logger = logging.getLogger(__name__)


class TownshipSignal(Signal):
    def send_to_township(self, township: Region | None, **kwargs: Any) -> list[tuple[Any, Any]]:
        """Call the receivers allowed in ``township`` (sent as the sender)."""
        packages = {entry.module.split(".")[0]: entry.id for entry in package_entries()}
        enabled = set(
            TownshipPlugin.objects.filter(township=township, enabled=True).values_list(
                "plugin_id", flat=True
            )
        )
        sync_receivers, _async_receivers = self._live_receivers(township)
        responses = []
        for receiver in sync_receivers:
            plugin_id = packages.get(receiver.__module__.split(".")[0])
            if plugin_id is not None and plugin_id not in enabled:
                continue
            try:
                responses.append((receiver, receiver(signal=self, sender=township, **kwargs)))
            except Exception:  # a plugin's receiver must not break the check
                logger.exception("receiver %s of plugin %s failed", receiver, plugin_id)
        return responses


# Sent after every self check with ``guide`` and ``result`` (a selfcheck.precheck.PrecheckResult).
precheck_done = TownshipSignal()
