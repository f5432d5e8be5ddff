/* Classroom view: one scenario at a time for a projector, answers behind Reveal.
 *
 * Enhances the server-rendered slides (templates/classroom.html): shows the filters, the
 * jump list and the control bar, keeps one slide visible, moves with the buttons or the
 * arrow keys, offers a hands-up tally before Reveal (vote, then reveal), and leaves the
 * final-check stories out until the teacher includes them.
 *
 * Presenter mode puts the view full screen (the Fullscreen API, or a layer over the whole
 * window where full screen is refused) with the site's chrome hidden but a small quick exit
 * kept for the teacher, and sizes the type so the story, and after Reveal its answers, fill
 * one screen: the story at no less than 32 px on a 1920x1080 projector. Escape leaves
 * presenter mode and stays on the page: presenter mode claims Escape from the quick exit
 * while it is on (Four.exit.claim in exit.js), and when the browser's own end of full screen
 * takes the key, the quick exit is told to let the next second pass (Four.exit.hush), so a
 * second press never sends the projector to the exit page. Nothing is stored: a reload
 * starts afresh. Safe to mount twice (instant navigation).
 */
import { Four } from "./lib/registry.js";
import { components } from "./lib/components.js";
import { t } from "./lib/words.js";

(function () {
  "use strict";

  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName));
  }

  function mount(root) {
    if (root.hasAttribute("data-four-mounted")) return;
    root.setAttribute("data-four-mounted", "");
    var slides = Array.prototype.slice.call(root.querySelectorAll("[data-four-slide]"));
    var filters = root.querySelector("[data-four-classroom-filters]");
    var bar = root.querySelector("[data-four-classroom-bar]");
    var jump = root.querySelector("[data-four-jump]");
    var count = root.querySelector("[data-four-count]");
    var previous = root.querySelector("[data-four-previous]");
    var next = root.querySelector("[data-four-next]");
    var reveal = root.querySelector("[data-four-reveal]");
    var present = root.querySelector("[data-four-present]");
    var visible = [], index = 0, revealed = false, presenting = false;

    filters.hidden = false;
    bar.hidden = false;
    root.classList.add("four-classroom--live");
    slides.forEach(function (slide) {
      slide.querySelector("[data-four-tally]").hidden = false;
    });

    function setDisabled(button, disabled) {
      // aria-disabled keeps the button focusable, so focus is not lost at either end.
      button.setAttribute("aria-disabled", disabled ? "true" : "false");
    }

    function current() { return visible[index]; }

    function setRevealed(value) {
      revealed = value;
      var slide = current();
      if (slide) {
        slide.querySelector("[data-four-slide-answers]").hidden = !value;
        slide.classList.toggle("four-slide--revealed", value);
      }
      reveal.setAttribute("aria-expanded", value ? "true" : "false");
      reveal.textContent = value ? t("classroom.hide_answers") : t("classroom.reveal");
      fit();
    }

    function show() {
      slides.forEach(function (slide) { slide.hidden = true; });
      if (!visible.length) {
        count.textContent = t("classroom.no_match");
        [previous, next, reveal].forEach(function (b) { setDisabled(b, true); });
        setRevealed(false);
        return;
      }
      current().hidden = false;
      count.textContent = t("classroom.position", { number: index + 1, total: visible.length });
      jump.value = String(index);
      setDisabled(previous, index === 0);
      setDisabled(next, index === visible.length - 1);
      setDisabled(reveal, false);
      setRevealed(false);
    }

    function go(step) {
      var target = index + step;
      if (target < 0 || target >= visible.length) return;
      index = target;
      show();
    }

    function applyFilters() {
      var audience = filters.elements.audience.value;
      var tag = filters.elements.tag.value;
      var finals = filters.elements.final && filters.elements.final.checked;
      visible = slides.filter(function (slide) {
        var audiences = slide.getAttribute("data-four-audience").split(" ");
        var tags = slide.getAttribute("data-four-tags").split(" ");
        return (!audience || audiences.indexOf(audience) >= 0) && (!tag || tags.indexOf(tag) >= 0) &&
          (finals || tags.indexOf("final") < 0);
      });
      jump.textContent = "";
      visible.forEach(function (slide, i) {
        var option = document.createElement("option");
        option.value = String(i);
        option.textContent = t("classroom.jump_option", { number: i + 1, title: slide.querySelector("h2").textContent });
        jump.appendChild(option);
      });
      jump.disabled = !visible.length;
      index = 0;
      show();
    }

    /* Presenter mode: sizes in px, scaled from a 1920x1080 screen. The story starts at 40
       and may shrink to 32 (scaled); the answers start at 30 and may shrink to 18, a pixel
       at a time, until the slide fits the screen. */
    function fit() {
      slides.forEach(function (slide) { slide.style.removeProperty("--four-story"); slide.style.removeProperty("--four-answers"); });
      var slide = current();
      if (!presenting || !slide) return;
      var scale = Math.min(root.clientWidth / 1920, root.clientHeight / 1080);
      var size = { story: 40 * scale, answers: 30 * scale };
      var least = { story: 32 * scale, answers: Math.max(12, 18 * scale) };
      var right = slide.querySelector("[data-four-slide-answers]");
      var left = [slide.querySelector("h2"), slide.querySelector(".four-slide__story"), slide.querySelector(".four-slide__vote")];
      for (var i = 0; i < 60; i++) {
        slide.style.setProperty("--four-story", size.story.toFixed(1) + "px");
        slide.style.setProperty("--four-answers", size.answers.toFixed(1) + "px");
        if (slide.scrollHeight <= slide.clientHeight + 1) break;
        var tall = left.reduce(function (sum, el) { return sum + el.offsetHeight; }, 0);
        var shrink = revealed && right.offsetHeight > tall ? "answers" : "story";
        if (size[shrink] - 1 < least[shrink]) shrink = shrink === "story" ? "answers" : "story";
        if (size[shrink] - 1 < least[shrink]) break;  // as small as allowed: the slide scrolls
        size[shrink] -= 1;
      }
    }

    function fullscreenElement() { return document.fullscreenElement || document.webkitFullscreenElement; }

    function quickExit() {
      // The site's quick exit sits in the top bar, which full screen leaves behind: give the
      // teacher a small copy (exit.js handles any [data-four-exit] click).
      if (root.querySelector(".four-classroom__exit")) return;
      var link = document.querySelector("[data-four-exit]");
      if (!link) return;
      var copy = link.cloneNode(true);
      copy.classList.add("four-classroom__exit");
      copy.removeAttribute("data-presses");
      bar.appendChild(copy);
    }

    function start() {
      if (presenting) return;
      presenting = true;
      quickExit();
      root.classList.add("four-classroom--presenting");
      present.textContent = t("presenter.leave");
      var request = root.requestFullscreen || root.webkitRequestFullscreen;
      if (request) {
        try {
          var promise = request.call(root, { navigationUI: "hide" });
          if (promise && promise.catch) promise.catch(function () { /* the layer stays */ });
        } catch (e) { /* refused: the layer over the window stays */ }
      }
      fit();
    }

    function stop(fromFullscreen) {
      if (!presenting) return;
      presenting = false;
      root.classList.remove("four-classroom--presenting");
      present.textContent = t("classroom.present");
      // The browser may have taken the Escape that ended full screen itself (and may still
      // deliver it): the quick exit lets the next second pass.
      if (fromFullscreen && Four.exit && Four.exit.hush) Four.exit.hush();
      if (!fromFullscreen && fullscreenElement() === root) (document.exitFullscreen || document.webkitExitFullscreen).call(document);
      fit();
    }

    function onFullscreen() {
      if (!root.isConnected) { document.removeEventListener("fullscreenchange", onFullscreen); return; }
      if (presenting && fullscreenElement() !== root) stop(true);
      else fit();
    }

    previous.addEventListener("click", function () { go(-1); });
    next.addEventListener("click", function () { go(1); });
    reveal.addEventListener("click", function () {
      if (visible.length) setRevealed(!revealed);
    });
    present.addEventListener("click", function () { if (presenting) stop(); else start(); });
    jump.addEventListener("change", function () {
      index = Number(jump.value) || 0;
      show();
    });
    filters.addEventListener("change", applyFilters);
    filters.addEventListener("submit", function (event) { event.preventDefault(); });
    document.addEventListener("fullscreenchange", onFullscreen);
    document.addEventListener("webkitfullscreenchange", onFullscreen);
    function onResize() {
      if (!root.isConnected) { window.removeEventListener("resize", onResize); return; }
      fit();
    }
    window.addEventListener("resize", onResize);

    // Escape while presenting leaves presenter mode, and does nothing else.
    var claimed = !!(Four.exit && Four.exit.claim);
    if (claimed) {
      Four.exit.claim(function () {
        if (!presenting || !root.isConnected) return false;
        stop();
        return true;
      });
    }

    function onKey(event) {
      if (!root.isConnected) { document.removeEventListener("keydown", onKey); return; }
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      if (event.key === "Escape") {  // exit.js asks the claim above, if it is there
        if (!claimed && presenting) { event.preventDefault(); stop(); }
        return;
      }
      if (event.shiftKey || typing(event.target)) return;
      // The arrow towards Next goes on: right, or left where the page runs right to left
      // (its Previous and Next buttons change sides too).
      var forward = getComputedStyle(root).direction === "rtl" ? "ArrowLeft" : "ArrowRight";
      var back = forward === "ArrowLeft" ? "ArrowRight" : "ArrowLeft";
      if (event.key === forward) { go(1); event.preventDefault(); }
      if (event.key === back) { go(-1); event.preventDefault(); }
    }
    document.addEventListener("keydown", onKey);
    applyFilters();
  }

  function mountAll() {
    document.querySelectorAll("[data-four-classroom]").forEach(mount);
  }

  components.classroom = mountAll;
  mountAll();
})();
