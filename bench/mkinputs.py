#!/usr/bin/env python3
"""mkinputs.py CORPUS_DIR WORK N - build bench inputs once: mbox-N and
mbox-(N/10) from the corpus messages (mboxrd escaping), a DSN carrying a
50 MB base64 attachment, and a Postfix log of a million lines."""
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

# A Postfix log of a million lines: 70% deliveries, 15% connections, 15%
# bounces and deferrals with four kinds of server words.
path = os.path.join(work, "mail-1m.log")
if not os.path.exists(path):
    words = [
        ("5.1.1", "bounced", "host mx.example.net[192.0.2.7] said: 550 5.1.1 <u%d@example.net>: "
         "Recipient address rejected: User unknown in virtual mailbox table (in reply to RCPT TO command)"),
        ("5.2.2", "bounced", "host mx.example.org[192.0.2.8] said: 552 5.2.2 Mailbox full "
         "(in reply to RCPT TO command)"),
        ("4.4.1", "deferred", "connect to mx.example.com[192.0.2.9]:25: Connection timed out"),
        ("5.7.1", "bounced", "host mx.example.net[192.0.2.7] said: 554 5.7.1 Service unavailable; "
         "Client host [203.0.113.1] blocked using zen.spamhaus.org (in reply to RCPT TO command)"),
    ]
    with open(path + ".tmp", "w") as out:
        for i in range(1000000):
            stamp = "Nov 23 10:%02d:%02d mx" % (i // 60 % 60, i % 60)
            kind = i % 20
            if kind < 14:
                out.write("%s postfix/smtp[%d]: 4A%d: to=<u%d@example.net>, relay=mx.example.net"
                          "[192.0.2.7]:25, delay=1.2, dsn=2.0.0, status=sent (250 2.0.0 Ok)\n"
                          % (stamp, i, i, i))
            elif kind < 17:
                out.write("%s postfix/smtpd[%d]: connect from unknown[192.0.2.%d]\n"
                          % (stamp, i, i % 250))
            else:
                st, verb, text = words[i % 4]
                if "%d" in text:
                    text = text % i
                out.write("%s postfix/smtp[%d]: 4A%d: to=<u%d@example.net>, relay=mx.example.net"
                          "[192.0.2.7]:25, delay=1, dsn=%s, status=%s (%s)\n"
                          % (stamp, i, i, i, st, verb, text))
    os.rename(path + ".tmp", path)
