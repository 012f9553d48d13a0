"""``flowdesk diff --format png|svg|html -o OUT``, from files or from database versions."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtSvg import QSvgRenderer
from tests.app.diffview.samples import NEW, OLD
from tests.support.storage import DIALECTS, temporary_url, unique_name

from flowdesk.cli.main import main
from flowdesk.model.document import load
from flowdesk.storage import repository as repo
from flowdesk.storage.database import open_database


def _files(tmp_path: Path) -> tuple[str, str]:
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(json.dumps(OLD), encoding="utf-8")
    new.write_text(json.dumps(NEW), encoding="utf-8")
    return str(old), str(new)


def test_png_of_the_requested_width(qapp, tmp_path: Path) -> None:
    old, new = _files(tmp_path)
    out = tmp_path / "diff.png"
    assert main(["diff", old, new, "--format", "png", "-o", str(out), "--width", "800"]) == 1
    image = QImage(str(out))
    assert not image.isNull() and image.width() == 800


def test_svg_and_equal_versions_exit_zero(qapp, tmp_path: Path) -> None:
    old, _new = _files(tmp_path)
    out = tmp_path / "same.svg"
    assert main(["diff", old, old, "--format", "svg", "-o", str(out), "--width", "640"]) == 0
    renderer = QSvgRenderer(str(out))
    assert renderer.isValid() and round(renderer.viewBoxF().width()) == 640


def test_html_report_is_self_contained(qapp, tmp_path: Path) -> None:
    old, new = _files(tmp_path)
    out = tmp_path / "diff.html"
    assert main(["diff", old, new, "--format", "html", "-o", str(out)]) == 1
    text = out.read_text(encoding="utf-8")
    assert "<svg" in text and "<h2>Parameters " in text and "BREAKING" in text
    assert not re.search(r'(?:src|href)\s*=\s*"https?:', text)


def test_picture_formats_need_an_output_file(tmp_path: Path, capsys) -> None:
    old, new = _files(tmp_path)
    assert main(["diff", old, new, "--format", "png"]) == 2
    assert "needs -o OUT" in capsys.readouterr().err


def test_files_or_db_but_not_neither(capsys) -> None:
    assert main(["diff"]) == 2
    assert "give OLD and NEW files" in capsys.readouterr().err
    assert main(["diff", "--db", "x.sqlite", "--tenant", "t"]) == 2
    assert "--db needs --key, --versions" in capsys.readouterr().err


@pytest.fixture(scope="module", params=DIALECTS)
def stored(request: pytest.FixtureRequest,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """A database with versions 1 (OLD) and 2 (NEW) of workflow ``orders``, and a draft."""
    tenant = unique_name("acme")
    with temporary_url(request.param, tmp_path_factory.mktemp("diffdb")) as url:
        db = open_database(url, upgrade=True)
        with db.session() as s:
            t = repo.get_or_create_tenant(s, tenant)
            wf = repo.create_workflow(s, t.id, "orders", "Orders")
            for doc in (OLD, NEW):
                draft = repo.create_draft(s, t.id, wf.id, document=load(doc))
                repo.publish(s, t.id, draft.id)
            repo.create_draft(s, t.id, wf.id, document=load(OLD))
        db.dispose()
        yield url, tenant


def test_versions_from_the_database(qapp, stored: tuple[str, str], tmp_path: Path) -> None:
    url, tenant = stored
    out = tmp_path / "db.html"
    args = ["diff", "--db", url, "--tenant", tenant, "--key", "orders", "--format", "html",
            "-o", str(out)]
    assert main([*args, "--versions", "1,2"]) == 1
    text = out.read_text(encoding="utf-8")
    assert "Changes from v1 to v2" in text and "node slack" in text
    assert main([*args, "--versions", "1,draft"]) == 0  # the draft holds OLD again
    assert "Changes from v1 to draft" in out.read_text(encoding="utf-8")


def test_text_diff_from_the_database_and_clear_errors(stored: tuple[str, str], capsys) -> None:
    url, tenant = stored
    base = ["diff", "--db", url, "--tenant", tenant, "--key", "orders"]
    assert main([*base, "--versions", "2,latest"]) == 0
    assert main([*base, "--versions", "1,9"]) == 2
    assert "orders: no version 9" in capsys.readouterr().err
    assert main([*base, "--versions", "1"]) == 2
    assert "two versions separated by a comma" in capsys.readouterr().err
    assert main(["diff", "--db", url, "--tenant", "nobody", "--key", "orders",
                 "--versions", "1,2"]) == 2
    assert "no tenant named 'nobody'" in capsys.readouterr().err


def test_a_text_diff_does_not_load_qt(tmp_path: Path) -> None:
    old, new = _files(tmp_path)
    code = ("import sys, io, contextlib\n"
            "from flowdesk.cli.main import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    rc = main(['diff', {old!r}, {new!r}])\n"
            "print(rc, 'PySide6' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["1", "False"]
