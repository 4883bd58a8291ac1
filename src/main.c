/*
 * main.c - the bouncediag command: options, subcommands, the batch loop
 * (in parallel with output in input order), the summary and exit status.
 * The only code that talks to the user.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "batch.h"
#include "bouncediag.h"
#include "classify.h"
#include "output.h"
#include "rules.h"

#ifndef BD_RULES_DIR
#define BD_RULES_DIR "/usr/local/share/bouncediag/rules"
#endif

#define MAX_RULE_DIRS 32

static const char *progname = "bouncediag";

struct options {
	struct bd_out_opts out;
	int format_set;
	int lang;
	const char *rule_dirs[MAX_RULE_DIRS + 1];
	size_t nrule_dirs;
	int summary;          /* 1: --summary, 0: default, -1: --no-summary */
	int jobs;
	int color;            /* -1 auto, 0 never, 1 always */
	int progress;         /* -1 auto, 0 never, 1 always */
};

static void
usage(FILE *fp)
{
	fprintf(fp,
"usage: bouncediag [OPTIONS] [FILE | DIR | -]...\n"
"       bouncediag explain [OPTIONS] CODE...\n"
"       bouncediag rules check [DIR]...\n"
"\n"
"Tell why an e-mail bounced and what to do about it. Reads bounce messages,\n"
"mbox files, Maildirs and directory trees, Postfix, Exim, Sendmail,\n"
"OpenSMTPD, Haraka, Stalwart, qmail, Dovecot, Courier and Kerio log lines,\n"
"SMTP session logs (hMailServer, MDaemon, SmarterMail, IceWarp, Axigen,\n"
"CommuniGate, MailEnable, Exchange protocol logs, IIS SMTP, sendmail -v),\n"
"queue listings (postqueue -p and -j, mailq, Exchange's Get-Queue and\n"
"Get-Message), Exchange and Microsoft 365 message tracking exports and\n"
"traces, PowerMTA accounting files, sending services' JSON events and\n"
"bounce exports (SES, SendGrid, Mailgun, Postmark, SparkPost, Mailjet,\n"
"Brevo), any of them gzip-compressed, or a pasted fragment on stdin (an\n"
"SMTP reply line, an Outlook error dialog, an Exchange event).\n"
"\n"
"Options:\n"
"  -f, --format=FMT     text, json (JSON Lines), tsv or csv\n"
"                       (default: text on a terminal, json otherwise)\n"
"  -l, --lang=LANG      en, zh or ru: language of titles, causes, fixes and\n"
"                       text labels\n"
"                       (default from LC_ALL, LC_MESSAGES, LANG; else en)\n"
"  -r, --rules=DIR      add a directory of site rules (repeatable; later wins)\n"
"  -s, --summary        print only the batch summary (one JSON object with json,\n"
"                       a table of reasons with csv or tsv)\n"
"      --no-summary     no summary after a text batch\n"
"  -j, --jobs=N         worker threads (default: number of CPUs)\n"
"      --color=WHEN     auto, always or never (auto honours NO_COLOR)\n"
"      --progress=WHEN  auto, always or never: progress line on stderr\n"
"  -h, --help           show this help\n"
"  -V, --version        show the version\n"
"\n"
"Commands:\n"
"  explain CODE...      explain reply codes and enhanced status codes\n"
"                       (\"bouncediag explain 550 5.7.1\")\n"
"  rules check [DIR]... validate rule files; exit 2 on any error\n"
"\n"
"Exit status: 0 all input read, 1 some input unreadable, 2 usage or rule error.\n"
"Environment: BOUNCEDIAG_RULES (shipped rules directory), NO_COLOR,\n"
"LC_ALL, LC_MESSAGES, LANG (language), BOUNCEDIAG_PROGRESS_DELAY (seconds\n"
"before the progress line), BOUNCEDIAG_NO_JIT (no JIT-compiled patterns).\n");
}

/* when_parse - auto/always/never -> -1/1/0, or -2 */
static int
when_parse(const char *s)
{
	if (strcmp(s, "auto") == 0)
		return -1;
	if (strcmp(s, "always") == 0)
		return 1;
	if (strcmp(s, "never") == 0)
		return 0;
	return -2;
}

/* env_lang - language from the locale variables, English by default */
static int
env_lang(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	const char *v;
	size_t i;
	int lang;

	for (i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		v = getenv(vars[i]);
		if (v == NULL || *v == '\0')
			continue;
		lang = bd_lang_parse(v);
		return lang < 0 ? BD_LANG_EN : lang;
	}
	return BD_LANG_EN;
}

/* shipped_rules - the shipped rule directory: $BOUNCEDIAG_RULES, else
 * rules/ beside the executable (source tree), else the installed one */
