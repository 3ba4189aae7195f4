"""Postgres access: one short-lived connection per call, parameters from the environment."""
import os

import psycopg
from psycopg.rows import dict_row


def _dsn() -> str:
    return (
        f"host={os.environ.get('DB_HOST', 'db')} "
        f"port={os.environ.get('DB_PORT', '5432')} "
        f"dbname={os.environ['DB_NAME']} "
        f"user={os.environ['DB_USER']} "
        f"password={os.environ['DB_PASSWORD']} "
        "connect_timeout=3"
    )


def connect():
    return psycopg.connect(_dsn(), row_factory=dict_row, autocommit=True)


def create_schema() -> None:
    with connect() as conn:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS items ("
            " id SERIAL PRIMARY KEY,"
            " name TEXT NOT NULL,"
            " created_at TIMESTAMPTZ NOT NULL DEFAULT now())"
        )


def ping() -> None:
    with connect() as conn:
        conn.execute("SELECT 1")


def list_items() -> list[dict]:
    with connect() as conn:
        return conn.execute("SELECT id, name, created_at FROM items ORDER BY id LIMIT 100").fetchall()


def get_item(item_id: int) -> dict | None:
    with connect() as conn:
        return conn.execute("SELECT id, name, created_at FROM items WHERE id = %s", (item_id,)).fetchone()


def insert_item(name: str) -> dict:
    with connect() as conn:
        return conn.execute(
            "INSERT INTO items (name) VALUES (%s) RETURNING id, name, created_at", (name,)
        ).fetchone()


def delete_item(item_id: int) -> bool:
    with connect() as conn:
        return conn.execute("DELETE FROM items WHERE id = %s", (item_id,)).rowcount > 0
