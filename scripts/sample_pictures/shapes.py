"""Flat illustration parts in the site's palette, as SVG strings: people, furniture, houses."""

from __future__ import annotations

import random
from dataclasses import dataclass

# The site's palette (primary #00695c, accent #bf360c) and soft tints of both.
TEAL, TEAL_MID, TEAL_SOFT, TEAL_PALE, TEAL_MIST = (
    "#00695c", "#2e8b7e", "#80cbc4", "#b2dfdb", "#e0f2f1")
ORANGE, ORANGE_MID, ORANGE_SOFT, ORANGE_PALE, ORANGE_MIST = (
    "#bf360c", "#e0643a", "#ffab91", "#ffccbc", "#fbe9e7")
CREAM, SAND, WOOD, WOOD_DARK = "#fdf8f1", "#f3e2c7", "#d4a373", "#a9744f"
INK, SLATE, GREY, WHITE, SUN = "#263238", "#455a64", "#b0bec5", "#ffffff", "#ffb74d"
SKY = "#dcefed"

W, H = 1600, 900


@dataclass(frozen=True)
class Look:
    skin: str
    hair: str
    shirt: str
    style: str = "short"  # short, long, bun, curly, bald, cap
    trousers: str = SLATE


LOOKS = {
    "anouk": Look("#f5d0b5", "#6d4c41", TEAL, "long"),
    "mehmet": Look("#d9a06b", "#2b2b2b", ORANGE, "short"),
    "samira": Look("#c68642", "#1e1e1e", TEAL_SOFT, "bun"),
    "ruben": Look("#f1c7a5", "#b0855a", SLATE, "short"),
    "joost": Look("#f3cfb0", "#9e9e9e", SAND, "bald"),
    "lotte": Look("#f6d5bd", "#d7a55a", ORANGE_SOFT, "long"),
    "kofi": Look("#8d5524", "#1b1b1b", TEAL_MID, "curly"),
    "ida": Look("#f2d3bd", "#cfd8dc", ORANGE_PALE, "bun"),
    "young": Look("#e0ac69", "#3e2723", ORANGE_MID, "curly", INK),
}


def f(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def svg(*parts: str, background: str = CREAM) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" '
            f'viewBox="0 0 {W} {H}"><rect width="{W}" height="{H}" fill="{background}"/>'
            + "".join(parts) + "</svg>")


def circle(x: float, y: float, r: float, fill: str, extra: str = "") -> str:
    return f'<circle cx="{f(x)}" cy="{f(y)}" r="{f(r)}" fill="{fill}" {extra}/>'


def rect(x: float, y: float, w: float, h: float, fill: str, rx: float = 0,
         extra: str = "") -> str:
    return (f'<rect x="{f(x)}" y="{f(y)}" width="{f(w)}" height="{f(h)}" rx="{f(rx)}" '
            f'fill="{fill}" {extra}/>')


def path(d: str, fill: str = "none", stroke: str | None = None, width: float = 0,
         extra: str = "") -> str:
    line = (f' stroke="{stroke}" stroke-width="{f(width)}" stroke-linecap="round" '
            'stroke-linejoin="round"') if stroke else ""
    return f'<path d="{d}" fill="{fill}"{line} {extra}/>'


def group(parts: list[str] | str, transform: str = "", extra: str = "") -> str:
    body = "".join(parts) if isinstance(parts, list) else parts
    return f'<g transform="{transform}" {extra}>{body}</g>'


