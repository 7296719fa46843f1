"""One scene per sample post, and the default picture for posts without their own."""

from __future__ import annotations

from .outdoor import (
    achttien_worden,
    bunting,
    eenzaamheid,
    eigen_regie,
    hills,
    jaarplan,
    nieuwjaar,
    nieuws_standaard,
    sun,
)
from .shapes import (
    GREY,
    INK,
    LOOKS,
    ORANGE,
    ORANGE_MIST,
    ORANGE_PALE,
    ORANGE_SOFT,
    SAND,
    SKY,
    SLATE,
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
    clipped,
    confetti,
    cup,
    envelope,
    forearms,
    heart,
    lamp,
    paper,
    path,
    plant,
    rect,
    standing,
    svg,
    table,
    window,
)


# -- scenes inside -------------------------------------------------------------------------
def keukentafelgesprek() -> str:
    table_y = 640
    return svg(
        blob(1280, 250, 330, TEAL_MIST), blob(220, 690, 300, ORANGE_MIST),
        rect(0, table_y, W, H - table_y, SAND),
        window(610, 110, 380, 270),
        clipped("view", (610, 110, 380, 270), [hills(330), sun(900, 170, 30)]),
        plant(1070, 392, 0.75),
        lamp(800, 0, 80),
        bust(460, 470, 1.0, LOOKS["mehmet"], turn=0.6, mood="talking", bottom=table_y + 10),
        bust(1140, 470, 1.0, LOOKS["anouk"], turn=-0.6, bottom=table_y + 10),
        table(250, table_y, 1100, cloth=TEAL_PALE),
        forearms(460, table_y, 1.0, LOOKS["mehmet"], towards=0.8),
        forearms(1140, table_y, 1.0, LOOKS["anouk"], towards=-0.8),
        cup(650, table_y, 1.0, WHITE), cup(955, table_y, 1.0, ORANGE_PALE),
        paper(735, 588, 150, 52, -5),
        rect(845, 560, 10, 80, INK, 4, 'transform="rotate(35 850 600)"'),
        bubble(230, 130, 230, 110, ORANGE, (400, 290)),
        bubble(1230, 110, 240, 110, TEAL, (1200, 300), "lines"),
    )


def geldzorgen() -> str:
    ground = 800
    drawer = [rect(120, 420, 420, ground - 420, WOOD_DARK, 14),
              rect(140, 440, 380, 150, WOOD, 10), rect(140, 610, 380, 170, WOOD, 10),
              rect(300, 680, 60, 14, WOOD_DARK, 7)]
    letters = [envelope(150 + i * 38 % 300, 330 - (i % 4) * 28, 130, (-18 + i * 13) % 36 - 18,
                        WHITE if i % 3 else ORANGE_PALE) for i in range(11)]
    falling = [envelope(560, 520, 120, 24, WHITE), envelope(600, 700, 120, -12, ORANGE_PALE),
               envelope(470, 740, 120, 8, WHITE)]
    open_drawer = [rect(100, 400, 460, 80, WOOD, 10), rect(100, 470, 460, 20, WOOD_DARK, 6)]
    return svg(
        blob(1180, 300, 360, TEAL_MIST), blob(300, 200, 260, ORANGE_MIST),
        rect(0, ground, W, H - ground, SAND),
        *drawer, *letters, *open_drawer, *falling,
        standing(930, ground, 1.05, LOOKS["mehmet"], arms="down", turn=0.4, mood="worried"),
        standing(1250, ground, 1.05, LOOKS["ruben"], turn=-0.6,
                 hands=((-120, 40), (60, 180))),
        bubble(1180, 90, 180, 120, TEAL, (1230, 260), "question"),
        heart(1060, 180, 0.8, ORANGE_SOFT),
    )


def mantelzorg() -> str:
    floor = 760
    sofa = [rect(330, 420, 940, 250, TEAL, 60), rect(280, 560, 140, 220, TEAL_MID, 50),
            rect(1180, 560, 140, 220, TEAL_MID, 50), rect(380, 600, 840, 150, TEAL_MID, 30),
            rect(400, 770, 30, 30, WOOD_DARK), rect(1170, 770, 30, 30, WOOD_DARK)]
    return svg(
        blob(1300, 220, 300, ORANGE_MIST), blob(250, 200, 240, TEAL_MIST),
        rect(0, floor, W, H - floor, SAND),
        window(640, 90, 320, 230), lamp(1380, 0, 140, TEAL),
        *sofa[:1],
        bust(620, 470, 0.95, LOOKS["ida"], turn=0.4, bottom=640),
        bust(980, 470, 0.95, LOOKS["lotte"], turn=-0.2, bottom=640),
        *sofa[1:],
        path("M560,600 Q600,560 700,585", stroke=LOOKS["ida"].shirt, width=30),
        circle(712, 585, 16, LOOKS["ida"].skin),
        path("M905,600 Q940,540 985,520", stroke=LOOKS["lotte"].shirt, width=30),
        cup(1000, 540, 0.8, WHITE, steam=True), circle(990, 518, 16, LOOKS["lotte"].skin),
        heart(990, 260, 1.0, ORANGE), heart(1070, 200, 0.55, ORANGE_SOFT),
        rect(1330, 600, 150, 20, WOOD, 8), rect(1395, 620, 20, 150, WOOD_DARK, 6),
        cup(1405, 600, 0.7, ORANGE_PALE, steam=False), plant(190, floor, 0.9),
    )


