"""The Zalo bot end to end against a fake Zalo Bot Platform server on 127.0.0.1: long polling,
webhook with its secret, plain-text replies split at 2,000 characters, access and isolation."""
from __future__ import annotations

import asyncio
import logging
import socket
from types import SimpleNamespace

import pytest

from bot.conversation import Conversation
from bot.replies import APOLOGY, PRIVATE_ONLY
from bot.zalo import NOT_UNDERSTOOD, ZaloApi, ZaloBot, ZaloError, serve
from knowledge.drafting.draft import draft_section
from knowledge.qa.answer import Answerer
from knowledge.qa.render import NOT_FOUND, Answer
from knowledge.services import Services
from tests.chat_kb import (
    CROWD,
    PA_ADMIN,
    PA_FILE,
    PA_MEMBER,
    PHU_AN,
    STRANGER,
    TAN_PHONG,
    TP_MEMBER,
    TP_QUESTION,
)
from tests.fake_zalo import TOKEN, FakeZalo, text_event

TP, PA, NOBODY = str(TP_MEMBER), str(PA_MEMBER), str(STRANGER)


@pytest.fixture(scope="module")
def fake():
    server = FakeZalo().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def zl(chat_kb, fake):
    settings = chat_kb.settings(zalo_bot_token=TOKEN, zalo_api_base_url=fake.base_url)
    conversation = Conversation(settings)
    reference = Services.open(settings)
    yield SimpleNamespace(settings=settings, conversation=conversation, reference=reference)
    conversation.close()
    reference.close()


@pytest.fixture(autouse=True)
def clean(fake):
    fake.reset()


def chat(zl, fake, *events, settings=None, wait_for=None, timeout=30):
    """Run the bot (serve: getMe, then long polling) until the expected replies arrived."""
    users = {e["message"]["chat"]["id"] for e in events if e.get("message", {}).get("chat")}
    return converse(zl, fake, [(events, wait_for or (lambda: all(fake.texts(u) for u in users)))], timeout)


def converse(zl, fake, turns, timeout=30):
    """One running bot; each turn pushes its events and waits for its condition."""
    async def main():
        stop = asyncio.Event()
        task = asyncio.create_task(serve(zl.settings, zl.conversation, stop))
        try:
            for events, wait_for in turns:
                for event in events:
                    fake.push_event(event)
                if not await asyncio.to_thread(fake.wait_for, wait_for, timeout):
                    return False
            return True
        finally:
            stop.set()
            await task

    return asyncio.run(main())


def ask_in_turn(zl, fake, user, *texts):
    """Send texts one after another (the bot restarted each time: it stops only once every reply is
    sent); returns each turn's reply, its messages joined."""
    replies = []
    for text in texts:
        before = len(fake.texts(user))
        assert converse(zl, fake, [([text_event(user, text)], lambda: len(fake.texts(user)) > before)])
        replies.append("\n\n".join(fake.texts(user)[before:]))
    return replies


def test_question_answered_with_sources(zl, fake):
    reply, sources = ask_in_turn(zl, fake, TP, TP_QUESTION, "/nguon")
    direct = zl.reference.answerer.ask(TP_QUESTION, allowed_communes=[TAN_PHONG]).text
    assert reply == direct + "\n\n(Gõ /nguon để xem đầy đủ nguồn.)"
    assert "27,35 km²" in reply and "Nguồn:" in reply and "<b>" not in reply
    assert sources.startswith("Nguồn của câu trả lời") and "Trích: “" in sources
    assert any(m == "sendChatAction" and p == {"chat_id": TP, "action": "typing"} for m, p in fake.calls)
    assert ("deleteWebhook", {}) in fake.calls and any(m == "getUpdates" for m, _ in fake.calls)


def test_question_without_diacritics_and_unanswerable(zl, fake):
    plain, none = ask_in_turn(zl, fake, TP, "dien tich tu nhien cua xa la bao nhieu",
                              "Xã có bao nhiêu sân bay quốc tế?")
    assert "27,35 km²" in plain
    assert none.startswith(NOT_FOUND)


