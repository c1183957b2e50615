"""Reactions to events the portal does not own.

Wagtail publishes, unpublishes, moves and deletes pages (also from its admin and the scheduled
publishing command): each purges the page cache. So does a change to a registered document,
since articles link the public documents they cite: one made internal or graded must vanish at once. Roles are granted in `accounts`: each change,
and each login (roles are effective-dated), recomputes the user's portal editing groups.
"""

from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from chibo.accounts.models import Role

from . import pagecache


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def purge_on_page_change(sender, **kwargs):
    pagecache.purge()


@receiver(post_delete)
def purge_on_page_delete(sender, instance, **kwargs):
    if isinstance(instance, Page):
        pagecache.purge()


@receiver(post_save, sender="documents.Document")
@receiver(post_delete, sender="documents.Document")
def purge_on_document_change(sender, created=False, **kwargs):
    # A new document changes no published link that must vanish; a changed or deleted one may.
    if not created:
        pagecache.purge()


@receiver(post_save, sender=Role)
@receiver(post_delete, sender=Role)
def sync_portal_groups_on_role_change(sender, instance, **kwargs):
    from .permissions import sync_user

    sync_user(instance.user)


@receiver(user_logged_in)
def sync_portal_groups_on_login(sender, request, user, **kwargs):
    from .permissions import sync_user

    sync_user(user)
