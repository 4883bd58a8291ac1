/*
 * prefilter.c - which patterns could match a text, found in one pass
 *
 * Reading a pattern: the source is parsed into alternations, sequences
 * and items, and each yields a set of strings of one of three kinds:
 *   EXACT  every string the piece can match is in the set ("" included
 *          when it can match nothing, as "s?" does);
 *   ATOMS  every match contains one of the strings;
 *   ANY    nothing is known (".", "\w+", a class, a letter with case
 *          beyond ASCII...).
 * A sequence multiplies exact runs while they stay small and keeps the
 * best set of atoms seen; an alternation unites.  Whatever the reader
 * does not understand makes the whole pattern "always run".
 *
 * Matching is caseless: atoms and the scanned text are lowercased alike
 * (bd_lower_utf8, and a final sigma as a sigma).  Atoms hold ASCII, basic
 * Cyrillic, the Latin-1 and Greek letters bd_lower_char lowers, and the
 * characters of scripts without case (Hebrew, Arabic, Indic, Thai, CJK,
 * kana, Hangul); other letters with case (Latin Extended...) are not used
 * in atoms.  The few characters PCRE2 folds onto atom letters from
 * elsewhere (KELVIN SIGN, LONG S, Greek symbol forms, Cyrillic
 * Extended-C...) make a scan mark every pattern.
 */
#include <stdlib.h>
#include <string.h>

#include "prefilter.h"
#include "util.h"

#define MAX_SET 64      /* strings in one set */
#define MAX_PRODUCT 16  /* strings an exact run may multiply into */
#define DENSE_ROWS 2048 /* shallow states given a table row: the states a
                         * scan spends its time in, in few enough pages */
#define MAX_ATOM 16     /* bytes in one string: enough to be selective */
#define MAX_DEPTH 16    /* group nesting the reader follows */

enum kind { K_EXACT, K_ATOMS, K_ANY };

struct set {
	enum kind kind;
	int n;
	unsigned char len[MAX_SET];
	char s[MAX_SET][MAX_ATOM];
};

struct reader {
	const char *p;
	int depth;
	int failed;
};

struct node {
	int child, sibling;   /* first child, next sibling: -1 none */
	int fail, dict;       /* failure link; nearest suffix with output */
	int out;              /* first entry in outs, -1 none */
	int row;              /* its row in the table, -1 none (a deep state) */
	unsigned char byte;
};

struct out {
	int id, next;
};

struct bd_prefilter {
	struct node *nodes;
	size_t nnodes, capnodes;
	struct out *outs;
	size_t nouts, capouts;
	int root[256];         /* root transitions (0: stay at the root) */
	int npatterns;
	uint64_t *always;      /* patterns without atoms */
	uint64_t *filtered;    /* patterns with atoms */
	size_t capwords;
	/* the shallow states of the automaton as a table, row x byte class
	 * -> state, with the failure links folded in; deeper states walk
	 * their links down to a shallow one (NULL: all walk, too many states) */
	uint16_t *delta;
	unsigned char cls[256];  /* byte -> class; 0: in no atom */
	int nclass;
	unsigned char *emits;    /* state -> it or a suffix ends an atom */
};

/* ---- sets ---- */

static void
set_one(struct set *x, enum kind k, const char *s, size_t n)
{
	x->kind = k;
	x->n = 1;
	x->len[0] = (unsigned char)n;
	memcpy(x->s[0], s, n);
}

static void
set_any(struct set *x)
{
	x->kind = K_ANY;
	x->n = 0;
}

static int
has_empty(const struct set *x)
{
	int i;

	for (i = 0; i < x->n; i++)
		if (x->len[i] == 0)
			return 1;
	return 0;
}

/* to_atoms - what a set says about every match: EXACT with "" says nothing */
static void
to_atoms(struct set *x)
{
	if (x->kind == K_EXACT)
		x->kind = has_empty(x) || x->n == 0 ? K_ANY : K_ATOMS;
	if (x->kind == K_ANY)
		x->n = 0;
}

