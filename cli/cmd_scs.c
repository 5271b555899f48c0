/*
 * inkan scs: SCS ★3/★4 catalogues, assessment sheets, improvement plans
 * and draft checks.  Options are parsed here; the work is in the scs library
 * files.
 */
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/catalog.h"
#include "core/codec.h"
#include "core/digest.h"
#include "core/error.h"
#include "core/file.h"
#include "core/json.h"
#include "core/limits.h"
#include "core/timefmt.h"
#include "kinds/scs_catalogs.h"
#include "kinds/scs_limits.h"
#include "kinds/scs_plan.h"
#include "kinds/kind.h"
#include "kinds/scs.h"
#include "kinds/scs_sheet.h"
#include "kinds/scs_template.h"
#include "sign/sign.h"

enum {
	OPT_LEVEL = CLI_OPT, OPT_BASE, OPT_ID, OPT_VERSION, OPT_PUBLISHER,
	OPT_SOURCE, OPT_JSON, OPT_CATALOG, OPT_FORMAT, OPT_DRAFT
};

static const struct cli_opt opts[] = {
	{ "level", OPT_LEVEL, "3|4", "the star level of the catalogue "
	    "imported" },
	{ "base", OPT_BASE, "CATALOG", "the catalogue whose structure the "
	    "import fills in" },
	{ "id", OPT_ID, "ID", "the id of the catalogue imported" },
	{ "version", OPT_VERSION, "V", "the version of the catalogue "
	    "imported" },
	{ "publisher", OPT_PUBLISHER, "P", "who published the criteria" },
	{ "source", OPT_SOURCE, "FILE", "the official file the CSV was made "
	    "from (its SHA-256 is recorded)" },
	{ "catalog", OPT_CATALOG, "CATALOG", "the catalogue of the sheet" },
	{ "format", OPT_FORMAT, "FORMAT", "csv or xlsx (sheet export), md or "
	    "html (plan)" },
	{ "draft", OPT_DRAFT, "BASE", "a draft whose other members the "
	    "imported sheet is added to" },
	{ "output", 'o', "OUT", "where to write (- is stdout)" },
	{ "json", OPT_JSON, NULL, "print one JSON object on stdout" },
	{ NULL, 0, NULL, NULL }
};

struct opts {
	const char *ctx;        /* "scs catalog import", ... */
	const struct cli_sub *sub;
	const char *level, *base, *id, *version, *publisher, *source;
	const char *catalog, *format, *draft, *out;
	int json;
	char **args;
	int nargs;
};

/* Which options each subcommand takes, and its operands. */
enum scs_sub {
	S_CATALOG_IMPORT, S_CATALOG_SHOW, S_CATALOG_EXAMPLE, S_SHEET_EXPORT,
	S_SHEET_IMPORT, S_PLAN, S_CHECK
};

static const struct cli_sub subs[] = {
	{ "catalog import", "CSV", "level base id version publisher source "
	    "output", 1, 1, S_CATALOG_IMPORT },
	{ "catalog show", "[CATALOG]", "json", 0, 1, S_CATALOG_SHOW },
	{ "catalog example", "", "level output", 0, 0, S_CATALOG_EXAMPLE },
	{ "sheet export", "", "catalog! format! output", 0, 0,
	    S_SHEET_EXPORT },
	{ "sheet import", "SHEET.csv", "catalog! draft output", 1, 1,
	    S_SHEET_IMPORT },
	{ "plan", "DRAFT_OR_BUNDLE", "format output", 1, 1, S_PLAN },
	{ "check", "DRAFT", "json", 1, 1, S_CHECK },
	{ NULL, NULL, NULL, 0, 0, 0 }
};

const struct cli_spec cli_spec_scs = { "scs", opts, subs,
	"CATALOG is ID, ID@VERSION or the path of a catalogue file\n",
	"inkan scs check scs-draft.json", NULL };