def nieuwe_collegas() -> str:
    ground = 830
    people = [("kofi", 380, "wave", 0.3), ("lotte", 650, "both-up", 0.1),
              ("mehmet", 930, "wave", -0.1), ("samira", 1200, "wave", -0.3)]
    return svg(
        blob(800, 520, 520, TEAL_MIST),
        rect(0, ground, W, H - ground, SAND),
        bunting(60, (ORANGE, TEAL, SUN, TEAL_SOFT, ORANGE_SOFT)),
        confetti(27, 60, (60, 160, 1540, 520), (ORANGE, TEAL, SUN, TEAL_SOFT, ORANGE_SOFT)),
        *[standing(x, ground, 0.95, LOOKS[name], arms=arms, turn=turn)
          for name, x, arms, turn in people],
    )


def academie() -> str:
    floor = 700
    flipchart = [path("M1000,780 L1080,330 L1160,780", stroke=INK, width=10),
                 rect(960, 200, 250, 320, WHITE, 8), rect(990, 400, 40, 90, TEAL, 4),
                 rect(1050, 340, 40, 150, ORANGE, 4), rect(1110, 300, 40, 190, TEAL_SOFT, 4),
                 rect(975, 185, 220, 22, SLATE, 6)]
    laptop = [path("M170,560 l20,-150 h240 l20,150 Z", INK), rect(195, 420, 230, 130, SKY, 4),
              circle(255, 470, 26, LOOKS["kofi"].skin), rect(230, 500, 50, 40, TEAL, 14),
              circle(365, 470, 26, LOOKS["ida"].skin), rect(340, 500, 50, 40, ORANGE_SOFT, 14),
              rect(140, 556, 340, 16, SLATE, 6)]
    audience = [bust(x, 700, 0.9, LOOKS[name], back=True, bottom=H)
                for name, x in (("anouk", 420), ("kofi", 720), ("ruben", 1020))]
    return svg(
        blob(1150, 300, 330, ORANGE_MIST), blob(300, 260, 260, TEAL_MIST),
        rect(0, floor, W, H - floor, SAND),
        *flipchart,
        standing(1320, 780, 0.9, LOOKS["joost"], turn=-0.5, mood="talking",
                 hands=((-150, -40), (70, 180))),
        rect(130, 570, 360, 20, WOOD, 8), rect(290, 590, 40, 180, WOOD_DARK, 8), *laptop,
        *audience,
    )


