"""The optional country, from a real MaxMind-format file read by geoip2: only the two-letter code is kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from mmdb_writer import MMDBWriter
from netaddr import IPSet

from tests.audience.conftest import beacon, raw_hits
from tests.factories import make_book


@pytest.fixture
def app_overrides(tmp_path: Path) -> dict[str, str]:
    writer = MMDBWriter(ip_version=6, database_type="GeoLite2-Country", languages=["en"],
                        description={"en": "test countries"}, ipv4_compatible=True)  # fmt: skip
    writer.insert_network(
        IPSet(["203.0.113.0/24"]), {"country": {"iso_code": "BE", "names": {"en": "Belgium"}}}
    )
    path = tmp_path / "countries.mmdb"
    writer.to_db_file(str(path))
    return {"AUDIENCE_GEOIP_DATABASE": str(path)}


def test_a_configured_geoip_file_gives_the_country_and_nothing_else(client, db) -> None:
    make_book(title="Le Community Management")
    db.session.commit()
    beacon(client, "/fr/", ip="203.0.113.7")
    beacon(client, "/fr/", ip="198.51.100.4")  # not in the file: no country, still counted
    hits = raw_hits(db)
    assert sorted(h.country for h in hits) == ["", "BE"]
    assert all("203.0.113" not in str(value) for h in hits for value in vars(h).values())