# -- people ---------------------------------------------------------------------------------
def head(x: float, y: float, s: float, look: Look, turn: float = 0, face: bool = True,
         mood: str = "smile") -> str:
    """A head centred at (x, y); `turn` (-1..1) moves the face to one side."""
    r = 50 * s
    parts = []
    if look.style == "long":
        parts.append(rect(x - 58 * s, y - 40 * s, 116 * s, 120 * s, look.hair, 40 * s))
    if look.style == "curly":
        parts += [circle(x + dx * s, y + dy * s, 26 * s, look.hair) for dx, dy in
                  ((-42, -22), (-30, -48), (0, -58), (30, -48), (42, -22), (-46, 6), (46, 6))]
    if look.style == "bun":
        parts.append(circle(x - 8 * s * turn, y - 58 * s, 24 * s, look.hair))
    parts.append(rect(x - 15 * s, y + 30 * s, 30 * s, 40 * s, look.skin))  # neck
    parts.append(circle(x, y, r, look.skin))
    parts.append(circle(x - 49 * s, y + 6 * s, 11 * s, look.skin))
    parts.append(circle(x + 49 * s, y + 6 * s, 11 * s, look.skin))
    if look.style in ("short", "long", "bun", "curly"):
        cap = (f"M{f(x - 53 * s)},{f(y + 2 * s)} C{f(x - 58 * s)},{f(y - 70 * s)} "
               f"{f(x + 58 * s)},{f(y - 70 * s)} {f(x + 53 * s)},{f(y + 2 * s)} "
               f"C{f(x + 40 * s)},{f(y - 22 * s)} {f(x - 10 * s + 20 * s * turn)},"
               f"{f(y - 30 * s)} {f(x - 53 * s)},{f(y + 2 * s)} Z")
        parts.append(path(cap, look.hair))
    elif look.style == "bald":
        parts.append(path(f"M{f(x - 52 * s)},{f(y + 4 * s)} C{f(x - 54 * s)},{f(y - 14 * s)} "
                          f"{f(x - 46 * s)},{f(y - 24 * s)} {f(x - 38 * s)},{f(y - 30 * s)}",
                          stroke=look.hair, width=10 * s))
        parts.append(path(f"M{f(x + 52 * s)},{f(y + 4 * s)} C{f(x + 54 * s)},{f(y - 14 * s)} "
                          f"{f(x + 46 * s)},{f(y - 24 * s)} {f(x + 38 * s)},{f(y - 30 * s)}",
                          stroke=look.hair, width=10 * s))
    if face:
        fx = x + 14 * s * turn
        parts.append(circle(fx - 16 * s, y + 4 * s, 4.5 * s, INK))
        parts.append(circle(fx + 16 * s, y + 4 * s, 4.5 * s, INK))
        parts.append(circle(fx - 26 * s, y + 20 * s, 8 * s, ORANGE_SOFT, 'opacity="0.45"'))
        parts.append(circle(fx + 26 * s, y + 20 * s, 8 * s, ORANGE_SOFT, 'opacity="0.45"'))
        if mood == "smile":
            mouth = (f"M{f(fx - 11 * s)},{f(y + 22 * s)} Q{f(fx)},{f(y + 31 * s)} "
                     f"{f(fx + 11 * s)},{f(y + 22 * s)}")
        elif mood == "worried":
            mouth = (f"M{f(fx - 10 * s)},{f(y + 28 * s)} Q{f(fx)},{f(y + 21 * s)} "
                     f"{f(fx + 10 * s)},{f(y + 28 * s)}")
        else:  # talking
            parts.append(path(f"M{f(fx - 9 * s)},{f(y + 22 * s)} Q{f(fx)},{f(y + 34 * s)} "
                              f"{f(fx + 9 * s)},{f(y + 22 * s)} Z", INK))
            mouth = ""
        if mouth:
            parts.append(path(mouth, stroke=INK, width=3.5 * s))
    return "".join(parts)


def bust(x: float, y: float, s: float, look: Look, turn: float = 0, face: bool = True,
         mood: str = "smile", bottom: float | None = None, back: bool = False) -> str:
    """Someone seen from the chest up, shoulders at `y`, down to `bottom` (a table's top).
    `back`: seen from behind (no face, hair all over)."""
    low = bottom if bottom is not None else y + 240 * s
    body = (f"M{f(x - 100 * s)},{f(low)} L{f(x - 100 * s)},{f(y + 70 * s)} "
            f"Q{f(x - 98 * s)},{f(y)} {f(x - 35 * s)},{f(y - 6 * s)} L{f(x + 35 * s)},"
            f"{f(y - 6 * s)} Q{f(x + 98 * s)},{f(y)} {f(x + 100 * s)},{f(y + 70 * s)} "
            f"L{f(x + 100 * s)},{f(low)} Z")
    if back:
        return (rect(x - 15 * s, y - 40 * s, 30 * s, 40 * s, look.skin)
                + back_of_head(x, y - 78 * s, s, look) + path(body, look.shirt))
    collar = (f"M{f(x - 24 * s)},{f(y - 5 * s)} L{f(x)},{f(y + 26 * s)} "
              f"L{f(x + 24 * s)},{f(y - 5 * s)} Z")
    return head(x, y - 78 * s, s, look, turn, face, mood) + path(body, look.shirt) + path(
        collar, look.skin)