def test_lookup_and_draft(zl, fake):
    lookup, draft = ask_in_turn(zl, fake, TP, "/tra 57-NQ/TW", "/soan đặc điểm tình hình")
    assert "Nghị quyết số 57-NQ/TW" in lookup and PA_FILE not in lookup
    assert "27,35 km²" in draft and "19,82" not in draft
    # Zalo carries no files: the whole draft comes as text, in parts, with no promise of a Word file
    whole = draft_section(zl.reference.db, zl.reference.retriever, "đặc điểm tình hình", TAN_PHONG)
    assert all(line in draft for line in whole.text.splitlines() if line.strip())
    assert "Word" not in draft and "troly chat" not in draft and all(len(t) <= 2000 for t in fake.texts(TP))
    assert not list((zl.settings.data_dir / "drafts").glob("*.docx"))


def test_help_fits_zalo(zl, fake):
    [member] = ask_in_turn(zl, fake, TP, "/help")
    assert "/soan" in member and not any(w in member for w in ("Word", ".docx", "gửi tệp", "troly"))
    [admin] = ask_in_turn(zl, fake, str(PA_ADMIN), "/help")
    assert "Zalo không chuyển tệp" in admin and "troly draft" in admin and "--docx" in admin
    assert "gửi tệp .docx" not in admin


def test_photo_caption_answered_and_long_message_refused(zl, fake):
    photo = text_event(TP, TP_QUESTION, event="message.image.received")
    assert converse(zl, fake, [([photo], lambda: bool(fake.texts(TP)))])
    direct = zl.reference.answerer.ask(TP_QUESTION, allowed_communes=[TAN_PHONG]).text
    assert fake.texts(TP) == [direct + "\n\n(Gõ /nguon để xem đầy đủ nguồn.)"]
    [refused] = ask_in_turn(zl, fake, PA, ("Dân số xã bao nhiêu? " * 500)[:9999] + "?")
    assert "10.000 ký tự" in refused and "1.000 ký tự" in refused


def test_unknown_user_refused(zl, fake):
    [reply] = ask_in_turn(zl, fake, NOBODY, TP_QUESTION)
    assert "chưa có quyền" in reply and NOBODY in reply and "27,35 km²" not in reply and "Tân Phong" not in reply


def test_commune_isolation(zl, fake):
    answer, listing = ask_in_turn(zl, fake, TP, "Diện tích tự nhiên của xã Phú An là bao nhiêu?", "/tailieu")
    assert "19,82" not in answer and PA_FILE not in answer and PA_FILE not in listing
    [area] = ask_in_turn(zl, fake, PA, "Diện tích tự nhiên của xã?")
    assert "19,82 km²" in area and "27,35" not in area


def test_long_reply_split_at_2000_characters(zl, fake, monkeypatch):
    paragraphs = [f"Mục {i}. " + "Kết quả cải cách hành chính được duy trì ổn định. " * 12 for i in range(12)]
    long_text = "\n\n".join(p.strip() for p in paragraphs)
    monkeypatch.setattr(Answerer, "ask", lambda self, text, allowed_communes=None:
                        Answer(text, "passage", long_text, False, ()))
    ask_in_turn(zl, fake, TP, "câu hỏi dài")
    replies = fake.texts(TP)
    assert len(replies) >= 4 and all(len(r) <= 2000 for r in replies)
    assert "\n\n".join(replies) == long_text
    assert not fake.rejected

    async def direct():  # the fake enforces the platform's limit
        api = ZaloApi(TOKEN, fake.base_url)
        try:
            await api.send_message(TP, long_text)
        finally:
            await api.close()

    with pytest.raises(ZaloError, match="2000"):
        asyncio.run(direct())


def test_unexpected_events_and_failures(zl, fake, monkeypatch, caplog):
    no_chat = text_event(TP, "ai gửi?")
    del no_chat["message"]["chat"]
    events = [no_chat, {"event_name": "user.follow"}, text_event(TP, "", event="message.sticker.received"),
              text_event(TP, "", event="message.image.received")]
    in_group = [text_event(TP, TP_QUESTION), text_event(TP, "/tailieu")]
    for event in in_group:
        event["message"]["chat"] = {"id": "nhom-1", "chat_type": "GROUP"}
    assert chat(zl, fake, *events, *in_group,
                wait_for=lambda: len(fake.texts(TP)) >= 2 and len(fake.texts("nhom-1")) >= 2)
    assert fake.texts(TP) == [NOT_UNDERSTOOD, NOT_UNDERSTOOD]  # a sticker, a photo without a caption
    assert fake.texts("nhom-1") == [PRIVATE_ONLY, PRIVATE_ONLY]  # the question and the command: the same note

    fake.reset()
    monkeypatch.setattr(Answerer, "ask", lambda *a, **k: 1 / 0)
    with caplog.at_level(logging.ERROR):
        assert chat(zl, fake, text_event(TP, TP_QUESTION))
    assert fake.texts(TP) == [APOLOGY]
    record = next(r for r in caplog.records if r.name == "bot.zalo" and r.levelno == logging.ERROR)
    assert record.exc_info and isinstance(record.exc_info[1], ZeroDivisionError)


