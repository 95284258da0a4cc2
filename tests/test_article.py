"""The article file reader: header, '---', body; every rejection says why."""

from __future__ import annotations

from datetime import date

import pytest

from app.ingest.article import ArticleError, read_article_file

LIMIT = 10_000
GOOD = (
    "title: US troops begin withdrawal from key Iraqi bases\n"
    "source: Test Wire\n"
    "url: https://example.org/a1\n"
    "published: 2025-08-31\n"
    "---\n"
    "US troops have begun withdrawing from Ain al-Asad.\n"
    "\n"
    "A second paragraph.\n"
)


def _write(tmp_path, data, name="a.txt"):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def _read(tmp_path, data, name="a.txt", limit=LIMIT):
    return read_article_file(_write(tmp_path, data, name), limit)


def _rejection(tmp_path, data, limit=LIMIT) -> str:
    with pytest.raises(ArticleError) as caught:
        _read(tmp_path, data, limit=limit)
    return str(caught.value)


def test_header_fields_and_body(tmp_path):
    article = _read(tmp_path, GOOD)
    assert article.title == "US troops begin withdrawal from key Iraqi bases"
    assert article.source == "Test Wire"
    assert article.url == "https://example.org/a1"
    assert article.published == date(2025, 8, 31)
    assert article.published_approx is False
    assert article.body == "US troops have begun withdrawing from Ain al-Asad.\n\nA second paragraph."
    assert article.key == "https://example.org/a1"  # the URL is the identity when given


def test_without_url_the_file_name_is_the_key_and_extra_keys_are_kept(tmp_path):
    text = "Title: A report\nPublished: 2025-08-31\nAuthor: J. Doe\n---\nBody text.\n"
    article = _read(tmp_path, text, name="report-17.txt")
    assert article.key == "report-17.txt"
    assert article.title == "A report"  # keys are case-insensitive
    assert article.headers == {"author": "J. Doe"}


def test_title_falls_back_to_the_first_body_line(tmp_path):
    article = _read(tmp_path, "published: 2025-08-31\n---\nTroops leave Taji\nMore text.\n")
    assert article.title == "Troops leave Taji"


def test_approx_flag(tmp_path):
    article = _read(tmp_path, GOOD.replace("published: 2025-08-31", "published: 2025-08-31 approx"))
    assert article.published == date(2025, 8, 31)
    assert article.published_approx is True


def test_missing_published(tmp_path):
    assert "no 'published" in _rejection(tmp_path, GOOD.replace("published: 2025-08-31\n", ""))


def test_empty_published(tmp_path):
    assert "no 'published" in _rejection(tmp_path, GOOD.replace("published: 2025-08-31", "published:"))


@pytest.mark.parametrize("value", ["31/08/2025", "August 31, 2025", "yesterday", "2025-08-31 approximately"])
def test_unparseable_published(tmp_path, value):
    message = _rejection(tmp_path, GOOD.replace("2025-08-31", value))
    assert "is not a date" in message and value in message


def test_impossible_published_date(tmp_path):
    message = _rejection(tmp_path, GOOD.replace("2025-08-31", "2026-02-30"))
    assert "'2026-02-30' is not a real calendar date" in message


def test_published_out_of_range(tmp_path):
    assert "out of range" in _rejection(tmp_path, GOOD.replace("2025-08-31", "1850-01-01"))


def test_no_header(tmp_path):
    message = _rejection(tmp_path, "US troops have begun withdrawing from Ain al-Asad.\nMore text.\n")
    assert message.startswith("no header: line 1 is not 'key: value'")


def test_no_separator_line(tmp_path):
    message = _rejection(tmp_path, GOOD.replace("---\n", ""))
    assert "line 5 is not 'key: value' and no '---' line came before it" in message


def test_header_only_without_separator(tmp_path):
    message = _rejection(tmp_path, "title: x\npublished: 2025-08-31\n")
    assert "then a line '---'" in message


def test_empty_file(tmp_path):
    assert _rejection(tmp_path, b"") == "empty file"


def test_whitespace_only_file(tmp_path):
    assert _rejection(tmp_path, b"\n  \r\n\t\n") == "empty file"


def test_binary_file(tmp_path):
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    assert "binary file: contains NUL bytes" in _rejection(tmp_path, data)


def test_invalid_utf8(tmp_path):
    data = GOOD.encode("utf-8").replace(b"Ain al-Asad", b"A\xefn al-Asad")
    message = _rejection(tmp_path, data)
    assert "not UTF-8" in message
    bad = data.index(b"\xef")
    assert f"byte {bad}" in message


def test_latin1_file_is_not_utf8(tmp_path):
    data = GOOD.replace("Test Wire", "Agence Française").encode("latin-1")
    assert "not UTF-8" in _rejection(tmp_path, data)


def test_huge_file(tmp_path):
    data = GOOD + "x" * LIMIT
    message = _rejection(tmp_path, data)
    assert f"too large: {len(data.encode())} bytes (limit {LIMIT})" == message


def test_file_at_the_limit_is_read(tmp_path):
    data = GOOD.encode()
    assert _read(tmp_path, data, limit=len(data)).published == date(2025, 8, 31)


@pytest.mark.parametrize("body", ["", "\n\n", "   \n \t \n"])
def test_empty_body(tmp_path, body):
    head = GOOD.split("---\n")[0] + "---\n"
    assert _rejection(tmp_path, head + body) == "the body is empty"


def test_title_too_long(tmp_path):
    assert "title longer than" in _rejection(tmp_path, GOOD.replace("title: US", "title: " + "x" * 600))


def test_crlf_line_endings(tmp_path):
    article = _read(tmp_path, GOOD.replace("\n", "\r\n"))
    assert article.published == date(2025, 8, 31)
    assert article.title == "US troops begin withdrawal from key Iraqi bases"
    assert "\r" not in article.body
    assert article.body == _read(tmp_path, GOOD, name="b.txt").body


def test_byte_order_mark(tmp_path):
    article = _read(tmp_path, b"\xef\xbb\xbf" + GOOD.encode("utf-8"))
    assert article.title == "US troops begin withdrawal from key Iraqi bases"
    assert article.published == date(2025, 8, 31)


def test_bom_and_crlf_together(tmp_path):
    article = _read(tmp_path, b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode("utf-8"))
    assert article.published == date(2025, 8, 31)
    assert "\r" not in article.body


def test_a_later_dashes_line_belongs_to_the_body(tmp_path):
    article = _read(tmp_path, GOOD + "---\nafter a rule\n")
    assert article.body.endswith("---\nafter a rule")


def test_content_hash_follows_the_content(tmp_path):
    first = _read(tmp_path, GOOD)
    assert _read(tmp_path, GOOD.replace("\n", "\r\n"), name="b.txt").content_hash == first.content_hash
    assert _read(tmp_path, GOOD.replace("second", "third"), name="c.txt").content_hash != first.content_hash
