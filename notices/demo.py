"""Demo letterheads and seals for the county centre and the township halls, drawn with the Noto
CJK font the forms use, so the demo's printed forms look like a hall's. Idempotent: a hall that
has a letterhead keeps it, and an image already drawn for it is reused."""

from __future__ import annotations

from io import BytesIO

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.images.models import Image

from guides.models import ServicePoint

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"
FONT_INDEX_SC = 2  # the .ttc holds JP, KR, SC, TC, HK
RED = (200, 16, 16)


def font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(FONT, size, index=FONT_INDEX_SC)


def letterhead_png(name: str) -> bytes:
    image = PILImage.new("RGB", (1600, 170), "white")
    draw = ImageDraw.Draw(image)
    draw.text((800, 70), name, fill=RED, font=font(78), anchor="mm")
    draw.line([(40, 145), (1560, 145)], fill=RED, width=6)
    draw.line([(40, 158), (1560, 158)], fill=RED, width=2)
    return png(image)


def seal_png(name: str) -> bytes:
    image = PILImage.new("RGBA", (400, 400), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse([12, 12, 388, 388], outline=RED, width=14)
    draw.text((200, 200), "★", fill=RED, font=font(110), anchor="mm")
    draw.text((200, 310), name[-8:], fill=RED, font=font(40), anchor="mm")
    return png(image)


def png(image: PILImage.Image) -> bytes:
    buffer = BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def stored_image(title: str, filename: str, draw, name: str) -> Image:
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    return Image.objects.create(title=title, file=ImageFile(BytesIO(draw(name)), name=filename))


def add_letterheads(sender, counts: dict[str, int], **kwargs) -> None:
    halls = ServicePoint.objects.filter(
        kind__in=[ServicePoint.Kind.COUNTY_CENTRE, ServicePoint.Kind.TOWNSHIP_HALL],
        letterhead__isnull=True,
    )
    for hall in halls:
        hall.letterhead = stored_image(
            f"{hall.name} 信头", f"demo-letterhead-{hall.pk}.png", letterhead_png, hall.name
        )
        hall.seal = hall.seal or stored_image(
            f"{hall.name} 印章", f"demo-seal-{hall.pk}.png", seal_png, hall.name
        )
        hall.save(update_fields=["letterhead", "seal"])
    counts["hall letterheads"] = ServicePoint.objects.filter(letterhead__isnull=False).count()
