"""an index of the openings that are not public (the visibility clause's anti-join)

Revision ID: c5d1f0e2a9b3
Revises: c3f1a2b4d5e6
Create Date: 2026-12-03 18:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'c5d1f0e2a9b3'
down_revision = 'c3f1a2b4d5e6'
branch_labels = None
depends_on = None

WHERE = "kind = 'opening' AND state <> 'approved'"


def upgrade():
    op.create_index('ix_posts_hidden_openings', 'posts', ['thread_id'], unique=False,
                    postgresql_where=sa.text(WHERE), sqlite_where=sa.text(WHERE))


def downgrade():
    op.drop_index('ix_posts_hidden_openings', table_name='posts')
