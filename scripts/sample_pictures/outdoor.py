"""Scenes outside: streets, paths, a bridge, fireworks; and their landscape parts."""

from __future__ import annotations

from .shapes import (
    CREAM,
    GREY,
    INK,
    LOOKS,
    ORANGE,
    ORANGE_PALE,
    ORANGE_SOFT,
    SAND,
    SKY,
    SUN,
    TEAL,
    TEAL_MID,
    TEAL_MIST,
    TEAL_PALE,
    TEAL_SOFT,
    WHITE,
    WOOD,
    WOOD_DARK,
    H,
    W,
    blob,
    bubble,
    bust,
    circle,
    f,
    group,
    heart,
    house,
    path,
    rect,
    standing,
    svg,
    tree,
)


def hills(horizon: float, back: str = TEAL_SOFT, front: str = TEAL_PALE) -> str:
    return (path(f"M0,{f(horizon)} C300,{f(horizon - 120)} 600,{f(horizon - 40)} 900,"
                 f"{f(horizon - 90)} C1150,{f(horizon - 140)} 1400,{f(horizon - 60)} {W},"
                 f"{f(horizon - 100)} V{H} H0 Z", back)
            + path(f"M0,{f(horizon + 60)} C400,{f(horizon - 10)} 800,{f(horizon + 90)} 1200,"
                   f"{f(horizon + 20)} C1400,{f(horizon - 10)} 1500,{f(horizon + 30)} {W},"
                   f"{f(horizon + 10)} V{H} H0 Z", front))


def sun(x: float, y: float, r: float) -> str:
    return circle(x, y, r * 1.5, SUN, 'opacity="0.25"') + circle(x, y, r, SUN)


def flag(x: float, ground: float, colour: str, height: float = 170) -> str:
    return (rect(x - 4, ground - height, 8, height, INK, 4)
            + path(f"M{f(x + 4)},{f(ground - height)} l90,30 l-90,30 Z", colour))


def bunting(y: float, colours: tuple[str, ...]) -> str:
    parts = [path(f"M0,{f(y)} Q{W / 2},{f(y + 90)} {W},{f(y)}", stroke=INK, width=4)]
    for i in range(16):
        x = 50 + i * 100
        t = x / W
        top = y + 90 * 2 * t * (1 - t)  # on the string's curve
        parts.append(path(f"M{f(x - 30)},{f(top)} L{f(x + 30)},{f(top + 4)} L{f(x)},"
                          f"{f(top + 70)} Z", colours[i % len(colours)]))
    return "".join(parts)


def firework(x: float, y: float, r: float, colour: str) -> str:
    parts = []
    for i in range(16):
        angle = i * 22.5
        parts.append(group(path(f"M{f(x)},{f(y - r * 0.35)} V{f(y - r)}", stroke=colour,
                                width=7), f"rotate({angle} {f(x)} {f(y)})"))
        parts.append(group(circle(x, y - r - 16, 6, colour), f"rotate({angle + 11} {f(x)} {f(y)})"))
    return "".join(parts)


def stars(points: tuple[tuple[float, float], ...]) -> str:
    return "".join(circle(x, y, 3 + (i % 3), WHITE, 'opacity="0.8"')
                   for i, (x, y) in enumerate(points))


# -- the scenes -----------------------------------------------------------------------------
def achttien_worden() -> str:
    water = 640
    bridge = [path(f"M380,{water - 30} Q800,{water - 150} 1220,{water - 30}", stroke=WOOD_DARK,
                   width=34),
              *[rect(440 + i * 90, water - 130 + abs(i - 4.5) ** 2 * 4.2, 12, 80, WOOD_DARK, 5)
                for i in range(9)],
              path(f"M380,{water - 110} Q800,{water - 230} 1220,{water - 110}",
                   stroke=WOOD_DARK, width=12)]
    balloon = [path("M1070,254 Q1030,282 985,276", stroke=INK, width=3),
               f'<ellipse cx="1075" cy="172" rx="70" ry="82" fill="{ORANGE}"/>',
               path("M1065,254 h20 l-10,-12 Z", ORANGE),
               '<text x="1075" y="197" font-family="DejaVu Sans, sans-serif" font-weight="700" '
               f'font-size="72" text-anchor="middle" fill="{WHITE}">18</text>']
    return svg(
        rect(0, 0, W, water, SKY), sun(560, 150, 70),
        blob(220, 180, 150, WHITE, 0.7), blob(1400, 130, 120, WHITE, 0.6),
        path(f"M0,{water - 80} C150,{water - 120} 300,{water - 90} 420,{water - 40} "
             f"L420,{H} L0,{H} Z", TEAL_PALE),
        path(f"M{W},{water - 80} C1450,{water - 120} 1300,{water - 90} 1180,{water - 40} "
             f"L1180,{H} L{W},{H} Z", TEAL_SOFT),
        rect(0, water, W, H - water, "#8fc9c1"),
        *[path(f"M{x},{y} q30,-14 60,0 t60,0", stroke=WHITE, width=5, extra='opacity="0.7"')
          for x, y in ((520, 720), (760, 800), (980, 700), (620, 860))],
        *bridge,
        tree(180, water - 60, 0.9), tree(1460, water - 60, 0.8, TEAL),
        standing(880, water - 90, 0.82, LOOKS["young"], turn=0.4,
                 hands=((-90, 150), (125, 55))),
        *balloon,
        standing(1330, water - 50, 0.9, LOOKS["samira"], arms="wave", turn=-0.5),
    )


