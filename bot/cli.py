"""`troly`: the command-line front end. Thin: parse arguments, call a service, print."""
from __future__ import annotations

import json
import logging
import sys
from importlib import resources
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table as RichTable
from rich.tree import Tree

from knowledge.qa.evaluate import evaluate
from knowledge.services import Services
from knowledge.settings import Settings
from knowledge.store.catalog import find_document, list_documents, show_document
from knowledge.store.loader import FileOutcome, discover
from knowledge.store.schema import open_db
from knowledge.store.users import add_user, canonical_commune, list_users, remove_user

app = typer.Typer(help="Trợ lý Xã: tra cứu số liệu, văn bản và soạn báo cáo từ tài liệu của xã.", no_args_is_help=True)
console = Console()
EXAMPLES = Path(str(resources.files("examples")))  # the bundled sample corpus (package data)
STATUS_VI = {"added": "đã nạp", "replaced": "đã thay bản cũ", "unchanged": "không đổi (đã có)", "failed": "lỗi"}


@app.callback()
def main(ctx: typer.Context, data_dir: Path | None = typer.Option(None, help="Thư mục dữ liệu (mặc định: TROLY_DATA_DIR).")):
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    settings = Settings(data_dir=data_dir) if data_dir else Settings()
    settings.ensure_dirs()
    ctx.obj = settings


def _db(ctx: typer.Context):
    return open_db(ctx.obj.db_path)


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=console, transient=True)


def _sync(services: Services) -> None:
    """Bring the vector index up to date, with a progress bar while passages are embedded."""
    with _progress() as progress:
        task = progress.add_task("Đang lập chỉ mục đoạn văn", total=None)
        report = services.sync(progress=lambda done, total: progress.update(task, completed=done, total=total))
    if report.added or report.removed:
        console.print(f"Chỉ mục: thêm {report.added}, bỏ {report.removed} đoạn (tổng {report.total}).")


def _ingest(settings: Settings, paths: list[Path], commune: str | None) -> list[FileOutcome]:
    services = Services.open(settings)
    files = list(discover(paths))
    outcomes = []
    with _progress() as progress:
        task = progress.add_task("Đang nạp tài liệu", total=len(files))
        for path in files:
            progress.update(task, description=f"Đang nạp {path.name}")
            outcomes.append(services.ingest(path, commune=commune))
            progress.advance(task)
    for o in outcomes:
        if o.status == "failed":
            console.print(f"[red]✗[/red] {o.message}", soft_wrap=True)
        else:
            console.print(f"[green]✓[/green] {Path(o.path).name}: {STATUS_VI[o.status]} "
                          f"(mã {o.doc_id}, {o.figures} số liệu, {o.citations} trích dẫn văn bản)")
    _sync(services)
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
    rows = list_documents(_db(ctx))
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    if not rows:
        console.print("Chưa có tài liệu nào. Dùng: troly ingest <tệp hoặc thư mục>")
        return
    table = RichTable("Mã", "Tệp", "Loại", "Số", "Ngày", "Xã", "Trích yếu", "Số liệu", "Trích dẫn")
    for r in rows:
        table.add_row(r["id"], r["file"], r["type"] or "", r["number"] or "", r["date"] or "", r["commune"] or "",
                      (r["title"] or "")[:60], str(r["figures"]), str(r["citations"]))
    console.print(table)