static int
min_len(const struct set *x)
{
	int i, m = MAX_ATOM;

	for (i = 0; i < x->n; i++)
		if (x->len[i] < m)
			m = x->len[i];
	return m;
}

/* better - keep in best the more selective of best and cand (both atoms
 * or any): longer shortest atom first, then fewer atoms */
static void
better(struct set *best, const struct set *cand)
{
	if (cand->kind != K_ATOMS)
		return;
	if (best->kind != K_ATOMS || min_len(cand) > min_len(best) ||
	    (min_len(cand) == min_len(best) && cand->n < best->n))
		*best = *cand;
}

/* product - a = a followed by b, both exact; 0 when it would not fit */
static int
product(struct set *a, const struct set *b)
{
	struct set r;
	int i, j;

	if (a->n * b->n > MAX_PRODUCT)
		return 0;
	for (i = 0; i < a->n; i++)
		for (j = 0; j < b->n; j++)
			if (a->len[i] + b->len[j] > MAX_ATOM)
				return 0;
	if (b->n == 1) {        /* one string (a literal): append in place */
		for (i = 0; i < a->n; i++) {
			memcpy(a->s[i] + a->len[i], b->s[0], b->len[0]);
			a->len[i] = (unsigned char)(a->len[i] + b->len[0]);
		}
		a->kind = K_EXACT;
		return 1;
	}
	r.kind = K_EXACT;
	r.n = 0;
	for (i = 0; i < a->n; i++)
		for (j = 0; j < b->n; j++) {
			memcpy(r.s[r.n], a->s[i], a->len[i]);
			memcpy(r.s[r.n] + a->len[i], b->s[j], b->len[j]);
			r.len[r.n++] = (unsigned char)(a->len[i] + b->len[j]);
		}
	*a = r;
	return 1;
}

/* unite - a = a or b; exact only when both are */
static void
unite(struct set *a, const struct set *b)
{
	struct set bb = *b;
	int i;

	if (a->kind == K_ANY || b->kind == K_ANY) {
		set_any(a);
		return;
	}
	if (a->kind != K_EXACT || b->kind != K_EXACT || a->n + b->n > MAX_SET) {
		to_atoms(a);
		to_atoms(&bb);
		if (a->kind == K_ANY || bb.kind == K_ANY || a->n + bb.n > MAX_SET) {
			set_any(a);
			return;
		}
	}
	for (i = 0; i < bb.n; i++) {
		memcpy(a->s[a->n], bb.s[i], bb.len[i]);
		a->len[a->n++] = bb.len[i];
	}
}

/* ---- reading a pattern ---- */

static void parse_alt(struct reader *rd, struct set *out);

/* caseless_char - length of the UTF-8 character at p when its script has
 * no case (Hebrew, Arabic, Indic, Thai, CJK, kana, Hangul), else 0 */
static int
caseless_char(const unsigned char *p)
{
	unsigned cp;

	if ((p[0] & 0xe0) == 0xc0 && (p[1] & 0xc0) == 0x80) {
		cp = ((p[0] & 0x1fu) << 6) | (p[1] & 0x3fu);
		if (cp >= 0x590 && cp <= 0x7ff)
			return 2;
	}
	if ((p[0] & 0xf0) == 0xe0 && (p[1] & 0xc0) == 0x80 && (p[2] & 0xc0) == 0x80) {
		cp = ((p[0] & 0x0fu) << 12) | ((p[1] & 0x3fu) << 6) | (p[2] & 0x3fu);
		if ((cp >= 0x800 && cp <= 0xfff) || (cp >= 0x3000 && cp <= 0x9fff) ||
		    (cp >= 0xac00 && cp <= 0xd7a3))
			return 3;
	}
	return 0;
}

