"""A pupil who follows only the obvious button, from the home page to the certificate.

The model is the one the learner review used (`reviews/learner-teacher-host-2026-12-04.md`,
walk 1): on a phone, the pupil reads down the page and each time presses the most obvious
button, the focused one if it is a main (purple) button, or else the first main button on
the screen; whatever they come across while swiping down, they answer (every FOUR exercise
and knowledge check, rightly). Swipes (0.8 of a screen) are not taps; every click, and
typing a name into the certificate, is one. Used by test_learner_walk.py, and runnable on its
own to measure another build:

    .venv/bin/python -m tests.browser.walk SITE_DIR
"""

from __future__ import annotations

import dataclasses
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, ViewportSize

PHONE: ViewportSize = {"width": 390, "height": 844}
MAX_STEPS = 2000
MAX_LOADS = 60

# The next thing the pupil does, as the page stands: the first, in reading order, of an
# unanswered exercise or knowledge check whose choices are on screen, or a main button on
# screen (never an exercise's own Check: that is part of answering; and an exercise's own
# buttons only for the exercise just answered, its way on); a focused main button comes
# before all of them. The chosen element is marked data-walk for Playwright.
#: Resolves once the tasks already queued (zero-delay timers) and the next frame have run.
SETTLE = """() => new Promise(done =>
  setTimeout(() => requestAnimationFrame(() => setTimeout(done, 0)), 0))"""
NEXT_ACTION = """just => {
  document.querySelectorAll('[data-walk]').forEach(n => n.removeAttribute('data-walk'));
  const header = document.querySelector('.md-header');
  const top = header ? header.getBoundingClientRect().bottom : 0, bottom = innerHeight;
  const shown = n => n.getClientRects().length > 0 && getComputedStyle(n).visibility !== 'hidden';
  const onScreen = n => { if (!shown(n)) return false; const r = n.getBoundingClientRect();
    return r.height > 0 && r.bottom > top && r.top < bottom; };
  const found = [];
  for (const ex of document.querySelectorAll('[data-four-scenario]')) {
    if (ex.matches('.four-exercise--done, .four-exercise--folded')) continue;
    const row = ex.querySelector('.four-choice');
    if (row && onScreen(row)) found.push({kind: 'exercise', el: ex});
  }
  for (const quiz of document.querySelectorAll('.quiz')) {
    if (quiz.matches('.four-quiz--done') || !quiz.querySelector('.quiz-reset-button')) continue;
    const option = quiz.querySelector('fieldset label');
    if (option && onScreen(option)) found.push({kind: 'quiz', el: quiz});
  }
  const own = b => { const ex = b.closest('[data-four-scenario]');
    return !ex || ex.getAttribute('data-four-scenario') === just; };
  for (const button of document.querySelectorAll('.md-button--primary')) {
    if (button.matches('.four-exercise__check') || !onScreen(button) || !own(button)) continue;
    found.push({kind: 'tap', el: button});
  }
  const before = Node.DOCUMENT_POSITION_FOLLOWING;
  found.sort((a, b) => a.el.compareDocumentPosition(b.el) & before ? -1 : 1);
  const focused = document.activeElement;
  if (focused && focused.matches('.md-button--primary') && onScreen(focused) && own(focused))
    found.unshift({kind: 'tap', el: focused});
  const sections = [...document.querySelectorAll('article h2[id]')].filter(onScreen).map(h => h.id);
  if (!found.length) return {kind: 'none', sections};
  found[0].el.setAttribute('data-walk', '');
  return {kind: found[0].kind, sections,
          text: (found[0].el.getAttribute('data-four-scenario') || found[0].el.id ||
                 found[0].el.textContent).trim().slice(0, 60)};
}"""

SWIPE = """() => {
  const y = scrollY;
  scrollBy(0, Math.round(innerHeight * 0.8));
  return scrollY !== y;
}"""

# The author's key, read from the exercise's own answers: what a pupil who answers rightly
# ticks and chooses.
KEY = """ex => ({
  ticks: [...ex.querySelectorAll('[data-four-element][data-four-present="true"]')]
    .map(n => n.getAttribute('data-four-element')),
  judgement: ex.querySelector('[data-four-judgement]').getAttribute('data-four-judgement')
})"""

SECTIONS = "() => [...document.querySelectorAll('article h2[id]')].map(h => h.id)"


