"""Refresh from the publishers, over real HTTP from a server on 127.0.0.1.

The server (``http.server`` in a thread) serves a mirror laid out like the
raw snapshot (``../shared/sources``); the refresh is pointed at it with its
base-URL override. The success path must give the same tables as the snapshot
with the download recorded; every failure (a body cut short, wrong columns, an
HTTP 500, a timeout, a connection dropped mid-file) must leave ``data/`` and the
downloads folder byte-identical and say what failed.
"""

from __future__ import annotations

import hashlib
import http.server
import json
import shutil
import threading
import time
from pathlib import Path

import pytest

from minusma.data import pipeline, refresh, sources, swap
from minusma.paths import sources_dir

from .conftest import ROOT

RAW_PRESENT = all((sources_dir() / s.path).exists() for s in sources.SOURCES.values() if s.root == "sources")
pytestmark = pytest.mark.skipif(not RAW_PRESENT, reason=f"raw sources not found under {sources_dir()}")

DOWNLOADABLE = [s for s in sources.SOURCES.values() if s.download]
UN = sources.get("un_fatalities")


class Handler(http.server.SimpleHTTPRequestHandler):
    """Serves files of ``server.root``; ``server.faults`` maps a path to a misbehaviour."""

    def log_message(self, *args):  # keep test output clean
        pass

    def translate_path(self, path):
        rel = path.split("?", 1)[0].lstrip("/")
        return str(Path(self.server.root) / rel)

    def do_GET(self):
        fault = self.server.faults.get(self.path.split("?", 1)[0].lstrip("/"))
        self.server.seen.append((self.path, self.headers.get("Authorization")))
        if fault == "500":
            self.send_error(500, "Internal Server Error")
        elif fault == "slow":
            time.sleep(3)  # longer than the refresh's timeout in the test; bounded
            self.send_error(503)
        elif fault == "drop":
            body = Path(self.translate_path(self.path)).read_bytes()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
        elif fault == "auth" and self.headers.get("Authorization") != "Bearer token-123":
            self.send_error(401)
        else:
            super().do_GET()

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        self.server.posted.append(self.rfile.read(length).decode())
        body = json.dumps({"access_token": "token-123"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def server():
    """Start a server on 127.0.0.1 (a free port); yield it; stop it."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.root, httpd.faults, httpd.seen, httpd.posted = str(sources_dir()), {}, [], []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    httpd.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def folders(tmp_path, monkeypatch):
    """A copy of data/ and an existing downloads folder, both to be compared byte for byte."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    dest = tmp_path / "downloads"
    dest.mkdir()
    (dest / "MANIFEST.json").write_text('{"sources": []}\n', encoding="utf-8")
    monkeypatch.setenv("MINUSMA_DATA", str(data))
    return data, dest


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def mirror(tmp_path: Path, change=None) -> Path:
    """A mirror holding the downloadable files; ``change(bytes) -> bytes`` alters the UN table."""
    root = tmp_path / "mirror"
    for s in DOWNLOADABLE:
        (root / s.path).parent.mkdir(parents=True, exist_ok=True)
        raw = (sources_dir() / s.path).read_bytes()
        (root / s.path).write_bytes(change(raw) if (change and s.id == UN.id) else raw)
    return root


def test_un_table_is_downloadable_from_its_publisher():
    assert UN.download == "https://api.psdata.un.org/public/data/DPPADPOSS-FATALITIES/CSV"
    assert UN.version_column == "last_update"
    # Archived versions and the fact base cannot be downloaded again: the refresh keeps them.
    assert not sources.get("un_fatalities_2023").download and not sources.get("facts_timeline").download


def test_refresh_over_http_downloads_records_derives_and_swaps(server, folders, tmp_path):
    data, dest = folders
    before = {p.name: p.read_bytes() for p in data.iterdir()}
    done = refresh.refresh(dest, base_url=server.url, timeout=10, data=data, log=lambda *_: None)
    assert (f"/{UN.path}", None) in server.seen  # really fetched over HTTP
    manifest = json.loads((dest / "MANIFEST.json").read_text(encoding="utf-8"))
    entry = next(s for s in manifest["sources"] if s["id"] == UN.id)
    assert entry["status"] == "downloaded" and entry["url"] == f"{server.url}/{UN.path}"
    assert entry["sha256"] == hashlib.sha256((sources_dir() / UN.path).read_bytes()).hexdigest()
    assert entry["version"] == "2025-04-04"  # largest last_update of the 2025-04-04 version
    assert entry["retrieved"] == refresh._today()
    status = {s["id"]: s["status"] for s in manifest["sources"]}
    downloadable = {s.id for s in DOWNLOADABLE}
    assert {i for i, v in status.items() if v == "downloaded"} == downloadable
    assert all(v.startswith("kept") for i, v in status.items() if i not in downloadable)
    assert {"acled_mli_pv_admin2", "acled_bfa_pv_admin2"} <= downloadable  # via HDX's API, served by the mirror
    assert {d.id for d in done} == {s["id"] for s in manifest["sources"]}
    # Same bytes downloaded, so the same tables; the data package records the download.
    for name, raw in before.items():
        if name != "datapackage.json":
            assert (data / name).read_bytes() == raw, name
    pkg = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    un_sources = [s for r in pkg["resources"] for s in r["sources"] if s["file"] == UN.path]
    assert un_sources and all(
        s["retrieved"] == refresh._today() and s["sha256"] == entry["sha256"] and s["path"] == entry["url"]
        for s in un_sources
    )
    # And data/ equals a fresh derivation from the downloads folder.
    fresh = tmp_path / "fresh"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MINUSMA_SOURCES", str(dest))
        pipeline.derive_all(fresh)
    assert pipeline.compare(fresh, data) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "downloads", "fresh"]  # no staging left


def _truncate(raw: bytes) -> bytes:
    return raw[: int(len(raw) * 0.6)]


def _rename_column(raw: bytes) -> bytes:
    head, rest = raw.split(b"\n", 1)
    return head.replace(b"incident_date", b"date_of_incident") + b"\n" + rest


FAILURES = {
    # name: (how the mirror or server misbehaves, what the message must say)
    "truncated-file": (dict(change=_truncate), "truncated"),
    "wrong-columns": (dict(change=_rename_column), "'incident_date': required column is missing"),
    "http-500": (dict(fault="500"), "HTTP 500"),
    "timeout": (dict(fault="slow"), "no answer within 1 s"),
    "connection-dropped": (dict(fault="drop"), "download cut off"),
}


@pytest.mark.parametrize("kind", sorted(FAILURES))
def test_a_failed_refresh_leaves_data_and_downloads_byte_identical(kind, server, folders, tmp_path, capsys):
    data, dest = folders
    how, message = FAILURES[kind]
    server.root = str(mirror(tmp_path, how.get("change")))
    if "fault" in how:
        server.faults[UN.path] = how["fault"]
    before_data, before_dest = digest(data), digest(dest)
    code = refresh.main(["--dest", str(dest), "--base-url", server.url, "--timeout", "1"])
    err = capsys.readouterr().err
    assert code == 2
    assert message in err, err
    assert "data/ was left unchanged" in err
    if "fault" in how:
        assert UN.id in err  # names the source that failed
    assert digest(data) == before_data
    assert digest(dest) == before_dest
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "downloads", "mirror"]  # no staging left