/* utf8_len - bytes in the (possibly invalid) UTF-8 character at p */
static int
utf8_len(const unsigned char *p)
{
	int n = *p >= 0xf0 ? 4 : *p >= 0xe0 ? 3 : *p >= 0xc0 ? 2 : 1, i;

	for (i = 1; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return i;
	return n;
}

/* skip_braces - past "{...}" at p, or fail */
static void
skip_braces(struct reader *rd)
{
	const char *q = strchr(rd->p, '}');

	if (*rd->p != '{' || q == NULL)
		rd->failed = 1;
	else
		rd->p = q + 1;
}

/* folded_letter - a Latin-1 or Greek letter whose every caseless form
 * bd_lower_char lowers to one character (or fold() marks everything
 * for: folds_in) */
static int
folded_letter(const unsigned char *p)
{
	unsigned cp;

	if ((p[0] != 0xc3 && p[0] != 0xce && p[0] != 0xcf) || (p[1] & 0xc0) != 0x80)
		return 0;
	cp = ((p[0] & 0x1fu) << 6) | (p[1] & 0x3fu);
	if (cp >= 0xc0 && cp <= 0xfe)   /* À..þ, not × ÷ (no letters), not ÿ (Ÿ is elsewhere) */
		return cp != 0xd7 && cp != 0xf7;
	/* Greek: Ά..ώ, not Ϊ Ϋ ϊ ϋ (bd_lower_char leaves their capitals) */
	return cp >= 0x386 && cp <= 0x3ce && cp != 0x387 && cp != 0x38b && cp != 0x38d &&
	    cp != 0x3a2 && (cp < 0x3aa || cp > 0x3ab) && (cp < 0x3ca || cp > 0x3cb);
}

/* lowered_letter - the two bytes atoms hold for the cased letter at p
 * (basic Cyrillic, Latin-1, Greek: lowered, a final sigma as a sigma) in
 * low; 2, or 0 when p starts no such letter */
static int
lowered_letter(const unsigned char *p, unsigned char *low)
{
	if (!((p[0] == 0xd0 || (p[0] == 0xd1 && p[1] < 0xa0)) && (p[1] & 0xc0) == 0x80) &&
	    !folded_letter(p))
		return 0;
	if (bd_lower_char(p, 2, low) == 1)
		memcpy(low, p, 2);
	if (low[0] == 0xcf && low[1] == 0x82)
		low[1] = 0x83;
	return 2;
}

/* parse_class - "[...]" at rd->p (after '['): a few plain ASCII members
 * give an exact set, anything else gives ANY */
static void
parse_class(struct reader *rd, struct set *out)
{
	const char *p = rd->p;
	int simple = 1, n = 0, k, i, dup;
	char members[MAX_SET][2];
	unsigned char mlen[MAX_SET];

	if (*p == '^') {
		simple = 0;
		p++;
	}
	if (*p == ']') {
		members[n][0] = *p++;
		mlen[n++] = 1;
	}
	while (*p && *p != ']') {
		if (*p == '[' && p[1] == ':') {
			const char *q = strstr(p + 2, ":]");
			if (q == NULL)
				break;
			p = q + 2;
			simple = 0;
			continue;
		}
		if (*p == '\\') {
			if (p[1] == '\0')
				break;
			if ((p[1] >= 'a' && p[1] <= 'z') || (p[1] >= 'A' && p[1] <= 'Z') ||
			    (p[1] >= '0' && p[1] <= '9')) {
				simple = 0;
				if (p[2] == '{' && strchr(p + 2, '}'))
					p = strchr(p + 2, '}') - 1;
			} else if (n < MAX_SET) {
				members[n][0] = (char)bd_ascii_lower((unsigned char)p[1]);
				mlen[n++] = 1;
			}
			p += 2;
			continue;
		}
		/* a letter of two bytes that atoms hold ("[oö]", "[ιί]") */
		if ((unsigned char)*p >= 0x80 && p[1] != '-' && n < MAX_SET &&
		    (k = lowered_letter((const unsigned char *)p, (unsigned char *)members[n])) > 0) {
			mlen[n++] = 2;
			p += k;
			continue;
		}
		if ((unsigned char)*p >= 0x80 || (p[1] == '-' && p[2] != ']') || n >= MAX_SET) {
			simple = 0;
		} else {
			members[n][0] = (char)bd_ascii_lower((unsigned char)*p);
			mlen[n++] = 1;
		}
		p++;
	}
	if (*p != ']') {
		rd->failed = 1;
		return;
	}
	rd->p = p + 1;
	if (!simple || n == 0 || n > 8) {
		set_any(out);
		return;
	}
	out->kind = K_EXACT;
	out->n = 0;
	for (k = 0; k < n; k++) {
		for (i = 0, dup = 0; i < out->n; i++)
			dup |= out->len[i] == mlen[k] && memcmp(out->s[i], members[k], mlen[k]) == 0;
		if (!dup) {
			memcpy(out->s[out->n], members[k], mlen[k]);
			out->len[out->n++] = mlen[k];
		}
	}
}

/* parse_escape - "\x" at rd->p (after '\') */
static void
parse_escape(struct reader *rd, struct set *out)
{
	char c = *rd->p;

	if (c == '\0') {
		rd->failed = 1;
		return;
	}
	rd->p++;
	if (strchr("bBAzZG", c)) {
		set_one(out, K_EXACT, "", 0);
	} else if (strchr("wWdDsShHvVNRX", c)) {
		set_any(out);
	} else if (c == 'p' || c == 'P') {
		if (*rd->p == '{')
			skip_braces(rd);
		else if (*rd->p)
			rd->p++;
		set_any(out);
	} else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    (unsigned char)c >= 0x80) {
		rd->failed = 1; /* back references, \x.., \Q, \K...: not followed */
	} else {
		set_one(out, K_EXACT, &c, 1);
	}
}

