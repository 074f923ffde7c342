"""posts answer an earlier post of their thread (reply_to_id)

Revision ID: c3f1a2b4d5e6
Revises: 4a714eda6436
Create Date: 2026-12-03 18:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3f1a2b4d5e6'
down_revision = '4a714eda6436'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reply_to_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_posts_reply_to_id'), ['reply_to_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_posts_reply_to_id_posts'), 'posts',
                                    ['reply_to_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_posts_reply_to_id_posts'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_posts_reply_to_id'))
        batch_op.drop_column('reply_to_id')
