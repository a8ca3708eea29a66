"""`troly` commands for whoever runs the assistant: the chat allowlist (`users`), the bots (`bot`),
and the upkeep of the knowledge base (`reindex`, `doctor`)."""
from __future__ import annotations

import json
import logging
from importlib import import_module

import typer
from rich.markup import escape

from bot.console import console, listing, plain, progress_bar
from bot.lifecycle import guard_logs
from knowledge.services import Services
from knowledge.store.schema import open_db
from knowledge.store.users import add_user, canonical_commune, list_users, remove_user

log = logging.getLogger(__name__)


def reindex(ctx: typer.Context):
    """Dựng lại chỉ mục tìm kiếm từ cơ sở dữ liệu (không cần nạp lại tệp)."""
    services = Services.open(ctx.obj)
    with progress_bar() as progress:
        task = progress.add_task("Đang dựng lại chỉ mục", total=None)
        report = services.reindex(progress=lambda done, total: progress.update(task, completed=done, total=total))
    console.print(f"Chỉ mục: {report.total} đoạn văn.")


def doctor(ctx: typer.Context, repair: bool = typer.Option(False, "--repair", help="Sửa những gì sửa được."),
           as_json: bool = typer.Option(False, "--json", help="In JSON.")):
    """Kiểm tra kho tri thức (SQLite, chỉ mục vector, mô hình nhúng); --repair để sửa."""
    from knowledge.doctor import report_lines, run_doctor

    with progress_bar() as progress:
        task = progress.add_task("Đang kiểm tra kho tri thức", total=None)
        report = run_doctor(ctx.obj, repair=repair,
                            progress=lambda done, total: progress.update(task, completed=done, total=total))
    if as_json:
        typer.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=1))
    else:
        for line in report_lines(report):
            plain(line)
    if not report.ok:
        raise typer.Exit(1)


users_app = typer.Typer(help="Người dùng được phép dùng bot Telegram, Zalo (vai trò theo từng xã).",
                        no_args_is_help=True)
ROLE_VI = {"admin": "quản trị (được nạp tài liệu)", "member": "thành viên (hỏi, tra cứu)"}


@users_app.command("add")
def users_add(ctx: typer.Context,
              user_id: str = typer.Argument(..., help="Mã người dùng (bot báo mã này cho người chưa có quyền)."),
              commune: str = typer.Option(..., "--commune", help="Xã người này được xem tài liệu."),
              role: str = typer.Option("member", "--role", help="admin hoặc member."),
              platform: str = typer.Option("telegram", "--platform", help="telegram hoặc zalo."),
              name: str | None = typer.Option(None, "--name", help="Tên để dễ nhận ra.")):
    """Cấp quyền cho một người dùng ở một xã."""
    db = open_db(ctx.obj.db_path)
    try:
        commune = canonical_commune(db, commune)
        add_user(db, platform, user_id, commune, role, name)
    except ValueError as err:
        console.print(f"[red]{escape(str(err))}[/red]")
        raise typer.Exit(2)
    plain(f"Đã cấp quyền {ROLE_VI[role]} ở xã {commune} cho {platform} {user_id}.")
    if not db.execute("SELECT 1 FROM documents WHERE commune = ?", [commune]).fetchone():
        console.print(f"[yellow]Lưu ý: chưa có tài liệu nào của xã {escape(commune)}.[/yellow]")


@users_app.command("remove")
def users_remove(ctx: typer.Context, user_id: str = typer.Argument(..., help="Mã người dùng."),
                 commune: str | None = typer.Option(None, "--commune", help="Chỉ bỏ quyền ở xã này."),
                 platform: str = typer.Option("telegram", "--platform", help="telegram hoặc zalo.")):
    """Bỏ quyền của một người dùng (ở một xã, hoặc tất cả)."""
    db = open_db(ctx.obj.db_path)
    try:
        removed = remove_user(db, platform, user_id, canonical_commune(db, commune) if commune else None)
    except ValueError as err:
        console.print(f"[red]{escape(str(err))}[/red]")
        raise typer.Exit(2)
    if not removed:
        plain(f"Không có quyền nào của {platform} {user_id} để bỏ.")
        raise typer.Exit(1)
    plain(f"Đã bỏ {removed} quyền của {platform} {user_id}.")


@users_app.command("list")
def users_list(ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="In JSON.")):
    """Liệt kê người dùng được phép."""
    listing(list_users(open_db(ctx.obj.db_path)), as_json,
            "Chưa có người dùng nào. Thêm bằng: troly users add <mã> --commune <xã> [--role admin]",
            ("Nền tảng", "Mã", "Tên", "Xã", "Vai trò"),
            lambda r: (r["platform"], r["user_id"], r["name"], r["commune"], r["role"]))


bot_app = typer.Typer(help="Chạy bot trò chuyện (mã bot lấy từ tệp .env).", no_args_is_help=True)


def _run_bot(ctx: typer.Context, platform: str) -> None:
    """Run a bot until Ctrl+C. A start that cannot succeed is one line and exit code 2; the bot
    token never reaches the output (the log filter masks it, messages never hold it)."""
    logging.getLogger().setLevel(logging.INFO)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request, with the token in the URL
    guard = guard_logs(ctx.obj.telegram_bot_token, ctx.obj.zalo_bot_token)
    try:
        import_module(f"bot.{platform}").run(ctx.obj)
    except ValueError as err:  # a bad setting, a refused token (BotStartError)
        console.print(f"[red]{escape(guard.redact(str(err)))}[/red]", soft_wrap=True)
        raise typer.Exit(2)
    except Exception:
        log.exception("the %s bot stopped on an unexpected error", platform)
        raise typer.Exit(1)


@bot_app.command("telegram")
def bot_telegram(ctx: typer.Context):
    """Chạy bot Telegram (TELEGRAM_BOT_TOKEN; webhook khi có TELEGRAM_WEBHOOK_URL)."""
    _run_bot(ctx, "telegram")


@bot_app.command("zalo")
def bot_zalo(ctx: typer.Context):
    """Chạy bot Zalo (ZALO_BOT_TOKEN; webhook khi có ZALO_WEBHOOK_URL)."""
    _run_bot(ctx, "zalo")
