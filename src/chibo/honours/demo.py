"""Seed 003's "Dân vận khéo" models for Thành ủy Cần Thơ, and a few for the demo province."""

from .models import ExemplaryModel, Field, HonourKind

CAN_THO = [
    ("Mô hình “Tuyến đường hoa, đèn chiếu sáng” phường An Khánh", HonourKind.MODEL, Field.ENVIRONMENT, 2020,
     "Nhân dân góp công, góp của thắp sáng và trồng hoa trên các tuyến hẻm; được biểu dương tại lễ kỷ niệm 90 năm "
     "Ngày truyền thống công tác Dân vận của Đảng (15/10/1930 - 15/10/2020)."),
    ("Tập thể Ban Dân vận Quận ủy Ninh Kiều", HonourKind.COLLECTIVE, Field.PARTY, 2020,
     "Điển hình “Dân vận khéo” tiêu biểu giai đoạn 2017 - 2020 của thành phố."),
    ("Bà Nguyễn Thị Hoà, tổ trưởng tổ dân phố", HonourKind.PERSON, Field.CULTURE, 2020,
     "Vận động nhân dân xây dựng khu dân cư văn hóa, hòa giải thành nhiều vụ việc ở cơ sở."),
]
PROVINCE = [
    ("Mô hình “Dân vận khéo” trong giảm nghèo bền vững", HonourKind.MODEL, Field.ECONOMY),
    ("Mô hình “Camera an ninh” khu dân cư", HonourKind.MODEL, Field.DEFENCE),
    ("Tổ tuyên vận thôn gương mẫu", HonourKind.COLLECTIVE, Field.PARTY),
]


def load(ctx) -> None:
    can_tho = ctx.units["can_tho"]
    for name, kind, field, year, description in CAN_THO:
        ExemplaryModel.objects.create(unit=can_tho, name=name, kind=kind, field=field, year_recognised=year,
                                      campaign="Dân vận khéo", description=description, published=True)
    communes = ctx.lists["communes"]
    for index, (name, kind, field) in enumerate(PROVINCE):
        ExemplaryModel.objects.create(unit=communes[index % len(communes)], name=name, kind=kind, field=field,
                                      year_recognised=ctx.today.year - 1 - index % 2, published=index != 2,
                                      description=f"{name}: mô hình được Ban Thường vụ Tỉnh ủy biểu dương.")
