"""In Chromium: the publisher prints the packing slips of three orders, ships them at once, then imports a CSV."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from shop.catalog.demo import load_demo
from shop.orders.states import OrderStatus
from shop.public.queries import the_book
from tests.browser.test_back_office import _login
from tests.delivery.conftest import paid_order
from tests.shipping.test_queue_and_slips import STREETS, with_address

pytestmark = pytest.mark.browser


def test_publisher_ships_three_orders_from_the_queue(page, app, db, tmp_path) -> None:
    report = load_demo()
    passwords = {email: password for _role, email, password in report.accounts}
    db.session.commit()
    book = the_book()
    orders = [
        with_address(paid_order(app, book, "print", email=f"l{i}@example.com"), i, 5 - i) for i in range(3)
    ]
    late = with_address(paid_order(app, book, "print", email="late@example.com"), 0, 1)
    db.session.commit()
    _login(page, "editeur@diateino.example", passwords["editeur@diateino.example"])
    page.wait_for_url("**/tableau-de-bord/")
    assert page.get_by_text("4 commandes à expédier").is_visible()
    page.get_by_role("link", name="À expédier", exact=True).first.click()
    for order in orders:
        page.get_by_label(f"Choisir la commande {order.number}").check()
    with page.expect_download() as download:
        page.get_by_role("button", name="Imprimer les bordereaux (A4)").click()
    pdf = tmp_path / "slips.pdf"
    pdf.write_bytes(Path(download.value.path()).read_bytes())
    subprocess.run(["qpdf", "--check", str(pdf)], check=True, capture_output=True)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    assert all(street in text for street in STREETS) and all(o.number in text for o in orders)
    for i, order in enumerate(orders):
        page.get_by_label(f"Numéro de suivi de la commande {order.number}").fill(f"6A00{i}")
    page.locator("#bulk-carrier").select_option("colissimo")
    page.get_by_role("button", name="Marquer les commandes cochées comme expédiées").click()
    assert page.get_by_text("3 commandes marquées comme expédiées").is_visible()
    db.session.expire_all()
    assert all(o.status == OrderStatus.FULFILLED and o.tracking_url for o in orders)

    page.locator("#tracking-file").set_input_files(
        files=[
            {
                "name": "suivi.csv",
                "mimeType": "text/csv",
                "buffer": f"order,tracking\n{late.number},CH42\n".encode(),
            }
        ]
    )
    page.locator("#import-carrier").select_option("chronopost")
    page.get_by_role("button", name="Importer et marquer comme expédiées").click()
    assert page.get_by_text("1 commande marquée comme expédiée").is_visible()
    assert page.get_by_text("Rien à expédier.").is_visible()
    db.session.expire_all()
    assert late.carrier == "Chronopost" and "CH42" in (late.tracking_url or "")
