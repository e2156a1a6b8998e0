"""Sending SMS through a pluggable backend, as Django sends mail.

``ZHICHAN_SMS_BACKEND`` names the class: the console (default: the message in the log), a file
per message under ``var/sms/`` (``FileBackend``), memory for tests (``MemoryBackend``, read
``sms.outbox``), or ``HttpBackend`` for an SMS gateway (政务短信平台 or a carrier's) that takes a
JSON POST at ``ZHICHAN_SMS_URL`` with a bearer token in ``ZHICHAN_SMS_TOKEN``. A gateway that
wants another request is one small class with ``send(phone, text)``.
"""

import json
import logging
import secrets
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

log = logging.getLogger("zhichan.notices.sms")

outbox: list["Message"] = []


@dataclass
class Message:
    phone: str
    text: str


class ConsoleBackend:
    def send(self, phone: str, text: str) -> None:
        log.info("短信 → %s：%s", phone[:3] + "****" + phone[-4:], text)


class FileBackend:
    def send(self, phone: str, text: str) -> None:
        folder = settings.VAR_DIR / "sms"
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{timezone.now():%Y%m%d-%H%M%S}-{secrets.token_hex(3)}.txt"
        (folder / name).write_text(f"{phone}\n{text}\n", encoding="utf-8")


class MemoryBackend:
    def send(self, phone: str, text: str) -> None:
        outbox.append(Message(phone, text))


class HttpBackend:
    def send(self, phone: str, text: str) -> None:
        request = urllib.request.Request(
            settings.ZHICHAN_SMS_URL,
            data=json.dumps({"phone": phone, "text": text}, ensure_ascii=False).encode(),
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {settings.ZHICHAN_SMS_TOKEN}",
            },
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            if response.status >= 300:
                raise OSError(f"短信网关返回 {response.status}")


def send_sms(phone: str, text: str) -> None:
    import_string(settings.ZHICHAN_SMS_BACKEND)().send(phone, text)
