"""planpipe.toml: loading, one-line errors, and the [profile] it may hold."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import load_config
from pipeline.errors import ConfigError, PipelineError
from pipeline.profile import load_settings, profile_to_settings
from pipeline.settings import DEFAULT


def test_absent_file_in_the_working_folder_is_no_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert load_config() == {}
    assert load_settings() is DEFAULT


def test_working_folder_file_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "planpipe.toml").write_text('[publish]\ntitle = "Planer"\n\n[profile]\ncolumns = {"Hvad" = "title"}\n')
    assert load_config() == {"publish": {"title": "Planer"}, "profile": {"columns": {"Hvad": "title"}}}
    assert load_settings().column_field("HVAD") == "title"


def test_named_file_must_exist(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"^.*nope\.toml: no such file$"):
        load_config(tmp_path / "nope.toml")
    assert issubclass(ConfigError, PipelineError)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a = 1\nb = = 2\n", "line 2: not valid TOML: Invalid value"),
        ("a = 1\nb = [\n", "line 3 (end of file): not valid TOML: Invalid value"),
        ('[profile]\ncolumns = {"Hvad" = "titel"}\n', "[profile] columns: 'Hvad' maps to 'titel'; fields are"),
        ("[profile]\nheader = 1\n", "[profile] has no setting 'header'"),
        ("[profile]\npillar_pattern = '^Område (x)'\n", "[profile] pillar_pattern must have a group named 'title'"),
        ("[profile]\nreference_pattern = '(['\n", "[profile] reference_pattern is not a valid regular expression"),
    ],
)
def test_bad_files_give_one_line_errors(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "planpipe.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    assert str(caught.value).startswith(f"{path}: {message}")
    assert "\n" not in str(caught.value)


def test_profile_patterns_replace_the_defaults() -> None:
    settings = profile_to_settings(
        {"profile": {"pillar_pattern": "^Område (?P<n>\\d+) – (?P<title>.+)$", "reference_pattern": "\\[\\d+\\]"}}
    )
    assert settings.numbered_pillar_re.match("Område 2 – Læsning").group("title") == "Læsning"
    assert settings.reference_re.search("Læseklub [2]").group(0) == "[2]"
