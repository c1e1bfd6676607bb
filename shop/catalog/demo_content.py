"""The real book's data, from the old site's page (../shared/seed/), as plain structures.

Addresses use example domains: they are demo values for a newcomer's machine, not the publisher's real contacts.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

PUBLISHER: dict[str, Any] = {
    "name": "Éditions Diateino",
    "legal_form": "SARL au capital de 10 000 €",
    "street_address": "12 rue des Éditeurs",
    "postal_code": "75006",
    "city": "Paris",
    "country": "FR",
    "email": "contact@diateino.example",
    "phone": "+33 1 00 00 00 00",
    "website": "https://www.diateino.example",
    "registration": "RCS Paris 000 000 000",
    "vat_number": "FR00000000000",
    "publication_director": "Le gérant des Éditions Diateino",
    "host": "L'hébergeur du site, adresse à compléter avant la mise en ligne",
    "mediator_name": "CM2C, Centre de la médiation de la consommation de conciliateurs de justice",
    "mediator_url": "https://www.cm2c.net",
}

BOOK: dict[str, Any] = {
    "slug": "le-community-management",
    "title": "Le Community Management",
    "subtitle": {
        "fr": "Stratégies et bonnes pratiques pour interagir avec vos communautés",
        "en": "Strategies and good practice for engaging with your communities",
    },
    "pitch": {
        "fr": "Orchestrer l'activité de vos communautés en ligne pour développer l'entreprise : "
        "le guide pratique de trois community managers expérimentés.",
        "en": "Run your online communities so they grow your organisation: "
        "the practical guide by three seasoned community managers.",
    },
    "description": {
        "fr": (
            "Quel que soit votre secteur d'activité, développer une communauté en ligne ne suffit pas, il faut "
            "déterminer des objectifs, élaborer la stratégie adéquate et respecter un certain nombre d'usages. "
            "La communication et le marketing sont en pleine mutation, et vos communautés peuvent devenir les "
            "meilleures ambassadrices de votre organisation si vous apprenez à converser avec elles, à développer "
            "votre capital confiance et à communiquer au mieux vos informations.\n\n"
            "À travers ce guide pratique et clair, agrémenté de nombreuses interviews et de schémas explicatifs, "
            "trois community managers expérimentés (Catherine, Benoît et Sylvain) vous proposent de nombreux "
            "conseils pour vous lancer, choisir les meilleurs outils (pour votre blog, Facebook, Twitter...) et "
            "optimiser votre démarche en cours. Vous découvrirez également les témoignages de ceux qui ont "
            "développé de véritables espaces communautaires dans des domaines aussi variés que les médias, la "
            "musique, la politique, l'université, les services, l'agro-alimentaire..."
        ),
        "en": (
            "Whatever your line of business, building an online community is not enough: you need objectives, "
            "the right strategy and respect for the community's customs. Communication and marketing are "
            "changing fast, and your communities can become your organisation's best ambassadors if you learn to "
            "talk with them, build trust and share your news well.\n\n"
            "In this clear, practical guide, full of interviews and diagrams, three experienced community "
            "managers (Catherine, Benoît and Sylvain) give advice on getting started, choosing the best tools "
            "(for your blog, Facebook, Twitter...) and improving what you already do, with first-hand accounts "
            "from people who built real communities in media, music, politics, universities, services and food."
        ),
    },
    "table_of_contents": {
        "fr": (
            "1. **Comprendre les communautés en ligne**\n"
            "2. **Développer son capital confiance** : jouer la transparence, écouter les conversations\n"
            "3. **De la confiance à la sympathie** : transformer les membres en ambassadeurs\n"
            "4. **Collaborer avec votre communauté** pour lui permettre de co-créer\n"
            "5. **Les outils du community manager** : blog, Facebook, Twitter...\n"
            "6. **Témoignages** : médias, musique, politique, université, services, agro-alimentaire"
        ),
        "en": (
            "1. **Understanding online communities**\n"
            "2. **Building trust**: be transparent, listen to the conversations\n"
            "3. **From trust to goodwill**: turning members into ambassadors\n"
            "4. **Working with your community** so it can co-create\n"
            "5. **The community manager's tools**: blog, Facebook, Twitter...\n"
            "6. **Case studies**: media, music, politics, university, services, food industry"
        ),
    },
    "published_on": dt.date(2010, 9, 10),
    "pages": 224,
    "language": "fr",
}

AUTHORS: list[dict[str, Any]] = [
    {
        "slug": "catherine-ertzscheid",
        "name": "Catherine Ertzscheid",
        "bio": {
            "fr": "Community manager expérimentée, Catherine Ertzscheid accompagne les organisations dans "
            "l'animation de leurs communautés en ligne.",
            "en": "An experienced community manager, Catherine Ertzscheid helps organisations run their "
            "online communities.",
        },
    },
    {
        "slug": "benoit-faverial",
        "name": "Benoît Faverial",
        "bio": {
            "fr": "Benoît Faverial conseille les marques sur leur présence dans les médias sociaux.",
            "en": "Benoît Faverial advises brands on their presence in social media.",
        },
    },
    {
        "slug": "sylvain-gueguen",
        "name": "Sylvain Guéguen",
        "bio": {
            "fr": "Sylvain Guéguen anime des communautés en ligne et forme les futurs community managers.",
            "en": "Sylvain Guéguen runs online communities and trains future community managers.",
        },
    },
]

# ISBN-13s are plausible for Diateino's 978-2-35456 prefix and pass the checksum; they are demo values.
EDITIONS: list[dict[str, Any]] = [
    {"format": "print", "isbn13": "9782354560300", "price_cents": 1990, "stock": 120, "position": 0},
    {"format": "ebook", "isbn13": "9782354560317", "price_cents": 1299, "stock": None, "position": 1},
    {"format": "bundle", "isbn13": None, "price_cents": 2490, "stock": None, "position": 2},
]

# Where else to buy, per edition: (edition format, retailer, the book's page there). Example addresses shaped like
# each retailer's real product pages (a path naming the book or its ISBN), never a home page.
RETAILERS: list[tuple[str, str, str]] = [
    ("print", "Fnac", "https://livre.fnac.com/a3187012/Le-Community-Management-Catherine-Ertzscheid"),
    ("print", "Decitre", "https://www.decitre.fr/livres/le-community-management-9782354560300.html"),
    ("print", "Eyrolles", "https://www.eyrolles.com/Entreprise/Livre/le-community-management-9782354560300/"),
    ("print", "Éditions Diateino", "https://www.diateino.example/catalogue/le-community-management"),
    ("ebook", "Kobo", "https://www.kobo.com/fr/fr/ebook/le-community-management"),
    ("ebook", "Apple Books", "https://books.apple.com/fr/book/le-community-management/id9782354560317"),
    (
        "ebook",
        "Google Play Livres",
        "https://play.google.com/store/books/details/Le-Community-Management?id=9782354560317",
    ),
]

REVIEW: dict[str, Any] = {
    "slug": "reseau-des-cci-pratiques-web-social",
    "outlet": "Vedocci",
    "reviewer": "Mael Le Hir",
    "title": "[Revue de blogs] Le réseau des CCI se penche sur ses pratiques en matière de web social",
    "url": "https://www.vedocci.fr/",
    "published_on": dt.date(2010, 10, 6),
    "language": "fr",
    "category": "blog",
    "tags": ["CCI", "médias sociaux", "e-réputation"],
    "excerpt": "Le Community Management, un livre déjà de référence sorti cette année chez Diateino.",
    "permission_note": "Article écrit par Mael Le Hir reproduit ici avec son aimable autorisation et "
    "initialement paru sur Vedocci le 6 octobre 2010.",
    "body_markdown": (
        "Comme, de manière générale, en matière de communication, les CCI, établissements autonomes, ont "
        "développé des stratégies et des pratiques d'utilisation et de présence sur les médias sociaux variés, "
        "hétérogènes et probablement complémentaires.\n\n"
        "## CCI et médias sociaux : de nombreux enjeux\n\n"
        "Les CCI ont tout intérêt à s'emparer de ces (nouvelles ?) problématiques, que ce soit (je reprends la "
        "structure de la 2e partie de l'ouvrage de Catherine Ertzscheid, Benoît Faverial et Sylvain Guéguen "
        "consacré et intitulé *Le Community Management*) pour :\n\n"
        "- développer son capital confiance ;\n"
        "- passer de la confiance à la sympathie ;\n"
        "- collaborer avec sa communauté pour lui permettre de co-créer.\n\n"
        "Le sujet est vaste, nul doute que les échanges du 14 octobre seront très enrichissants !"
    ),
}

INTERVIEW: dict[str, Any] = {
    "slug": "trois-community-managers-racontent-leur-livre",
    "title": "Trois community managers racontent leur livre",
    "interviewees": "Catherine Ertzscheid, Benoît Faverial, Sylvain Guéguen",
    "interviewer": "La rédaction des Éditions Diateino",
    "held_on": dt.date(2010, 9, 20),
    "language": "fr",
    "introduction": "À la sortie du livre, les trois auteurs reviennent sur le métier de community manager.",
    "body_markdown": (
        "## Pourquoi ce livre ?\n\n"
        "Parce que le community manager est devenu le métier de l'année, sans qu'existe encore de guide "
        "pratique en français pour l'exercer.\n\n"
        "## Quel conseil donneriez-vous à un community manager qui débute ?\n\n"
        "Écouter avant de parler : une communauté se gagne par la confiance, et la confiance par la "
        "transparence.\n\n"
        "## Et les outils ?\n\n"
        "Ils changent vite ; les usages restent. Le livre part toujours des objectifs avant de choisir un outil."
    ),
    "authors": ["catherine-ertzscheid", "benoit-faverial", "sylvain-gueguen"],
}

# No passwords here: a password in the code is the same on every installation, so anyone who reads the repository
# could log in to a demo that was left reachable. `flask shop demo` generates them and prints them once.
DEMO_USERS = [
    ("editeur@diateino.example", "publisher", None),
    ("catherine@diateino.example", "author", "catherine-ertzscheid"),
]
