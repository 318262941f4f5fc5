"""How the exports name an event's publishers."""

from __future__ import annotations

from ..records import Event
from ..site import Site


def publisher_names(site: Site, event: Event) -> str:
    """`Vietnam News Agency (VNA); Việt Nam News (VNS)`: the publishers' full names, with the credits."""
    return "; ".join(f"{publisher.name} ({publisher.key})" for publisher in site.publishers_of(event))


def reported_by(site: Site, event: Event) -> str:
    """`Vietnamese press: Vietnam News Agency (VNA), Việt Nam News (VNS)`, as event pages say it."""
    return "; ".join(f"{press.label}: " + ", ".join(f"{publisher.name} ({publisher.key})" for publisher in press.publishers)
                     for press in site.press_of(event))