/* Parses options after the subcommand words (argv[0] is the last). */
static int
parse(struct opts *o, int argc, char **argv)
{
	const struct cli_sub *s;
	struct cli_parse p;
	int c;

	if (cli_sub_find(&s, &cli_spec_scs, o->ctx + 4) != 0)
		return EXIT_USAGE;
	o->sub = s;
	if (cli_parse_start(&p, &cli_spec_scs, s, argc, argv) != 0)
		return EXIT_USAGE;
	while ((c = cli_parse_next(&p)) > 0) {
		switch (c) {
		case 'o': o->out = optarg; break;
		case OPT_LEVEL: o->level = optarg; break;
		case OPT_BASE: o->base = optarg; break;
		case OPT_ID: o->id = optarg; break;
		case OPT_VERSION: o->version = optarg; break;
		case OPT_PUBLISHER: o->publisher = optarg; break;
		case OPT_SOURCE: o->source = optarg; break;
		case OPT_JSON: o->json = 1; break;
		case OPT_CATALOG: o->catalog = optarg; break;
		case OPT_FORMAT: o->format = optarg; break;
		case OPT_DRAFT: o->draft = optarg; break;
		}
	}
	if (c < 0)
		return p.rc == 0 ? -1 : p.rc;
	o->args = argv + optind;
	o->nargs = argc - optind;
	return cli_sub_nargs(&cli_spec_scs, s, o->nargs) ? EXIT_USAGE : 0;
}

static int
emit(const char *ctx, const char *path, const struct buf *b)
{
	int rc = file_write_atomic(path ? path : "-", b->data, b->len, 0644);

	return rc ? cli_fail(ctx, rc) : 0;
}

static void
print_problems(const char *ctx, const char *file, const struct problems *p,
    const char *what)
{
	for (size_t i = 0; i < p->n; i++)
		fprintf(stderr, "inkan: %s: '%s': %s\n", ctx, file, p->v[i]);
	if (p->n > 1)
		fprintf(stderr, "inkan: %s: '%s': %zu problems: %s\n", ctx, file,
		    p->n, what);
}

static int
last_component(char *out, size_t n, const char *path)
{
	const char *s = strrchr(path, '/');

	snprintf(out, n, "%s", s ? s + 1 : path);
	return 0;
}

/* ---- catalog import / show ------------------------------------------ */

static int
load_base(cJSON **out, const struct opts *o, int level)
{
	cJSON *schemes = NULL;
	const char *cid;
	char id[16];
	int rc;

	if (o->base)
		return scs_catalog_open(out, NULL, o->base);
	snprintf(id, sizeof(id), "scs-star%d", level);
	if ((rc = scheme_doc_load(&schemes)) != 0)
		return rc;
	cid = json_get_str(scheme_find(schemes, id), "catalog");
	rc = cid ? scs_catalog_find(out, NULL, cid, NULL) :
	    ink_error(INK_EINPUT, "scheme '%s' names no catalogue", id);
	cJSON_Delete(schemes);
	return rc;
}