/* parse_group - "(...)" at rd->p (after '(') */
static void
parse_group(struct reader *rd, struct set *out)
{
	int zero_width = 0;

	if (*rd->p == '?') {
		const char *q = rd->p + 1;
		if (*q == ':' || *q == '>') {
			rd->p = q + 1;
		} else if (*q == '=' || *q == '!') {
			rd->p = q + 1;
			zero_width = 1;
		} else if (*q == '<' && (q[1] == '=' || q[1] == '!')) {
			rd->p = q + 2;
			zero_width = 1;
		} else if (*q == '<' || (*q == 'P' && q[1] == '<')) {
			q = strchr(q, '>');
			if (q == NULL) {
				rd->failed = 1;
				return;
			}
			rd->p = q + 1;
		} else {
			/* option settings: only those that keep the syntax */
			while (*q == 'i' || *q == 's' || *q == 'm' || *q == 'U' || *q == '-')
				q++;
			if (*q == ')') {
				rd->p = q + 1;
				set_one(out, K_EXACT, "", 0);
				return;
			}
			if (*q != ':') {
				rd->failed = 1;
				return;
			}
			rd->p = q + 1;
		}
	} else if (*rd->p == '*') {
		rd->failed = 1;
		return;
	}
	if (++rd->depth > MAX_DEPTH) {
		rd->failed = 1;
		return;
	}
	parse_alt(rd, out);
	rd->depth--;
	if (*rd->p != ')') {
		rd->failed = 1;
		return;
	}
	rd->p++;
	if (zero_width)
		set_one(out, K_EXACT, "", 0);
}

/* parse_char - one literal character at rd->p */
static void
parse_char(struct reader *rd, struct set *out)
{
	const unsigned char *p = (const unsigned char *)rd->p;
	unsigned char low[2];
	char c;
	int n;

	if (*p < 0x80) {
		c = (char)bd_ascii_lower(*p);
		set_one(out, K_EXACT, &c, 1);
		rd->p++;
		return;
	}
	if ((n = caseless_char(p)) > 0) {
		set_one(out, K_EXACT, rd->p, (size_t)n);
	} else if ((n = lowered_letter(p, low)) > 0) {
		/* basic Cyrillic, U+0400..U+045F, Latin-1 and Greek letters */
		set_one(out, K_EXACT, (const char *)low, 2);
	} else {
		set_any(out);   /* a letter that may have case beyond ASCII */
	}
	rd->p += n > 0 ? n : utf8_len(p);
}

enum quant { Q_NONE, Q_OPT, Q_STAR, Q_PLUS };

