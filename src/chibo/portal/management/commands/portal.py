"""`chibo portal import FILE… [--site UNIT] [--category NAME] [--draft] [--dry-run]`."""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from chibo.orgs.models import Unit
from chibo.portal import importing, services
from chibo.portal.models import HomePage


class Command(BaseCommand):
    help = "Cổng thông tin: nhập bài viết từ tệp văn bản hoặc HTML. Import articles (text or HTML)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="Nhập bài viết; nhập lại cùng tệp thì cập nhật bài cũ.")
        imp.add_argument("files", nargs="+")
        imp.add_argument("--site", help="Cấp ủy có cổng thông tin: mã số (id), ký hiệu hoặc tên của tổ chức.")
        imp.add_argument("--category", default="", help="Chuyên mục (mặc định: chuyên mục ghi trong bài, hoặc Tin tức).")
        imp.add_argument("--draft", action="store_true", help="Lưu thành bản nháp chờ duyệt, không xuất bản.")
        imp.add_argument("--dry-run", action="store_true", help="Chỉ in ra những gì sẽ nhập.")

    def handle(self, *args, action, **options):
        if action == "import":
            self.import_files(**options)

    def find_site(self, spec: str | None) -> HomePage:
        if not spec:
            sites = list(HomePage.objects.select_related("unit")[:2])
            if len(sites) == 1:
                return sites[0]
            raise CommandError("Hãy chỉ rõ cổng thông tin bằng --site (mã số, ký hiệu hoặc tên tổ chức).")
        units = Unit.objects.filter(portal_home__isnull=False)
        unit = (units.filter(pk=int(spec)).first() if spec.isdigit() else None) or units.filter(code=spec).first()
        if unit is None:
            matches = list(units.search(spec)[:2])
            unit = matches[0] if len(matches) == 1 else None
        if unit is None:
            raise CommandError(f"Không tìm thấy cổng thông tin của “{spec}”.")
        return unit.portal_home

    def import_files(self, files, site, category, draft, dry_run, **_):
        parsed = []
        for name in files:
            path = Path(name)
            try:
                raw = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise CommandError(f"Không đọc được tệp {name}: {exc}") from exc
            try:
                parsed.append((name, importing.parse_article(raw)))
            except ValueError as exc:
                raise CommandError(f"{name}: {exc}") from exc
        if dry_run:
            for name, article in parsed:
                data = article.as_dict()
                data["body_paragraphs"] = len(article.body_paragraphs)
                existing = bool(services.ArticlePage.objects.filter(import_key=article.import_key).exists())
                data["would"] = "cập nhật" if existing else "tạo mới"
                self.stdout.write(f"{name}\n{json.dumps(data, ensure_ascii=False, indent=2)}")
            self.stdout.write("Chạy thử: không ghi gì vào cơ sở dữ liệu.")
            return
        home = self.find_site(site)
        created = updated = 0
        try:
            with transaction.atomic():
                for name, article in parsed:
                    page, is_new = services.do_import_article(home, article, category=category, publish=not draft)
                    created += is_new
                    updated += not is_new
                    self.stdout.write(f"{'+' if is_new else '~'} {page.title} ({name})")
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"Đã nhập {created} bài mới, cập nhật {updated} bài vào {home.title}."))
