#!/usr/bin/env python3
"""accuracy.py LABELS RECORDS.jsonl - agreement of bouncediag's records with
labels.tsv (file, position, status, reply code, reason, hard): per-field
percentages, the reason confusion and the messages whose record count
differs."""
import collections, json, os, sys

labels = collections.defaultdict(dict)
for line in open(sys.argv[1], encoding="utf-8"):
    if line.startswith("#") or not line.strip():
        continue
    name, n, status, code, reason, hard = line.rstrip("\n").split("\t")
    labels[name][int(n)] = (status, code, reason, hard == "1")

records = collections.defaultdict(list)
for line in open(sys.argv[2], encoding="utf-8"):
    r = json.loads(line)
    if r.get("reason") is None:
        continue  # a message read as no bounce gives no record to compare
    records[os.path.basename(r["file"])].append(r)

agree = collections.Counter()
total = 0
confusion = collections.Counter()
count_ok = count_all = 0
count_bad = []
for name, want in sorted(labels.items()):
    got = records.get(name, [])
    count_all += 1
    if len(got) == len(want):
        count_ok += 1
    else:
        count_bad.append("%s: want %d, got %d" % (name, len(want), len(got)))
    for n, (status, code, reason, hard) in want.items():
        total += 1
        g = got[n] if n < len(got) else {}
        agree["status"] += (g.get("status") or "") == status
        agree["reply code"] += str(g.get("reply_code") or "") == code
        agree["reason"] += g.get("reason") == reason
        agree["hard"] += bool(g) and bool(g.get("hard")) == hard  # no record: no agreement
        if g.get("reason") != reason:
            confusion[(reason, g.get("reason"))] += 1

pct = lambda a, b: 100.0 * a / b if b else 0.0
print("labelled records %d, messages %d" % (total, count_all))
for field in ("status", "reply code", "reason", "hard"):
    print("  %-12s %5.1f%%" % (field, pct(agree[field], total)))
print("  %-12s %5.1f%% of messages" % ("count", pct(count_ok, count_all)))
print("reason confusion (expected -> got):")
for (want, got), k in confusion.most_common(30):
    print("  %4d  %-16s -> %s" % (k, want, got))
if count_bad:
    print("messages whose record count differs:")
    for line in count_bad:
        print("  " + line)
