/* Material wraps wide tables in a box that scrolls sideways on small screens. Keyboard users
   must be able to reach that box to scroll it (WCAG 2.1.1), and screen readers should say what
   it holds, so each box becomes a focusable, named region. `document$` is Material's signal
   that a page is ready; its own components (the table boxes included) mount before ours. */
document$.subscribe(function () {
  var fallback = document.documentElement.lang === "nl" ? "Tabel" : "Table";
  document.querySelectorAll(".md-typeset__scrollwrap:not([tabindex])").forEach(function (box) {
    var caption = box.querySelector("caption");
    box.setAttribute("tabindex", "0");
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", caption ? caption.textContent.trim() : fallback);
  });
});

/* Videos (video.py) load nothing from YouTube or Vimeo until the visitor presses play: the
   player's address waits in a data attribute, and the play button shows only when this script
   runs (without it, the link to the video's own page remains). */
document$.subscribe(function () {
  document.querySelectorAll(".sb-video[data-sb-video]").forEach(function (video) {
    var button = video.querySelector(".sb-video__play");
    var screen = video.querySelector(".sb-video__screen");
    if (!button || !screen || !button.hidden) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var player = document.createElement("iframe");
      player.className = "sb-video__player";
      player.src = video.getAttribute("data-sb-video");
      player.title = video.getAttribute("data-sb-video-title") || button.textContent;
      player.allow = "autoplay; encrypted-media; fullscreen; picture-in-picture";
      player.setAttribute("allowfullscreen", "");
      player.referrerPolicy = "strict-origin-when-cross-origin";
      screen.replaceWith(player);
      player.focus();
    });
  });
});