def eenzaamheid() -> str:
    street = 720
    row = [house(60, street, 250, 440, ORANGE_SOFT, "gable", lit=(1,)),
           house(320, street, 260, 470, TEAL_SOFT, "step", lit=()),
           house(590, street, 250, 430, SAND, "gable", door=ORANGE),
           house(850, street, 270, 480, TEAL_PALE, "flat", lit=(4,)),
           house(1130, street, 240, 440, ORANGE_PALE, "gable", door=TEAL_MID),
           house(1380, street, 240, 470, TEAL_SOFT, "step")]
    window_bust = [rect(880, 320, 210, 230, WHITE, 10), rect(894, 334, 182, 202, SUN, 4),
                   bust(985, 470, 0.62, LOOKS["joost"], turn=0.5, mood="worried", bottom=536),
                   rect(872, 536, 226, 18, WHITE, 5)]
    return svg(
        rect(0, 0, W, street, SKY), sun(1450, 110, 60),
        *row, *window_bust,
        rect(0, street, W, 40, GREY), rect(0, street + 40, W, H - street, "#cfd8dc"),
        tree(520, street + 30, 0.8), tree(1290, street + 30, 0.7, TEAL),
        rect(600, street - 10, 160, 16, WOOD, 6), rect(615, street + 6, 12, 30, WOOD_DARK),
        rect(735, street + 6, 12, 30, WOOD_DARK),
        standing(1250, street + 150, 0.78, LOOKS["samira"], turn=-0.5,
                 hands=((-130, -100), (80, 190))),
        bubble(1250, 300, 170, 100, ORANGE, (1200, 470), "heart"),
    )


def nieuwjaar() -> str:
    ground = 760
    skyline = [house(x, ground, w, h, "#00483f", roof, lit=lit, door="#00382f", trim="#00564b")
               for x, w, h, roof, lit in ((0, 210, 330, "step", (1, 2)),
                                          (220, 230, 380, "gable", (0, 3)),
                                          (460, 200, 300, "step", (2,)),
                                          (670, 250, 400, "gable", (1, 4)),
                                          (930, 210, 320, "step", (0,)),
                                          (1150, 230, 370, "gable", (2, 3)),
                                          (1390, 210, 340, "step", (1,)))]
    return svg(
        stars(((120, 80), (300, 160), (520, 60), (760, 130), (980, 50), (1240, 110),
               (1480, 70), (1560, 200), (60, 260), (640, 250))),
        firework(420, 210, 120, ORANGE_SOFT), firework(820, 140, 90, SUN),
        firework(1180, 230, 130, TEAL_SOFT), firework(1460, 330, 70, ORANGE_PALE),
        firework(220, 380, 60, SUN),
        *skyline, rect(0, ground, W, H - ground, "#00382f"),
        background=TEAL,
    )


def jaarplan() -> str:
    horizon = 400
    road = path(f"M760,{H} C700,780 1000,700 880,620 C780,550 620,520 720,470 "
                f"C790,440 860,425 820,{horizon}", stroke=SAND, width=90)
    return svg(
        rect(0, 0, W, horizon + 40, SKY), sun(1240, 170, 80),
        blob(300, 150, 120, WHITE, 0.7),
        hills(horizon + 40, TEAL_SOFT, TEAL_PALE), road,
        path(f"M760,{H} C700,780 1000,700 880,620 C780,550 620,520 720,470 "
             f"C790,440 860,425 820,{horizon}", stroke=WHITE, width=6,
             extra='stroke-dasharray="30 30" opacity="0.8"'),
        flag(1010, 720, ORANGE, 200), flag(640, 540, TEAL, 150), flag(880, 450, SUN, 110),
        tree(250, 760, 1.0), tree(1380, 700, 0.9, TEAL), tree(1500, 760, 0.7),
    )


def eigen_regie() -> str:
    horizon = 420
    paths = [path(f"M800,{H} C780,760 760,650 800,600", stroke=SAND, width=110),
             path("M800,610 C650,560 420,520 120,500", stroke=SAND, width=70),
             path("M800,610 C950,560 1200,530 1500,480", stroke=SAND, width=70),
             path(f"M800,610 C810,540 840,480 860,{horizon + 20}", stroke=SAND, width=50)]
    signpost = [rect(1000, 350, 16, 330, WOOD_DARK, 6),
                path("M1008,370 h150 l30,28 l-30,28 h-150 Z", ORANGE),
                path("M1008,440 h-150 l-30,28 l30,28 h150 Z", TEAL),
                path("M1008,510 h130 l30,26 l-30,26 h-130 Z", SUN)]
    return svg(
        rect(0, 0, W, horizon + 40, SKY), sun(300, 160, 70),
        blob(1200, 140, 120, WHITE, 0.7),
        hills(horizon + 40, TEAL_SOFT, TEAL_PALE), *paths, *signpost,
        tree(1380, 620, 0.9), tree(230, 700, 1.0, TEAL),
        standing(800, 760, 0.85, LOOKS["ruben"], turn=0.5, hands=((-80, 190), (150, -10))),
    )


def nieuws_standaard() -> str:
    ground = 780
    return svg(
        rect(0, 0, W, ground, CREAM), sun(800, 330, 230).replace(SUN, ORANGE_PALE, 1),
        circle(800, 330, 230, ORANGE_PALE),
        blob(260, 260, 200, TEAL_MIST), blob(1340, 300, 230, TEAL_MIST),
        hills(ground - 80, TEAL_SOFT, TEAL_PALE),
        standing(560, ground + 60, 0.95, LOOKS["samira"], arms="down", turn=0.4),
        standing(800, ground + 60, 1.0, LOOKS["ruben"], hands=((-140, 150), (140, 150))),
        standing(1040, ground + 60, 0.95, LOOKS["lotte"], arms="down", turn=-0.4),
        heart(800, 120, 0.9, ORANGE),
    )