def urenregistratie() -> str:
    phone = [rect(640, 90, 320, 640, INK, 44), rect(662, 130, 276, 560, WHITE, 18),
             rect(760, 104, 80, 10, SLATE, 5)]
    form = []
    for i in range(5):
        y = 200 + i * 90
        form += [rect(690, y, 36, 36, TEAL_PALE, 8), rect(745, y + 8, 150 - (i % 2) * 40, 20,
                                                            GREY, 10)]
        if i < 3:
            form.append(path(f"M697,{y + 18} l10,10 l16,-18", stroke=TEAL, width=6))
    form.append(rect(700, 630, 200, 44, ORANGE, 22))
    clock = [circle(370, 330, 160, WHITE), circle(370, 330, 160, "none",
                                                  f'stroke="{TEAL}" stroke-width="18"'),
             path("M370,330 V230", stroke=INK, width=12), path("M370,330 L440,370", stroke=INK,
                                                                width=12),
             circle(370, 330, 14, ORANGE)]
    calendar = [rect(1100, 230, 320, 300, WHITE, 20), rect(1100, 230, 320, 80, TEAL, 20),
                rect(1100, 280, 320, 30, TEAL),
                *[rect(1130 + (i % 4) * 72, 340 + (i // 4) * 60, 46, 40,
                       ORANGE if i == 6 else TEAL_MIST, 6) for i in range(12)],
                rect(1160, 205, 20, 60, SLATE, 10), rect(1340, 205, 20, 60, SLATE, 10)]
    return svg(blob(800, 450, 520, TEAL_MIST), rect(0, 760, W, H - 760, SAND),
               *clock, *calendar, *phone, *form)


def brieven_herschrijven() -> str:
    table_y = 560
    letter = [rect(560, 500, 480, 300, WHITE, 10)]
    for i in range(6):
        y = 540 + i * 40
        width = 400 - (i % 3) * 60
        letter.append(rect(600, y, width, 14, GREY, 7))
        if i in (1, 3):
            letter.append(path(f"M592,{y + 7} H{600 + width + 8}", stroke=ORANGE, width=6))
            letter.append(path(f"M610,{y + 28} q40,-16 80,0 t80,0 t80,0", stroke=ORANGE,
                               width=5))
    return svg(
        blob(800, 240, 420, TEAL_MIST), blob(1400, 700, 260, ORANGE_MIST),
        rect(0, table_y + 200, W, H, SAND),
        bust(360, 360, 0.95, LOOKS["samira"], turn=0.5, bottom=table_y + 10),
        bust(800, 300, 0.95, LOOKS["joost"], turn=0, mood="talking", bottom=table_y + 10),
        bust(1240, 360, 0.95, LOOKS["kofi"], turn=-0.5, bottom=table_y + 10),
        rect(160, table_y, 1280, 400, WOOD, 20),
        *letter,
        rect(1040, 620, 14, 140, INK, 6, 'transform="rotate(-30 1047 690)"'),
        forearms(360, table_y + 70, 0.95, LOOKS["samira"], towards=0.9),
        forearms(1240, table_y + 70, 0.95, LOOKS["kofi"], towards=-0.9),
        cup(300, 760, 0.9, ORANGE_PALE, steam=False),
        bubble(470, 60, 200, 100, ORANGE, (720, 170), "question"),
        bubble(1000, 60, 200, 100, TEAL, (880, 170), "check"),
    )


def inspiratiemiddag() -> str:
    stage = 560
    screen = [rect(480, 90, 640, 320, WHITE, 10), rect(500, 110, 600, 280, TEAL_MIST, 6),
              heart(800, 240, 1.6, ORANGE),
              *[circle(640 + i * 80, 330, 20, c) for i, c in
                enumerate((TEAL, ORANGE_SOFT, TEAL_SOFT, SUN, TEAL_MID))]]
    audience = []
    for row, (y, s) in enumerate(((700, 0.62), (800, 0.78), (905, 0.95))):
        names = ("kofi", "lotte", "ruben", "samira", "ida", "mehmet", "anouk", "joost")
        step = 230 if row == 2 else 200
        for i in range(9):
            x = (60 if row % 2 else 160) + i * step
            if x > W + 60:
                continue
            audience.append(bust(x, y, s, LOOKS[names[(i + row * 3) % 8]], back=True, bottom=H))
    return svg(
        rect(0, 0, W, stage, "#f6efe4"),
        *screen,
        rect(0, stage, W, 40, WOOD_DARK), rect(0, stage + 40, W, H, SAND),
        standing(1240, stage, 0.85, LOOKS["anouk"], turn=-0.4, mood="talking",
                 hands=((-60, 110), (90, -30))),
        path("M1140,560 l20,-150 h80 l20,150 Z", TEAL), rect(1150, 400, 100, 22, TEAL_MID, 6),
        *audience,
    )


def ervaringskennis() -> str:
    steps = "".join(rect(200 + i * 220, 800 - i * 100, W, 100 + i * 100, c) for i, c in
                    enumerate((TEAL_PALE, TEAL_SOFT, TEAL_MID, TEAL)))
    return svg(
        blob(1250, 230, 300, ORANGE_MIST), blob(300, 240, 240, TEAL_MIST), sun(1380, 140, 60),
        rect(0, 800, W, H, TEAL_PALE), steps,
        standing(1080, 500, 0.85, LOOKS["anouk"], turn=-0.6, hands=((-250, 150), (60, 170))),
        standing(560, 700, 0.85, LOOKS["mehmet"], turn=0.6, hands=((-70, 170), (290, -70))),
        heart(838, 215, 0.9, ORANGE),
    )


SCENES = {
    "keukentafelgesprek": keukentafelgesprek,
    "geldzorgen": geldzorgen,
    "achttien-worden": achttien_worden,
    "mantelzorg": mantelzorg,
    "nieuwe-collegas": nieuwe_collegas,
    "academie": academie,
    "eenzaamheid": eenzaamheid,
    "nieuwjaar": nieuwjaar,
    "jaarplan": jaarplan,
    "urenregistratie": urenregistratie,
    "brieven-herschrijven": brieven_herschrijven,
    "inspiratiemiddag": inspiratiemiddag,
    "ervaringskennis": ervaringskennis,
    "eigen-regie": eigen_regie,
    "nieuws-standaard": nieuws_standaard,
}
