"""audit entries record the request id

Revision ID: a7c41e9d2b56
Revises: 5d3c1e0a7b21
Create Date: 2026-12-03 12:52:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7c41e9d2b56'
down_revision = '5d3c1e0a7b21'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('request_id', sa.String(length=128), nullable=True))


def downgrade():
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_column('request_id')
