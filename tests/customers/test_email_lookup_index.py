"""Inbound mail finds its sender by address, whatever the case, through an index."""

import pytest
from django.db import connection

from customers.models import Customer

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def test_a_case_blind_address_lookup_can_use_the_index():
    query = Customer.objects.filter(email__iexact="Alice@Example.com").order_by("-id")[:1]
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "customer_email_upper_idx" in plan, plan