/* quantifier - read "?", "*", "+" or "{m,n}" at rd->p: "?" may match
 * nothing or the item, a minimum of 0 anything, a minimum above 0 the
 * item repeated */
static enum quant
quantifier(struct reader *rd)
{
	const char *p = rd->p;
	enum quant q;
	char *e;
	long m;

	if (*p == '?' || *p == '*' || *p == '+') {
		q = *p == '?' ? Q_OPT : *p == '*' ? Q_STAR : Q_PLUS;
		rd->p++;
	} else if (*p == '{') {
		p++;
		m = 0;
		if (*p != ',') {
			if (*p < '0' || *p > '9')
				return Q_NONE;   /* a literal '{' */
			m = strtol(p, &e, 10);
			p = e;
		}
		if (*p == ',')
			for (p++; *p >= '0' && *p <= '9'; p++)
				;
		if (*p != '}')
			return Q_NONE;
		q = m > 0 ? Q_PLUS : Q_STAR;
		rd->p = p + 1;
	} else {
		return Q_NONE;
	}
	if (*rd->p == '?' || *rd->p == '+')
		rd->p++;   /* lazy or possessive */
	return q;
}

/* parse_item - one item with its quantifier */
static void
parse_item(struct reader *rd, struct set *out)
{
	char c = *rd->p;

	rd->p++;
	if (c == '(')
		parse_group(rd, out);
	else if (c == '[')
		parse_class(rd, out);
	else if (c == '\\')
		parse_escape(rd, out);
	else if (c == '.')
		set_any(out);
	else if (c == '^' || c == '$')
		set_one(out, K_EXACT, "", 0);
	else if (c == '*' || c == '+' || c == '?')
		rd->failed = 1;
	else {
		rd->p--;
		parse_char(rd, out);
	}
	if (rd->failed)
		return;
	switch (quantifier(rd)) {
	case Q_NONE:
		break;
	case Q_OPT:
		if (out->kind == K_EXACT && !has_empty(out) && out->n < MAX_SET)
			out->len[out->n++] = 0;
		else if (!(out->kind == K_EXACT && has_empty(out)))
			set_any(out);
		break;
	case Q_STAR:
		set_any(out);
		break;
	case Q_PLUS:
		to_atoms(out);
		break;
	}
}

/* parse_seq - items up to '|', ')' or the end */
static void
parse_seq(struct reader *rd, struct set *out)
{
	struct set best, run, item;
	int exact = 1;

	set_any(&best);
	set_one(&run, K_EXACT, "", 0);
	while (*rd->p && *rd->p != '|' && *rd->p != ')' && !rd->failed) {
		parse_item(rd, &item);
		if (rd->failed)
			return;
		if (item.kind == K_EXACT && product(&run, &item))
			continue;
		to_atoms(&run);
		better(&best, &run);
		if (item.kind == K_EXACT) {
			run = item;
		} else {
			to_atoms(&item);
			better(&best, &item);
			set_one(&run, K_EXACT, "", 0);
		}
		exact = 0;
	}
	if (exact) {
		*out = run;
		return;
	}
	to_atoms(&run);
	better(&best, &run);
	*out = best;
}

/* parse_alt - sequences separated by '|' */
static void
parse_alt(struct reader *rd, struct set *out)
{
	struct set branch;

	parse_seq(rd, out);
	while (*rd->p == '|' && !rd->failed) {
		rd->p++;
		parse_seq(rd, &branch);
		unite(out, &branch);
	}
}

/* atoms_of - the atoms of a pattern source; ANY when it has none */
static void
atoms_of(const char *source, struct set *out)
{
	struct reader rd = { source, 0, 0 };

	parse_alt(&rd, out);
	if (rd.failed || *rd.p != '\0')
		set_any(out);
	to_atoms(out);
}

/* ---- the automaton ---- */

