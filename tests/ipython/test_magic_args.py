"""Reading %zyntro arguments: words, options, values, interpolation and cell bodies."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from IPython.core.error import UsageError

from zyntro_nb._ipython.args import lookup, parse_args, parse_cell, parse_pairs, parse_value, split_words

NS = {
    "cid": "a1b2c3d4-e5f6-7890-abcd-ef1234567890",
    "ids": [1, 2],
    "row": SimpleNamespace(id=7, tags={"k": "v"}),
    "d": {"k": ["first"], "n": 3},
}


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("crm fetchContact", ["crm", "fetchContact"]),
        ("  a   b  ", ["a", "b"]),
        ("name='Jane Smith'", ["name=Jane Smith"]),
        ('name="Jane \\"J\\" Smith"', ['name=Jane "J" Smith']),
        ("a\\ b", ["a b"]),
        ('contact={"email": "a b@c.d", "n": [1, 2]}', ['contact={"email": "a b@c.d", "n": [1, 2]}']),
        ("tags=[1, 2] x=1", ["tags=[1, 2]", "x=1"]),
        ('{"a": "}"} z', ['{"a": "}"}', "z"]),
        ("greeting=Hi{name}", ["greeting=Hi{name}"]),
        ("x=$HOME", ["x=$HOME"]),
        ("", []),
    ],
    ids=["plain", "extra-spaces", "single-quotes", "escaped-double-quotes", "backslash-space",
         "json-object-unquoted", "json-list", "brace-inside-json-string", "brace-mid-word", "dollar-kept",
         "empty"],
)
def test_split_words_groups_quotes_and_json(line: str, words: list[str]) -> None:
    assert split_words(line) == words


@pytest.mark.parametrize(
    "line", ["name='Jane", 'name="Jane', 'x={"a": 1', "x=[1, 2"], ids=["single", "double", "object", "list"]
)
def test_split_words_refuses_unclosed_quotes_and_brackets(line: str) -> None:
    with pytest.raises(UsageError, match="unclosed"):
        split_words(line)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("42", 42),
        ("-1.5", -1.5),
        ("true", True),
        ("null", None),
        ("[1, 2]", [1, 2]),
        ('{"a": 1}', {"a": 1}),
        ('"42"', "42"),
        ("active", "active"),
        ("NaN", "NaN"),
        ("Infinity", "Infinity"),
        ("02134", "02134"),
        ("", ""),
        ("{}", {}),
    ],
    ids=["int", "float", "bool", "null", "list", "object", "json-string", "word", "nan-stays-text",
         "infinity-stays-text", "leading-zero-stays-text", "empty", "empty-object"],
)
def test_parse_value_reads_json_else_text(text: str, value: object) -> None:
    assert parse_value(text, NS) == value
    assert type(parse_value(text, NS)) is type(value)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("{cid}", NS["cid"]),
        ("{ids}", [1, 2]),
        ("{row.id}", 7),
        ('{row.tags["k"]}', "v"),
        ("{d['k'][0]}", "first"),
        ("{ids[-1]}", 2),
        ("id-{row.id}", "id-7"),
        ("{row.id}/{d['n']}", "7/3"),
        ("{{literal}}", "{literal}"),
        ("a {{b}} {row.id}", "a {b} 7"),
        ('{"row": 1}', {"row": 1}),
        ('"{row}"', "{row}"),
    ],
    ids=["name-gives-object", "list-object", "attribute", "attr-then-key", "key-then-index", "negative-index",
         "formatted-into-text", "two-fields", "escaped-braces", "escapes-and-field", "json-object-not-interpolated",
         "json-string-not-interpolated"],
)
def test_parse_value_interpolates_names_from_the_namespace(text: str, value: object) -> None:
    assert parse_value(text, NS) == value


def test_interpolated_object_is_the_same_object_not_a_copy() -> None:
    assert parse_value("{ids}", NS) is NS["ids"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{missing}", "'missing' is not defined"),
        ("{row.nope}", "AttributeError"),
        ("{d['zz']}", "KeyError"),
        ("{row.__init__()}", "cannot read '\\(\\)'"),
        ("{1+1}", "only a name"),
        ("a{b", "unmatched '{'"),
        ("a}b", "unmatched '}'"),
        ("{row.id:>5}", "cannot read"),
    ],
    ids=["undefined", "bad-attribute", "bad-key", "no-calls", "no-expressions", "open-brace", "close-brace",
         "no-format-spec"],
)
def test_bad_interpolation_is_a_usage_error(text: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        parse_value(text, NS)


def test_lookup_never_evaluates_code() -> None:
    with pytest.raises(UsageError):
        lookup("row.__class__.__init__()", NS)


def test_parse_args_sorts_options_positionals_and_pairs() -> None:
    args = parse_args(
        ["crm", "fetchContact", "--out=df", "contact_id=x", "--raw", "--", "--raw"],
        {"--raw": "raw"},
        {"-o": "out", "--out": "out"},
    )
    assert args.options == {"out": "df", "raw": True}
    assert args.positional == ["crm", "fetchContact", "--raw"]  # after "--" nothing is an option
    assert args.pairs == [("contact_id", "x")]


@pytest.mark.parametrize(
    ("words", "message"),
    [(["--bogus"], "unknown option '--bogus'"), (["-o"], "needs a value"), (["--raw=1"], "unknown option")],
    ids=["unknown", "missing-value", "flag-with-value"],
)
def test_parse_args_refuses_bad_options(words: list[str], message: str) -> None:
    with pytest.raises(UsageError, match=message):
        parse_args(words, {"--raw": "raw"}, {"-o": "out"})


def test_parse_args_keeps_negative_values_in_pairs() -> None:
    assert parse_args(["offset=-1"]).pairs == [("offset", "-1")]


def test_parse_pairs_refuses_a_repeated_key() -> None:
    with pytest.raises(UsageError, match="given twice"):
        parse_pairs([("a", "1"), ("a", "2")], {})


def test_parse_cell_reads_a_json_object_literally() -> None:
    assert parse_cell('\n{"contact": {"name": "{cid}"}, "n": 1}\n', NS) == {"contact": {"name": "{cid}"}, "n": 1}


def test_parse_cell_reads_key_value_lines_with_comments_and_interpolation() -> None:
    body = "# a comment\ncontact_id: {cid}\n\ninclude_notes: 1\nurl=http://x.y/z\n"
    assert parse_cell(body, NS) == {"contact_id": NS["cid"], "include_notes": 1, "url": "http://x.y/z"}


def test_parse_cell_points_at_the_cell_line_and_column_of_bad_json() -> None:
    body = '{\n  "a": 1,\n  "b": tru\n}\n'
    with pytest.raises(UsageError) as info:
        parse_cell(body, {})
    # The %%zyntro line is cell line 1, so body line 3 is cell line 4.
    assert "line 4, column 8 of the cell" in str(info.value)
    assert '"b": tru' in str(info.value)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[1, 2]", "one JSON object"),
        ("just words", "line 2 of the cell: expected 'key: value'"),
        ("a: 1\na: 2", "line 3 of the cell: a is given twice"),
        ("a: {nope}", "line 2 of the cell"),
    ],
    ids=["json-list", "no-separator", "repeated-key", "bad-interpolation"],
)
def test_parse_cell_refuses_malformed_bodies(body: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        parse_cell(body, {})


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("'Called back'", "Called back"),
        ("'   '", "   "),
        ("''", ""),
        ('"  "', "  "),
        ("", ""),
        ("'{cid}'", NS["cid"]),
        ('"say \\"hi\\""', 'say "hi"'),
        ("O'Brien", "O'Brien"),
    ],
    ids=["quoted-words", "quoted-blank", "quoted-empty", "json-blank", "unquoted-blank", "quoted-interpolation",
         "json-escapes", "inner-quote"],
)
def test_parse_cell_reads_shell_quoted_values_like_the_line_form(value: str, expected: object) -> None:
    assert parse_cell(f"note: {value}", NS) == {"note": expected}
    if value and value[0] == "'":  # the line form reads the same words to the same value
        assert parse_pairs(parse_args(split_words(f"note={value}")).pairs, NS) == {"note": expected}


@pytest.mark.parametrize(
    ("body", "message"),
    [("note: 'Called' 'back'", "line 2 of the cell: expected one value, got 2 words"),
     ("note: 'unclosed", "line 2 of the cell: unclosed quote")],
    ids=["two-quoted-words", "unclosed-quote"],
)
def test_parse_cell_refuses_values_that_are_not_one_quoted_word(body: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        parse_cell(body, {})


def test_parse_cell_keeps_numbers_as_typed_for_text_parameters() -> None:
    assert parse_cell("contact_id: 12345\nlimit: 50", {}, as_text={"contact_id"}) == {
        "contact_id": "12345", "limit": 50}


def test_parse_cell_of_a_blank_body_is_empty() -> None:
    assert parse_cell("\n  \n", {}) == {}
