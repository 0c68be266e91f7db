"""Checking a letter template and filling it (docxtpl).

A template is checked when it is listed and again when it is used: it must open as a
Word document, its placeholders must parse, and every name it uses must be one of
:data:`~advocacy_desk.letters.placeholders.PLACEHOLDERS`. Templates come from the
provider's own folder, so anyone who can save a file there can write one: they are
rendered in Jinja's immutable sandbox, with every value escaped for the document's XML,
and within bounds that keep a hostile or careless template from taking the machine:

- no ``{% include %}``, ``{% import %}`` or ``{% extends %}`` (nothing is read from
  elsewhere), and no recursive loops;
- tags nested at most :data:`MAX_DEPTH` deep;
- loops that together run at most :data:`MAX_STEPS` times;
- at most :data:`MAX_OUTPUT` characters of output per part, and no value (by ``*``,
  ``+``, ``~``, ``join``, ``replace`` or ``{% set %}``) longer than that;
- only the filters and string methods that cannot blow a value up;
- the document's properties (title, subject, author...) are never filled: a template
  whose properties hold ``{{ }}`` or ``{% %}`` is refused, so a person's name never ends
  up hidden in a file's metadata;
- a Word file that would unpack past :data:`MAX_UNPACKED` bytes is not opened.

A template that breaks any of these is listed as unusable with its reason; the others
keep working.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator, Mapping
from io import BytesIO
from pathlib import Path
from typing import Any, cast

from docx.opc.exceptions import PackageNotFoundError
from docxtpl import DocxTemplate
from jinja2 import Template, TemplateError, TemplateSyntaxError, nodes, pass_eval_context
from jinja2.exceptions import SecurityError
from jinja2.filters import do_join, do_replace
from jinja2.nodes import EvalContext
from jinja2.runtime import markup_join
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.visitor import NodeTransformer

from advocacy_desk.domain.errors import AdvocacyDeskError
from advocacy_desk.letters.placeholders import PLACEHOLDERS, known_list
from advocacy_desk.zips import unpacked_problem

#: What a broken Word file raises as python-docx opens it (lxml's XMLSyntaxError is a
#: SyntaxError).
_UNREADABLE = (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, SyntaxError)

#: The most a template's Word file may hold once unpacked (a letter with a logo is under
#: 1 MB; Word's own largest templates are a few MB).
MAX_UNPACKED = 50 * 1024 * 1024
#: How deep tags ({% if %} inside {% for %} inside ...) may nest.
MAX_DEPTH = 30
#: How many times all of a template's loops may run, together, per letter.
MAX_STEPS = 100_000
#: The most characters one part of a letter (its body, a header...) may fill to: a letter
#: of 100 pages is under 2 MB of Word XML.
MAX_OUTPUT = 5 * 1024 * 1024
#: The Jinja tags that read other files: refused (and there is nothing to read).
_READS_FILES = {nodes.Include: "include", nodes.Import: "import", nodes.FromImport: "import",
                nodes.Extends: "extends"}  # fmt: skip
#: The filters a template may use: none of them can make a value much larger than what
#: it is given (center, indent, wordwrap, format, batch and the like can).
FILTERS = (
    "abs", "capitalize", "count", "d", "default", "dictsort", "e", "escape", "first",
    "float", "int", "items", "join", "last", "length", "list", "lower",
    "max", "min", "reject", "rejectattr", "replace", "reverse", "round", "select",
    "selectattr", "sort", "string", "striptags", "title", "trim", "truncate",
    "unique", "upper", "wordcount", "map", "attr",
)  # fmt: skip
#: The methods of text a template may call.
STRING_METHODS = frozenset({
    "capitalize", "casefold", "count", "endswith", "find", "isdigit", "lower", "lstrip",
    "rstrip", "split", "splitlines", "startswith", "strip", "swapcase", "title", "upper",
})  # fmt: skip
#: The names the loops' counter and the bounded join are called by in a template's tree
#: (never placeholders).
_COUNTER = "__advocacy_desk_loop_steps__"
_JOIN = "__advocacy_desk_join__"


class TemplateProblem(AdvocacyDeskError):
    """A template that cannot be used; the message says what to fix."""


class _Refused(TemplateError):
    """A template that breaks a bound as it is parsed or filled; the message says which."""


class _BoundedEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox, with the bounds of the module docstring."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def __init__(self) -> None:
        super().__init__(autoescape=True)
        self.steps = 0
        self.template_class = _BoundedTemplate
        kept = {name: self.filters[name] for name in FILTERS if name in self.filters}
        kept["replace"] = _bounded_replace
        kept["join"] = _bounded_join
        self.filters = kept
        self.globals = {
            name: self.globals[name] for name in ("range", "dict", "namespace", "cycler", "joiner")
        }
        self.globals[_COUNTER] = self._counted
        self.globals[_JOIN] = _bounded_concat
        self.concat = _bounded_concat  # type: ignore[method-assign]  # {% set %}...{% endset %}

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        _refuse_reading_and_depth(tree)
        for loop in tree.find_all(nodes.For):
            if loop.recursive:
                raise _Refused("uses a recursive loop ({% for ... recursive %})")
            loop.iter = _call(_COUNTER, cast(nodes.Expr, loop.iter), loop.lineno)
        return cast(nodes.Template, _JoinBounded().visit(tree))

    def _counted(self, items: Iterable[Any]) -> Iterator[Any]:
        for item in items:
            self.steps += 1
            if self.steps > MAX_STEPS:
                raise _Refused(f"runs its loops more than {MAX_STEPS:,} times")
            yield item

    def wrap_str_format(self, value: Any) -> None:
        """No ``str.format`` at all: its widths ("{:>999999999}") make text of any size."""

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(obj, str) and attr not in STRING_METHODS:
            return False
        return bool(super().is_safe_attribute(obj, attr, value))

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "%" and isinstance(left, str):
            raise _Refused("formats text with % (write the text out instead)")
        if operator in ("*", "**") and isinstance(left, int) and isinstance(right, int) \
                and left.bit_length() + right.bit_length() > 256:  # fmt: skip
            raise _Refused("works with numbers too large for a letter")
        if operator == "**" and isinstance(right, int | float) and abs(right) > 64:
            raise _Refused("raises a number to a power over 64")
        if operator in ("*", "+") and _combined_size(operator, left, right) > MAX_OUTPUT:
            raise _Refused(f"makes a value of over {MAX_OUTPUT:,} characters")
        return super().call_binop(context, operator, left, right)


class _BoundedTemplate(Template):
    """A template whose output stops at :data:`MAX_OUTPUT` characters."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        pieces: list[str] = []
        size = 0
        for piece in self.generate(*args, **kwargs):
            size += len(piece)
            if size > MAX_OUTPUT:
                raise _Refused(f"fills to more than {MAX_OUTPUT // 1024 // 1024} MB of text")
            pieces.append(piece)
        return "".join(pieces)


