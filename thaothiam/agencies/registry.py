"""Load the BMA agency registry from the reference CSV (copied from shared/reference)."""

import csv
from pathlib import Path

REGISTRY_CSV = Path(__file__).parent / "data" / "bma_agencies.csv"


def read_registry(path: Path = REGISTRY_CSV) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_registry(agency_model, path: Path = REGISTRY_CSV) -> int:
    """Create or update every agency of the file; parents resolved by code. Returns the count."""
    rows = read_registry(path)
    by_code = {}
    for row in rows:
        agency, _created = agency_model.objects.update_or_create(
            code=row["code"],
            defaults={
                "name_th": row["name_th"],
                "name_en": row["name_en"],
                "kind": row["kind"],
                "geocode": row.get("geocode") or "",
            },
        )
        by_code[agency.code] = agency
    for row in rows:
        if row.get("parent_code"):
            agency = by_code[row["code"]]
            agency.parent = by_code[row["parent_code"]]
            agency.save(update_fields=["parent"])
    return len(rows)
