"""The running text every shop starts with: version 1 of each legal page, taken from the templates it replaced.

Fields between double braces are filled when the page is shown (shop.settings.legal.FIELDS): the publisher's
identity and the delivery rates stay where they are edited, and the text never repeats them.
"""

from __future__ import annotations

from shop.settings.models import LegalPage

NOTICE_FR = """\
## Éditeur du site

{{ publisher }}

## Hébergeur

{{ host }}

## Propriété intellectuelle

Les textes du livre, les articles reproduits avec autorisation et les entretiens restent la propriété de leurs auteurs. \
Toute reproduction requiert leur accord.
"""

NOTICE_EN = """\
## Publisher of the site

{{ publisher }}

## Host

{{ host }}

## Intellectual property

The texts of the book, the press reviews reproduced with permission and the interviews remain the property of their \
authors. Reproduction requires their consent.
"""

TERMS_FR = """\
## 1. Vendeur

{{ seller }}

## 2. Prix

Les prix sont en euros, TVA comprise (5,5 %). Le prix des livres est fixé par l'éditeur (loi Lang du 10 août 1981 \
pour le livre imprimé, loi du 26 mai 2011 pour le livre numérique) : aucune remise sur le livre numérique, et un livre \
imprimé expédié est vendu à 100 % de son prix public.

## 3. Livraison

Les livres imprimés sont expédiés à l'adresse indiquée lors du paiement. Conformément à la loi (loi Darcos), la \
livraison coûte au moins 3,00 € TTC pour une commande de livres neufs de moins de 35,00 €, et n'est jamais gratuite. \
Tarifs et délais de livraison estimés :

{{ delivery_rates }}

Les livres numériques sont livrés aussitôt par des liens de téléchargement envoyés par e-mail, valables \
{{ download_days }} jours et pour {{ download_limit }} téléchargements par format ; de nouveaux liens peuvent être \
demandés sur le site à tout moment.

## 4. Paiement

Le paiement s'effectue par carte via Stripe. La commande est confirmée par e-mail dès réception du paiement ; la \
facture est accessible depuis cet e-mail.

## 5. Droit de rétractation

Livre imprimé : vous pouvez vous rétracter dans les 14 jours suivant la réception, sans motif, en envoyant le \
formulaire ci-dessous ou toute déclaration dénuée d'ambiguïté à l'adresse ci-dessus. Le livre est remboursé dans les \
14 jours suivant la réception de votre déclaration ; les frais de retour sont à votre charge.

Livre numérique : en cochant la case avant le paiement, vous acceptez expressément que le téléchargement commence \
immédiatement et reconnaissez perdre votre droit de rétractation (Code de la consommation, articles L221-28 13° et \
L221-26).

{{ withdrawal_form }}

## 6. Garanties

Les livres bénéficient de la garantie légale de conformité et de la garantie des vices cachés.

## 7. Médiation

En cas de litige, écrivez-nous d'abord. Vous pouvez ensuite saisir gratuitement le médiateur de la consommation : \
{{ mediator }}.

## 8. Droit applicable

Les présentes conditions sont soumises au droit français.
"""

TERMS_EN = """\
## 1. Seller

{{ seller }}

## 2. Prices

Prices are in euros, VAT included (5.5 %). Book prices are fixed by the publisher under French law (loi Lang of \
10 August 1981 for print books, law of 26 May 2011 for e-books): no discount applies to the e-book, and a shipped \
print book is sold at 100 % of its public price.

## 3. Delivery

Print books are shipped to the address given at payment. Under French law (loi Darcos), delivery costs at least \
€3.00 VAT included for orders of new books under €35.00, and is never free. Rates and estimated delivery times:

{{ delivery_rates }}

E-books are delivered at once by e-mailed download links, valid {{ download_days }} days and for \
{{ download_limit }} downloads per format; fresh links can be requested from the site at any time.

## 4. Payment

Payment is made by card through Stripe. The order is confirmed by e-mail once payment is received; an invoice is \
available from that e-mail.

## 5. Right of withdrawal

Print book: you may withdraw within 14 days of receipt, without giving a reason, by sending the form below or any \
unambiguous statement to the address above. The book is refunded within 14 days of our receiving your statement; \
return costs are yours.

E-book: by ticking the box before payment, you expressly agree that the download starts immediately and you \
acknowledge that you lose your right of withdrawal (Code de la consommation, articles L221-28 13° and L221-26).

{{ withdrawal_form }}

## 6. Guarantees

Books benefit from the legal guarantee of conformity and the guarantee against hidden defects.

## 7. Mediation

In case of a dispute, please write to us first. You may then refer the matter free of charge to the consumer \
mediator: {{ mediator }}.

## 8. Applicable law

These terms are governed by French law.
"""

PRIVACY_FR = """\
Responsable du traitement : {{ publisher_name }}, {{ publisher_address }}, {{ publisher_email }}.

## Ce que nous collectons et pourquoi

- Commandes : nom, e-mail, adresse de livraison, contenu de la commande, pour livrer votre commande et respecter nos \
obligations comptables (factures conservées 10 ans).
- Téléchargements : date, format et empreinte de votre adresse IP, pour protéger vos liens de téléchargement.
- Commentaires : nom, e-mail (jamais affiché) et texte, jusqu'à ce que vous en demandiez la suppression.

## Ce que nous ne faisons pas

Ni publicité, ni traceur, ni script tiers, ni cookie sur les pages que vous lisez. Un cookie de session n'apparaît \
que lorsque vous ajoutez un livre au panier. Les données de carte bancaire sont traitées par Stripe, jamais par nous.

## Vos droits

Vous pouvez accéder à vos données, les rectifier, les effacer ou vous opposer à leur utilisation en écrivant à \
{{ publisher_email }}. Vous pouvez aussi saisir la CNIL (www.cnil.fr).
"""

PRIVACY_EN = """\
Controller: {{ publisher_name }}, {{ publisher_address }}, {{ publisher_email }}.

## What we collect and why

- Orders: name, e-mail, delivery address, order contents, to deliver your order and meet our accounting duties \
(kept 10 years for invoices).
- Downloads: time, format and a hash of your IP address, to protect your download links.
- Comments: name, e-mail (never shown) and text, until you ask for their removal.

## What we do not do

No advertising, no tracker, no third-party script, no cookie on the pages you read. A session cookie appears only \
once you add a book to your cart. Payment card data is handled by Stripe, never by us.

## Your rights

You may access, correct or erase your data, or object to its use, by writing to {{ publisher_email }}. You may also \
complain to the CNIL (www.cnil.fr).
"""

DEFAULT_TEXTS: dict[LegalPage, dict[str, str]] = {
    LegalPage.NOTICE: {"fr": NOTICE_FR, "en": NOTICE_EN},
    LegalPage.TERMS: {"fr": TERMS_FR, "en": TERMS_EN},
    LegalPage.PRIVACY: {"fr": PRIVACY_FR, "en": PRIVACY_EN},
}
