"""Cover art: square, in the size podcast directories want, text inside the picture, no missing glyphs."""
import io

import pytest

from audionews.outputs.cover import COVER_SIZE, MARGIN, BACKGROUND, CoverText, cached_cover, draw_cover, missing_characters

pytest.importorskip("PIL")

TITLES = {
    "very long": "Storm closes the port for a week as fishermen, traders and the harbour authority argue "
                 "over who pays for the damage to the old sea wall and the new container terminal " * 3,
    "arabic": "العاصفة تغلق الميناء بينما يستعد السكان للأسوأ في المدينة الساحلية",
    "chinese": "暴风雨关闭港口一周，渔民、商人和港务局争论谁来支付旧海堤和新集装箱码头的损失费用" * 2,
    "cyrillic": "Шторм закрыл порт на неделю",
    "hindi": "तूफ़ान ने बंदरगाह को एक सप्ताह के लिए बंद कर दिया",
}


@pytest.mark.parametrize("kind", sorted(TITLES))
def test_cover_text_stays_inside_and_every_glyph_is_in_its_font(kind):
    from PIL import Image

    png, lines = draw_cover(CoverText(TITLES[kind], "example.org", "2026-12-06"))
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.size == (COVER_SIZE, COVER_SIZE) and 1400 <= COVER_SIZE <= 3000
    title_lines = [line for line in lines if line.text not in ("audionews", "example.org", "2026-12-06")]
    assert title_lines, "the title itself is drawn, not replaced"
    for line in lines:
        left, top, right, bottom = line.box
        assert 0 < left and right < COVER_SIZE and 0 < top and bottom < COVER_SIZE, line
        assert missing_characters(line.text, line.font) == set(), line
    # nothing drawn in the margin: every pixel of the border strip is background
    rgb = image.convert("RGB")
    strip = MARGIN // 2
    for x in range(0, COVER_SIZE, 7):
        for y in list(range(strip)) + list(range(COVER_SIZE - strip, COVER_SIZE)):
            assert rgb.getpixel((x, y)) == BACKGROUND
            assert rgb.getpixel((y, x)) == BACKGROUND
    if kind in ("very long", "chinese"):
        assert title_lines[-1].text.endswith("…")
    drawn = "".join(line.text for line in title_lines).replace(" ", "")
    assert drawn.rstrip("…")[:10] == TITLES[kind].replace(" ", "")[:10]


def test_title_no_font_can_draw_falls_back_to_the_source_name():
    _, lines = draw_cover(CoverText("\U0001F700\U0001F701 \U00013000", "example.org", ""))
    assert [line.text for line in lines].count("example.org") == 2  # as the title and at the foot
    for line in lines:
        assert missing_characters(line.text, line.font) == set()


def test_the_same_inputs_give_the_same_bytes_and_the_cache_names_them(tmp_path):
    text = CoverText("Storm closes the port", "example.org", "2026-12-06")
    assert draw_cover(text)[0] == draw_cover(text)[0]
    first = cached_cover(text, tmp_path)
    assert cached_cover(text, tmp_path) == first
    assert cached_cover(CoverText("Another title", "example.org", "2026-12-06"), tmp_path) != first
