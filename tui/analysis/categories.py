"""The fixed vocabularies shared by the analysis, the themes and the UI.

Theme files define one style variable per entity label (``entity-person``) and per device
category (``device-loaded-language``); these tables are where those names come from.
"""

from __future__ import annotations

__all__ = ["DEVICE_CATEGORIES", "ENTITY_LABELS", "NAMED_ENTITY_LABELS", "variable_name"]

ENTITY_LABELS: dict[str, str] = {
    "PERSON": "Person",
    "NORP": "Nationality, religious or political group",
    "FAC": "Building or facility",
    "ORG": "Organisation",
    "GPE": "Country, city or state",
    "LOC": "Location",
    "PRODUCT": "Product",
    "EVENT": "Event",
    "WORK_OF_ART": "Work of art",
    "LAW": "Law or treaty",
    "LANGUAGE": "Language",
    "DATE": "Date",
    "TIME": "Time",
    "PERCENT": "Percentage",
    "MONEY": "Money",
    "QUANTITY": "Quantity",
    "ORDINAL": "Ordinal",
    "CARDINAL": "Number",
}
"""spaCy's OntoNotes entity labels and what they mean, in display order."""

NAMED_ENTITY_LABELS = frozenset(
    {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW",
     "LANGUAGE"}
)
"""Labels of names proper, as opposed to dates, amounts and numbers."""

DEVICE_CATEGORIES: dict[str, str] = {
    "loaded-language": "Loaded language & intensity",
    "labelling": "Labels & us-versus-them",
    "emotional-appeal": "Appeals to fear & flag",
    "faulty-logic": "Faulty reasoning",
    "rhetorical-figure": "Rhetorical figures",
    "exhortation": "Slogans & calls to action",
    "hedging": "Hedging & weasel words",
}
"""Device category ids and their display names; every device kind belongs to one."""


def variable_name(kind: str, key: str) -> str:
    """Theme variable for an entity label or a device category.

    ``variable_name("entity", "WORK_OF_ART")`` is ``"entity-work-of-art"``;
    ``variable_name("device", "loaded-language")`` is ``"device-loaded-language"``.
    """
    return f"{kind}-{key.lower().replace('_', '-')}"
