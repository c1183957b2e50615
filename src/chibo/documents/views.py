"""Pages of the registry: thin views over selectors and services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chibo.accounts import scope
from chibo.accounts.models import MANAGING_ROLES
from chibo.orgs.models import Unit

from . import exports, importing, selectors, services
from .forms import DocumentForm, ImportForm, PasteForm, RelateForm, SearchForm, UploadForm
from .models import Attachment, RelationKind

PAGE = 50


@login_required
def document_list(request):
    """Sổ văn bản: one search box and filters over every document the user may read."""
    form = SearchForm(request.GET or None)
    results, more = [], False
    if form.is_valid():
        data = form.cleaned_data
        results = selectors.search_documents(
            request.user, data["q"], limit=PAGE + 1, mine=data["mine"], type_code=data["type_code"],
            issuer=data["issuer"], year=data["year"], system=data["system"],
            include_predecessors=data["include_predecessors"],
        )
    elif not request.GET:
        results = selectors.search_documents(request.user, "", limit=PAGE + 1)
    more = len(results) > PAGE
    template = "documents/_results.html" if request.htmx else "documents/list.html"
    return render(request, template, {"form": form, "results": results[:PAGE], "more": more})


@login_required
def document_detail(request, pk: int):
    document = selectors.get_document(request.user, pk)
    return render(request, "documents/detail.html", {
        "document": document,
        "relations": selectors.relations_of(request.user, document),
        "attachments": document.attachments.all(),
        "can_manage": scope.can_manage(request.user, document.owner),
        "can_assign": bool(scope.role_units(request.user, MANAGING_ROLES)),
        "assignments": selectors.assignments_from(request.user, document),
        "relate_form": RelateForm(),
    })


def _conflict_context(conflict):
    return {"conflict": conflict, "existing": conflict.existing, "proposed": conflict.proposed}


@login_required
def document_create(request):
    form = DocumentForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = services.do_register_document(
                owner=data["owner"], actor=request.user, notation=data["notation"], issuer_name=data["issuer_name"],
                issued_on=data["issued_on"], abstract=data["abstract"], signer=data["signer"],
                signer_position=data["signer_position"], confidentiality=data["confidentiality"],
                distribution=data["distribution"], status=data["status"], tags=data["tags"],
            )
            if data["attachment"]:
                services.do_attach_file(document, data["attachment"], actor=request.user)
        except services.DocumentConflict as conflict:
            return render(request, "documents/conflict.html", _conflict_context(conflict), status=409)
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, "; ".join(getattr(exc, "messages", [str(exc)])))
        else:
            if document.created:
                messages.success(request, _("Đã đăng ký văn bản %(n)s.") % {"n": document.notation})
            else:
                messages.info(request, _("Văn bản %(n)s đã có trong sổ.") % {"n": document.notation})
            return redirect("documents:detail", document.pk)
    return render(request, "documents/form.html", {"form": form, "title": _("Đăng ký văn bản")})


@login_required
def document_paste(request):
    """Dán văn bản: read the notations in a text, preview what would be registered, then register."""
    form = PasteForm(request.POST or None, user=request.user)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if request.POST.get("action") == "register":
                result = services.do_register_from_text(
                    data["text"], owner=data["owner"], actor=request.user,
                    confidentiality=data["confidentiality"], distribution=data["distribution"],
                )
                return render(request, "documents/paste_done.html", {"result": result})
            services.check_secrecy(data["confidentiality"], has_content=True)
            context["plan"] = services.plan_text(data["text"], owner=data["owner"])
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, "; ".join(getattr(exc, "messages", [str(exc)])))
    return render(request, "documents/paste.html", context)


@login_required
def document_upload(request):
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = services.do_register_from_upload(
                data["file"], owner=data["owner"], actor=request.user,
                confidentiality=data["confidentiality"], distribution=data["distribution"],
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, "; ".join(getattr(exc, "messages", [str(exc)])))
        else:
            return render(request, "documents/paste_done.html", {"result": result})
    return render(request, "documents/form.html", {"form": form, "title": _("Tải tệp văn bản lên"), "multipart": True})


@login_required
def document_import(request):
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = importing.import_documents(form.cleaned_data["file"], owner=form.cleaned_data["owner"],
                                                actor=request.user)
            messages.success(request, _("Đã nhập %(c)s văn bản mới, %(e)s văn bản đã có.") % {
                "c": report.created, "e": report.existing})
        except importing.ImportFailed as failed:
            report = failed.report
    return render(request, "documents/import.html", {"form": form, "report": report, "columns": importing.COLUMNS})


@login_required
def import_template(request):
    response = HttpResponse(
        importing.template_workbook(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-van-ban.xlsx"'
    return response


@login_required
@require_POST
def document_relate(request, pk: int):
    document = selectors.get_document(request.user, pk)
    form = RelateForm(request.POST)
    if form.is_valid():
        target = selectors.nearest_by_notation(request.user, form.cleaned_data["target"], document.owner)
        if target is None:
            messages.error(request, _("Không tìm thấy văn bản “%(n)s”.") % {"n": form.cleaned_data["target"]})
        else:
            try:
                services.do_relate_documents(document, target, form.cleaned_data["kind"], actor=request.user)
                messages.success(request, _("Đã liên kết với %(n)s.") % {"n": target.notation})
            except (ValidationError, PermissionDenied) as exc:
                messages.error(request, "; ".join(getattr(exc, "messages", [str(exc)])))
    return redirect("documents:detail", document.pk)


@login_required
@require_POST
def document_resolve(request, pk: int):
    """Resolve a conflict in favour of the new values (the user chose to update)."""
    document = selectors.get_document(request.user, pk)
    changes = {}
    if request.POST.get("issued_on"):
        from chibo.core.forms import VietnameseDateField

        try:
            changes["issued_on"] = VietnameseDateField().clean(request.POST["issued_on"])
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
            return redirect("documents:detail", document.pk)
    if request.POST.get("abstract"):
        changes["abstract"] = request.POST["abstract"]
    try:
        services.do_update_document(document, actor=request.user, **changes)
        messages.success(request, _("Đã cập nhật văn bản %(n)s.") % {"n": document.notation})
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, "; ".join(getattr(exc, "messages", [str(exc)])))
    return redirect("documents:detail", document.pk)


@login_required
@require_POST
def document_attach(request, pk: int):
    document = selectors.get_document(request.user, pk)
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise ValidationError(_("Chưa chọn tệp."))
        attachment = services.do_attach_file(document, upload, actor=request.user)
        if attachment.created:
            messages.success(request, _("Đã đính kèm %(n)s.") % {"n": attachment.name})
        else:
            messages.info(request, _("Tệp này đã được đính kèm (%(n)s).") % {"n": attachment.name})
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, "; ".join(getattr(exc, "messages", [str(exc)])))
    return redirect("documents:detail", document.pk)


@login_required
def attachment_download(request, pk: int):
    attachment = scope.get_visible(request.user, Attachment.objects.select_related("document"), pk=pk)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name,
                        content_type=attachment.content_type)


def _cascade_for(request, pk: int):
    document = selectors.get_document(request.user, pk)
    under = None
    if request.GET.get("under"):
        under = scope.get_visible(request.user, Unit, pk=request.GET["under"])
    return selectors.cascade(request.user, document, under=under)


@login_required
def document_cascade(request, pk: int):
    """Thực hiện văn bản: documents issued under this one, and who has not yet issued theirs."""
    result = _cascade_for(request, pk)
    export_url = reverse("documents:cascade_export", args=[pk])
    if request.GET.get("under"):
        export_url += f"?under={request.GET['under']}"
    only_pending = request.GET.get("chua") == "1"
    return render(request, "documents/cascade.html", {
        "cascade": result, "export_url": export_url, "kinds": dict(RelationKind.choices),
        "only_pending": only_pending, "units": result.pending if only_pending else result.units,
    })


@login_required
def cascade_export(request, pk: int):
    result = _cascade_for(request, pk)
    response = HttpResponse(
        exports.cascade_workbook(result),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    safe = "".join(c if c.isalnum() else "-" for c in result.document.notation_key)
    response["Content-Disposition"] = f'attachment; filename="thuc-hien-{safe}.xlsx"'
    return response
