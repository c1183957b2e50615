from django.core.management.base import BaseCommand

from chibo.accounts.models import User
from chibo.core.demo import DEMO_PASSWORD, demo_loaded, load_demo


class Command(BaseCommand):
    help = "Nạp dữ liệu demo (một lần) và in các tài khoản demo. Load the demo data once and print the demo accounts."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2025)
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, seed, port, **options):
        if demo_loaded():
            self.stdout.write("Dữ liệu demo đã có sẵn / demo data already loaded.")
        else:
            self.stdout.write("Đang nạp dữ liệu demo / loading demo data…")
            load_demo(seed=seed, log=lambda m: self.stdout.write(m))
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Tài khoản demo / demo accounts (mật khẩu / password: {DEMO_PASSWORD})"))
        for user in User.objects.filter(username__startswith="demo_").prefetch_related("roles__unit").order_by("id"):
            roles = "; ".join(f"{r.get_kind_display()} @ {r.unit.name}" for r in user.roles.all()) or "quản trị / superuser"
            self.stdout.write(f"  {user.username:<26} {roles}")
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Mở / open: http://127.0.0.1:{port}/tai-khoan/dang-nhap/"))
        self.stdout.write(f"Cổng thông tin các cấp ủy / public portal: http://127.0.0.1:{port}/")