@app.command()
def show(ctx: typer.Context, doc: str = typer.Argument(..., help="Mã tài liệu hoặc tên tệp."),
         as_json: bool = typer.Option(False, "--json", help="In JSON.")):
    """Xem một tài liệu: thông tin, mục lục, bảng, số liệu và văn bản được trích dẫn."""
    db = _db(ctx)
    row = find_document(db, doc)
    if row is None:
        console.print(f"Không tìm thấy tài liệu «{doc}». Xem danh sách: troly docs")
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
        console.print(f"[bold]{label}:[/bold] {m[key] or '—'}")
    tree = Tree("[bold]Mục lục[/bold]")
    nodes: dict[int, Tree] = {}
    for s in view["sections"]:
        nodes[s["index"]] = nodes.get(s["parent"], tree).add(s["heading"])
    console.print(tree)
    for t in view["tables"]:
        console.print(f"[bold]Biểu {t['index']}[/bold]: {t['title']} ({len(t['rows'])} dòng)")
    console.print(f"[bold]Số liệu ({len(view['figures'])}):[/bold]")
    for f in view["figures"]:
        console.print(f"  {f['raw']} {f['unit'] or ''} — {f['label']}  [dim]({f['section'] or ''})[/dim]")
    console.print(f"[bold]Văn bản được trích dẫn ({len(view['citations'])}):[/bold]")
    for c in view["citations"]:
        console.print(f"  {c['kind']} {c['symbol'] or c['number']} ngày {c['date'] or '?'} — {c['issuer'] or '?'}"
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
        console.print(answer.text, soft_wrap=True)


def _json_sources(answer: dict) -> list[dict]:
    return [{k: s[k] for k in ("doc_id", "file", "title", "section", "quote")} for s in answer["sources"]]


@app.command("eval")
def eval_(ctx: typer.Context, gold: Path = typer.Argument(..., help="Tệp câu hỏi mẫu (định dạng qa_dev.jsonl)."),
          as_json: bool = typer.Option(False, "--json", help="In JSON.")):
    """Chấm điểm bộ hỏi đáp mẫu trên kho tri thức hiện tại."""
    services = Services.open(ctx.obj)
    items = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    result = evaluate(items, services.answerer.ask)
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=1))
        return
    table = RichTable("Chỉ số", "Giá trị")
    for key, value in result["metrics"].items():
        table.add_row(key, json.dumps(value, ensure_ascii=False))
    console.print(table)
    wrong = [r["id"] for r in result["rows"] if not r["correct"]]
    console.print(f"Câu sai: {', '.join(wrong) or 'không có'}")


@app.command()
def reindex(ctx: typer.Context):
    """Dựng lại chỉ mục tìm kiếm từ cơ sở dữ liệu (không cần nạp lại tệp)."""
    services = Services.open(ctx.obj)
    with _progress() as progress:
        task = progress.add_task("Đang dựng lại chỉ mục", total=None)
        report = services.reindex(progress=lambda done, total: progress.update(task, completed=done, total=total))
    console.print(f"Chỉ mục: {report.total} đoạn văn.")


@app.command()
def doctor(ctx: typer.Context, repair: bool = typer.Option(False, "--repair", help="Sửa những gì sửa được."),
           as_json: bool = typer.Option(False, "--json", help="In JSON.")):
    """Kiểm tra kho tri thức (SQLite, chỉ mục vector, mô hình nhúng); --repair để sửa."""
    from knowledge.doctor import report_lines, run_doctor

    with _progress() as progress:
        task = progress.add_task("Đang kiểm tra kho tri thức", total=None)
        report = run_doctor(ctx.obj, repair=repair,
                            progress=lambda done, total: progress.update(task, completed=done, total=total))
    if as_json:
        typer.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=1))
    else:
        for line in report_lines(report):
            console.print(line, soft_wrap=True)
    if not report.ok:
        raise typer.Exit(1)


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
        console.print(f"Không tìm thấy văn bản nào khớp «{text}» trong các báo cáo đã nạp.")
        raise typer.Exit(1)
    if len(found) > 1:
        console.print(f"Có {len(found)} văn bản khớp «{text}»:")
    for i, entry in enumerate(found, 1):
        console.print(f"[bold]{i}. {describe(entry)}[/bold]", soft_wrap=True)
        if entry["doc_id"]:
            console.print(f"   Đã có toàn văn: {entry['file']} (mã {entry['doc_id']})")
        for note in entry["notes"]:
            console.print(f"   [yellow]Lưu ý:[/yellow] {note}", soft_wrap=True)
        for c in entry["citations"][:3]:
            where = c["section"].split(" > ")[-1] if c["section"] else "—"
            console.print(f"   - {c['file']}, mục {where}: “{c['text']}”", soft_wrap=True)
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
        console.print(str(err), soft_wrap=True)
        raise typer.Exit(1)
    written = export_docx(drafted, docx) if docx else None
    if as_json:
        typer.echo(json.dumps({**drafted.as_dict(), "docx": str(written) if written else None}, ensure_ascii=False,
                              indent=1))
        return
    console.print(drafted.text, soft_wrap=True, markup=False, highlight=False)
    if written:
        console.print(f"Đã ghi dự thảo: {written}")


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
    from bot.chat import terminal_chat

    console.print("Đang mở kho tri thức…")
    services = Services.open(ctx.obj)
    try:
        terminal_chat(services, sys.stdin, sys.stdout, communes=commune or None)
    finally:
        services.close()


