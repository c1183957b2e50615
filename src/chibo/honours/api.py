"""JSON API of exemplary models: the staff register (scoped) and the published ones."""

from ninja import Router, Schema

from chibo.accounts import scope

from . import selectors
from .models import ExemplaryModel

router = Router()


class ModelOut(Schema):
    id: int
    unit_id: int
    name: str
    kind: str
    field: str
    campaign: str
    year_recognised: int
    decision_notation: str
    description: str
    published: bool


@router.get("/models", response=list[ModelOut], url_name="honours_models")
def list_models(request, q: str = "", limit: int = 100, offset: int = 0):
    limit = max(1, min(limit, 500))
    return list(selectors.visible_models(request.user, q)[offset : offset + limit])


@router.get("/models/{model_id}", response=ModelOut, url_name="honours_model")
def get_model(request, model_id: int):
    return scope.get_visible(request.user, ExemplaryModel, include_public=False, pk=model_id)
