"""Inline code from other plugins moves into files, so pages run under a strict CSP."""

from __future__ import annotations

from mkdocs_quiz import plugin as quiz  # type: ignore[import-untyped]  # untyped

from four_lessons.site.inline_assets import InlineAssets

# mkdocs-quiz's own code, exactly as it writes it into a page.
QUIZ_CODE = quiz.js_script
QUIZ_PAGE = f"""<head><script id="__config" type="application/json">{{"a": 1}}</script></head>
<div class="quiz" id="quiz-0"><form action="javascript:void(0);" onsubmit="return false;">
<button type="submit">Submit</button></form></div>
<style type="text/css">.quiz {{ color: red }}</style>
<script type="text/javascript">
window.mkdocsQuizConfig = {{
  confetti: false,
  showProgress: true,
  progressSidebarPosition: "top"
}};
</script>
{QUIZ_CODE}
<script src="assets/x.js"></script>"""


def test_inline_scripts_and_styles_become_files_in_the_same_order() -> None:
    assets = InlineAssets()
    html = assets.rewrite(QUIZ_PAGE, "../")
    names = sorted(assets.files)
    assert len(names) == 3
    css = next(n for n in names if n.endswith(".css"))
    config = next(n for n in names if "mkdocsQuizConfig =" in assets.files[n])
    code = next(n for n in names if n.endswith(".js") and n != config)
    assert assets.files[css] == ".quiz { color: red }"
    assert f'<link rel="stylesheet" href="../{css}">' in html
    assert html.index(f'src="../{config}"') < html.index(f'src="../{code}"')
    assert '<script id="__config" type="application/json">{"a": 1}</script>' in html
    assert '<script src="assets/x.js"></script>' in html
    assert "onsubmit" not in html and "javascript:" not in html
    assert '<form class="quiz-form">' in html


def test_pages_without_a_knowledge_check_lose_the_quiz_code() -> None:
    assets = InlineAssets()
    page = QUIZ_PAGE.replace('<div class="quiz" id="quiz-0">', "<div>")
    html = assets.rewrite(page, "")
    assert assets.files == {}
    assert "mkdocsQuiz" not in html and ".quiz {" not in html and "<script src" in html


def test_the_same_code_on_many_pages_is_one_file() -> None:
    assets = InlineAssets()
    first = assets.rewrite(QUIZ_PAGE, "")
    second = assets.rewrite(QUIZ_PAGE, "../")
    assert len(assets.files) == 3
    assert (
        first.replace('src="', 'src="../')
        .replace('href="', 'href="../')
        .replace('src="../assets/x.js"', 'src="assets/x.js"')
        == second
    )


def test_an_inline_script_from_content_is_dropped_and_reported() -> None:
    """Moved into a same-origin file, it would run under the strict CSP."""
    assets, dropped = InlineAssets(), list[str]()
    page = QUIZ_PAGE + (
        "\n<p>Story</p><script>window.ran = true;</script>"
        "\n<script>window.mkdocsQuizConfig = {x: alert(1)};</script>"
    )
    html = assets.rewrite(page, "", dropped.append)
    assert dropped == ["window.ran = true;", "window.mkdocsQuizConfig = {x: alert(1)};"]
    assert "window.ran" not in html and "alert(1)" not in html
    assert not any("window.ran" in body or "alert" in body for body in assets.files.values())
    assert len(assets.files) == 3  # mkdocs-quiz's own code still moves