static int
catalog_import(const struct opts *o)
{
	struct problems probs = PROBLEMS_INIT;
	struct buf csv = BUF_INIT(0), out = BUF_INIT(INK_MAX_JSON);
	struct buf sum = BUF_INIT(1 << 20);
	struct scs_import_opts io = { o->id, o->version, o->publisher, NULL,
		NULL };
	unsigned char d[SHA256_LEN];
	char hex[SHA256_HEX], name[NAME_MAX + 1];
	cJSON *base = NULL, *cat = NULL, *s = NULL;
	const char *csvpath = o->args[0], *bs;
	int level = 0, rc;

	if (o->level) {
		if (strcmp(o->level, "3") != 0 && strcmp(o->level, "4") != 0)
			return cli_usage_error(&cli_spec_scs, o->ctx, "--level is 3 or 4");
		level = o->level[0] - '0';
	}
	if (o->out && file_exists(o->out)) {
		rc = cli_fail(o->ctx, ink_error(INK_EEXIST, "'%s' exists: a "
		    "catalogue is written to a new file, never over another",
		    o->out));
		goto cleanup;
	}
	if ((rc = load_base(&base, o, level ? level : 3)) != 0) {
		rc = cli_fail(o->ctx, rc);
		goto cleanup;
	}
	bs = json_get_str(base, "scheme");
	if (level && (bs == NULL || strncmp(bs, "scs-star", 8) != 0 ||
	    bs[8] - '0' != level)) {
		rc = cli_fail(o->ctx, ink_error(INK_EINPUT, "the base catalogue "
		    "'%s' serves '%s', not ★%d", json_get_str(base, "id"),
		    bs ? bs : "?", level));
		goto cleanup;
	}
	if ((rc = file_read(&csv, csvpath, SCS_MAX_CSV)) != 0) {
		rc = cli_fail(o->ctx, rc);
		goto cleanup;
	}
	/* source.sha256 is the hash of the official file when it is given,
	 * else of the CSV the criteria were read from. */
	if (o->source) {
		if ((rc = sha256_file(d, o->source)) != 0) {
			rc = cli_fail(o->ctx, rc);
			goto cleanup;
		}
		last_component(name, sizeof(name), o->source);
	} else {
		sha256(d, csv.data, csv.len);
		last_component(name, sizeof(name), csvpath);
	}
	hex_encode(hex, d, SHA256_LEN);
	io.source_name = name;
	io.source_sha256 = hex;
	if ((rc = scs_catalog_import(&cat, base, csv.data, csv.len, &io,
	    &probs)) != 0) {
		print_problems(o->ctx, csvpath, &probs, "nothing written");
		if (probs.n == 0)
			cli_fail(o->ctx, rc);
		rc = ink_exit_code(rc);
		goto cleanup;
	}
	if ((rc = json_pretty(&out, cat)) != 0 ||
	    (rc = buf_addc(&out, '\n')) != 0 ||
	    (s = scs_catalog_summary(cat, o->out)) == NULL ||
	    (rc = scs_catalog_summary_text(&sum, s, 1)) != 0) {
		rc = cli_fail(o->ctx, rc ? rc : INK_EINPUT);
		goto cleanup;
	}
	if ((rc = emit(o->ctx, o->out, &out)) != 0)
		goto cleanup;
	if (o->out)
		rc = cli_out(buf_str(&sum), sum.len);
	else
		fputs(buf_str(&sum), stderr);
cleanup:
	problems_release(&probs);
	buf_release(&csv);
	buf_release(&out);
	buf_release(&sum);
	cJSON_Delete(base);
	cJSON_Delete(cat);
	cJSON_Delete(s);
	return rc;
}

static int
catalog_show(const struct opts *o)
{
	struct buf out = BUF_INIT(INK_MAX_JSON);
	cJSON *cat = NULL, *s = NULL;
	char *path = NULL;
	const cJSON *x;
	int rc;

	if (o->nargs == 0) {
		if ((rc = scs_catalog_list(&s)) != 0)
			return cli_fail(o->ctx, rc);
		if (o->json)
			rc = json_pretty(&out, s);
		else
			cJSON_ArrayForEach(x, s) {
				if (rc == 0)
					rc = scs_catalog_summary_text(&out, x, 0);
			}
		if (rc == 0 && o->json)
			rc = buf_addc(&out, '\n');
	} else {
		if ((rc = scs_catalog_open(&cat, &path, o->args[0])) != 0) {
			rc = cli_fail(o->ctx, rc);
			goto cleanup;
		}
		if ((s = scs_catalog_summary(cat, path)) == NULL) {
			rc = cli_fail(o->ctx, ink_error(INK_EINPUT, "out of "
			    "memory"));
			goto cleanup;
		}
		rc = o->json ? json_pretty(&out, s) :
		    scs_catalog_summary_text(&out, s, 1);
		if (rc == 0 && o->json)
			rc = buf_addc(&out, '\n');
	}
	rc = rc ? cli_fail(o->ctx, rc) : cli_out(buf_str(&out), out.len);
cleanup:
	buf_release(&out);
	cJSON_Delete(cat);
	cJSON_Delete(s);
	free(path);
	return rc;
}

/* ---- sheets --------------------------------------------------------- */

static void
note_incomplete(const char *ctx, const cJSON *cat)
{
	if (!cJSON_IsTrue(json_get(cat, "complete")))
		fprintf(stderr, "inkan: %s: note: catalogue '%s' %s is not "
		    "complete (placeholders): inkan sign refuses a draft that "
		    "names it\n", ctx, json_get_str(cat, "id"),
		    json_get_str(cat, "version"));
}