def test_hdx_resources_are_looked_up_through_the_ckan_api(server, tmp_path, monkeypatch):
    api = tmp_path / "hdx" / "api" / "3" / "action"
    api.mkdir(parents=True)
    (api / "package_show").write_text(
        json.dumps(
            {
                "result": {
                    "resources": [
                        {"name": "mali_hrp_civilian_targeting_events.xlsx", "url": "https://x/ct.xlsx"},
                        {"name": "mali_hrp_political_violence_events.xlsx", "url": "https://x/pv.xlsx"},
                    ]
                }
            }
        ),
        encoding="utf-8",
    )
    server.root = str(tmp_path / "hdx")
    monkeypatch.setenv("MINUSMA_HDX_API", f"{server.url}/api/3/action")
    url = refresh.hdx_resource_url("acled-data-for-mali", r"political_violence", source="acled_mali", timeout=5)
    assert url == "https://x/pv.xlsx"
    assert server.seen[-1][0] == "/api/3/action/package_show?id=acled-data-for-mali"
    with pytest.raises(refresh.RefreshError, match="no resource of HDX dataset"):
        refresh.hdx_resource_url("acled-data-for-mali", r"fatalities_by_week", source="acled_mali", timeout=5)


def test_acled_api_uses_credentials_from_the_environment_only(server, tmp_path, monkeypatch):
    root = tmp_path / "acled"
    (root / "api").mkdir(parents=True)
    (root / "api" / "read").write_text("event_id_cnty,event_date,fatalities\nMLI1,2022-03-27,5\n", encoding="utf-8")
    snapshot = tmp_path / "snapshot"
    (snapshot / "acled").mkdir(parents=True)
    (snapshot / "acled" / "events.csv").write_text(
        "event_id_cnty,event_date,fatalities\nMLI0,2020-01-01,1\n", encoding="utf-8"
    )
    server.root, server.faults["api/read"] = str(root), "auth"
    s = sources.RawSource(
        id="acled_events",
        path="acled/events.csv",
        title="t",
        publisher="ACLED",
        version="v",
        url="https://acleddata.com",
        licence="ACLED-TOU",
        retrieved="2026-01-01",
        credit="ACLED",
        download=f"{server.url}/api/read?country=Mali&_format=csv",
        access="acled-api",
    )
    monkeypatch.setenv("MINUSMA_ACLED_TOKEN_URL", f"{server.url}/oauth/token")
    # Without credentials: the snapshot's copy is kept, and nothing is asked of the API.
    monkeypatch.delenv("ACLED_USERNAME", raising=False)
    monkeypatch.delenv("ACLED_PASSWORD", raising=False)
    kept = refresh._download_one(s, tmp_path / "new1", base_url=None, timeout=5, used=set(), snapshot=snapshot)
    assert kept.status == "kept (ACLED_USERNAME/ACLED_PASSWORD not set)" and server.seen == []
    # With credentials: a token is asked for, the data are fetched with it, the secret is stored nowhere.
    monkeypatch.setenv("ACLED_USERNAME", "analyst@example.org")
    monkeypatch.setenv("ACLED_PASSWORD", "s3cret-pw")
    got = refresh._download_one(s, tmp_path / "new2", base_url=None, timeout=5, used=set(), snapshot=snapshot)
    assert got.status == "downloaded"
    assert "password=s3cret-pw" in server.posted[0]
    assert server.seen[-1] == ("/api/read?country=Mali&_format=csv", "Bearer token-123")
    assert (tmp_path / "new2" / "acled" / "events.csv").read_text(encoding="utf-8").startswith("event_id_cnty")
    assert "s3cret" not in json.dumps(got.as_dict()) and "token-123" not in json.dumps(got.as_dict())


