"""The audit log shows a manager only the changes made in the units they manage."""

import pytest
from django.urls import reverse

from chibo.accounts.audit import record
from chibo.core.testing import make_user


@pytest.mark.scope_covers("accounts:audit_log")
def test_audit_log_shows_only_changes_in_managed_subtrees(tree, commune_a_staff, province_staff, client_as):
    record(province_staff, "test.change_a", tree.cells_a[0], summary="Thay đổi ở xã A")
    record(province_staff, "test.change_b", tree.cells_b[0], summary="Thay đổi ở phường B")
    in_a = client_as(commune_a_staff).get(reverse("accounts:audit_log")).text
    assert "Thay đổi ở xã A" in in_a and "Thay đổi ở phường B" not in in_a
    in_province = client_as(province_staff).get(reverse("accounts:audit_log")).text
    assert "Thay đổi ở xã A" in in_province and "Thay đổi ở phường B" in in_province
    # A plain member of a cell manages nothing: an empty log.
    member = make_user(tree.cells_a[0], "member", username="dv")
    assert "Thay đổi ở xã A" not in client_as(member).get(reverse("accounts:audit_log")).text