def standing(x: float, ground: float, s: float, look: Look, arms: str = "down",
             turn: float = 0, face: bool = True, mood: str = "smile",
             hands: tuple[tuple[float, float], tuple[float, float]] | None = None) -> str:
    """A whole person standing on `ground`. arms: down, wave, both-up, hold, point; or
    `hands`: where each hand is, relative to the shoulders' middle, in units of `s`."""
    hip = ground - 200 * s
    shoulder = hip - 190 * s
    parts = [
        rect(x - 42 * s, hip - 10 * s, 38 * s, 200 * s, look.trousers, 16 * s),
        rect(x + 4 * s, hip - 10 * s, 38 * s, 200 * s, look.trousers, 16 * s),
        path(f"M{f(x - 46 * s)},{f(ground)} q0,-20 26,-20 h{f(22 * s)} q12,0 12,20 Z", INK),
        path(f"M{f(x + 4 * s)},{f(ground)} q0,-20 22,-20 h{f(22 * s)} q14,0 14,20 Z", INK),
    ]
    arm_width = 30 * s
    left = (x - 58 * s, shoulder + 30 * s)
    right = (x + 58 * s, shoulder + 30 * s)
    ends = {"down": ((x - 80 * s, hip + 20 * s), (x + 80 * s, hip + 20 * s)),
            "wave": ((x - 80 * s, hip + 20 * s), (x + 120 * s, shoulder - 90 * s)),
            "both-up": ((x - 120 * s, shoulder - 90 * s), (x + 120 * s, shoulder - 90 * s)),
            "hold": ((x - 30 * s, hip - 50 * s), (x + 30 * s, hip - 50 * s)),
            "point": ((x - 80 * s, hip + 20 * s), (x + 150 * s, shoulder - 20 * s))}[arms]
    if hands is not None:
        ends = tuple((x + hx * s, shoulder + hy * s) for hx, hy in hands)
    for (sx, sy), (ex, ey) in zip((left, right), ends, strict=True):
        mid_x = (sx + ex) / 2 + (-18 * s if ex < x else 18 * s)
        parts.append(path(f"M{f(sx)},{f(sy)} Q{f(mid_x)},{f((sy + ey) / 2)} {f(ex)},{f(ey)}",
                          stroke=look.shirt, width=arm_width))
    parts.append(rect(x - 62 * s, shoulder - 8 * s, 124 * s, 215 * s, look.shirt, 48 * s))
    for _start, (ex, ey) in zip((left, right), ends, strict=True):
        parts.append(circle(ex, ey, 16 * s, look.skin))
    parts.append(path(f"M{f(x - 22 * s)},{f(shoulder - 7 * s)} L{f(x)},{f(shoulder + 22 * s)} "
                      f"L{f(x + 22 * s)},{f(shoulder - 7 * s)} Z", look.skin))
    parts.insert(0, head(x, shoulder - 76 * s, s, look, turn, face, mood))
    return "".join(parts)


def back_of_head(x: float, y: float, s: float, look: Look) -> str:
    parts = [circle(x - 49 * s, y + 8 * s, 11 * s, look.skin),
             circle(x + 49 * s, y + 8 * s, 11 * s, look.skin)]
    if look.style == "long":
        parts.append(rect(x - 56 * s, y - 20 * s, 112 * s, 110 * s, look.hair, 40 * s))
    if look.style == "bun":
        parts.append(circle(x, y - 50 * s, 24 * s, look.hair))
    if look.style == "curly":
        parts += [circle(x + dx * s, y + dy * s, 28 * s, look.hair) for dx, dy in
                  ((-38, -24), (-20, -46), (10, -50), (36, -30), (-40, 10), (40, 8), (0, 14))]
    parts.append(circle(x, y, 50 * s, look.skin if look.style == "bald" else look.hair))
    if look.style == "bald":
        parts.append(path(f"M{f(x - 50 * s)},{f(y + 10 * s)} Q{f(x)},{f(y + 40 * s)} "
                          f"{f(x + 50 * s)},{f(y + 10 * s)}", stroke=look.hair, width=14 * s))
    return "".join(parts)