@dataclasses.dataclass
class Walk:
    """What the walk took, and what the pupil met on the way."""

    taps: Counter[str] = dataclasses.field(default_factory=Counter)
    loads: list[str] = dataclasses.field(default_factory=list)
    swipes: int = 0
    sections: dict[str, set[str]] = dataclasses.field(default_factory=dict)
    seen: dict[str, set[str]] = dataclasses.field(default_factory=dict)
    finished: bool = False

    @property
    def total(self) -> int:
        return sum(self.taps.values())

    def unseen(self, pages: list[str]) -> dict[str, list[str]]:
        """Each of `pages` (addresses) with the sections never on screen."""
        return {page: sorted(self.sections.get(page, set()) - self.seen.get(page, set()))
                for page in pages
                if self.sections.get(page, set()) - self.seen.get(page, set())}

    def summary(self) -> str:
        parts = ", ".join(f"{count} {kind}" for kind, count in self.taps.most_common())
        return (f"{self.total} taps ({parts}), {len(self.loads)} page loads, "
                f"about {self.swipes} swipes")


def walk(page: Page, base: str) -> Walk:
    """Follow the obvious button from the home page at `base` until the certificate is
    printed (window.print is replaced, so nothing blocks)."""
    result = Walk()
    page.add_init_script("window.print = () => { window.__printed = true; };")
    page.goto(base)
    here, just = "", None
    for _ in range(MAX_STEPS):
        address = page.url.split("#")[0]
        if address != here:
            here = address
            page.wait_for_load_state()
            page.wait_for_function("document.readyState === 'complete'")
            path = here[len(base):] or "index.html"
            result.loads.append(path)
            result.sections.setdefault(path, set()).update(page.evaluate(SECTIONS))
            result.seen.setdefault(path, set())
            assert len(result.loads) <= MAX_LOADS, result.loads
        path = result.loads[-1]
        sheet = page.locator("[data-four-certificate-sheet]")
        if path.startswith("certificate") and sheet.is_visible():
            name = page.locator("[data-four-certificate-name]")
            if not name.input_value():
                name.fill("Sam Taylor")
                result.taps["name"] += 1
            if page.evaluate("window.__printed === true"):
                result.finished = True
                return result
        # What the last tap set going (a store write, lesson.js's update of what is left,
        # deferred to the next task) runs before the next choice is made; otherwise a link
        # the update is about to hide can be chosen, on a busy machine.
        page.evaluate(SETTLE)
        action: dict[str, Any] = page.evaluate(NEXT_ACTION, just)
        result.seen[path].update(action["sections"])
        target = page.locator("[data-walk]")
        if action["kind"] == "exercise":
            key = target.evaluate(KEY)
            for element in key["ticks"]:
                target.locator(f'input[name="element"][value="{element}"]').click()
                result.taps["tick"] += 1
            target.locator(f'input[name="judgement"][value="{key["judgement"]}"]').click()
            target.get_by_role("button", name="Check").click()
            result.taps["judgement"] += 1
            result.taps["check"] += 1
            just = action["text"]
        elif action["kind"] == "quiz":
            target.locator("fieldset > div:has(input[data-correct]) label").first.click()
            target.locator('button[type="submit"]').click()
            result.taps["knowledge check"] += 2
        elif action["kind"] == "tap":
            text = str(action["text"])
            target.click()
            kind = ("next" if text in ("Next", "Continue") else
                    "print" if text.startswith("Print") else "main button")
            result.taps[kind] += 1
            if kind == "next":
                just = None
        elif not page.evaluate(SWIPE):
            raise AssertionError(f"stuck at the end of {path}: {result.summary()}")
        else:
            result.swipes += 1
    raise AssertionError(f"no certificate after {MAX_STEPS} steps: {result.summary()}")


def main(site: str) -> None:  # pragma: no cover - a measuring tool
    """Walk a built site (served here on 127.0.0.1) and print what it took."""
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(Path(site))))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=["--no-sandbox"])
        context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
        done = walk(context.new_page(), f"http://127.0.0.1:{server.server_port}/")
        print(done.summary())
        print("pages:", " -> ".join(done.loads))
        lessons = [p for p in dict.fromkeys(done.loads) if p.startswith(("lessons/", "final"))]
        print("sections never on screen:", json.dumps(done.unseen(lessons), indent=1))
        browser.close()
    server.shutdown()


if __name__ == "__main__":  # pragma: no cover
    main(sys.argv[1])
