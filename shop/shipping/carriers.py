"""Carriers and their public tracking pages: the tracking link the dashboard and the buyer's e-mail show."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote


@dataclass(frozen=True)
class Carrier:
    code: str
    name: str
    url_template: str  # {number} is replaced by the URL-encoded tracking number

    def tracking_url(self, number: str) -> str:
        return self.url_template.format(number=quote(number.strip(), safe=""))


LA_POSTE = "https://www.laposte.fr/outils/suivre-vos-envois?code={number}"
CARRIERS = (
    Carrier("colissimo", "Colissimo", LA_POSTE),
    Carrier("lettre_suivie", "Lettre suivie", LA_POSTE),
    Carrier(
        "mondial_relay",
        "Mondial Relay",
        "https://www.mondialrelay.fr/suivi-de-colis/?numeroExpedition={number}",
    ),
    Carrier(
        "chronopost",
        "Chronopost",
        "https://www.chronopost.fr/tracking-no-cms/suivi-page?listeNumerosLT={number}",
    ),
    Carrier("dhl", "DHL", "https://www.dhl.com/fr-fr/home/tracking.html?tracking-id={number}&submit=1"),
    Carrier("ups", "UPS", "https://www.ups.com/track?loc=fr_FR&tracknum={number}"),
)
BY_KEY = {key: c for c in CARRIERS for key in (c.code, c.name.casefold())}


def find(value: str | None) -> Carrier | None:
    """A carrier by its code or its name, whatever the case ("colissimo", "Colissimo", "COLISSIMO")."""
    return BY_KEY.get((value or "").strip().casefold())
