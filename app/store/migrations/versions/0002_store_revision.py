"""store revision: one row bumped by triggers on every change to sites, articles and events

Every process that serves the store keeps derived data in memory (the status index, the
site list, serialized responses) and needs to know, cheaply, whether the store changed
since: one primary-key read of this row answers, whichever process or tool wrote.

Revision ID: 0002
Revises: 0001
"""

import time
import uuid

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TABLES = ("sites", "articles", "events")
OPERATIONS = ("insert", "update", "delete")
SQLITE_NOW = "(julianday('now') - 2440587.5) * 86400.0"


def upgrade() -> None:
    bind = op.get_bind()
    # A store made from the models before it was stamped may have the table already.
    if "store_revision" not in sa.inspect(bind).get_table_names():
        op.create_table(
            "store_revision",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("store_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
            sa.Column("version", sa.BigInteger(), nullable=False),
            sa.Column("changed_at", sa.Float(), nullable=False),
            sa.PrimaryKeyConstraint("id"),
        )
    if bind.execute(sa.text("SELECT count(*) FROM store_revision WHERE id = 1")).scalar() == 0:
        bind.execute(
            sa.text("INSERT INTO store_revision (id, store_id, version, changed_at) VALUES (1, :store_id, 1, :now)"),
            {"store_id": uuid.uuid4().hex, "now": time.time()},
        )
    drop_triggers(bind.dialect.name)
    if bind.dialect.name == "postgresql":
        # Once per transaction: a statement trigger, which skips the update when this transaction
        # has bumped the row already (a transaction-local setting remembers it, and is undone
        # with a rolled-back savepoint like the update). Every bump of one row in one transaction
        # would leave a row version behind, and thousands (an executemany of single-row inserts)
        # made each further one slower. The row stays locked until the writer commits, which
        # orders writers; readers are never blocked, and see the new version with the new rows.
        op.execute("""
            CREATE OR REPLACE FUNCTION bw_bump_store_revision() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF current_setting('basewatch.revision_bumped_by', true) = txid_current()::text THEN
                    RETURN NULL;
                END IF;
                PERFORM set_config('basewatch.revision_bumped_by', txid_current()::text, true);
                UPDATE store_revision SET version = version + 1,
                    changed_at = GREATEST(changed_at, extract(epoch FROM clock_timestamp()))
                WHERE id = 1;
                RETURN NULL;
            END $$""")
        for table in TABLES:
            op.execute(f"CREATE TRIGGER bw_revision_{table} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                       f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION bw_bump_store_revision()")
    else:  # SQLite has row triggers only
        for table in TABLES:
            for operation in OPERATIONS:
                op.execute(f"CREATE TRIGGER bw_revision_{table}_{operation} AFTER {operation.upper()} ON {table} "
                           f"BEGIN UPDATE store_revision SET version = version + 1, "
                           f"changed_at = max(changed_at, {SQLITE_NOW}) WHERE id = 1; END")


def drop_triggers(dialect: str) -> None:
    if dialect == "postgresql":
        for table in TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS bw_revision_{table} ON {table}")
    else:
        for table in TABLES:
            for operation in OPERATIONS:
                op.execute(f"DROP TRIGGER IF EXISTS bw_revision_{table}_{operation}")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    drop_triggers(dialect)
    if dialect == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS bw_bump_store_revision()")
    op.drop_table("store_revision")