def forearms(x: float, table_y: float, s: float, look: Look, towards: float = 0,
             holding: str = "") -> str:
    """Arms resting on a table top at `table_y`, hands `towards` one side (-1 left, 1 right)."""
    parts = []
    for side in (-1, 1):
        start = x + side * 82 * s
        end = x + side * 30 * s + towards * 70 * s
        left, right = sorted((start, end))
        parts.append(rect(left - 20 * s, table_y - 30 * s, right - left + 40 * s, 32 * s,
                          look.shirt, 16 * s))
        parts.append(circle(end + (12 * s if end > start else -12 * s), table_y - 16 * s,
                            16 * s, look.skin))
    return "".join(parts) + holding


# -- things ---------------------------------------------------------------------------------
def cup(x: float, y: float, s: float = 1, colour: str = WHITE, steam: bool = True) -> str:
    """A cup standing on y, centred on x."""
    parts = [path(f"M{f(x + 26 * s)},{f(y - 42 * s)} a17,17 0 1 1 0,30", stroke=colour,
                  width=8 * s),
             path(f"M{f(x - 32 * s)},{f(y - 52 * s)} h{f(64 * s)} l-8,{f(52 * s)} "
                  f"h{f(-48 * s)} Z", colour),
             rect(x - 40 * s, y - 4 * s, 80 * s, 8 * s, colour, 4 * s)]
    if steam:
        for dx in (-12, 8):
            parts.append(path(f"M{f(x + dx * s)},{f(y - 64 * s)} q-10,-14 0,-28 t0,-28",
                              stroke=GREY, width=4 * s, extra='opacity="0.7"'))
    return "".join(parts)


def plant(x: float, ground: float, s: float = 1, pot: str = ORANGE) -> str:
    leaves = [f'<ellipse cx="{f(x + dx * s)}" cy="{f(ground - 130 * s)}" rx="{f(20 * s)}" '
              f'ry="{f(62 * s)}" fill="{colour}" transform="rotate({angle} {f(x)} '
              f'{f(ground - 80 * s)})"/>'
              for dx, angle, colour in ((0, -38, TEAL_MID), (0, 36, TEAL), (0, -10, TEAL_SOFT),
                                        (0, 14, TEAL_MID), (0, -62, TEAL), (0, 60, TEAL_SOFT))]
    return "".join(leaves) + path(
        f"M{f(x - 45 * s)},{f(ground - 80 * s)} h{f(90 * s)} l-12,{f(80 * s)} "
        f"h{f(-66 * s)} Z", pot)


def window(x: float, y: float, w: float, h: float, glass: str = SKY,
           frame: str = WHITE) -> str:
    return "".join([
        rect(x - 12, y - 12, w + 24, h + 24, frame, 10),
        rect(x, y, w, h, glass, 4),
        rect(x + w / 2 - 6, y, 12, h, frame),
        rect(x, y + h / 2 - 6, w, 12, frame),
        rect(x - 30, y + h + 8, w + 60, 18, frame, 6),
    ])


def lamp(x: float, top: float, length: float, colour: str = ORANGE) -> str:
    y = top + length
    return "".join([
        path(f"M{f(x)},{f(top)} V{f(y)}", stroke=INK, width=4),
        circle(x, y + 40, 90, SUN, 'opacity="0.18"'),
        path(f"M{f(x - 70)},{f(y + 50)} Q{f(x - 64)},{f(y - 10)} {f(x)},{f(y - 10)} "
             f"Q{f(x + 64)},{f(y - 10)} {f(x + 70)},{f(y + 50)} Z", colour),
        circle(x, y + 52, 16, SUN),
    ])


