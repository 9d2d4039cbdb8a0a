"""The alerts file: channels, watch list, environment variables, and one clear error per mistake."""

from __future__ import annotations

import pytest

from core.errors import UserError
from flows.alerting import load_alert_config


def _write(tmp_path, text: str):
    path = tmp_path / "alerts.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_full_file_with_secret_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("SMTP_PASSWORD", "pa55-word")
    path = _write(tmp_path, """
channels:
  - console
  - jsonl: out/alerts.jsonl
  - apprise: "mailto://desk:${SMTP_PASSWORD}@127.0.0.1:2525?to=desk@example.org&from=cw@example.org"
  - apprise: "json://127.0.0.1:8125/hook"
    name: newsroom
watch:
  targets: [Huawei, "chip:nvidia-h20"]
  measures: [entity_list, export_ban]
timeout: 5
""")
    config = load_alert_config(path)

    kinds = [(c.kind, c.name) for c in config.channels]
    assert kinds[:2] == [("console", "console"), ("jsonl", "jsonl:out/alerts.jsonl")]
    assert kinds[3] == ("apprise", "newsroom")
    mail = config.channels[2]
    assert mail.name.startswith("apprise:mailto://127.0.0.1:2525#") and "desk" not in mail.name
    assert mail.former_name == "apprise:mailto://desk:****@127.0.0.1:2525/desk%40example.org"
    assert "pa55-word" in mail.target and mail.mask(f"login failed for {mail.target}").count("pa55-word") == 0
    assert config.channels[1].target == str(tmp_path / "out/alerts.jsonl")
    assert config.watch.targets == {"huawei", "chip:nvidia-h20"} and config.timeout == 5.0
    assert config.watch.allows("entity_list", {"firm:huawei", "huawei"})
    assert not config.watch.allows("tariff", {"huawei"}) and not config.watch.allows("export_ban", {"smic"})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("channels: [console]\nchanels: []\n", "chanels: unknown key"),
        ("channels: [slack]\n", "channels[0]: unknown channel 'slack'"),
        ("channels:\n  - console\n  - webhook: http://x\n", "channels[1]: unknown channel 'webhook'"),
        ("channels: []\n", "channels: expected a non-empty list"),
        ("channels:\n  - apprise: 'nonsense://nowhere'\n", "channels[0].apprise: not a URL Apprise supports"),
        ("channels:\n  - apprise: 'json://h/${NO_SUCH_VAR}'\n", "environment variable NO_SUCH_VAR is not set"),
        ("channels: [console]\nwatch:\n  measures: [embargo]\n", "watch.measures: unknown measure 'embargo'"),
        ("channels: [console]\nwatch:\n  target: [Huawei]\n", "watch.target: unknown key"),
        ("channels: [console]\ntimeout: -1\n", "timeout: expected a number above 0 and at most 600"),
        ("channels: [console]\nfresh_days: soon\n", "fresh_days: expected a number of days above 0"),
        ("channels: [console]\nfresh_days: 0\n", "or 'all'"),
        ("channels: [console]\nmax_age_days: 14\n", "max_age_days: renamed fresh_days"),
        ("channels: [console, console]\n", "two channels named 'console'"),
        ("channels: [console\n", "not valid YAML"),
    ],
)
def test_mistakes_name_the_file_and_the_field(tmp_path, text, message):
    path = _write(tmp_path, text)
    with pytest.raises(UserError) as caught:
        load_alert_config(path)
    assert str(path) in str(caught.value) and message in str(caught.value)


def test_missing_file(tmp_path):
    with pytest.raises(UserError, match="nope.yaml: alerts file not found"):
        load_alert_config(tmp_path / "nope.yaml")


def test_bad_url_error_masks_the_secret(tmp_path, monkeypatch):
    monkeypatch.setenv("HOOK_SECRET", "zz-secret-zz")
    path = _write(tmp_path, "channels:\n  - apprise: 'nowhere://user:${HOOK_SECRET}@host'\n")
    with pytest.raises(UserError) as caught:
        load_alert_config(path)
    assert "zz-secret-zz" not in str(caught.value) and "****" in str(caught.value)


def test_shipped_example_file_loads(monkeypatch):
    from pathlib import Path

    import flows.alerting

    monkeypatch.setenv("SMTP_PASSWORD", "example-secret")
    config = load_alert_config(Path(flows.alerting.__file__).with_name("alerts.example.yaml"))
    assert [c.kind for c in config.channels] == ["console", "jsonl", "apprise"]
    assert config.channels[2].name == "editors-mail" and "entity_list" in config.watch.measures