users_app = typer.Typer(help="Người dùng được phép dùng bot Telegram, Zalo (vai trò theo từng xã).",
                        no_args_is_help=True)
app.add_typer(users_app, name="users")
ROLE_VI = {"admin": "quản trị (được nạp tài liệu)", "member": "thành viên (hỏi, tra cứu)"}


@users_app.command("add")
def users_add(ctx: typer.Context,
              user_id: str = typer.Argument(..., help="Mã người dùng (bot báo mã này cho người chưa có quyền)."),
              commune: str = typer.Option(..., "--commune", help="Xã người này được xem tài liệu."),
              role: str = typer.Option("member", "--role", help="admin hoặc member."),
              platform: str = typer.Option("telegram", "--platform", help="telegram hoặc zalo."),
              name: str | None = typer.Option(None, "--name", help="Tên để dễ nhận ra.")):
    """Cấp quyền cho một người dùng ở một xã."""
    db = _db(ctx)
    try:
        commune = canonical_commune(db, commune)
        add_user(db, platform, user_id, commune, role, name)
    except ValueError as err:
        console.print(f"[red]{err}[/red]")
        raise typer.Exit(2)
    console.print(f"Đã cấp quyền {ROLE_VI[role]} ở xã {commune} cho {platform} {user_id}.")
    if not db.execute("SELECT 1 FROM documents WHERE commune = ?", [commune]).fetchone():
        console.print(f"[yellow]Lưu ý: chưa có tài liệu nào của xã {commune}.[/yellow]")


@users_app.command("remove")
def users_remove(ctx: typer.Context, user_id: str = typer.Argument(..., help="Mã người dùng."),
                 commune: str | None = typer.Option(None, "--commune", help="Chỉ bỏ quyền ở xã này."),
                 platform: str = typer.Option("telegram", "--platform", help="telegram hoặc zalo.")):
    """Bỏ quyền của một người dùng (ở một xã, hoặc tất cả)."""
    db = _db(ctx)
    removed = remove_user(db, platform, user_id, canonical_commune(db, commune) if commune else None)
    if not removed:
        console.print(f"Không có quyền nào của {platform} {user_id} để bỏ.")
        raise typer.Exit(1)
    console.print(f"Đã bỏ {removed} quyền của {platform} {user_id}.")


@users_app.command("list")
def users_list(ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="In JSON.")):
    """Liệt kê người dùng được phép."""
    rows = list_users(_db(ctx))
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    if not rows:
        console.print("Chưa có người dùng nào. Thêm bằng: troly users add <mã> --commune <xã> [--role admin]")
        return
    table = RichTable("Nền tảng", "Mã", "Tên", "Xã", "Vai trò")
    for r in rows:
        table.add_row(r["platform"], r["user_id"], r["name"] or "", r["commune"], r["role"])
    console.print(table)


bot_app = typer.Typer(help="Chạy bot trò chuyện (mã bot lấy từ tệp .env).", no_args_is_help=True)
app.add_typer(bot_app, name="bot")


def _run_bot(ctx: typer.Context, platform: str) -> None:
    logging.getLogger().setLevel(logging.INFO)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its request lines would log the bot token
    from importlib import import_module

    try:
        import_module(f"bot.{platform}").run(ctx.obj)
    except ValueError as err:
        console.print(f"[red]{err}[/red]")
        raise typer.Exit(2)


@bot_app.command("telegram")
def bot_telegram(ctx: typer.Context):
    """Chạy bot Telegram (TELEGRAM_BOT_TOKEN; webhook khi có TELEGRAM_WEBHOOK_URL)."""
    _run_bot(ctx, "telegram")


@bot_app.command("zalo")
def bot_zalo(ctx: typer.Context):
    """Chạy bot Zalo (ZALO_BOT_TOKEN; webhook khi có ZALO_WEBHOOK_URL)."""
    _run_bot(ctx, "zalo")
