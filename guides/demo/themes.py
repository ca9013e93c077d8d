"""The themes (主题) citizens browse guides by."""

from __future__ import annotations

from guides.demo.reading import Source, check_keys, item, section, validate
from guides.models import Theme


def load_themes(source: Source, reset: bool = False) -> dict[str, Theme]:
    """Themes by slug, in the order of the data file; an existing theme is kept as it is,
    unless ``reset`` brings it back to the data."""
    themes = {}
    for order, row in enumerate(section(source, "themes")):
        with item(source, f"theme {row.get('slug')}"):
            check_keys(row, ("slug", "name", "audience", "description"), ("slug", "name"))
            theme = Theme.objects.filter(slug=row["slug"]).first()
            if theme is not None and not reset:
                themes[theme.slug] = theme
                continue
            theme = theme or Theme(slug=row["slug"])
            theme.name = row["name"]
            theme.audience = row.get("audience", "person")
            theme.description = row.get("description", "")
            theme.sort_order = order
            validate(theme)
            theme.save()
        themes[theme.slug] = theme
    return themes
