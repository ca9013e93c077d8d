"""Signals other apps listen to."""

from django.dispatch import Signal

# Sent by ``load_demo``, inside its transaction, once the regions, service points and themes are
# loaded and before the catalogue's pages are made, with ``root`` (the page tree's root). The
# site app answers it with the home page, which it makes the default site's root page: the
# guide catalogue and the life-event index go under that page.
demo_loading = Signal()

# Sent at the end of ``load_demo``, inside its transaction, with ``counts`` (the dict of loaded
# object counts, which receivers may extend). Apps add their own demo content from a receiver
# connected in their AppConfig.ready(), so the demo loader does not need to know them.
demo_loaded = Signal()