def _source(server, tmp_path, name, fmt, extract):
    return sources.RawSource(
        id=name,
        path=f"conflict/{name}.csv",
        title="t",
        publisher="p",
        version="v",
        url="https://example.org",
        licence="ACLED-TOU",
        retrieved="2026-01-01",
        credit="c",
        download=f"{server.url}/{name}.{fmt}",
        download_format=fmt,
        download_extract=extract,
    )


def test_a_workbook_sheet_or_a_zip_member_becomes_the_csv(server, tmp_path):
    """HDX's ACLED files are workbooks (sheet `Data`), UCDP's downloads are zips: the CSV inside is kept."""
    import zipfile

    import openpyxl

    root = tmp_path / "pub"
    root.mkdir()
    book = openpyxl.Workbook()
    book.active.title = "Data"
    for row in (
        ["Admin2", "Month", "Year", "Events", "Fatalities"],
        ["Ménaka", "March", 2022, 12, 40.0],
        ["Ségou", "April", 2026, 3, None],
    ):
        book["Data"].append(row)
    book.create_sheet("TOU").append(["ACLED terms of use"])
    book.save(root / "pv.xlsx")
    with zipfile.ZipFile(root / "ged.zip", "w") as z:
        z.writestr("readme.txt", "UCDP")
        z.writestr("GEDEvent_v25_1.csv", "id,country_id,best\n1,432,7\n")
    server.root = str(root)
    snapshot = tmp_path / "snapshot"
    snapshot.mkdir()
    got = refresh._download_one(
        _source(server, tmp_path, "pv", "xlsx", "Data"),
        tmp_path / "new",
        base_url=None,
        timeout=5,
        used=set(),
        snapshot=snapshot,
    )
    assert (tmp_path / "new" / "conflict" / "pv.csv").read_text(encoding="utf-8") == (
        "Admin2,Month,Year,Events,Fatalities\nMénaka,March,2022,12,40\nSégou,April,2026,3,\n"
    )
    assert got.status == "downloaded" and sorted(p.name for p in (tmp_path / "new" / "conflict").iterdir()) == [
        "pv.csv"
    ]
    refresh._download_one(
        _source(server, tmp_path, "ged", "zip", r"GEDEvent.*\.csv$"),
        tmp_path / "new",
        base_url=None,
        timeout=5,
        used=set(),
        snapshot=snapshot,
    )
    assert (tmp_path / "new" / "conflict" / "ged.csv").read_text(encoding="utf-8") == "id,country_id,best\n1,432,7\n"
    with pytest.raises(refresh.RefreshError, match="no sheet 'Events'"):
        refresh._download_one(
            _source(server, tmp_path, "pv", "xlsx", "Events"),
            tmp_path / "new2",
            base_url=None,
            timeout=5,
            used=set(),
            snapshot=snapshot,
        )
    server.faults["pv.xlsx"] = "500"
    with pytest.raises(refresh.RefreshError, match="HTTP 500"):
        refresh._download_one(
            _source(server, tmp_path, "pv", "xlsx", "Data"),
            tmp_path / "new3",
            base_url=None,
            timeout=5,
            used=set(),
            snapshot=snapshot,
        )