static int
sheet_export(const struct opts *o)
{
	struct buf out = BUF_INIT(SCS_MAX_XLSX);
	cJSON *cat = NULL;
	int xlsx, rc;

	if (o->catalog == NULL || o->format == NULL)
		return cli_usage_error(&cli_spec_scs, o->ctx, "give --catalog CATALOG "
		    "and --format csv|xlsx");
	if (strcmp(o->format, "csv") != 0 && strcmp(o->format, "xlsx") != 0)
		return cli_usage_error(&cli_spec_scs, o->ctx, "--format is csv or xlsx, "
		    "not '%s'", o->format);
	xlsx = o->format[0] == 'x';
	if (xlsx && (o->out == NULL || strcmp(o->out, "-") == 0) &&
	    isatty(STDOUT_FILENO))
		return cli_usage_error(&cli_spec_scs, o->ctx, "an XLSX workbook goes to "
		    "a file: give -o FILE.xlsx");
	if ((rc = scs_catalog_open(&cat, NULL, o->catalog)) != 0)
		return cli_fail(o->ctx, rc);
	note_incomplete(o->ctx, cat);
	rc = xlsx ? scs_sheet_xlsx(&out, cat) : scs_sheet_csv(&out, cat);
	rc = rc ? cli_fail(o->ctx, rc) : emit(o->ctx, o->out, &out);
	buf_release(&out);
	cJSON_Delete(cat);
	return rc;
}

/* The sheet's path as the draft names it: relative to the draft's folder
 * when the sheet is inside it, else absolute. */
static char *
sheet_file(const char *csv, const char *draft_out)
{
	char abs[PATH_MAX], dir[PATH_MAX], *copy, *d;
	size_t n;

	if (realpath(csv, abs) == NULL)
		return strdup(csv);
	copy = strdup(draft_out && strcmp(draft_out, "-") ? draft_out : "./x");
	if (copy == NULL)
		return NULL;
	d = dirname(copy);
	if (realpath(d, dir) == NULL) {
		free(copy);
		return strdup(abs);
	}
	free(copy);
	n = strlen(dir);
	if (strncmp(abs, dir, n) == 0 && abs[n] == '/')
		return strdup(abs + n + 1);
	return strdup(abs);
}

static int
read_draft(cJSON **out, const char *path)
{
	struct buf b = BUF_INIT(0);
	int rc;

	*out = NULL;
	if ((rc = file_read(&b, path, INK_MAX_DRAFT)) != 0)
		return rc;
	json_strip_comments((char *)b.data, b.len);
	rc = json_parse(out, (const char *)b.data, b.len, path);
	buf_release(&b);
	if (rc == 0 && !cJSON_IsObject(*out)) {
		cJSON_Delete(*out);
		*out = NULL;
		rc = ink_error(INK_EINPUT, "'%s' is not a JSON object", path);
	}
	return rc;
}

