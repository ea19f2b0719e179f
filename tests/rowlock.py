"""A row held by another transaction, as a busy chat or a long sweep would hold it."""

from typing import Any

import psycopg
from django.db import connection
from psycopg import sql


class RowLock:
    """`SELECT ... FOR UPDATE` on one row, held by a connection of its own until released."""

    def __init__(self, model: Any, pk: int) -> None:
        params = connection.settings_dict
        self.connection = psycopg.connect(
            dbname=params["NAME"],
            user=params["USER"] or None,
            password=params["PASSWORD"] or None,
            host=params["HOST"] or None,
            port=params["PORT"] or None,
        )
        query = sql.SQL("SELECT id FROM {} WHERE id = %s FOR UPDATE").format(
            sql.Identifier(model._meta.db_table)
        )
        self.connection.execute(query, [pk])

    def release(self) -> None:
        self.connection.rollback()
        self.connection.close()
