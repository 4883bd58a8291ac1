#!/usr/bin/env python3
"""crosscheck.py SISIMAI.tsv RECORDS.jsonl FILE... - how bouncediag's records
on bounces it was not written against agree with Sisimai's (reason, per
recipient) and, when python3-flufl.bounce is installed, whether the failed
addresses flufl.bounce finds are among bouncediag's recipients.  Prints the
figures and every disagreement."""
import collections, json, os, sys, warnings

peer = collections.defaultdict(list)
for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
    f, rcpt, reason, status, code = line.rstrip("\n").split("\t")
    peer[os.path.basename(f)].append((rcpt.lower(), reason))
ours = collections.defaultdict(list)
for line in open(sys.argv[2], encoding="utf-8"):
    r = json.loads(line)
    ours[os.path.basename(r["file"])].append(r)

agree = total = 0
confusion = collections.Counter()
for name in sorted(peer):
    by_rcpt = {(r.get("recipient") or "").lower(): r for r in ours.get(name, [])}
    for i, (rcpt, reason) in enumerate(peer[name]):
        got = by_rcpt.get(rcpt)
        if got is None and i < len(ours.get(name, [])):
            got = ours[name][i]
        got = (got or {}).get("reason")
        total += 1
        agree += got == reason
        if got != reason:
            confusion[(reason, got)] += 1
            print("  %-28s %-32s Sisimai %-14s bouncediag %s" % (name, rcpt, reason, got))
print("reason agrees with Sisimai: %d of %d records (%.1f%%)" % (agree, total, 100.0 * agree / max(total, 1)))
for (want, got), n in confusion.most_common():
    print("  %4d  %-16s -> %s" % (n, want, got))

try:
    warnings.filterwarnings("ignore")
    from email import message_from_binary_file
    from flufl.bounce import all_failures
except ImportError:
    sys.exit(0)
found = total = 0
for path in sys.argv[3:]:
    with open(path, "rb") as fp:
        temporary, permanent = all_failures(message_from_binary_file(fp))
    want = {a.decode("utf-8", "replace").lower() for a in temporary | permanent}
    if not want:
        continue
    got = {(r.get("recipient") or "").lower() for r in ours.get(os.path.basename(path), [])}
    total += 1
    if want <= got:
        found += 1
    else:
        print("  %-28s flufl.bounce %s, bouncediag %s" % (os.path.basename(path), sorted(want), sorted(got - {""})))
print("failed addresses flufl.bounce finds, all among bouncediag's recipients: %d of %d messages" % (found, total))