class _JoinBounded(NodeTransformer):
    """``a ~ b`` joined by :func:`_bounded_concat` (Jinja's own join has no bound)."""

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return _call(_JOIN, nodes.List(node.nodes, lineno=node.lineno), node.lineno)


def _call(name: str, argument: nodes.Expr, lineno: int) -> nodes.Call:
    return nodes.Call(nodes.Name(name, "load"), [argument], [], None, None, lineno=lineno)


def _combined_size(operator: str, left: Any, right: Any) -> int:
    """How long ``left * right`` or ``left + right`` would be, for text or lists (0 for
    numbers)."""
    if operator == "+":
        sized = [x for x in (left, right) if isinstance(x, str | list | tuple)]
        return sum(len(x) for x in sized)
    for seq, times in ((left, right), (right, left)):
        if isinstance(seq, str | list | tuple) and isinstance(times, int):
            return len(seq) * max(times, 0)
    return 0


def _bounded_concat(pieces: Iterable[Any]) -> str:
    """Pieces of text joined (escaped as the document needs), refusing a result longer
    than :data:`MAX_OUTPUT`."""
    listed = list(pieces)
    if sum(len(str(piece)) for piece in listed) > MAX_OUTPUT:
        raise _Refused(f"makes a value of over {MAX_OUTPUT:,} characters")
    return str(markup_join(listed))


@pass_eval_context
def _bounded_join(context: EvalContext, value: Iterable[Any], d: str = "",
                  attribute: str | int | None = None) -> str:  # fmt: skip
    """Jinja's join, refusing a result longer than :data:`MAX_OUTPUT`."""
    listed = list(value)
    if sum(len(str(item)) + len(d) for item in listed) > MAX_OUTPUT:
        raise _Refused(f"makes a value of over {MAX_OUTPUT:,} characters")
    return str(do_join(context, listed, d, attribute))


@pass_eval_context
def _bounded_replace(context: EvalContext, text: Any, old: str, new: str,
                     count: int | None = None) -> str:  # fmt: skip
    """Jinja's replace, refusing a result longer than :data:`MAX_OUTPUT`."""
    source = str(text)
    times = source.count(old) if old else len(source) + 1
    if count is not None:
        times = min(times, max(count, 0))
    if len(source) + times * max(len(str(new)) - len(old), 0) > MAX_OUTPUT:
        raise _Refused(f"makes a value of over {MAX_OUTPUT:,} characters")
    return str(do_replace(context, text, old, new, count))


def _refuse_reading_and_depth(tree: nodes.Template) -> None:
    """Refuse a tag that reads another file, and tags nested deeper than MAX_DEPTH."""
    for kind, tag in _READS_FILES.items():
        if next(tree.find_all(kind), None) is not None:
            raise _Refused(f"uses {{% {tag} %}}, which a letter template may not")
    stack: list[tuple[nodes.Node, int]] = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise _Refused(f"nests its tags more than {MAX_DEPTH} deep")
        deeper = depth + 1 if isinstance(node, nodes.Stmt) else depth
        stack.extend((child, deeper) for child in node.iter_child_nodes())