static int
sheet_import(const struct opts *o)
{
	struct problems probs = PROBLEMS_INIT;
	struct buf csv = BUF_INIT(0), tmpl = BUF_INIT(INK_MAX_DRAFT);
	struct buf out = BUF_INIT(INK_MAX_DRAFT);
	cJSON *cat = NULL, *reqs = NULL, *draft = NULL;
	const char *csvpath = o->args[0], *scheme;
	char name[NAME_MAX + 1], *file = NULL;
	int rc;

	if (o->catalog == NULL)
		return cli_usage_error(&cli_spec_scs, o->ctx, "give --catalog CATALOG "
		    "(the catalogue the sheet was exported from)");
	if ((rc = scs_catalog_open(&cat, NULL, o->catalog)) != 0)
		return cli_fail(o->ctx, rc);
	note_incomplete(o->ctx, cat);
	if ((rc = file_read(&csv, csvpath, SCS_MAX_CSV)) != 0) {
		rc = cli_fail(o->ctx, rc);
		goto cleanup;
	}
	if ((rc = scs_sheet_read(&reqs, cat, csv.data, csv.len, &probs)) != 0) {
		print_problems(o->ctx, csvpath, &probs, "no draft written");
		if (probs.n == 0)
			cli_fail(o->ctx, rc);
		rc = ink_exit_code(rc);
		goto cleanup;
	}
	if (o->draft) {
		rc = read_draft(&draft, o->draft);
	} else {
		scheme = json_get_str(cat, "scheme");
		rc = scs_draft_template(&tmpl, cat, scheme &&
		    strcmp(scheme, "scs-star4") == 0 ? 4 : 3);
		if (rc == 0) {
			json_strip_comments((char *)tmpl.data, tmpl.len);
			rc = json_parse(&draft, (const char *)tmpl.data, tmpl.len,
			    "template");
		}
	}
	if (rc != 0) {
		rc = cli_fail(o->ctx, rc);
		goto cleanup;
	}
	last_component(name, sizeof(name), csvpath);
	if ((file = sheet_file(csvpath, o->out)) == NULL) {
		rc = cli_fail(o->ctx, ink_error(INK_EINPUT, "out of memory"));
		goto cleanup;
	}
	rc = scs_sheet_into_draft(draft, reqs, cat, name, file);
	reqs = NULL;
	if (rc == 0)
		rc = buf_addf(&out, "// Made by inkan scs sheet import from "
		    "'%s' (catalogue %s %s).\n// Fill in what is empty, then: "
		    "inkan scs check DRAFT\n", name, json_get_str(cat, "id"),
		    json_get_str(cat, "version"));
	if (rc == 0)
		rc = json_pretty(&out, draft);
	if (rc == 0)
		rc = buf_addc(&out, '\n');
	rc = rc ? cli_fail(o->ctx, rc) : emit(o->ctx, o->out, &out);
cleanup:
	problems_release(&probs);
	buf_release(&csv);
	buf_release(&tmpl);
	buf_release(&out);
	cJSON_Delete(cat);
	cJSON_Delete(reqs);
	cJSON_Delete(draft);
	free(file);
	return rc;
}

/* ---- plan, check ---------------------------------------------------- */

static int
plan(const struct opts *o)
{
	struct buf out = BUF_INIT(INK_MAX_JSON), in = BUF_INIT(0);
	cJSON *doc = NULL, *p = NULL;
	enum scs_plan_format f = SCS_PLAN_MD;
	int rc;

	if (o->format && strcmp(o->format, "html") == 0)
		f = SCS_PLAN_HTML;
	else if (o->format && strcmp(o->format, "md") != 0)
		return cli_usage_error(&cli_spec_scs, o->ctx, "--format is md or html, "
		    "not '%s'", o->format);
	if ((rc = file_read(&in, o->args[0], INK_MAX_JSON)) == 0) {
		json_strip_comments((char *)in.data, in.len);
		rc = json_parse(&doc, (const char *)in.data, in.len,
		    o->args[0]);
	}
	if (rc == 0)
		rc = scs_plan_find(&p, doc);
	if (rc == 0)
		rc = scs_plan_render(&out, p, f);
	rc = rc ? cli_fail(o->ctx, rc) : emit(o->ctx, o->out, &out);
	buf_release(&in);
	buf_release(&out);
	cJSON_Delete(doc);
	cJSON_Delete(p);
	return rc;
}

static long
count(const cJSON *o, const char *m)
{
	const cJSON *v = json_get(o, m);

	return cJSON_IsNumber(v) ? (long)v->valuedouble : 0;
}

