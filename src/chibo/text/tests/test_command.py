"""The real `chibo extract` command, scored with ../shared/tools/score_extraction.py (the acceptance bar)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import DEV_PASSAGES, text_env


def score(shared: Path, gold: Path, predicted: Path) -> dict[str, float]:
    """Run the shared scorer as it is run by hand; return its figures."""
    done = subprocess.run(
        [sys.executable, str(shared / "tools" / "score_extraction.py"), str(gold), str(predicted), "--show-errors"],
        capture_output=True, text=True, encoding="utf-8", timeout=120, check=False,
    )
    out = done.stdout
    figures = {k: float(v) for k, v in re.findall(r"(ref_f1|date_acc|impl_f1)=([\d.]+)", out)}
    dates = re.search(r"dates correct (\d+)/(\d+)", out)
    quantities = re.search(r"quantities found (\d+)/(\d+) extra (\d+)", out)
    assert dates and quantities and len(figures) == 3, out + done.stderr
    figures.update(dates_ok=int(dates[1]), dates_n=int(dates[2]), q_found=int(quantities[1]),
                   q_total=int(quantities[2]), q_extra=int(quantities[3]), report=out)
    return figures


def extract_to(run_extract, source: Path, target: Path) -> list[dict]:
    done = run_extract(str(source))
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    target.write_text(done.stdout, encoding="utf-8")
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_seed_articles_score_perfectly(shared, run_extract, tmp_path):
    gold = shared / "data" / "seed_gold.jsonl"
    lines = extract_to(run_extract, gold, tmp_path / "seed_out.jsonl")
    assert len(lines) == 5
    s = score(shared, gold, tmp_path / "seed_out.jsonl")
    assert (s["ref_f1"], s["date_acc"], s["impl_f1"]) == (1.0, 1.0, 1.0), s["report"]
    assert s["dates_ok"] == s["dates_n"] == 11, s["report"]
    assert s["q_found"] == s["q_total"] == 12, s["report"]


def test_dev_passages_score_perfectly(shared, run_extract, tmp_path):
    lines = extract_to(run_extract, DEV_PASSAGES, tmp_path / "dev_out.jsonl")
    gold = [json.loads(line) for line in DEV_PASSAGES.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert [line["id"] for line in lines] == [g["id"] for g in gold]
    s = score(shared, DEV_PASSAGES, tmp_path / "dev_out.jsonl")
    assert (s["ref_f1"], s["date_acc"], s["impl_f1"]) == (1.0, 1.0, 1.0), s["report"]
    assert s["dates_ok"] == s["dates_n"], s["report"]
    assert s["q_found"] == s["q_total"] and s["q_extra"] == 0, s["report"]


def test_output_schema(run_extract):
    text = ("Thực hiện Kế hoạch số 11-KH/BTGTU ngày 11/01/2021 của Ban Tuyên giáo Tỉnh ủy, vừa qua, Thành ủy "
            "Vũng Tàu cũng đã ban hành Kế hoạch số 38-KH/TU; trên 16 nghìn người tham gia.")
    done = run_extract("-", stdin=json.dumps({"id": "a1", "text": text}, ensure_ascii=False) + "\n")
    assert done.returncode == 0, done.stderr
    [line] = [json.loads(x) for x in done.stdout.splitlines()]
    assert set(line) == {"id", "references", "implements", "quantities"}
    first = line["references"][0]
    assert set(first) == {"surface", "start", "end", "system", "notation", "number", "type_code", "type_name",
                          "issuer_code", "issued_on", "issuer_name"}
    surface = "Kế hoạch số 11-KH/BTGTU ngày 11/01/2021 của Ban Tuyên giáo Tỉnh ủy"
    assert first == {
        "surface": surface, "start": 10, "end": 10 + len(surface), "system": "party", "notation": "11-KH/BTGTU", "number": "11", "type_code": "KH",
        "type_name": "Kế hoạch", "issuer_code": "BTGTU", "issued_on": "2021-01-11",
        "issuer_name": "Ban Tuyên giáo Tỉnh ủy",
    }
    assert text[first["start"]:first["end"]] == first["surface"]
    assert line["implements"] == [{"child": "38-KH/TU", "parent": "11-KH/BTGTU"}]
    assert line["quantities"] == [{"surface": "16 nghìn người", "value": "16000", "unit": "người"}]


def test_malformed_lines_are_named_and_the_rest_processed(run_extract, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(
        "\n".join([
            json.dumps({"id": 1, "text": "Chỉ thị số 03-CT/TW ngày 14/05/2011 của Bộ Chính trị"}, ensure_ascii=False),
            '{"id": 2, "text": "Kế hoạch số 38-KH/TU"',  # cut short
            json.dumps({"id": 3}),  # no text
            "[1, 2]",  # not an object
            "",  # blank lines are skipped, not errors
            json.dumps({"id": 5, "text": "Đề án số 13-ĐA/TU"}, ensure_ascii=False),
        ]) + "\n",
        encoding="utf-8",
    )
    done = run_extract(str(source))
    assert done.returncode == 1
    out = [json.loads(x) for x in done.stdout.splitlines()]
    assert [x["id"] for x in out] == [1, 5]
    assert out[0]["references"][0]["issued_on"] == "2011-05-14"
    assert out[1]["references"][0]["notation"] == "13-ĐA/TU"
    errors = done.stderr.splitlines()
    assert len(errors) == 3
    assert errors[0].startswith(f"{source}:2: dòng 2 ") and "JSON" in errors[0]
    assert errors[1].startswith(f"{source}:3: dòng 3 ") and '"text"' in errors[1]
    assert errors[2].startswith(f"{source}:4: dòng 4 ")


def test_stdin_and_exit_status(run_extract):
    good = json.dumps({"id": "x", "text": "kế hoạch 19-KH/ĐUS ngày 23/9/2011"}, ensure_ascii=False)
    ok = run_extract("-", stdin=good + "\n")
    assert ok.returncode == 0 and ok.stderr == ""
    assert json.loads(ok.stdout)["references"][0]["notation"] == "19-KH/ĐUS"
    bad = run_extract("-", stdin=good + "\nnot json\n")
    assert bad.returncode == 1
    assert bad.stderr.startswith("stdin:2: dòng 2 ")
    assert len(bad.stdout.splitlines()) == 1


def test_missing_file(run_extract, tmp_path):
    done = run_extract(str(tmp_path / "missing.jsonl"))
    assert done.returncode == 2
    assert "không mở được tệp" in done.stderr
    assert done.stdout == ""


def test_python_dash_m_runs_the_same_command(run_extract):
    line = json.dumps({"id": 7, "text": "Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ"}, ensure_ascii=False)
    done = run_extract("-", stdin=line + "\n", command=[sys.executable, "-m", "chibo.text"])
    assert done.returncode == 0, done.stderr
    ref = json.loads(done.stdout)["references"][0]
    assert (ref["system"], ref["type_code"], ref["issuer_code"], ref["issued_on"]) == ("state", "NĐ", "CP", "2020-03-05")


@pytest.mark.parametrize("statement", [
    "import chibo.text",
    "import chibo.text.cli, chibo.text.__main__",
])
def test_importing_chibo_text_does_not_import_django(statement):
    code = (
        f"{statement}\n"
        "import sys\n"
        "from chibo.text import extract\n"
        "extract('Kế hoạch số 38-KH/TU ngày 25/01/2021 của Thành ủy; 12 đảng viên')\n"
        "loaded = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "print(loaded)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=text_env(),
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
