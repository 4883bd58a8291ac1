/*
 * explain.c - "bouncediag explain 550 5.7.1": what a reply code and an
 * enhanced status code mean without any bounce.  The registered meanings
 * come from the registries in rules/, the usual reason from the rule set
 * itself (the code rules decide, as they would for a bounce that states
 * nothing but the codes), and the other reasons that text rules give to
 * the same codes are listed so the reader knows what else to look for.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify.h"
#include "rules_impl.h"
#include "smtp.h"

/* One explained item: a reply code, a status, or both. */
struct query {
	int code;
	char status[16];
};

static const char *const class_word[BD_NLANG][3] = {
	{ "success", "temporary failure", "permanent failure" },
	{ "成功", "临时失败", "永久失败" },
	{ "успех", "временная ошибка", "постоянная ошибка" },
};

/* The words of the explanation itself, per language. */
enum label {
	L_REPLY, L_STATUS, L_NOT_REPLY, L_NOT_STATUS, L_USUAL, L_HARD, L_SOFT,
	L_CAUSE, L_FIX, L_ALSO, L_SERVER, L_INFERRED, L_NLABELS
};

static const char *const labels[BD_NLANG][L_NLABELS] = {
	{ "reply code", "status", "not a registered reply code",
	  "not in the registry (a server-specific detail)", "usual reason",
	  "hard: remove the address", "soft: the address is fine", "cause", "fix",
	  "depending on the server's words, also", "as a server defines it",
	  "not in the registry: bouncediag's code for this reason when a bounce states no status" },
	{ "回复码", "状态码", "未注册的回复码", "不在注册表中（服务器自定义）", "常见原因",
	  "硬退信：请删除该地址", "软退信：地址本身没有问题", "原因", "办法",
	  "视服务器原文而定，也可能是", "服务器自定义的含义",
	  "不在注册表中：退信未给出状态码时 bouncediag 为该原因使用的代码" },
	{ "код ответа", "статус", "незарегистрированный код ответа",
	  "нет в реестре (код конкретного сервера)", "обычная причина",
	  "жёсткий отказ: удалите адрес", "мягкий отказ: адрес в порядке", "причина",
	  "что делать", "в зависимости от текста сервера также возможно",
	  "значение, заданное сервером",
	  "нет в реестре: код bouncediag для этой причины, когда в отказе нет статуса" },
};

/* parse_code - a reply code "550" (2xx-5xx), or 0 */
static int
parse_code(const char *s)
{
	if (strlen(s) != 3 || s[0] < '2' || s[0] > '5' || s[1] < '0' || s[1] > '5' ||
	    s[2] < '0' || s[2] > '9')
		return 0;
	return atoi(s);
}

/* parse_status - "5.7.1" copied into out when s is exactly a status code */
static int
parse_status(const char *s, char out[16])
{
	const char *p;

	if (strlen(s) >= 16 || (p = bd_find_status(s, out)) == NULL || p != s ||
	    strcmp(out, s) != 0)
		return -1;
	return 0;
}

/* klass - 0 success, 1 temporary, 2 permanent */
static int
klass(char digit)
{
	return digit == '2' ? 0 : digit == '4' ? 1 : 2;
}

/* inferred_reason - the reason whose catalogue code (X.0.9NN, reported
 * when a bounce states no status) status is, or NULL */
static const struct bd_reason_info *
inferred_reason(const bd_rules *rules, const char *status)
{
	size_t n, i;
	const struct bd_reason_info *ri = bd_rules_reasons(rules, &n);

	if (status[0] == '\0' || bd_rules_status_title(rules, status))
		return NULL;
	for (i = 0; i < n; i++)
		if (ri[i].inferred[0] && strcmp(ri[i].inferred + 1, status + 1) == 0)
			return &ri[i];
	return NULL;
}

/* registered - the registry lines for the query */
static void
registered(const bd_rules *rules, enum bd_lang lang, const struct query *q,
    struct strbuf *out)
{
	const char *t;
	char line[600];

