"""The demo county's regions: the county, its townships and villages, and partner regions."""

from __future__ import annotations

from guides.demo.reading import Data, Source, check_keys, coordinate, item, section, validate
from guides.models import Region


def upsert_region(
    source: Source, row: Data, level: str, parent: Region | None, reset: bool = False
) -> Region:
    """Create one region by its division code; an existing one is kept as it is, unless
    ``reset`` brings it back to the data."""
    label = f"region {row.get('code')} {row.get('name', '')}".strip()
    with item(source, label):
        check_keys(row, ("code", "name", "latitude", "longitude", "villages"), ("code", "name"))
        region = Region.objects.filter(code=row["code"]).first()
        if region is not None and not reset:
            return region
        region = region or Region(code=row["code"])
        region.name = row["name"]
        region.level = level
        region.parent = parent
        region.latitude = coordinate(row["latitude"]) if "latitude" in row else None
        region.longitude = coordinate(row["longitude"]) if "longitude" in row else None
        validate(region)
        region.save()
    return region


def load_regions(source: Source, reset: bool = False) -> dict[str, Region]:
    """The county, its townships and villages, and partner regions elsewhere (跨省通办)."""
    county = upsert_region(source, section(source, "county"), Region.Level.COUNTY, None, reset)
    regions = {county.code: county}
    for township_row in section(source, "townships"):
        township = upsert_region(source, township_row, Region.Level.TOWNSHIP, county, reset)
        regions[township.code] = township
        for village_row in township_row.get("villages", []):
            village = upsert_region(source, village_row, Region.Level.VILLAGE, township, reset)
            regions[village.code] = village
    for partner_row in source.data.get("partners", []):
        partner = upsert_region(source, partner_row, Region.Level.COUNTY, None, reset)
        regions[partner.code] = partner
    return regions