static const char *
shipped_rules(void)
{
	static char path[4096];
	const char *env = getenv("BOUNCEDIAG_RULES");
	struct stat st;
	ssize_t n;
	char *slash;

	if (env && *env)
		return env;
	n = readlink("/proc/self/exe", path, sizeof path - 32);
	if (n > 0) {
		path[n] = '\0';
		slash = strrchr(path, '/');
		if (slash) {
			strcpy(slash + 1, "rules/reasons.catalog");
			if (stat(path, &st) == 0) {
				slash[sizeof "rules" ] = '\0';
				return path;
			}
		}
	}
	return BD_RULES_DIR;
}

/* parse_int - a whole number in [lo, hi], or -1 */
static long
parse_int(const char *s, long lo, long hi)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return -1;
	return v;
}

/* bad_usage - complain and return the usage exit status */
static int bad_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int
bad_usage(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '%s --help'.\n", progname);
	return 2;
}

/* no_color - NO_COLOR set to a non-empty value (https://no-color.org) */
static int
no_color(void)
{
	const char *v = getenv("NO_COLOR");

	return v != NULL && v[0] != '\0';
}

/* parse_options - fill o from argv; returns the index of the first operand,
 * or -1 (exit 0 already done: help/version) or -2 (usage error) */
static int
parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "lang", required_argument, NULL, 'l' },
		{ "rules", required_argument, NULL, 'r' },
		{ "summary", no_argument, NULL, 's' },
		{ "no-summary", no_argument, NULL, 'S' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "color", required_argument, NULL, 'C' },
		{ "colour", required_argument, NULL, 'C' },
		{ "progress", required_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	int c, v;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":f:l:r:sj:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if ((v = bd_format_parse(optarg)) < 0)
				return bad_usage("unknown format '%s' (text, json, tsv, csv)", optarg), -2;
			o->out.format = (enum bd_format)v;
			o->format_set = 1;
			break;
		case 'l':
			if ((o->lang = bd_lang_parse(optarg)) < 0)
				return bad_usage("unknown language '%s' (en, zh, ru)", optarg), -2;
			break;
		case 'r':
			if (o->nrule_dirs >= MAX_RULE_DIRS)
				return bad_usage("too many --rules directories"), -2;
			o->rule_dirs[o->nrule_dirs++] = optarg;
			break;
		case 's':
		case 'S':
			if (o->summary == (c == 's' ? -1 : 1))
				return bad_usage("--summary and --no-summary contradict each other"), -2;
			o->summary = c == 's' ? 1 : -1;
			break;
		case 'j':
			if ((o->jobs = (int)parse_int(optarg, 1, 256)) < 0)
				return bad_usage("--jobs takes a number from 1 to 256, not '%s'", optarg), -2;
			break;
		case 'C':
			if ((o->color = when_parse(optarg)) == -2)
				return bad_usage("--color takes auto, always or never, not '%s'", optarg), -2;
			break;
		case 'P':
			if ((o->progress = when_parse(optarg)) == -2)
				return bad_usage("--progress takes auto, always or never, not '%s'", optarg), -2;
			break;
		case 'h':
			usage(stdout);
			return -1;
		case 'V':
			printf("bouncediag %s\n", BD_VERSION);
			return -1;
		case ':':
			return bad_usage("option '%s' needs a value", argv[optind - 1]), -2;
		default:  /* getopt's own message would name the path we ran by */
			if (optopt)
				return bad_usage("unknown option '-%c'", optopt), -2;
			return bad_usage("unknown option '%s'", argv[optind - 1]), -2;
		}
	}
	return optind;
}

/* load_rules - the shipped rules plus --rules directories */
static bd_rules *
load_rules(struct options *o)
{
	const char *dirs[MAX_RULE_DIRS + 1];
	char err[1024];
	bd_rules *rules;
	size_t i;

	dirs[0] = shipped_rules();
	for (i = 0; i < o->nrule_dirs; i++)
		dirs[i + 1] = o->rule_dirs[i];
	if (bd_rules_load(&rules, dirs, o->nrule_dirs + 1, err, sizeof err) != BD_OK) {
		fprintf(stderr, "%s: %s\n", progname, err);
		return NULL;
	}
	return rules;
}

/* cmd_explain - bouncediag explain CODE... */
static int
cmd_explain(struct options *o, int argc, char **argv)
{
	struct strbuf out = { 0 };
	bd_rules *rules;
	int rc;

	if (argc < 1)
		return bad_usage("explain needs a code, e.g. 'explain 550 5.7.1'");
	if ((rules = load_rules(o)) == NULL)
		return 2;
	rc = bd_explain(rules, (enum bd_lang)o->lang, (const char *const *)argv,
	    (size_t)argc, &out);
	if (rc < 0)
		fprintf(stderr, "%s: %s\n", progname, out.s ? out.s : "out of memory");
	else if (out.s)
		fputs(out.s, stdout);
	sb_free(&out);
	bd_rules_free(rules);
	return rc < 0 ? 2 : 0;
}