struct bd_prefilter *
bd_prefilter_new(void)
{
	struct bd_prefilter *pf = calloc(1, sizeof *pf);

	if (pf == NULL)
		return NULL;
	if ((pf->nodes = malloc(64 * sizeof *pf->nodes)) == NULL) {
		free(pf);
		return NULL;
	}
	pf->capnodes = 64;
	pf->nnodes = 1;
	memset(&pf->nodes[0], 0, sizeof pf->nodes[0]);
	pf->nodes[0].child = pf->nodes[0].sibling = pf->nodes[0].out = pf->nodes[0].dict = -1;
	return pf;
}

static int
grow(void **v, size_t *cap, size_t need, size_t size)
{
	void *nv;
	size_t ncap = *cap ? *cap : 16;

	if (need <= *cap)
		return 0;
	while (ncap < need)
		ncap *= 2;
	if ((nv = realloc(*v, ncap * size)) == NULL)
		return -1;
	*v = nv;
	*cap = ncap;
	return 0;
}

static int
child_of(const struct bd_prefilter *pf, int s, unsigned char c)
{
	int k;

	for (k = pf->nodes[s].child; k >= 0; k = pf->nodes[k].sibling)
		if (pf->nodes[k].byte == c)
			return k;
	return -1;
}

/* insert - the atom s[0..n) for pattern id */
static int
insert(struct bd_prefilter *pf, const char *s, size_t n, int id)
{
	int at = 0, k;
	size_t i;

	for (i = 0; i < n; i++) {
		if ((k = child_of(pf, at, (unsigned char)s[i])) < 0) {
			if (grow((void **)&pf->nodes, &pf->capnodes, pf->nnodes + 1, sizeof *pf->nodes) < 0)
				return -1;
			k = (int)pf->nnodes++;
			pf->nodes[k] = (struct node){ -1, pf->nodes[at].child, 0, -1, -1, -1,
			    (unsigned char)s[i] };
			pf->nodes[at].child = k;
		}
		at = k;
	}
	if (grow((void **)&pf->outs, &pf->capouts, pf->nouts + 1, sizeof *pf->outs) < 0)
		return -1;
	pf->outs[pf->nouts] = (struct out){ id, pf->nodes[at].out };
	pf->nodes[at].out = (int)pf->nouts++;
	return 0;
}

static void
set_bit(uint64_t *v, int id)
{
	v[id / 64] |= (uint64_t)1 << (id % 64);
}

/* grow_words - room for pattern id in both bit sets */
static int
grow_words(struct bd_prefilter *pf, int id)
{
	size_t words = (size_t)id / 64 + 1, cap = pf->capwords;
	uint64_t *a, *f;

	if (words <= cap)
		return 0;
	cap = cap ? cap * 2 : 4;
	if ((a = realloc(pf->always, cap * sizeof *a)) == NULL)
		return -1;
	pf->always = a;
	if ((f = realloc(pf->filtered, cap * sizeof *f)) == NULL)
		return -1;
	pf->filtered = f;
	memset(a + pf->capwords, 0, (cap - pf->capwords) * sizeof *a);
	memset(f + pf->capwords, 0, (cap - pf->capwords) * sizeof *f);
	pf->capwords = cap;
	return 0;
}

int
bd_prefilter_add(struct bd_prefilter *pf, const char *source)
{
	struct set atoms;
	int id = pf->npatterns, i;

	if (grow_words(pf, id) < 0)
		return -1;
	atoms_of(source, &atoms);
	if (atoms.kind != K_ATOMS) {
		set_bit(pf->always, id);
	} else {
		for (i = 0; i < atoms.n; i++)
			if (insert(pf, atoms.s[i], atoms.len[i], id) < 0)
				return -1;
		set_bit(pf->filtered, id);
	}
	pf->npatterns++;
	return id;
}

/* dense - table rows for the first DENSE_ROWS states in BFS order
 * (order: the root's children first), the root's row first; a state's
 * failure state comes before it, so its row is there to copy */