static void
print_verdict(const char *path, const struct buf *payload)
{
	cJSON *st = NULL;
	const cJSON *pred, *c, *s;
	long a = 0, b = 0, x = 0;

	if (json_parse(&st, (const char *)payload->data, payload->len,
	    "payload") != 0)
		return;
	pred = json_get(st, "predicate");
	cJSON_ArrayForEach(c, json_get(json_get(pred, "results"),
	    "categories")) {
		a += count(c, "conformant");
		b += count(c, "needs_improvement");
		x += count(c, "not_applicable");
	}
	printf("%s: registrable: %s (★%d), catalogue %s %s; %ld "
	    "requirements: %ld %s, %ld %s, %ld %s; valid from %s until %s; "
	    "signers:", path, json_get_str(pred, "scheme"),
	    (int)count(pred, "level"),
	    json_get_str(json_get(pred, "catalog"), "id"),
	    json_get_str(json_get(pred, "catalog"), "version"), a + b + x,
	    a, SCS_CONFORMANT, x, SCS_NOT_APPLICABLE, b,
	    SCS_NEEDS_IMPROVEMENT,
	    json_get_str(json_get(pred, "validity"), "not_before"),
	    json_get_str(json_get(pred, "validity"), "not_after"));
	cJSON_ArrayForEach(s, json_get(pred, "signers"))
		printf(" %s", json_get_str(s, "role"));
	printf("\n");
	cJSON_Delete(st);
}

/* The same verdict as one JSON object. */
static int
verdict_json(const char *ctx, const char *path, const struct buf *payload)
{
	cJSON *st = NULL, *o, *x, *a;
	const cJSON *pred, *c, *s;
	long n[3] = { 0, 0, 0 };
	int rc;

	if ((rc = json_parse(&st, (const char *)payload->data, payload->len,
	    "payload")) != 0)
		return cli_fail(ctx, rc);
	pred = json_get(st, "predicate");
	cJSON_ArrayForEach(c, json_get(json_get(pred, "results"),
	    "categories")) {
		n[0] += count(c, "conformant");
		n[1] += count(c, "not_applicable");
		n[2] += count(c, "needs_improvement");
	}
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "file", path);
	cJSON_AddBoolToObject(o, "registrable", 1);
	cJSON_AddStringToObject(o, "scheme", json_get_str(pred, "scheme"));
	cJSON_AddNumberToObject(o, "level", (double)count(pred, "level"));
	x = cJSON_AddObjectToObject(o, "catalog");
	cJSON_AddStringToObject(x, "id", json_get_str(json_get(pred,
	    "catalog"), "id"));
	cJSON_AddStringToObject(x, "version", json_get_str(json_get(pred,
	    "catalog"), "version"));
	x = cJSON_AddObjectToObject(o, "requirements");
	cJSON_AddNumberToObject(x, "total", (double)(n[0] + n[1] + n[2]));
	cJSON_AddNumberToObject(x, "conformant", (double)n[0]);
	cJSON_AddNumberToObject(x, "not_applicable", (double)n[1]);
	cJSON_AddNumberToObject(x, "needs_improvement", (double)n[2]);
	x = cJSON_AddObjectToObject(o, "validity");
	cJSON_AddStringToObject(x, "from", json_get_str(json_get(pred,
	    "validity"), "not_before"));
	cJSON_AddStringToObject(x, "until", json_get_str(json_get(pred,
	    "validity"), "not_after"));
	a = cJSON_AddArrayToObject(o, "signers");
	cJSON_ArrayForEach(s, json_get(pred, "signers"))
		cJSON_AddItemToArray(a, cJSON_CreateString(json_get_str(s,
		    "role")));
	rc = cli_print_json(ctx, o);
	cJSON_Delete(o);
	cJSON_Delete(st);
	return rc;
}

