"""salted hash of the checkout client's address on orders, for the hoarding limits

Revision ID: 0012
Revises: 0008
Create Date: 2026-11-25 18:55:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.add_column(sa.Column('client_hash', sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_orders_client_hash'), ['client_hash'], unique=False)


def downgrade():
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_orders_client_hash'))
        batch_op.drop_column('client_hash')