def test_twenty_chats_at_once(zl, fake):
    figures = {TAN_PHONG: ("27,35 km²", "26 thôn"), PHU_AN: ("19,82 km²", "14 thôn")}
    expected, answers = {}, {}
    for i, uid in enumerate(CROWD):
        commune = TAN_PHONG if uid % 2 == 0 else PHU_AN
        question = (TP_QUESTION, "Xã có bao nhiêu thôn?")[i // 2 % 2]
        if (commune, question) not in answers:
            answers[commune, question] = zl.reference.answerer.ask(question, allowed_communes=[commune]).text
        answer = answers[commune, question]
        assert figures[commune][i // 2 % 2] in answer
        expected[str(uid)] = (question, answer)
    assert chat(zl, fake, *(text_event(u, q) for u, (q, _) in expected.items()), timeout=60)
    for uid, (_, answer) in expected.items():
        assert fake.texts(uid) == [answer + "\n\n(Gõ /nguon để xem đầy đủ nguồn.)"], uid


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_webhook_checks_the_secret(zl, fake):
    port = _free_port()
    settings = zl.settings.model_copy(update={"zalo_webhook_url": "https://troly.example.vn/zalo-hook",
                                              "zalo_webhook_secret": "bi-mat-zalo-123", "zalo_webhook_port": port})
    local = f"http://127.0.0.1:{port}/zalo-hook"  # where the reverse proxy forwards the https address

    async def main():
        stop = asyncio.Event()
        task = asyncio.create_task(serve(settings, zl.conversation, stop))
        assert await asyncio.to_thread(fake.wait_for, lambda: fake.webhook is not None, 10)
        statuses = [await asyncio.to_thread(fake.deliver, text_event(TP, TP_QUESTION), "sai-bi-mat", local),
                    await asyncio.to_thread(fake.deliver, text_event(TP, TP_QUESTION), "", local),
                    await asyncio.to_thread(fake.deliver, text_event(TP, TP_QUESTION), None, local)]
        answered = await asyncio.to_thread(fake.wait_for, lambda: bool(fake.texts(TP)), 30)
        stop.set()
        await task
        return statuses, answered

    statuses, answered = asyncio.run(main())
    assert statuses == [403, 403, 200] and answered
    assert len(fake.texts(TP)) == 1 and "27,35 km²" in fake.texts(TP)[0]
    assert fake.webhook == {"url": settings.zalo_webhook_url, "secret_token": "bi-mat-zalo-123"}
    assert not any(m == "getUpdates" for m, _ in fake.calls)


def test_webhook_needs_a_long_secret(zl):
    settings = zl.settings.model_copy(update={"zalo_webhook_url": "https://x.vn/hook", "zalo_webhook_secret": "ngan"})
    with pytest.raises(ValueError, match="ZALO_WEBHOOK_SECRET"):
        ZaloBot(ZaloApi(TOKEN, "http://127.0.0.1:9/bot"), zl.conversation).webhook(settings)


def test_webhook_needs_https(zl):
    settings = zl.settings.model_copy(update={"zalo_webhook_url": "http://x.vn/hook",
                                              "zalo_webhook_secret": "bi-mat-zalo-123"})
    with pytest.raises(ValueError, match="https"):
        asyncio.run(serve(settings, zl.conversation, asyncio.Event()))


def test_network_blip_while_polling_is_a_warning_then_retried(zl, fake, caplog):
    caplog.set_level(logging.DEBUG)

    assert fake.answered_through_outage(lambda stop: serve(zl.settings, zl.conversation, stop),
                                        lambda: fake.push_event(text_event(TP, TP_QUESTION)),
                                        lambda: bool(fake.texts(TP)))
    assert "27,35 km²" in fake.texts(TP)[0]
    loud = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert any(r.name == "bot.zalo" and "getUpdates failed" in r.getMessage() for r in loud)
    assert not [r for r in loud if r.levelno >= logging.ERROR or r.exc_info or "\n" in r.getMessage()]
