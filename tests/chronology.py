"""A small sample of meetings for the chronology tests: counterparts, who met whom, places, days of the year, press.

Việt Nam and Laos are the sides, Cambodia a third country. Who took part where:

| event | date | place | took part | mentioned | source |
| --- | --- | --- | --- | --- | --- |
| HANOI | 2019-05-06 | Hà Nội, Việt Nam | Tô Lâm (Minister of Public Security), Thongloun | | VNS |
| NO_PLACE | 2021-02-11 | | Chính, Thongloun | | VNA |
| PHNOM_PENH | 2021-06-02 | Phnom Penh, Cambodia | Tô Lâm, Hun Manet | Thongloun | AKP |
| CIRCA | circa 2022-03 | Vientiane, Laos | Tô Lâm, Sonexay, Hun Manet | | VNA |
| SAME_SIDE | 2023 | Hà Nội, Việt Nam | Tô Lâm, Chính | | VNS |
| VIENTIANE | 2024-01-05 | Vientiane, Laos | Chính, Sonexay, Thongloun | | KPL/VNA |
| KAZAN | 2024-10-24 | Kazan, Russia | Tô Lâm (General Secretary), Thongloun (President) | Chính | VNA/KPL/AKP |
| DRAFT | 2024-12 (draft) | | Tô Lâm, Thongloun | | VNS |
| OCTOBER_1977 | 1977-10-24 | Hà Nội, Việt Nam | Chính | | VNS |
| LEAP_DAY | 2020-02-29 | Huế, Việt Nam | Chính | | VNS |
| BEFORE | before 2020-10-24 | | Chính | | VNS |
"""

from __future__ import annotations

from conftest import SITE_YML, SOURCES_YML, SampleSite, event_text

HANOI, NO_PLACE, PHNOM_PENH, CIRCA = "2019-05-06-hanoi", "2021-02-11-no-place", "2021-06-02-phnom-penh", "2022-03-circa"
SAME_SIDE, VIENTIANE, KAZAN, DRAFT = "2023-same-side", "2024-01-05-vientiane", "2024-10-24-kazan", "2024-12-draft"
OCTOBER_1977, LEAP_DAY, BEFORE = "1977-10-24-hanoi", "2020-02-29-hue", "2020-10-24-before"
MEETINGS = (HANOI, NO_PLACE, CIRCA, VIENTIANE, KAZAN)  # leaders of both sides took part, in timeline order

CHRONOLOGY_SITE_YML = SITE_YML + "  - {name: Cambodia, adjective: Cambodian}\n"
CHRONOLOGY_SOURCES_YML = SOURCES_YML + "AKP: {name: Agence Kampuchea Presse, country: Cambodia}\n"


def write_chronology(sample: SampleSite) -> SampleSite:
    """Write the events above, their two more leaders and the third country into `sample`."""
    sample.write("site.yml", CHRONOLOGY_SITE_YML)
    sample.write("sources.yml", CHRONOLOGY_SOURCES_YML)
    sample.leader("sonexay-siphandone", "Sonexay Siphandone", "Laos")
    sample.leader("hun-manet", "Hun Manet", "Cambodia")

    def event(slug: str, date: str, leaders: str, source: str = "VNS", place: str | None = None,
              extra: str = "") -> None:
        text = event_text(title=f'"{slug}"', date=date, leaders=leaders, extra=(f"place: {place}\n" if place else "") + extra)
        sample.event(f"{slug}.md", text.replace("source: VNS", f"source: {source}"))

    event(HANOI, "2019-05-06", "[{name: Tô Lâm, role: Minister of Public Security}, Thongloun Sisoulith]",
          place="Hà Nội, Việt Nam")
    event(NO_PLACE, "2021-02-11", "[Chính, Thongloun Sisoulith]", source="VNA")
    event(PHNOM_PENH, "2021-06-02", "[Tô Lâm, Hun Manet]", source="AKP", place="Phnom Penh, Cambodia",
          extra="mentions: [Thongloun Sisoulith]\n")
    event(CIRCA, "circa 2022-03", "[Tô Lâm, Sonexay Siphandone, Hun Manet]", source="VNA", place="Vientiane, Laos")
    event(SAME_SIDE, "2023", "[Tô Lâm, Chính]", place="Hà Nội, Việt Nam")
    event(VIENTIANE, "2024-01-05", "[Chính, Sonexay Siphandone, Thongloun Sisoulith]", source="KPL/VNA",
          place="Vientiane, Laos")
    event(KAZAN, "2024-10-24", "[{name: Tô Lâm, role: General Secretary}, {name: Thongloun Sisoulith, role: President}]",
          source="VNA/KPL/AKP", place="Kazan, Russia", extra="mentions: [Chính]\n")
    event(DRAFT, "2024-12", "[Tô Lâm, Thongloun Sisoulith]", extra="draft: true\n")
    event(OCTOBER_1977, "1977-10-24", "[Chính]", place="Hà Nội, Việt Nam")
    event(LEAP_DAY, "2020-02-29", "[Chính]", place="Huế, Việt Nam")
    event(BEFORE, "before 2020-10-24", "[Chính]")
    return sample
