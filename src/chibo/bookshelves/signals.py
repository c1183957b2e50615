"""Reactions to events the bookshelves do not own.

A unit moved (or merged into another) gets a new tree path, and so does its whole subtree:
the titles of its shelves carry a copy of that path (`Title.unit_path`, for scoped search),
refreshed here in one UPDATE, in the move's transaction. orgs moves a unit as the last child
of its new parent, which changes no other unit's path.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from chibo.orgs.models import Unit, UnitEvent, UnitEventKind

from .models import resync_unit_paths


@receiver(post_save, sender=UnitEvent)
def resync_titles_on_unit_move(sender, instance, created, **kwargs):
    if created and instance.kind in (UnitEventKind.MOVED, UnitEventKind.MERGED):
        path = Unit.objects.filter(pk=instance.unit_id).values_list("path", flat=True).first()
        if path:
            resync_unit_paths(under=path)