def bubble(x: float, y: float, w: float, h: float, colour: str, tail: tuple[float, float],
           content: str = "dots", ink: str = WHITE) -> str:
    """A speech bubble with its top left at (x, y) and its tail pointing at `tail`."""
    tx, ty = tail
    base_x = min(max(tx, x + 40), x + w - 40)
    base_y = y + h if ty > y + h / 2 else y
    parts = [path(f"M{f(base_x - 22)},{f(base_y)} L{f(tx)},{f(ty)} L{f(base_x + 22)},"
                  f"{f(base_y)} Z", colour),
             rect(x, y, w, h, colour, min(h / 2, 36))]
    if content == "dots":
        parts += [circle(x + w / 2 + dx, y + h / 2, 9, ink) for dx in (-30, 0, 30)]
    elif content == "lines":
        parts += [rect(x + 28, y + h / 2 - 22 + i * 22, (w - 56) * (1 - 0.3 * i), 10, ink, 5)
                  for i in range(3) if y + h / 2 - 22 + i * 22 + 10 < y + h - 12]
    elif content == "heart":
        parts.append(heart(x + w / 2, y + h / 2 + 4, h / 110, ink))
    elif content == "check":
        parts.append(path(f"M{f(x + w / 2 - 24)},{f(y + h / 2)} l16,16 l32,-32",
                          stroke=ink, width=10))
    elif content == "question":
        parts.append(f'<text x="{f(x + w / 2)}" y="{f(y + h / 2 + 20)}" font-family="'
                     f'DejaVu Sans, sans-serif" font-weight="700" font-size="56" '
                     f'text-anchor="middle" fill="{ink}">?</text>')
    return "".join(parts)


def heart(x: float, y: float, s: float, colour: str) -> str:
    return path(f"M{f(x)},{f(y + 30 * s)} C{f(x - 60 * s)},{f(y - 10 * s)} {f(x - 30 * s)},"
                f"{f(y - 50 * s)} {f(x)},{f(y - 22 * s)} C{f(x + 30 * s)},{f(y - 50 * s)} "
                f"{f(x + 60 * s)},{f(y - 10 * s)} {f(x)},{f(y + 30 * s)} Z", colour)


def paper(x: float, y: float, w: float, h: float, angle: float = 0, colour: str = WHITE,
          lines: str = GREY) -> str:
    rows = [rect(x + 0.12 * w, y + 0.16 * h + i * 0.13 * h, w * (0.76 if i % 3 else 0.5),
                 0.045 * h, lines, 3) for i in range(6)]
    return group([rect(x, y, w, h, colour, 6), *rows],
                 f"rotate({f(angle)} {f(x + w / 2)} {f(y + h / 2)})")


def envelope(x: float, y: float, w: float, angle: float = 0, colour: str = WHITE,
             flap: str = GREY) -> str:
    h = w * 0.62
    return group([rect(x, y, w, h, colour, 5),
                  path(f"M{f(x + 4)},{f(y + 4)} L{f(x + w / 2)},{f(y + h * 0.55)} "
                       f"L{f(x + w - 4)},{f(y + 4)}", stroke=flap, width=4)],
                 f"rotate({f(angle)} {f(x + w / 2)} {f(y + h / 2)})")


