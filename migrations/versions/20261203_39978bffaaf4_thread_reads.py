"""how far each person has read each thread (unread markers); an index of each thread's
opening, which the visibility clause looks up for every post it checks

Revision ID: 39978bffaaf4
Revises: 3f8e1c5a9d27
Create Date: 2026-12-03 14:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '39978bffaaf4'
down_revision = '3f8e1c5a9d27'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'thread_reads',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('thread_id', sa.Integer(), nullable=False),
        sa.Column('read_at', sa.DateTime(), nullable=False),
        sa.Column('post_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['thread_id'], ['threads.id'],
                                name=op.f('fk_thread_reads_thread_id_threads'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_thread_reads_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id', 'thread_id', name=op.f('pk_thread_reads')),
    )
    with op.batch_alter_table('thread_reads', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_thread_reads_thread_id'), ['thread_id'],
                              unique=False)
    op.create_index('ix_posts_thread_kind', 'posts', ['thread_id', 'kind', 'state'],
                    unique=False)


def downgrade():
    op.drop_index('ix_posts_thread_kind', table_name='posts')
    with op.batch_alter_table('thread_reads', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_thread_reads_thread_id'))
    op.drop_table('thread_reads')
