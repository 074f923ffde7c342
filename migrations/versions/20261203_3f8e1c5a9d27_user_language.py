"""users choose their interface language

Revision ID: 3f8e1c5a9d27
Revises: b6e2a9c4d871
Create Date: 2026-12-03 14:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3f8e1c5a9d27'
down_revision = 'b6e2a9c4d871'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=10), nullable=True))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('language')
