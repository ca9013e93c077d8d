"""Signals other apps listen to."""

from django.dispatch import Signal

# Sent at the end of ``load_demo``, inside its transaction, with ``counts`` (the dict of loaded
# object counts, which receivers may extend). Apps add their own demo content from a receiver
# connected in their AppConfig.ready(), so the demo loader does not need to know them.
demo_loaded = Signal()