/* print_lines - each line of text on stderr after the program name */
static void
print_lines(const char *text)
{
	const char *nl;

	for (; text && *text; text = nl + 1) {
		if ((nl = strchr(text, '\n')) == NULL)
			nl = text + strlen(text) - 1;
		fprintf(stderr, "%s: %.*s\n", progname, (int)(nl - text + (*nl != '\n')), text);
	}
}

/* cmd_rules - bouncediag rules check [DIR]... */
static int
cmd_rules(struct options *o, int argc, char **argv)
{
	const char *dirs[MAX_RULE_DIRS + 2];
	struct strbuf errors = { 0 };
	size_t n = 0;
	int i, problems;

	if (argc < 1 || strcmp(argv[0], "check") != 0)
		return bad_usage("unknown rules command; try 'rules check [DIR]...'");
	if (argc - 1 > MAX_RULE_DIRS)
		return bad_usage("too many directories");
	if (argc == 1) {
		dirs[n++] = shipped_rules();
		for (i = 0; i < (int)o->nrule_dirs; i++)
			dirs[n++] = o->rule_dirs[i];
	} else {
		if (strcmp(argv[1], shipped_rules()) != 0)
			dirs[n++] = shipped_rules();
		for (i = 1; i < argc; i++)
			dirs[n++] = argv[i];
	}
	problems = bd_rules_check(dirs, n, &errors);
	print_lines(errors.s);
	sb_free(&errors);
	if (problems < 0) {
		fprintf(stderr, "%s: out of memory\n", progname);
		return 2;
	}
	if (problems > 0) {
		fprintf(stderr, "%s: %d problem%s in the rules\n", progname, problems,
		    problems == 1 ? "" : "s");
		return 2;
	}
	for (i = 0; i < (int)n; i++)
		printf("%s: ok\n", dirs[i]);
	return 0;
}

/* default_jobs - the number of online CPUs */
static int
default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : (n > 64 ? 64 : (int)n);
}

/* progress_delay - seconds a batch runs before its progress line shows:
 * BOUNCEDIAG_PROGRESS_DELAY, else 1 */
static double
progress_delay(void)
{
	const char *v = getenv("BOUNCEDIAG_PROGRESS_DELAY");
	char *end;
	double d;

	if (v == NULL || *v == '\0')
		return 1.0;
	d = strtod(v, &end);
	return (*end == '\0' && d >= 0 && d < 1e6) ? d : 1.0;
}

/* cmd_diagnose - the batch over every input */
static int
cmd_diagnose(struct options *o, int argc, char **argv)
{
	struct bd_batch_opts bo;
	bd_rules *rules;
	int rc;

	if ((rules = load_rules(o)) == NULL)
		return 2;
	memset(&bo, 0, sizeof bo);
	bo.out = o->out;
	bo.lang = (enum bd_lang)o->lang;
	bo.jobs = o->jobs;
	bo.summary_only = o->summary == 1;
	bo.summary_after = o->summary == 0 && o->out.format == BD_FMT_TEXT;
	bo.progress = o->progress == 1 || (o->progress == -1 && isatty(2));
	bo.progress_delay = progress_delay();
	bo.progname = progname;
	if ((argc == 0 || (argc == 1 && strcmp(argv[0], "-") == 0)) && isatty(0))
		fprintf(stderr, "%s: reading a bounce from standard input: paste it, then "
		    "press Ctrl-D (--help for more)\n", progname);
	rc = bd_batch_run(rules, &bo, (const char *const *)argv, (size_t)argc);
	bd_rules_free(rules);
	return rc;
}

/* finish - flush stdout and turn a write error into exit status 2 */
static int
finish(int rc)
{
	if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
		fprintf(stderr, "%s: writing the output: %s\n", progname, strerror(errno));
		return 2;
	}
	return rc;
}

int
main(int argc, char **argv)
{
	struct options o;
	int first, sub = 0;

	memset(&o, 0, sizeof o);
	o.lang = env_lang();
	o.color = o.progress = -1;
	if (argc > 1 && (strcmp(argv[1], "explain") == 0 || strcmp(argv[1], "rules") == 0)) {
		sub = argv[1][0];
		argv++;
		argc--;
	}
	first = parse_options(argc, argv, &o);
	if (first == -1)
		return finish(0);
	if (first < 0)
		return 2;
	if (!o.format_set)
		o.out.format = isatty(1) ? BD_FMT_TEXT : BD_FMT_JSON;
	o.out.color = o.color == 1 || (o.color == -1 && isatty(1) && !no_color());
	if (o.out.format != BD_FMT_TEXT)
		o.out.color = 0;
	o.out.lang = (enum bd_lang)o.lang;
	if (o.jobs == 0)
		o.jobs = default_jobs();
	if (sub == 'e')
		return finish(cmd_explain(&o, argc - first, argv + first));
	if (sub == 'r')
		return finish(cmd_rules(&o, argc - first, argv + first));
	return finish(cmd_diagnose(&o, argc - first, argv + first));
}
