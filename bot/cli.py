"""`troly`: the command-line front end. Thin: parse arguments, call a service, print."""
from __future__ import annotations

import json
import logging
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table as RichTable
from rich.tree import Tree

from knowledge.catalog import find_document, list_documents, show_document
from knowledge.evaluate import evaluate
from knowledge.loader import FileOutcome, discover
from knowledge.services import Services
from knowledge.settings import Settings
from knowledge.store import open_db

app = typer.Typer(help="Trợ lý Xã: tra cứu số liệu, văn bản và soạn báo cáo từ tài liệu của xã.", no_args_is_help=True)
console = Console()
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
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
def ingest(ctx: typer.Context, paths: list[Path] = typer.Argument(..., help="Tệp hoặc thư mục (.docx, .pdf, .txt)."),
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
    services.retriever.vectors.reset()
    _sync(services)


@app.command()
def demo(ctx: typer.Context):
    """Nạp bộ tài liệu mẫu (một xã giả định) và cho xem những gì tìm được."""
    _ingest(ctx.obj, [EXAMPLES], None)
    docs(ctx, as_json=False)
