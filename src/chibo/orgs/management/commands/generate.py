"""`chibo generate --scale {tiny,demo,province,national} --seed N [--into UNIT_ID]`."""

from django.core.management.base import BaseCommand, CommandError

from chibo.orgs.generate import SCALES, StderrProgress, generate
from chibo.orgs.models import Unit


def format_count(n: int) -> str:
    return f"{n:,}".replace(",", ".")


class Command(BaseCommand):
    help = "Sinh dữ liệu tổ chức và đảng viên (tất định theo hạt giống). Generate organisations and members."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="tiny", help="quy mô / scale")
        parser.add_argument("--seed", type=int, default=2025, help="hạt giống / seed")
        parser.add_argument("--into", type=int, default=None, metavar="UNIT_ID",
                            help="sinh các xã dưới tổ chức này / put the communes under this unit")
        parser.add_argument("--progress", action="store_true", help="luôn hiện tiến độ / always show progress")
        parser.add_argument("--database", default="default")

    def handle(self, *args, scale, seed, into, progress, database, **options):
        target = None
        if into is not None:
            target = Unit.objects.using(database).filter(pk=into).first()
            if target is None:
                raise CommandError(f"Không có tổ chức mã {into}.")
        stats = generate(scale, seed, into=target, using=database, progress=StderrProgress(force=progress))
        lines = [
            f"Quy mô {stats.scale}, hạt giống {stats.seed}: {stats.seconds:.1f} giây".replace(".", ","),
            f"  tỉnh, thành phố: {format_count(stats.provinces)}",
            f"  ban, văn phòng: {format_count(stats.boards)}",
            f"  xã, phường, đặc khu: {format_count(stats.communes)}",
            f"  đảng bộ cơ sở: {format_count(stats.committees)}",
            f"  chi bộ: {format_count(stats.cells)}",
            f"  tổ đảng: {format_count(stats.groups)}",
            f"  tổng số tổ chức: {format_count(stats.units)}",
            f"  đảng viên: {format_count(stats.members)}",
            f"  chức vụ: {format_count(stats.positions)}",
        ]
        self.stdout.write("\n".join(lines))
