"""audience: daily salts, raw hits, daily aggregates and order sources

Revision ID: 0014
Revises: 0015
Create Date: 2026-11-25 19:00:00

"""
from alembic import op
import sqlalchemy as sa

import shop.core.db


revision = '0014'
down_revision = '0015'
branch_labels = None
depends_on = None


def _dimensions():
    return [
        sa.Column('kind', sa.String(length=8), nullable=False),
        sa.Column('path', sa.String(length=300), nullable=False),
        sa.Column('lang', sa.String(length=8), nullable=False),
        sa.Column('referrer', sa.String(length=120), nullable=False),
        sa.Column('utm_source', sa.String(length=100), nullable=False),
        sa.Column('utm_medium', sa.String(length=100), nullable=False),
        sa.Column('utm_campaign', sa.String(length=100), nullable=False),
        sa.Column('device', sa.String(length=8), nullable=False),
        sa.Column('country', sa.String(length=2), nullable=False),
    ]


def upgrade():
    op.create_table('audience_salts',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('salt', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('day', name=op.f('pk_audience_salts'))
    )
    op.create_table('audience_raw_hits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('visitor', sa.String(length=16), nullable=False),
    sa.Column('hits', sa.Integer(), nullable=False),
    *_dimensions(),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audience_raw_hits'))
    )
    with op.batch_alter_table('audience_raw_hits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audience_raw_hits_day'), ['day'], unique=False)

    op.create_table('audience_daily',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('hits', sa.Integer(), nullable=False),
    sa.Column('visitors', sa.Integer(), nullable=False),
    *_dimensions(),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audience_daily'))
    )
    with op.batch_alter_table('audience_daily', schema=None) as batch_op:
        batch_op.create_index('ix_audience_daily_day_kind', ['day', 'kind'], unique=False)

    op.create_table('audience_daily_totals',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('hits', sa.Integer(), nullable=False),
    sa.Column('visitors', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('day', 'kind', name=op.f('pk_audience_daily_totals'))
    )
    op.create_table('order_sources',
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('landing', sa.String(length=300), nullable=False),
    sa.Column('referrer', sa.String(length=120), nullable=False),
    sa.Column('utm_source', sa.String(length=100), nullable=False),
    sa.Column('utm_medium', sa.String(length=100), nullable=False),
    sa.Column('utm_campaign', sa.String(length=100), nullable=False),
    sa.Column('created_at', shop.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_order_sources_order_id_orders'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('order_id', name=op.f('pk_order_sources'))
    )


def downgrade():
    op.drop_table('order_sources')
    op.drop_table('audience_daily_totals')
    with op.batch_alter_table('audience_daily', schema=None) as batch_op:
        batch_op.drop_index('ix_audience_daily_day_kind')
    op.drop_table('audience_daily')
    with op.batch_alter_table('audience_raw_hits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audience_raw_hits_day'))
    op.drop_table('audience_raw_hits')
    op.drop_table('audience_salts')
