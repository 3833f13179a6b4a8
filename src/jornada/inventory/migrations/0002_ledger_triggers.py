"""The ledger drives stock levels, in the database.

Every ``StockMovement`` row applies its deltas to its level, and every new
``Reservation`` writes its own ``reserve`` (or ``allocate``) movement, so placing an
order reserves all its lines with one INSERT whatever their number, the ledger and the
levels cannot disagree, and the CHECK constraints on ``StockLevel`` refuse any
movement that would oversell. PostgreSQL fires the row triggers in insertion order, so
the level rows are locked in the order the rows were inserted (by SKU, then level).

Careful: on SQLite, a migration that alters a column of these tables rebuilds the table
and drops its triggers; such a migration must create them again (see 0003).
"""

from django.db import migrations

SQLITE_UP = [
    """
    CREATE TRIGGER inventory_movement_apply AFTER INSERT ON inventory_stockmovement
    BEGIN
        UPDATE inventory_stocklevel
           SET on_hand = on_hand + NEW.d_on_hand,
               reserved = reserved + NEW.d_reserved,
               allocated = allocated + NEW.d_allocated
         WHERE id = NEW.level_id;
    END
    """,
    """
    CREATE TRIGGER inventory_reservation_ledger AFTER INSERT ON inventory_reservation
    WHEN NEW.status IN ('reserved', 'allocated')
    BEGIN
        INSERT INTO inventory_stockmovement
            (level_id, kind, d_on_hand, d_reserved, d_allocated, order_id, reason,
             reference, actor_label, created_at)
        VALUES
            (NEW.level_id,
             CASE NEW.status WHEN 'reserved' THEN 'reserve' ELSE 'allocate' END,
             0,
             CASE NEW.status WHEN 'reserved' THEN NEW.quantity ELSE 0 END,
             CASE NEW.status WHEN 'allocated' THEN NEW.quantity ELSE 0 END,
             NEW.order_id, 'order', '', 'Jornada', NEW.created_at);
    END
    """,
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS inventory_reservation_ledger",
    "DROP TRIGGER IF EXISTS inventory_movement_apply",
]

POSTGRES_UP = [
    """
    CREATE FUNCTION inventory_movement_apply() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE inventory_stocklevel
           SET on_hand = on_hand + NEW.d_on_hand,
               reserved = reserved + NEW.d_reserved,
               allocated = allocated + NEW.d_allocated
         WHERE id = NEW.level_id;
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER inventory_movement_apply AFTER INSERT ON inventory_stockmovement
    FOR EACH ROW EXECUTE FUNCTION inventory_movement_apply()
    """,
    """
    CREATE FUNCTION inventory_reservation_ledger() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO inventory_stockmovement
            (level_id, kind, d_on_hand, d_reserved, d_allocated, order_id, reason,
             reference, actor_label, created_at)
        VALUES
            (NEW.level_id,
             CASE NEW.status WHEN 'reserved' THEN 'reserve' ELSE 'allocate' END,
             0,
             CASE NEW.status WHEN 'reserved' THEN NEW.quantity ELSE 0 END,
             CASE NEW.status WHEN 'allocated' THEN NEW.quantity ELSE 0 END,
             NEW.order_id, 'order', '', 'Jornada', NEW.created_at);
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER inventory_reservation_ledger AFTER INSERT ON inventory_reservation
    FOR EACH ROW WHEN (NEW.status IN ('reserved', 'allocated'))
    EXECUTE FUNCTION inventory_reservation_ledger()
    """,
]
POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS inventory_reservation_ledger ON inventory_reservation",
    "DROP FUNCTION IF EXISTS inventory_reservation_ledger()",
    "DROP TRIGGER IF EXISTS inventory_movement_apply ON inventory_stockmovement",
    "DROP FUNCTION IF EXISTS inventory_movement_apply()",
]


def _run(statements: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        vendor = schema_editor.connection.vendor
        if vendor not in statements:
            raise RuntimeError(f"inventory triggers: unsupported database {vendor}")
        for sql in statements[vendor]:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("inventory", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        ),
    ]
