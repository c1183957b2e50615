"""Settings for the portal benchmark's app servers: the product's, with one extra minimal view.

Used as DJANGO_SETTINGS_MODULE by `bench/portal.py`; never by the product.
"""

from chibo.settings import *  # noqa: F403

ROOT_URLCONF = "_portal_urls"
