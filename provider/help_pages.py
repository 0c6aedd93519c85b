"""The tools' help comes from their docs pages: docs/tools/<name>.md is the one source.

A tool's page (``docs/tools/<algorithm name>.md``, shipped in the plugin zip) is what GitHub
shows, what the help button opens (``help_url``) and, from its top down to the line
``<!-- help ends -->``, the help the Processing dialog, the batch dialog and ``qgis_process
help`` show (``help_text``). A translated page, ``docs/<locale>/tools/<name>.md`` (e.g.
``docs/zh_CN/tools/importera5.md``), holds the translated help; it is used when QGIS runs in
that locale. No ``qgis`` import here: the renderer is plain Python.

The help part of a page uses a small subset of Markdown, rendered to the simple rich text
Processing shows (QGIS makes every line of a help string a paragraph):

- ``# Title`` on the first line: the tool's display name (the dialog shows it itself);
- ``## Heading`` / ``### Heading`` -> one bold line;
- a paragraph (lines up to a blank line, joined with spaces) -> one line;
- a list item ``- text`` (continuation lines indented) -> one line;
- inline: ``**bold**`` -> <b>, ```code``` -> <code>, ``[text](link)`` -> text; ``&``, ``<``
  and ``>`` are escaped.

Anything else in the help part (tables, images, code blocks, HTML) is refused with the page and
line, so a page never renders to something other than what its author saw. Below the end line
the page is free Markdown (the reference: details, examples, tables).
"""

import configparser
import html
import re
from pathlib import Path

PLUGIN_ROOT = Path(__file__).resolve().parent.parent
DOCS = PLUGIN_ROOT / "docs"
HELP_END = "<!-- help ends -->"

_INLINE = re.compile(
    r"\*\*(?P<bold>.+?)\*\*"
    r"|`(?P<code>[^`]+)`"
    r"|\[(?P<text>[^\]]+)\]\((?P<link>[^)\s]+)\)"
)
_REFUSED = (
    ("|", "a table"),
    ("![", "an image"),
    ("```", "a code block"),
    ("<", "HTML"),
    ("* ", "a '* ' list item (use '- ')"),
    ("> ", "a quote"),
)


class HelpPageError(ValueError):
    """A tool's help page is missing or uses Markdown the help renderer does not support."""


def page_path(name: str, locale: str = "") -> Path:
    """The page of tool ``name``: the one translated for ``locale`` when it exists, else English.

    ``locale`` such as "zh_CN" is looked up as docs/zh_CN/tools, then docs/zh/tools.
    """
    for folder in (locale, locale.split("_")[0]) if locale else ():
        if folder and folder != "en":
            translated = DOCS / folder / "tools" / f"{name}.md"
            if translated.is_file():
                return translated
    return DOCS / "tools" / f"{name}.md"


def help_text(name: str, locale: str = "") -> str:
    """The help string of tool ``name`` (its page's help part, rendered) for ``locale``."""
    path = page_path(name, locale)
    if not path.is_file():
        raise HelpPageError(
            f"{path}: the help page of sandflux:{name} is missing; write it "
            f"(see provider/help_pages.py for the Markdown it may use)."
        )
    return render_help(path.read_text(encoding="utf-8"), str(path))


def help_url(name: str) -> str:
    """The address of tool ``name``'s page in the repository named by metadata.txt."""
    return f"{repository()}/blob/main/docs/tools/{name}.md"


def repository() -> str:
    """metadata.txt's ``repository`` (the plugin's public source), without a trailing slash."""
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(PLUGIN_ROOT / "metadata.txt", encoding="utf-8")
    return parser["general"]["repository"].rstrip("/")


def render_help(markdown: str, source: str = "page") -> str:
    """The help part of a page (after its title, before HELP_END) as Processing help text."""
    lines = markdown.splitlines()
    if not lines or not lines[0].startswith("# "):
        raise HelpPageError(f"{source}, line 1: a help page starts with '# <tool name>'.")
    blocks, current = [], None  # current: the [kind, text] block a next line may continue
    for number, line in enumerate(lines[1:], start=2):
        stripped = line.strip()
        if stripped == HELP_END:
            break
        if not stripped:
            current = None
            continue
        if line[0] == " ":
            if current is None:
                raise HelpPageError(
                    f"{source}, line {number}: an indented line that continues "
                    f"nothing (an indented code block?); move it below "
                    f"'{HELP_END}'."
                )
            current[1] += " " + stripped
            continue
        for start, what in _REFUSED:
            if stripped.startswith(start):
                raise HelpPageError(
                    f"{source}, line {number}: {what} cannot be shown in the "
                    f"Processing help; move it below '{HELP_END}'."
                )
        if line.startswith("#"):
            if not re.match(r"#{2,3} \S", line):
                raise HelpPageError(
                    f"{source}, line {number}: only '## ' and '### ' headings "
                    f"are allowed in the help part."
                )
            blocks.append(["heading", line.lstrip("#").strip()])
            current = None
        elif line.startswith("- "):
            current = ["item", line[2:].strip()]
            blocks.append(current)
        elif current is not None:
            current[1] += " " + stripped
        else:
            current = ["paragraph", stripped]
            blocks.append(current)
    return "\n".join(
        f"<b>{_inline(text)}</b>" if kind == "heading" else _inline(text) for kind, text in blocks
    )


def _inline(text: str) -> str:
    """``**bold**``, ```code``` and ``[text](link)`` of escaped text as rich text."""
    parts, position = [], 0
    for match in _INLINE.finditer(text):
        parts.append(html.escape(text[position : match.start()], quote=False))
        if match.group("bold") is not None:
            parts.append(f"<b>{_inline(match.group('bold'))}</b>")
        elif match.group("code") is not None:
            parts.append(f"<code>{html.escape(match.group('code'), quote=False)}</code>")
        else:
            parts.append(_inline(match.group("text")))
        position = match.end()
    parts.append(html.escape(text[position:], quote=False))
    return "".join(parts)