# --------------------------------------------------------------------------
# Issue 15: secrets stay secret
# --------------------------------------------------------------------------


def test_redact_removes_credentials_of_addresses_headers_and_the_environment():
    from minusma.data.redact import redact

    env = {"ACLED_PASSWORD": "s3cret-pw", "MINUSMA_SOURCES_TOKEN": "ghp_abcdef123456", "HOME": "/root"}
    text = (
        "https://analyst:hunter22@api.example.org/x?country=Mali&key=K3Y-value&email=a@b.org "
        "Authorization: Bearer eyJhbGciOi.J9xyz s3cret-pw ghp_abcdef123456 /root"
    )
    out = redact(text, env)
    for secret in ("hunter22", "analyst", "K3Y-value", "a@b.org", "eyJhbGciOi", "s3cret-pw", "ghp_abcdef"):
        assert secret not in out, (secret, out)
    assert out.startswith("https://***@api.example.org/x?country=Mali&key=***&email=***")
    assert "Bearer ***" in out and out.endswith("*** *** /root")  # HOME is not a secret


def test_a_failed_refresh_prints_no_credential(server, folders, tmp_path, capsys, monkeypatch):
    """An address with user:password@ and ?key=, and secrets in the environment, never reach the output."""
    data, dest = folders
    server.root = str(mirror(tmp_path))
    monkeypatch.setenv("ACLED_PASSWORD", "s3cret-pw")
    port = server.url.rsplit(":", 1)[1]
    for base in (f"http://analyst:hunter22@127.0.0.1:{port}", f"{server.url}/nothing?key=s3cret-pw"):
        before = digest(dest)
        code = refresh.main(["--dest", str(dest), "--base-url", base, "--timeout", "2"])
        out, err = capsys.readouterr()
        assert code == 2, err
        assert "hunter22" not in out + err and "s3cret-pw" not in out + err, err
        assert "Traceback" not in err and "refresh failed" in err
        assert digest(dest) == before
    assert not list(tmp_path.glob("downloads.new-*"))


def test_the_refresh_workflow_leaves_no_token_in_git_config():
    import yaml

    wf = yaml.safe_load((ROOT / ".github" / "workflows" / "refresh.yml").read_text(encoding="utf-8"))
    steps = wf["jobs"]["refresh"]["steps"]
    checkouts = [s for s in steps if str(s.get("uses", "")).startswith("actions/checkout")]
    assert len(checkouts) == 2
    assert all(s.get("with", {}).get("persist-credentials") is False for s in checkouts)
    push = next(s for s in steps if " push " in s.get("run", ""))
    assert "git config" not in push["run"].replace("git config user.", "")  # no credential written to config
    assert "extraheader" in push["run"] and "::add-mask::" in push["run"]


def test_a_second_refresh_refuses_while_one_runs(folders, tmp_path, capsys):

    data, dest = folders
    before = digest(dest)
    with swap.locked(dest):
        assert refresh.main(["--dest", str(dest), "--base-url", "http://127.0.0.1:9", "--timeout", "1"]) == 3
    err = capsys.readouterr().err
    assert "another run is writing" in err and "Traceback" not in err
    assert digest(dest) == before and sorted(p.name for p in tmp_path.iterdir()) == ["data", "downloads"]
