#!/usr/bin/env python3
"""jsonl.py FILE - check bouncediag JSON Lines output and print its counts.

Every line must be a JSON object with every key of the output contract,
strings must be valid UTF-8 without lone surrogates, reason null or in the
vocabulary, hard a boolean (null only with a null reason), message a positive integer.  Prints one line
"records=N messages=M notes=K maxdiag=L invalid=I" (messages: distinct (file, message)
pairs; maxdiag: longest diagnostic in UTF-8 bytes) for the shell tests to
read (invalid lines are not counted); exits 1 after printing the problems
when a line is not valid.
"""
import json
import sys

KEYS = ("file", "message", "recipient", "action", "status", "reply_code",
        "reason", "hard", "diagnostic", "remote_mta", "smtp_command", "rule",
        "cause", "fix", "evidence", "title", "note")
VOCAB = set("""userunknown hostunknown hasmoved notaccept suspend mailboxfull
mesgtoobig exceedlimit norelaying securityerror authfailure requireptr blocked
badreputation rejected spamdetected virusdetected filtered contenterror
policyviolation notcompliantrfc speeding toomanyconn syntaxerror systemerror
systemfull networkerror expired mailererror onhold undefined delivered
vacation feedback""".split())


def problem(rec):
    """What is wrong with one decoded record, or None."""
    if not isinstance(rec, dict):
        return "not an object"
    for k in KEYS:
        if k not in rec:
            return "key %s missing" % k
    for k, v in rec.items():
        if isinstance(v, str):
            try:
                v.encode("utf-8")
            except UnicodeEncodeError:
                return "lone surrogate in %s" % k
    if rec["reason"] is not None and rec["reason"] not in VOCAB:
        return "reason %r outside the vocabulary" % rec["reason"]
    if not isinstance(rec["hard"], bool) and not (rec["hard"] is None and rec["reason"] is None):
        return "hard is not a boolean"
    if not isinstance(rec["message"], int) or rec["message"] < 1:
        return "message is not a positive integer"
    return None


def main():
    records, bad, notes, maxdiag = 0, 0, 0, 0
    pairs = set()
    with open(sys.argv[1], "rb") as fp:
        for no, raw in enumerate(fp, 1):
            try:
                rec = json.loads(raw.decode("utf-8"))
                why = problem(rec)
            except (ValueError, UnicodeDecodeError) as e:
                why = str(e)
            if why:
                bad += 1
                if bad <= 5:
                    print("line %d: %s: %r" % (no, why, raw[:160]), file=sys.stderr)
                continue
            records += 1
            pairs.add((rec["file"], rec["message"]))
            notes += rec["note"] is not None
            if rec["diagnostic"]:
                maxdiag = max(maxdiag, len(rec["diagnostic"].encode("utf-8")))
    print("records=%d messages=%d notes=%d maxdiag=%d invalid=%d"
          % (records, len(pairs), notes, maxdiag, bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