def house(x: float, ground: float, w: float, h: float, colour: str, roof: str = "gable",
          lit: tuple[int, ...] = (), door: str = TEAL, trim: str = WHITE) -> str:
    """A Dutch town house: its front `w` wide, `h` high to the eaves, on `ground`."""
    top = ground - h
    parts = [rect(x, top, w, h, colour)]
    if roof == "gable":
        parts.append(path(f"M{f(x - 8)},{f(top)} L{f(x + w / 2)},{f(top - w * 0.55)} "
                          f"L{f(x + w + 8)},{f(top)} Z", colour))
        parts.append(path(f"M{f(x - 14)},{f(top + 4)} L{f(x + w / 2)},{f(top - w * 0.58)} "
                          f"L{f(x + w + 14)},{f(top + 4)}", stroke=trim, width=8))
    elif roof == "step":
        step = w / 6
        d = f"M{f(x)},{f(top)}"
        d += f" v{f(-step)} h{f(step)}" * 3 + f" v{f(-step * 0.6)} h0"
        for i in range(3):
            d += f" v{f(step if i else step * 0.6)} h{f(step)}"
        parts.append(path(d + f" V{f(top)} Z", colour))
    else:
        parts.append(rect(x - 8, top - 16, w + 16, 18, trim, 4))
    cols = 2 if w < 200 else 3
    gap = w / (cols + 1)
    rows = max(1, int((h - 130) // 110))
    index = 0
    for row in range(rows):
        for col in range(cols):
            wx = x + gap * (col + 1) - 24
            wy = top + 30 + row * 110
            parts.append(rect(wx - 6, wy - 6, 60, 80, trim, 6))
            parts.append(rect(wx, wy, 48, 68, SUN if index in lit else SKY, 3))
            index += 1
    parts.append(rect(x + w / 2 - 30, ground - 100, 60, 100, door, 6))
    parts.append(circle(x + w / 2 + 16, ground - 50, 4, SUN))
    return "".join(parts)


def tree(x: float, ground: float, s: float = 1, crown: str = TEAL_MID) -> str:
    return (rect(x - 12 * s, ground - 150 * s, 24 * s, 150 * s, WOOD_DARK, 8 * s)
            + circle(x, ground - 200 * s, 85 * s, crown)
            + circle(x - 40 * s, ground - 160 * s, 55 * s, crown)
            + circle(x + 45 * s, ground - 165 * s, 60 * s, crown))


def table(x: float, y: float, w: float, top: str = WOOD, legs: str = WOOD_DARK,
          cloth: str | None = None) -> str:
    parts = [rect(x + 40, y + 20, 26, 300, legs, 8), rect(x + w - 66, y + 20, 26, 300, legs, 8),
             rect(x, y, w, 34, top, 10)]
    if cloth:
        parts.append(path(f"M{f(x + w * 0.2)},{f(y)} h{f(w * 0.6)} l-20,90 h{f(-w * 0.6 + 40)} Z",
                          cloth))
    return "".join(parts)


def clipped(name: str, box: tuple[float, float, float, float], parts: list[str]) -> str:
    """`parts` seen only inside the rectangle `box` (x, y, width, height)."""
    x, y, w, h = box
    return (f'<clipPath id="{name}"><rect x="{f(x)}" y="{f(y)}" width="{f(w)}" '
            f'height="{f(h)}"/></clipPath>' + group(parts, extra=f'clip-path="url(#{name})"'))


def confetti(seed: int, count: int, area: tuple[float, float, float, float],
             colours: tuple[str, ...]) -> str:
    rng = random.Random(seed)
    x0, y0, x1, y1 = area
    parts = []
    for _ in range(count):
        x, y = rng.uniform(x0, x1), rng.uniform(y0, y1)
        colour = rng.choice(colours)
        if rng.random() < 0.5:
            parts.append(rect(x, y, 22, 10, colour, 3,
                              f'transform="rotate({rng.randint(0, 180)} {f(x)} {f(y)})"'))
        else:
            parts.append(circle(x, y, 7, colour))
    return "".join(parts)


def blob(x: float, y: float, r: float, colour: str, opacity: float = 1) -> str:
    """A soft round shape behind a scene."""
    return path(f"M{f(x - r)},{f(y)} C{f(x - r)},{f(y - r * 0.9)} {f(x - r * 0.2)},"
                f"{f(y - r * 1.05)} {f(x + r * 0.35)},{f(y - r * 0.9)} C{f(x + r * 1.05)},"
                f"{f(y - r * 0.7)} {f(x + r * 1.1)},{f(y + r * 0.4)} {f(x + r * 0.6)},"
                f"{f(y + r * 0.8)} C{f(x + r * 0.1)},{f(y + r * 1.15)} {f(x - r)},"
                f"{f(y + r * 0.9)} {f(x - r)},{f(y)} Z", colour, extra=f'opacity="{opacity}"')
