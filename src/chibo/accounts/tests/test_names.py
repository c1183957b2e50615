"""A user's name reads in Vietnamese order: family name, middle name, given name."""

from chibo.accounts.models import User


def test_full_name_puts_the_family_name_first():
    user = User(username="thu", first_name="Thu", last_name="Phạm Thị")
    assert user.get_full_name() == "Phạm Thị Thu"
    assert str(user) == "Phạm Thị Thu"
    assert user.get_short_name() == "Thu"


def test_a_user_without_a_name_shows_the_username():
    assert str(User(username="demo_admin")) == "demo_admin"
