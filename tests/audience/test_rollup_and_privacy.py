"""Roll-up and retention; no cookie and no personal data in any audience table."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from shop.audience import reports, visitors
from shop.audience.models import DailySalt, DailyStat, DailyTotal, OrderSource, RawHit
from shop.audience.rollup import roll_up
from tests.audience.conftest import CHROME, IPHONE, beacon, flush, raw_hits
from tests.factories import make_book

# Every column of every table this feature added. A new column fails this test until someone has checked that it
# holds nothing that identifies a person (and added it here).
EXPECTED_COLUMNS = {
    "audience_salts": {"day", "salt"},
    "audience_raw_hits": {"id", "day", "kind", "path", "lang", "referrer", "utm_source", "utm_medium",
                          "utm_campaign", "device", "country", "visitor", "hits"},
    "audience_daily": {"id", "day", "kind", "path", "lang", "referrer", "utm_source", "utm_medium",
                       "utm_campaign", "device", "country", "hits", "visitors"},
    "audience_daily_totals": {"day", "kind", "hits", "visitors"},
    "order_sources": {"order_id", "landing", "referrer", "utm_source", "utm_medium", "utm_campaign", "created_at"},
}  # fmt: skip


@pytest.fixture
def site(db):
    make_book(title="Le Community Management")
    db.session.commit()


def test_a_counted_visit_sets_no_cookie_and_stores_no_personal_data(client, db, site) -> None:
    page = client.get("/fr/", headers={"User-Agent": CHROME})
    assert page.status_code == 200 and "Set-Cookie" not in page.headers
    assert 'src="/assets/js/beacon.' in page.get_data(as_text=True)
    beacon(client, "/fr/", referrer="https://www.lemonde.fr/x?email=zoe@example.com", ip="203.0.113.77",
           ua=IPHONE, utm_source="newsletter")  # fmt: skip
    assert client.get_cookie("session") is None
    flush()
    roll_up(visitors.today() + dt.timedelta(days=1), 30)
    db.session.commit()
    inspector = sa.inspect(db.engine)
    assert {t: {c["name"] for c in inspector.get_columns(t)} for t in EXPECTED_COLUMNS} == EXPECTED_COLUMNS
    stored = []
    with db.engine.connect() as conn:
        for table in EXPECTED_COLUMNS:
            stored += [str(v) for row in conn.execute(sa.text(f"SELECT * FROM {table}")) for v in row]  # noqa: S608
    assert stored, "the visit was counted"
    for secret in ("203.0.113.77", "iPhone", "Mozilla", "zoe@example.com", "/x"):
        assert not any(secret in value for value in stored), secret


TODAY = visitors.today()


def _day(offset: int) -> dt.date:
    return TODAY + dt.timedelta(days=offset)


def test_rollup_aggregates_complete_days_applies_retention_and_changes_no_figure(
    client, db, site, monkeypatch
) -> None:
    for offset, ip in [(-40, "1.1.1.1"), (-2, "1.1.1.1"), (-2, "2.2.2.2"), (-1, "1.1.1.1"), (0, "1.1.1.1")]:
        monkeypatch.setattr(visitors, "today", lambda offset=offset: _day(offset))
        beacon(client, "/fr/", ip=ip)
        beacon(client, "/en/auteurs/", ip=ip, referrer="https://lemonde.fr/")
        flush()
    monkeypatch.undo()
    period = reports.Period.last(60, visitors.today())
    before = (reports.daily_series(period), reports.top(period, "path"), reports.funnel(period))
    report = roll_up(visitors.today(), 30)
    db.session.commit()
    assert report.days == [_day(-40), _day(-2), _day(-1)] and report.raw_deleted == 2
    assert {h.day for h in raw_hits(db)} == {_day(-2), _day(-1), _day(0)}  # today stays raw, -40 is gone
    assert db.session.scalars(sa.select(DailySalt.day)).all() == [visitors.today()]
    totals = {(t.day, t.kind): (t.hits, t.visitors) for t in db.session.scalars(sa.select(DailyTotal))}
    assert totals[(_day(-2), "view")] == (4, 2)
    assert (reports.daily_series(period), reports.top(period, "path"), reports.funnel(period)) == before
    stat_rows = db.session.scalar(sa.select(sa.func.count(DailyStat.id)))
    again = roll_up(visitors.today(), 30)  # idempotent: the last day again, nothing doubled
    db.session.commit()
    assert again.days == [_day(-1)]
    assert db.session.scalar(sa.select(sa.func.count(DailyStat.id))) == stat_rows
    assert (reports.daily_series(period), reports.top(period, "path"), reports.funnel(period)) == before


def test_rollup_command(runner, db, site, client, monkeypatch) -> None:
    monkeypatch.setattr(visitors, "today", lambda: _day(-3))
    beacon(client, "/fr/")
    flush()
    monkeypatch.undo()
    result = runner.invoke(args=["shop", "audience", "rollup", "--retention-days", "1"])
    assert result.exit_code == 0, result.output
    assert f"Days rolled up: {_day(-3).isoformat()}." in result.output
    assert "Raw hits older than 1 days deleted: 1" in result.output
    assert db.session.scalar(sa.select(sa.func.count(RawHit.id))) == 0
    assert db.session.scalar(sa.select(sa.func.sum(DailyStat.hits))) == 1
    assert runner.invoke(args=["shop", "audience", "rollup", "--retention-days", "-1"]).exit_code != 0


def test_order_sources_are_deleted_with_their_order() -> None:
    assert OrderSource.__table__.c.order_id.foreign_keys.pop().ondelete == "CASCADE"
