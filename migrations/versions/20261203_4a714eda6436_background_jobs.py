"""background jobs

Revision ID: 4a714eda6436
Revises: 39978bffaaf4
Create Date: 2026-12-03 14:50:00

"""
from alembic import op
import sqlalchemy as sa


revision = '4a714eda6436'
down_revision = '39978bffaaf4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('jobs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('args', sa.JSON(), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('result', sa.Text(), nullable=False),
    sa.Column('request_id', sa.String(length=128), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("state IN ('pending', 'running', 'done', 'failed')", name=op.f('ck_jobs_state')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_jobs'))
    )
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.create_index('ix_jobs_due', ['state', 'next_attempt_at'], unique=False)
        batch_op.create_index('ix_jobs_key', ['key', 'state'], unique=False)


def downgrade():
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.drop_index('ix_jobs_key')
        batch_op.drop_index('ix_jobs_due')

    op.drop_table('jobs')
