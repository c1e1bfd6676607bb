"""An index for the orders list's pages: kind, creation time and id, so a page's ids come from the index alone

Revision ID: 0022
Revises: 0021
Create Date: 2026-11-25 22:10:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.create_index('ix_orders_kind_created_at_id', ['kind', 'created_at', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.drop_index('ix_orders_kind_created_at_id')
