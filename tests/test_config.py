"""planpipe.toml: loading, one-line errors, and the [profile] it may hold."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import load_config
from pipeline.errors import ConfigError, PipelineError
from pipeline.limits import DEFAULT_LIMITS, limits_from_config, load_limits
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


def test_limits_table_replaces_the_defaults_and_reads_sizes_with_units() -> None:
    limits = limits_from_config({"limits": {"max_input_bytes": "2 KB", "max_pdf_pages": 5, "max_html_depth": 50}})
    assert (limits.max_input_bytes, limits.max_pdf_pages, limits.max_html_depth) == (2048, 5, 50)
    assert limits.max_zip_members == DEFAULT_LIMITS.max_zip_members
    assert limits_from_config({}) is DEFAULT_LIMITS


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[limits]\nmax_pages = 5\n", "[limits] has no setting 'max_pages'; settings are max_input_bytes, "),
        ('[limits]\nmax_input_bytes = "lots"\n', "[limits] max_input_bytes: 'lots' is no size"),
        ('[limits]\nmax_pdf_pages = "5"\n', "[limits] max_pdf_pages must be a whole number, not '5'"),
        ("[limits]\nmax_html_depth = 1000\n", "[limits] max_html_depth must be at most 400, not 1000"),
        ("[limits]\nmax_line_chars = -1\n", "[limits] max_line_chars must be positive, not -1"),
        ("limits = 3\n", "[limits] must be a table"),
    ],
)
def test_bad_limits_give_one_line_errors(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "planpipe.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_limits(path)
    assert str(caught.value).startswith(f"{path}: {message}")
    assert "\n" not in str(caught.value)


def test_limits_from_the_config_reach_extract_run_and_diff(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from cli import main

    plan = Path(__file__).parent.parent / "input" / "faxe-handleplan-2023.txt"
    config = tmp_path / "planpipe.toml"
    config.write_text('[limits]\nmax_input_bytes = "1 KB"\n')
    expected = f"Error: {plan}: "
    for args in (
        ["extract", str(plan), "-o", str(tmp_path / "x")],
        ["diff", str(plan), str(plan)],
        ["run", str(plan), "-o", str(tmp_path / "r")],
    ):
        result = CliRunner().invoke(main, [*args, "--config", str(config)])
        assert result.exit_code == 1, (args, result.output)
        assert expected in result.output and "is larger than the input size limit of 1 KB (max_input_bytes)" in (
            result.output
        )
    assert not (tmp_path / "x").exists()