static void
dense(struct bd_prefilter *pf, const int *order, int n)
{
	unsigned char rep[256];
	uint16_t *row;
	int i, k, u, v, ncls = 1, nrows = n + 1 < DENSE_ROWS ? n + 1 : DENSE_ROWS;

	if (pf->nnodes > UINT16_MAX)
		return;
	memset(pf->cls, 0, sizeof pf->cls);
	for (i = 1; i < (int)pf->nnodes; i++)
		if (pf->cls[pf->nodes[i].byte] == 0) {
			rep[ncls] = pf->nodes[i].byte;
			pf->cls[pf->nodes[i].byte] = (unsigned char)ncls++;
		}
	for (i = 'A'; i <= 'Z'; i++)   /* atoms are lower-case */
		pf->cls[i] = pf->cls[i + 32];
	pf->delta = malloc((size_t)nrows * ncls * sizeof *pf->delta);
	pf->emits = calloc(pf->nnodes, 1);
	if (pf->delta == NULL || pf->emits == NULL) {
		free(pf->delta);
		free(pf->emits);
		pf->delta = NULL;
		pf->emits = NULL;
		return;
	}
	pf->nclass = ncls;
	pf->nodes[0].row = 0;
	pf->delta[0] = 0;
	for (k = 1; k < ncls; k++)
		pf->delta[k] = (uint16_t)pf->root[rep[k]];
	for (i = 0; i < n; i++) {
		u = order[i];
		pf->emits[u] = pf->nodes[u].out >= 0 || pf->nodes[u].dict >= 0;
		if (i + 1 >= nrows)
			continue;   /* a deep state: no row */
		pf->nodes[u].row = i + 1;
		row = pf->delta + (size_t)(i + 1) * ncls;
		memcpy(row, pf->delta + (size_t)pf->nodes[pf->nodes[u].fail].row * ncls,
		    ncls * sizeof *row);
		for (v = pf->nodes[u].child; v >= 0; v = pf->nodes[v].sibling)
			row[pf->cls[pf->nodes[v].byte]] = (uint16_t)v;
	}
}

int
bd_prefilter_build(struct bd_prefilter *pf)
{
	int *queue, head = 0, tail = 0, u, v, f, c;

	if ((queue = malloc(pf->nnodes * sizeof *queue)) == NULL)
		return -1;
	for (c = 0; c < 256; c++)
		pf->root[c] = 0;
	for (v = pf->nodes[0].child; v >= 0; v = pf->nodes[v].sibling) {
		pf->root[pf->nodes[v].byte] = v;
		pf->nodes[v].fail = 0;
		pf->nodes[v].dict = -1;
		queue[tail++] = v;
	}
	while (head < tail) {
		u = queue[head++];
		for (v = pf->nodes[u].child; v >= 0; v = pf->nodes[v].sibling) {
			c = pf->nodes[v].byte;
			for (f = pf->nodes[u].fail; f != 0 && child_of(pf, f, (unsigned char)c) < 0;)
				f = pf->nodes[f].fail;
			f = f == 0 ? pf->root[c] : child_of(pf, f, (unsigned char)c);
			pf->nodes[v].fail = f;
			pf->nodes[v].dict = pf->nodes[f].out >= 0 ? f : pf->nodes[f].dict;
			queue[tail++] = v;
		}
	}
	dense(pf, queue, tail);
	free(queue);
	return 0;
}

size_t
bd_prefilter_words(const struct bd_prefilter *pf)
{
	return pf->npatterns ? ((size_t)pf->npatterns - 1) / 64 + 1 : 1;
}

int
bd_prefilter_filtered(const struct bd_prefilter *pf, int id)
{
	return bd_prefilter_marked(pf->filtered, id);
}

/* emit - mark the patterns of node s and of its suffixes */
static void
emit(const struct bd_prefilter *pf, int s, uint64_t *marks)
{
	int o;

	if (pf->nodes[s].out < 0)
		s = pf->nodes[s].dict;
	for (; s > 0; s = pf->nodes[s].dict)
		for (o = pf->nodes[s].out; o >= 0; o = pf->outs[o].next)
			set_bit(marks, pf->outs[o].id);
}

/* folds_in - does p hold a character PCRE2 folds onto a letter of the
 * atoms from outside what bd_lower_char lowers (KELVIN, OHM and ANGSTROM
 * SIGNs, LONG S, MICRO SIGN, CAPITAL SHARP S, the Greek letters' symbol
 * forms and iota subscripts, Cyrillic Extended-C)?  A byte search would
 * miss its matches. */