class _LetterTemplate(DocxTemplate):  # type: ignore[misc]
    """docxtpl's template, never filling the document's properties (see the module)."""

    def render_properties(self, context: dict[str, Any], jinja_env: Any = None) -> None:
        return None


def _environment() -> _BoundedEnvironment:
    return _BoundedEnvironment()


#: The document properties docxtpl would fill; a template holding tags in any is refused.
PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title",
              "category", "keywords")  # fmt: skip


def _templated_properties(template: DocxTemplate) -> list[str]:
    core = template.docx.core_properties
    return [
        name for name in PROPERTIES
        if any(tag in (getattr(core, name, "") or "") for tag in ("{{", "{%", "{#"))
    ]  # fmt: skip


def _open(path: Path) -> DocxTemplate:
    problem = unpacked_problem(path, MAX_UNPACKED, "Word document")
    if problem is not None:
        if problem.startswith("is not a Word document"):
            raise TemplateProblem(
                f"Template '{path.name}' cannot be opened as a Word document: save it from "
                "Word as a .docx file"
            )
        raise TemplateProblem(f"Template '{path.name}' {problem}: save it again from Word")
    template = _LetterTemplate(path)
    template.init_docx()
    return template


def placeholders_used(path: Path) -> set[str]:
    """The placeholder names ``path`` uses (TemplateProblem if it cannot be read or
    breaks a bound)."""
    try:
        template = _open(path)
        templated = _templated_properties(template)
        if templated:
            raise TemplateProblem(
                f"Template '{path.name}' has placeholders in its document properties "
                f"({', '.join(templated)}), which are never filled: remove them (in Word, "
                "File > Info > Properties)"
            )
        return set(template.get_undeclared_template_variables(_environment())) - {_COUNTER, _JOIN}
    except TemplateProblem:
        raise
    except TemplateSyntaxError as exc:
        raise TemplateProblem(
            f"Template '{path.name}' has a mistake in its placeholders ({exc.message}): "
            "check that each {{ has its }}, each {% has its %}, and each {% if %} its "
            "{% endif %}"
        ) from None
    except _Refused as exc:
        raise TemplateProblem(f"Template '{path.name}' {exc.message}: simplify it") from None
    except RecursionError:
        raise TemplateProblem(_too_deep(path)) from None
    except _UNREADABLE:
        raise TemplateProblem(
            f"Template '{path.name}' cannot be opened as a Word document: save it from "
            "Word as a .docx file"
        ) from None
    except OSError as exc:
        raise TemplateProblem(f"Template '{path.name}' cannot be read: {exc.strerror}") from None
    except Exception as exc:  # one bad file must not break the list of the others
        raise TemplateProblem(
            f"Template '{path.name}' cannot be used ({type(exc).__name__}): save it again from Word"
        ) from None


def _too_deep(path: Path) -> str:
    return f"Template '{path.name}' nests its tags too deeply to read: simplify it"


def check(path: Path) -> None:
    """Refuse a template Advocacy Desk cannot fill (TemplateProblem, saying why)."""
    unknown = sorted(placeholders_used(path) - PLACEHOLDERS.keys())
    if unknown:
        names = " and ".join(", ".join(f"{{{{ {n} }}}}" for n in unknown).rsplit(", ", 1))
        raise TemplateProblem(
            f"Template '{path.name}' uses {names}, which Advocacy Desk does not know. "
            f"The placeholders a template may use: {known_list()}"
        )


def fill(path: Path, values: Mapping[str, str]) -> bytes:
    """The template at ``path`` with its placeholders filled from ``values``, as the
    bytes of a .docx file. The template is checked first."""
    check(path)
    try:
        template = _open(path)
        template.render(dict(values), jinja_env=_environment(), autoescape=True)
        out = BytesIO()
        template.save(out)
    except _Refused as exc:
        raise TemplateProblem(f"Template '{path.name}' {exc.message}: simplify it") from None
    except SecurityError as exc:
        raise TemplateProblem(
            f"Template '{path.name}' does something a letter template may not ({exc}): simplify it"
        ) from None
    except TemplateError as exc:
        raise TemplateProblem(f"Template '{path.name}' could not be filled: {exc}") from None
    except RecursionError:
        raise TemplateProblem(_too_deep(path)) from None
    except MemoryError:
        raise TemplateProblem(
            f"Template '{path.name}' fills to more than this computer can hold: simplify it"
        ) from None
    except TemplateProblem:
        raise
    except Exception as exc:  # a damaged part met only while filling: one line, no trace
        raise TemplateProblem(
            f"Template '{path.name}' could not be filled ({type(exc).__name__}): save it "
            "again from Word"
        ) from None
    return out.getvalue()
