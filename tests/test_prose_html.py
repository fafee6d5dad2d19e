"""The pages' own prose as HTML (dashboard.common.components.prose_html)."""

from dashboard.common.components import prose_html


def test_the_markup_the_pages_use_becomes_html_and_the_rest_is_escaped():
    text = """
**Bold words.** Then *a word* and `a <command>`,
one paragraph over two lines: 1 < 2 & "quoted".

A second paragraph.
"""
    assert prose_html(text) == (
        "<p><strong>Bold words.</strong> Then <em>a word</em> and <code>a &lt;command&gt;</code>, "
        "one paragraph over two lines: 1 &lt; 2 &amp; \"quoted\".</p><p>A second paragraph.</p>")


def test_text_without_markup_is_one_paragraph():
    assert prose_html("plain") == "<p>plain</p>"
