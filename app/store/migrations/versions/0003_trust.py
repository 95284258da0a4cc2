"""provenance, stories, attributions, reviews

Articles say whether their text is the outlet's own or a retelling written for this
project (and what it is based on), which story they are a copy of, and the MinHash of
their text; events carry the attribution their sentence gives and a reviewer's mark; the
reviewers' decisions are an append-only table. Writes to it bump the store revision, like
writes to sites, articles and events.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

SQLITE_NOW = "(julianday('now') - 2440587.5) * 86400.0"
OPERATIONS = ("insert", "update", "delete")


def _add_missing(table: str, columns: list[sa.Column], inspector) -> None:
    """Add the columns a table lacks: a store made from the models before it was stamped
    (app/store/db.py init_db) has them already."""
    have = {column["name"] for column in inspector.get_columns(table)}
    missing = [column for column in columns if column.name not in have]
    if missing:
        with op.batch_alter_table(table) as batch:
            for column in missing:
                batch.add_column(column)


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    _add_missing("articles", [
        sa.Column("provenance", sa.String(10), nullable=False, server_default="original"),
        sa.Column("based_on", sa.Text(), nullable=False, server_default=""),
        sa.Column("story", sa.String(64), nullable=False, server_default=""),
        sa.Column("signature", sa.JSON(), nullable=True),
    ], inspector)
    if "ix_articles_story" not in {index["name"] for index in inspector.get_indexes("articles")}:
        op.create_index("ix_articles_story", "articles", ["story"], unique=False)
    _add_missing("events", [
        sa.Column("attribution", sa.Text(), nullable=False, server_default=""),
        sa.Column("review", sa.String(12), nullable=False, server_default=""),
    ], inspector)
    # Stores made before: every article is its own story until a later copy joins it.
    op.execute("UPDATE articles SET story = 'a' || CAST(id AS TEXT) WHERE story = ''")
    if "reviews" in inspector.get_table_names():
        _revision_triggers()
        return
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("reviewer", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("article_key", sa.Text(), nullable=False, server_default=""),
        sa.Column("sentence", sa.Text(), nullable=False, server_default=""),
        sa.Column("site_id", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False, server_default=""),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    _revision_triggers()


def _revision_triggers() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":  # the function of migration 0002, once per transaction
        op.execute("DROP TRIGGER IF EXISTS bw_revision_reviews ON reviews")
        op.execute("CREATE TRIGGER bw_revision_reviews AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                   "ON reviews FOR EACH STATEMENT EXECUTE FUNCTION bw_bump_store_revision()")
    else:
        for operation in OPERATIONS:
            op.execute(f"DROP TRIGGER IF EXISTS bw_revision_reviews_{operation}")
            op.execute(f"CREATE TRIGGER bw_revision_reviews_{operation} AFTER {operation.upper()} ON reviews "
                       f"BEGIN UPDATE store_revision SET version = version + 1, "
                       f"changed_at = max(changed_at, {SQLITE_NOW}) WHERE id = 1; END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS bw_revision_reviews ON reviews")
    else:
        for operation in OPERATIONS:
            op.execute(f"DROP TRIGGER IF EXISTS bw_revision_reviews_{operation}")
    op.drop_table("reviews")
    with op.batch_alter_table("events") as batch:
        batch.drop_column("review")
        batch.drop_column("attribution")
    with op.batch_alter_table("articles") as batch:
        batch.drop_index("ix_articles_story")
        batch.drop_column("signature")
        batch.drop_column("story")
        batch.drop_column("based_on")
        batch.drop_column("provenance")
