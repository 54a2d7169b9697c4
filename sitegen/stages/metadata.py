"""schema.org JSON-LD for every page: breadcrumbs everywhere, and on an item page the kind its
type declares (ContentType.schema_org): Event, Organization and NewsArticle in full, any other
kind with its name, description, address and what the declaration adds (linked_data).
Returned as plain dicts; the template serialises them with |tojson, which escapes '<', '>'
and '&' so no text can close the script block."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from schemas import Item
from schemas.event import Event, EventText
from schemas.fields import Text
from schemas.news import News
from schemas.organisation import Organisation
from sitegen.model.entry import Entry
from sitegen.model.page import PageSpec
from sitegen.model.site import Site
from sitegen.model.times import iso_moment, iso_when, on_exact_days
from sitegen.stages.picture import absolute, preview

SCHEMA = "https://schema.org"
# schema.org has no 'full' status; a full event still takes place as scheduled
EVENT_STATUS = {"cancelled": "EventCancelled"}
Data = dict[str, Any]
M = TypeVar("M", bound=Item)


def structured_data(site: Site, page: PageSpec) -> list[Data]:
    data = [_breadcrumbs(site, page)]
    entry = page.entry
    kind = site.types[entry.kind].schema_org if entry is not None else None
    if entry is not None and kind is not None:
        _, describe = DESCRIBED.get(kind, (None, _described_by_declaration))
        described = describe(site, entry, page.lang)
        if described is not None:  # an event whose date is to follow: nothing to claim
            data.append({"@context": SCHEMA, **described, **_image(site, entry, page.lang)})
    return data


def _image(site: Site, entry: Entry, lang: str) -> Data:
    """schema.org's image: the largest fallback variant, as an ImageObject."""
    found = preview(site, entry, lang)
    if found is None:
        return {}
    image, alt = found
    largest = image.largest
    url = absolute(site, largest)
    described: Data = {"@type": "ImageObject", "url": url, "contentUrl": url}
    described |= {"width": largest.width, "height": largest.height}
    return {"image": described | ({"description": alt} if alt else {})}


def _described_by_declaration(site: Site, entry: Entry, lang: str) -> Data:
    declared = site.types[entry.kind]
    text = entry.model.text(lang)
    assert text is not None and declared.schema_org is not None
    data: Data = {
        "@type": declared.schema_org,
        "name": text.title,
        "description": text.summary,
        "url": site.urls.absolute(site.urls.item(entry, lang)),
        "inLanguage": lang,
    }
    if declared.linked_data is not None:
        data.update(declared.linked_data(entry.model, lang))
    return data


def _described(entry: Entry, kind: type[M], lang: str) -> tuple[M, Text]:
    """The item's model as its declared class, and its words in lang (a page exists only in
    the languages its item is written in)."""
    model = entry.model
    assert isinstance(model, kind), f"{entry.kind}/{entry.slug} is no {kind.__name__}"
    text = model.text(lang)
    assert text is not None
    return model, text


def _breadcrumbs(site: Site, page: PageSpec) -> Data:
    return {
        "@context": SCHEMA,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": name,
                "item": site.urls.absolute(url),
            }
            for position, (name, url) in enumerate(page.breadcrumbs, start=1)
        ],
    }


def _event(site: Site, entry: Entry, lang: str) -> Data | None:
    """An Event with its dates at the precision known; none while the date is to follow.
    schema.org's Date is ISO 8601, which writes a month as 2030-05 and a year as 2030; a season
    is given as its year. Only a final day is EventScheduled: 'scheduled' is not known of a
    month, a season or a provisional day, so eventStatus is then left out."""
    model, text = _described(entry, Event, lang)
    start = iso_when(model.start)
    if start is None:
        return None
    data: Data = {
        "@type": "Event",
        "name": text.title,
        "description": text.summary,
        "url": site.urls.absolute(site.urls.item(entry, lang)),
        "inLanguage": lang,
        "startDate": start,
        "eventAttendanceMode": f"{SCHEMA}/{_attendance(model)}",
        "location": _place(model),
        "organizer": [_organisation_ref(site, o, lang) for o in _existing(site, model.organisers)],
    }
    if model.end is not None:
        data["endDate"] = iso_when(model.end)
    status = EVENT_STATUS.get(model.status)
    if status is None and on_exact_days(entry) and not model.provisional:
        status = "EventScheduled"
    if status is not None:
        data["eventStatus"] = f"{SCHEMA}/{status}"
    costs = text.costs if isinstance(text, EventText) else None
    if costs or model.registration_url:
        offer: Data = {"@type": "Offer", "description": costs or ""}
        if model.registration_url:
            offer["url"] = str(model.registration_url)
        data["offers"] = offer
    return data


def _attendance(model: Event) -> str:
    location = model.location
    if location is None or not location.online:
        return "OfflineEventAttendanceMode"
    if location.venue or location.city:
        return "MixedEventAttendanceMode"
    return "OnlineEventAttendanceMode"


def _place(model: Event) -> Data:
    location = model.location
    if location is not None and location.online and not (location.venue or location.city):
        return {"@type": "VirtualLocation", "url": str(model.registration_url or "")}
    name = ", ".join(p for p in (location.venue, location.city) if p) if location else ""
    place: Data = {"@type": "Place", "name": name or "—"}
    if location is not None and location.city:
        place["address"] = {
            "@type": "PostalAddress",
            "addressLocality": location.city,
            "addressCountry": "NL",
        }
    return place


def _organisation(site: Site, entry: Entry, lang: str) -> Data:
    model, text = _described(entry, Organisation, lang)
    data: Data = {
        "@type": "Organization",
        "name": text.title,
        "description": text.summary,
        "url": str(model.website)
        if model.website
        else site.urls.absolute(site.urls.item(entry, lang)),
    }
    if model.email:
        data["email"] = str(model.email)
    if model.phone:
        data["telephone"] = model.phone
    if model.address:
        data["address"] = {
            "@type": "PostalAddress",
            "streetAddress": model.address.street or "",
            "postalCode": model.address.postcode or "",
            "addressLocality": model.address.city or "",
            "addressCountry": "NL",
        }
    return data


def _news(site: Site, entry: Entry, lang: str) -> Data:
    model, text = _described(entry, News, lang)
    return {
        "@type": "NewsArticle",
        "headline": text.title,
        "description": text.summary,
        "datePublished": iso_moment(model.date),
        "inLanguage": lang,
        "url": site.urls.absolute(site.urls.item(entry, lang)),
        "publisher": {"@type": "Organization", "name": site.settings.name.get(lang)},
    }


# The kinds described in full here, and the model a type declaring one must have (checked at
# start-up by sitegen/stages/declared.py).
DESCRIBED: dict[str, tuple[type[Item], Callable[[Site, Entry, str], Data | None]]] = {
    "Event": (Event, _event),
    "Organization": (Organisation, _organisation),
    "NewsArticle": (News, _news),
}


def _existing(site: Site, slugs: list[str]) -> list[Entry]:
    return [e for e in (site.get("organisations", s) for s in slugs) if e is not None]


def _organisation_ref(site: Site, entry: Entry, lang: str) -> Data:
    text = entry.model.text(lang) or entry.model.text(entry.model.languages()[0])
    return {
        "@type": "Organization",
        "name": text.title if text else entry.slug,
        "url": site.urls.absolute(site.urls.nearest(entry, lang)),
    }