	if (q->code) {
		t = bd_rules_reply_title(rules, q->code);
		snprintf(line, sizeof line, "  %s %d (%s): %s\n", labels[lang][L_REPLY], q->code,
		    class_word[lang][klass((char)('0' + q->code / 100))],
		    t ? t : labels[lang][L_NOT_REPLY]);
		sb_appends(out, line);
	}
	if (q->status[0]) {
		t = bd_rules_status_title(rules, q->status);
		snprintf(line, sizeof line, "  %s %s (%s): %s\n", labels[lang][L_STATUS], q->status,
		    class_word[lang][klass(q->status[0])], t ? t :
		    inferred_reason(rules, q->status) ? labels[lang][L_INFERRED] :
		    labels[lang][L_NOT_STATUS]);
		sb_appends(out, line);
		if ((t = bd_rules_status_server_title(rules, q->status)) != NULL) {
			snprintf(line, sizeof line, "  %s: %s\n", labels[lang][L_SERVER], t);
			sb_appends(out, line);
		}
	}
}

/* labelled_line - "  label: text", when there is a text */
static void
labelled_line(struct strbuf *out, enum bd_lang lang, enum label label, const char *text)
{
	if (text == NULL)
		return;
	sb_appends(out, "  ");
	sb_appends(out, labels[lang][label]);
	sb_appends(out, ": ");
	sb_appends(out, text);
	sb_appendc(out, '\n');
}

/* reason_lines - "usual reason: R - title (hard...)", its cause and fix */
static void
reason_lines(struct strbuf *out, enum bd_lang lang, const char *reason, const char *title,
    int hard, const char *cause, const char *fix)
{
	sb_appends(out, "  ");
	sb_appends(out, labels[lang][L_USUAL]);
	sb_appends(out, ": ");
	sb_appends(out, reason);
	if (title) {
		sb_appends(out, " - ");
		sb_appends(out, title);
	}
	sb_appends(out, " (");
	sb_appends(out, labels[lang][hard ? L_HARD : L_SOFT]);
	sb_appends(out, ")\n");
	labelled_line(out, lang, L_CAUSE, cause);
	labelled_line(out, lang, L_FIX, fix);
}

/* usual_reason - classify facts holding only the codes; a catalogue code
 * names its reason; the reason, or NULL */
static const char *
usual_reason(const bd_rules *rules, enum bd_lang lang, const struct query *q,
    struct strbuf *out)
{
	const struct bd_reason_info *ri = inferred_reason(rules, q->status);
	struct bd_factlist fl;
	struct bd_facts f;
	struct bd_verdict v;
	bd_ctx *ctx;

	const char *reason = NULL;

	memset(&v, 0, sizeof v);
	if (ri) {
		reason_lines(out, lang, ri->name, ri->title[lang],
		    ri->hard == 1 || (ri->hard == 2 && q->status[0] == '5'), ri->cause[lang],
		    ri->fix[lang]);
		return ri->name;
	}
	if ((ctx = bd_ctx_new(rules, lang)) == NULL)
		return NULL;
	memset(&fl, 0, sizeof fl);
	memset(&f, 0, sizeof f);
	fl.kind = BD_KIND_BOUNCE;
	f.reply_code = q->code;
	memcpy(f.status, q->status, sizeof f.status);
	if (bd_classify(ctx, &fl, &f, &v) == 0 && strcmp(v.reason, "undefined") == 0 &&
	    q->code == 0 && (q->status[0] == '4' || q->status[0] == '5')) {
		/* a status alone comes with a reply code of its class */
		bd_verdict_free(&v);
		f.reply_code = (q->status[0] - '0') * 100 + 50;
		if (bd_classify(ctx, &fl, &f, &v) < 0)
			v.reason = NULL;
	}
	if (v.reason) {
		reason_lines(out, lang, v.reason, v.title, v.hard, v.cause, v.fix);
		reason = v.reason;
		bd_verdict_free(&v);
	}
	bd_ctx_free(ctx);
	return reason;
}

/* rule_names_codes - a text rule whose status or code list covers q */
static int
rule_names_codes(const struct bd_rule *r, const struct query *q)
{
	size_t i;
	int st[3] = { 0, 0, 0 };

	if (q->status[0] && sscanf(q->status, "%d.%d.%d", &st[0], &st[1], &st[2]) == 3)
		for (i = 0; i < r->nstatus; i++)
			if ((r->status[i].klass == -1 || r->status[i].klass == st[0]) &&
			    r->status[i].subject == st[1] &&
			    (r->status[i].detail == -1 || r->status[i].detail == st[2]))
				return 1;
	for (i = 0; i < r->ncode && q->code; i++)
		if (r->code[i].lo == q->code && r->code[i].hi == q->code)
			return 1;
	return 0;
}