static int
folds_in(const unsigned char *p, size_t n)
{
	return (p[0] == 0xe2 && n > 2 && p[1] == 0x84 && (p[2] == 0xaa || p[2] == 0xa6 ||
	    p[2] == 0xab)) ||
	    (p[0] == 0xc5 && n > 1 && p[1] == 0xbf) || (p[0] == 0xc2 && n > 1 && p[1] == 0xb5) ||
	    (p[0] == 0xcd && n > 1 && p[1] == 0x85) ||
	    (p[0] == 0xcf && n > 1 && ((p[1] >= 0x90 && p[1] <= 0x96) || (p[1] >= 0xb0 &&
	    p[1] <= 0xb5))) ||
	    (p[0] == 0xe1 && n > 2 && ((p[1] == 0xb2 && p[2] <= 0x88) ||
	    (p[1] == 0xba && p[2] == 0x9e) || (p[1] == 0xbe && p[2] == 0xbe)));
}

/* fold - text lowercased as the atoms are (bd_lower_char) into out; -1
 * when it holds a character folds_in names */
static int
fold(const unsigned char *p, size_t len, unsigned char *out)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] >= 0x80 && folds_in(p + i, len - i))
			return -1;
	bd_lower_utf8((const char *)p, len, (char *)out);
	for (i = 0; i + 1 < len; i++)   /* a final sigma is a sigma, as in the atoms */
		if (out[i] == 0xcf && out[i + 1] == 0x82)
			out[i + 1] = 0x83;
	return 0;
}

/* scan_dense - the folded text through the automaton: one table lookup
 * a byte in a shallow state, the links of a deep one down to a shallow one */
static void
scan_dense(const struct bd_prefilter *pf, const unsigned char *p, size_t len, uint64_t *marks)
{
	size_t i;
	int s = 0, k;

	for (i = 0; i < len; i++) {
		while (pf->nodes[s].row < 0) {
			if ((k = child_of(pf, s, p[i])) >= 0)
				break;
			s = pf->nodes[s].fail;
		}
		if (pf->nodes[s].row >= 0)
			s = pf->delta[(size_t)pf->nodes[s].row * pf->nclass + pf->cls[p[i]]];
		else
			s = k;
		if (pf->emits[s])
			emit(pf, s, marks);
	}
}

/* scan_links - the folded text through the trie and its failure links */
static void
scan_links(const struct bd_prefilter *pf, const unsigned char *p, size_t len, uint64_t *marks)
{
	size_t i;
	int s = 0, k;

	for (i = 0; i < len; i++) {
		for (;;) {
			if (s == 0) {
				s = pf->root[p[i]];
				break;
			}
			if ((k = child_of(pf, s, p[i])) >= 0) {
				s = k;
				break;
			}
			s = pf->nodes[s].fail;
		}
		if (s)
			emit(pf, s, marks);
	}
}

void
bd_prefilter_scan(const struct bd_prefilter *pf, const char *text, size_t len,
    uint64_t *marks)
{
	unsigned char stack[2048], *low = len <= sizeof stack ? stack : malloc(len);
	size_t nwords = bd_prefilter_words(pf);

	if (low == NULL || fold((const unsigned char *)text, len, low) < 0) {
		memset(marks, 0xff, nwords * sizeof *marks);   /* every pattern may */
		if (low != stack)
			free(low);
		return;
	}
	memcpy(marks, pf->always, nwords * sizeof *marks);
	if (pf->delta)
		scan_dense(pf, low, len, marks);
	else
		scan_links(pf, low, len, marks);
	if (low != stack)
		free(low);
}

void
bd_prefilter_free(struct bd_prefilter *pf)
{
	if (pf == NULL)
		return;
	free(pf->nodes);
	free(pf->outs);
	free(pf->always);
	free(pf->filtered);
	free(pf->delta);
	free(pf->emits);
	free(pf);
}
