"""Stripe fees: the fee, net and balance transaction of each Stripe payment, and when to fetch them; an index
for the "À expédier" queue and one on the day of payment for the overview's periods

Revision ID: 0021
Revises: 0016
Create Date: 2026-11-25 21:13:14.955913

"""
from alembic import op
import sqlalchemy as sa

import shop.core.db

# The "À expédier" queue's orders (shop.orders.models.TO_SHIP_WHERE at the time of this revision).
TO_SHIP_WHERE = "shipped_at IS NULL AND status IN ('paid', 'partially_fulfilled', 'partially_refunded')"


# revision identifiers, used by Alembic.
revision = '0021'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.add_column(sa.Column('stripe_fee_cents', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('stripe_net_cents', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('stripe_fee_currency', sa.String(length=3), nullable=True))
        batch_op.add_column(sa.Column('balance_transaction_id', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('fee_due_at', shop.core.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('fee_attempts', sa.Integer(), server_default='0', nullable=False))
        batch_op.create_index(batch_op.f('ix_orders_fee_due_at'), ['fee_due_at'], unique=False)
        batch_op.create_index('ix_orders_paid_at', ['paid_at'], unique=False)
        batch_op.create_index('ix_orders_to_ship', ['paid_at', 'id'], unique=False,
                              postgresql_where=sa.text(TO_SHIP_WHERE), sqlite_where=sa.text(TO_SHIP_WHERE))

    # Orders paid through Stripe before this revision: the worker fetches their fees too, oldest first.
    op.execute(
        "UPDATE orders SET fee_due_at = paid_at WHERE payment_provider = 'stripe' AND paid_at IS NOT NULL"
        " AND payment_intent_id IS NOT NULL"
    )


def downgrade():
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.drop_index('ix_orders_to_ship')
        batch_op.drop_index('ix_orders_paid_at')
        batch_op.drop_index(batch_op.f('ix_orders_fee_due_at'))
        batch_op.drop_column('fee_attempts')
        batch_op.drop_column('fee_due_at')
        batch_op.drop_column('balance_transaction_id')
        batch_op.drop_column('stripe_fee_currency')
        batch_op.drop_column('stripe_net_cents')
        batch_op.drop_column('stripe_fee_cents')