static int
check(const struct opts *o)
{
	struct problems probs = PROBLEMS_INIT;
	struct buf in = BUF_INIT(0), payload = BUF_INIT(0);
	const char *path = o->args[0], *pt;
	char *copy = NULL, *dircopy = NULL;
	cJSON *draft = NULL, *disc = NULL;
	int rc;

	if ((rc = file_read(&in, path, INK_MAX_DRAFT)) != 0)
		return cli_fail(o->ctx, rc);
	/* Only SCS drafts: the rules of other kinds are not this command's. */
	if ((copy = malloc(in.len + 1)) == NULL) {
		rc = cli_fail(o->ctx, ink_error(INK_EINPUT, "out of memory"));
		goto cleanup;
	}
	memcpy(copy, in.data, in.len + 1);
	json_strip_comments(copy, in.len);
	if ((rc = json_parse(&draft, copy, in.len, path)) != 0) {
		rc = cli_fail(o->ctx, rc);
		goto cleanup;
	}
	pt = json_get_str(draft, "predicateType");
	if (pt == NULL || strcmp(pt, KIND_SCS_TYPE) != 0) {
		rc = cli_fail(o->ctx, ink_error(INK_EINPUT, "'%s' is not a draft "
		    "of %s (predicateType)", path, KIND_SCS_TYPE));
		goto cleanup;
	}
	if ((dircopy = strdup(path)) == NULL) {
		rc = cli_fail(o->ctx, ink_error(INK_EINPUT, "out of memory"));
		goto cleanup;
	}
	rc = sign_draft_payload(&payload, &disc, (char *)in.data, in.len, path,
	    strcmp(path, "-") ? dirname(dircopy) : ".", time_now(), &probs);
	if (rc != 0) {
		print_problems(o->ctx, path, &probs, "not registrable as it is");
		if (probs.n == 0)
			cli_fail(o->ctx, rc);
		rc = ink_exit_code(rc);
		goto cleanup;
	}
	if (o->json)
		rc = cli_finish(verdict_json(o->ctx, path, &payload));
	else {
		print_verdict(path, &payload);
		rc = cli_finish(0);
	}
cleanup:
	problems_release(&probs);
	buf_release(&in);
	buf_wipe(&payload);
	free(copy);
	free(dircopy);
	cJSON_Delete(draft);
	cJSON_Delete(disc);
	return rc;
}

/* The demo criteria list shipped with inkan (examples/), in the layout of
 * an official list exported to CSV: what `catalog import` reads. */
static int
catalog_example(const struct opts *o)
{
	char name[64], path[PATH_MAX];
	struct buf b;
	int rc;

	if (o->level && strcmp(o->level, "3") != 0 && strcmp(o->level, "4") != 0)
		return cli_usage_error(&cli_spec_scs, o->ctx, "--level is 3 or 4");
	snprintf(name, sizeof(name), "scs-star%s-criteria-demo.csv",
	    o->level ? o->level : "3");
	if ((rc = catalog_example_path(path, name)) != 0 ||
	    (rc = file_read(&b, path, INK_MAX_JSON)) != 0)
		return cli_fail(o->ctx, rc);
	rc = emit(o->ctx, o->out, &b);
	buf_release(&b);
	return rc;
}

int
cmd_scs(int argc, char **argv)
{
	struct opts o;
	char ctx[64];
	int skip, rc;

	memset(&o, 0, sizeof(o));
	if (argc < 2)
		return cli_usage_error(&cli_spec_scs, "scs", "which subcommand?");
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)
		return cli_help(&cli_spec_scs, NULL);
	skip = strcmp(argv[1], "catalog") == 0 ||
	    strcmp(argv[1], "sheet") == 0 ? 2 : 1;
	if (argc < skip + 1)
		return cli_usage_error(&cli_spec_scs, "scs", "'%s' needs a subcommand "
		    "(%s)", argv[1], argv[1][0] == 'c' ? "import, show or example" :
		    "export or import");
	if (skip == 2 && (strcmp(argv[2], "-h") == 0 ||
	    strcmp(argv[2], "--help") == 0))
		return cli_help(&cli_spec_scs, NULL);
	snprintf(ctx, sizeof(ctx), "scs %.20s%s%.20s", argv[1],
	    skip == 2 ? " " : "", skip == 2 ? argv[2] : "");
	o.ctx = ctx;
	if ((rc = parse(&o, argc - skip, argv + skip)) != 0)
		return rc < 0 ? 0 : rc;
	switch ((enum scs_sub)o.sub->id) {
	case S_CATALOG_IMPORT: rc = catalog_import(&o); break;
	case S_CATALOG_SHOW: rc = catalog_show(&o); break;
	case S_CATALOG_EXAMPLE: rc = catalog_example(&o); break;
	case S_SHEET_EXPORT: rc = sheet_export(&o); break;
	case S_SHEET_IMPORT: rc = sheet_import(&o); break;
	case S_PLAN: rc = plan(&o); break;
	case S_CHECK: rc = check(&o); break;
	}
	return cli_finish(rc);
}
