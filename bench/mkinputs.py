#!/usr/bin/env python3
"""mkinputs.py CORPUS_DIR WORK N - build bench inputs once: mbox-N and
mbox-(N/10) from the corpus messages (mboxrd escaping), and a DSN carrying a
50 MB base64 attachment."""
import base64, os, re, sys

src, work, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
msgs = []
for name in sorted(os.listdir(src)):
    with open(os.path.join(src, name), "rb") as f:
        data = f.read().replace(b"\r\n", b"\n")
    data = re.sub(rb"(?m)^(>*From )", rb">\1", data)
    if not data.endswith(b"\n"):
        data += b"\n"
    msgs.append(b"From MAILER-DAEMON Thu Jan  1 00:00:00 2026\n" + data + b"\n")

for count in (n, n // 10):
    path = os.path.join(work, "mbox-%d" % count)
    if os.path.exists(path):
        continue
    with open(path + ".tmp", "wb") as out:
        for i in range(count):
            out.write(msgs[i % len(msgs)])
    os.rename(path + ".tmp", path)

path = os.path.join(work, "attach-50mb.eml")
if not os.path.exists(path):
    head = b"""From: MAILER-DAEMON@mx.example.org
To: alice@example.org
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

--b1
Content-Type: text/plain

<bob@example.net>: host mx.example.net[192.0.2.7] said: 552 5.3.4 Message size
    exceeds fixed maximum message size (in reply to end of DATA command)

--b1
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.org

Final-Recipient: rfc822; bob@example.net
Action: failed
Status: 5.3.4
Diagnostic-Code: smtp; 552 5.3.4 Message size exceeds fixed maximum message size

--b1
Content-Type: message/rfc822

From: alice@example.org
To: bob@example.net
Subject: big
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b2"

--b2
Content-Type: text/plain

see attachment
--b2
Content-Type: application/octet-stream
Content-Transfer-Encoding: base64

"""
    blob = base64.encodebytes(os.urandom(37 * 1024 * 1024))
    with open(path, "wb") as out:
        out.write(head + blob + b"\n--b2--\n\n--b1--\n")