/* add_seen - a reason not yet listed (nor the usual one) */
static void
add_seen(const char **seen, size_t *nseen, size_t max, const char *usual, const char *name)
{
	size_t j;

	if (usual && strcmp(name, usual) == 0)
		return;
	for (j = 0; j < *nseen && strcmp(seen[j], name) != 0; j++)
		;
	if (j == *nseen && *nseen < max)
		seen[(*nseen)++] = name;
}

/* other_reasons - reasons the words behind these codes often give beside
 * the usual one: the registry's list for the status (else for the reply
 * code), then the reasons of text rules that name the codes */
static void
other_reasons(const bd_rules *rules, enum bd_lang lang, const struct query *q,
    const char *usual, struct strbuf *out)
{
	const char *const *often = NULL;
	const char *seen[64];
	size_t noften = 0, nseen = 0, i;
	const struct bd_rule *r;

	if (q->status[0])
		noften = bd_rules_often(rules, 0, q->status, &often);
	if (noften == 0 && q->code)   /* the status, more precise, else the code */
		noften = bd_rules_often(rules, q->code, NULL, &often);
	for (i = 0; i < noften; i++)
		add_seen(seen, &nseen, 64, usual, often[i]);
	for (i = 0; i < rules->nrules; i++) {
		r = rules->rules[i];
		if (r->nmatch > 0 && r->reason && rule_names_codes(r, q))
			add_seen(seen, &nseen, 64, usual, r->reason->name);
	}
	if (nseen == 0)
		return;
	sb_appends(out, "  ");
	sb_appends(out, labels[lang][L_ALSO]);
	sb_appendc(out, ':');
	for (i = 0; i < nseen; i++) {
		const struct bd_reason_info *ri = bd_rules_reason(rules, seen[i]);

		sb_appends(out, i ? ", " : " ");
		sb_appends(out, seen[i]);
		if (ri && ri->title[lang]) {
			sb_appends(out, " (");
			sb_appends(out, ri->title[lang]);
			sb_appendc(out, ')');
		}
	}
	sb_appendc(out, '\n');
}

/* explain_one - the block for one query */
static void
explain_one(const bd_rules *rules, enum bd_lang lang, const struct query *q,
    struct strbuf *out)
{
	const char *usual;
	char head[64];

	if (q->code && q->status[0])
		snprintf(head, sizeof head, "%d %s\n", q->code, q->status);
	else if (q->code)
		snprintf(head, sizeof head, "%d\n", q->code);
	else
		snprintf(head, sizeof head, "%s\n", q->status);
	if (out->len)
		sb_appendc(out, '\n');
	sb_appends(out, head);
	registered(rules, lang, q, out);
	usual = usual_reason(rules, lang, q, out);
	other_reasons(rules, lang, q, usual, out);
}

int
bd_explain(const bd_rules *rules, enum bd_lang lang,
    const char *const *codes, size_t n, struct strbuf *out)
{
	struct query *qs = calloc(n ? n : 1, sizeof *qs);
	size_t i, nq = 0;
	int code;

	if (qs == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		char status[16];

		if ((code = parse_code(codes[i])) != 0) {
			/* a reply code right after a status of its class: one query */
			if (nq && qs[nq - 1].code == 0 && qs[nq - 1].status[0] - '0' == code / 100)
				qs[nq - 1].code = code;
			else
				qs[nq++].code = code;
		} else if (parse_status(codes[i], status) == 0) {
			/* a status right after a reply code of its class is one query */
			if (nq && qs[nq - 1].status[0] == '\0' && qs[nq - 1].code / 100 == status[0] - '0')
				memcpy(qs[nq - 1].status, status, sizeof status);
			else
				memcpy(qs[nq++].status, status, sizeof status);
		} else {
			out->len = 0;
			sb_appends(out, "'");
			sb_append(out, codes[i], strnlen(codes[i], 64));
			sb_appends(out, "' is not a reply code (550) or an enhanced status code (5.7.1)");
			free(qs);
			return -1;
		}
	}
	for (i = 0; i < nq; i++)
		explain_one(rules, lang, &qs[i], out);
	free(qs);
	return 0;
}
