/*
 * inkan registry monitor: the front end of registry/monitor.h, for a
 * procurer's cron.  Quiet when nothing watched changed (but with -v);
 * what changed one line each on stdout, or one JSON value with --json.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "core/error.h"
#include "core/json.h"
#include "core/timefmt.h"
#include "registry/monitor.h"

static int
print_json(const struct mon_result *r)
{
	cJSON *j = cJSON_CreateObject(), *a;
	int rc;

	cJSON_AddStringToObject(j, "origin", r->origin);
	cJSON_AddBoolToObject(j, "first_run", r->first);
	cJSON_AddNumberToObject(j, "old_size", (double)r->old_size);
	cJSON_AddNumberToObject(j, "size", (double)r->size);
	cJSON_AddStringToObject(j, "root", r->root);
	cJSON_AddNumberToObject(j, "cosignatures", (double)r->cosigned);
	cJSON_AddNumberToObject(j, "quorum", r->quorum);
	cJSON_AddStringToObject(j, "cosigners", r->cosigners);
	a = cJSON_AddArrayToObject(j, "changes");
	for (size_t i = 0; i < r->nevents; i++) {
		const struct mon_event *e = &r->events[i];
		cJSON *x = cJSON_CreateObject();
		char ts[TIME_LEN];
		time_format(ts, e->integrated);
		cJSON_AddNumberToObject(x, "log_index", (double)e->leaf);
		cJSON_AddStringToObject(x, "integrated", ts);
		cJSON_AddStringToObject(x, "change", e->what);
		cJSON_AddStringToObject(x, "id", e->id);
		if (e->target[0])
			cJSON_AddStringToObject(x, "target", e->target);
		cJSON_AddStringToObject(x, "organisation", e->org);
		if (e->cn[0])
			cJSON_AddStringToObject(x, "corporate_number", e->cn);
		cJSON_AddStringToObject(x, "service", e->service);
		cJSON_AddItemToArray(a, x);
	}
	cJSON_AddNumberToObject(j, "not_listed", (double)r->skipped);
	rc = cli_print_json("registry monitor", j);
	cJSON_Delete(j);
	return rc;
}

int
cmd_registry_monitor(const struct mon_opts *mo, int json, int verbose)
{
	struct mon_result r = MON_RESULT_INIT;
	int rc;

	if (mo->state == NULL)
		return cli_fail("registry monitor", ink_error(INK_EINPUT,
		    "give --state FILE"));
	if ((rc = mon_run(&r, mo)) != 0) {
		mon_result_release(&r);
		return cli_fail("registry monitor", rc);
	}
	if (json) {
		rc = print_json(&r);
		mon_result_release(&r);
		return rc;
	}
	for (size_t i = 0; i < r.nevents; i++) {
		const struct mon_event *e = &r.events[i];
		char ts[TIME_LEN];
		time_format(ts, e->integrated);
		printf("%s %s %s%s%s %s%s%s%s %s\n", ts, e->what, e->id,
		    e->target[0] ? " of " : "", e->target, e->org,
		    e->cn[0] ? " (" : "", e->cn, e->cn[0] ? ")" : "",
		    e->service);
	}
	if (r.skipped)
		printf("... and %zu more changes not listed\n", r.skipped);
	if (r.first)
		fprintf(stderr, "inkan: registry monitor: watching '%s' from %llu "
		    "leaves; state saved in '%s'\n", r.origin,
		    (unsigned long long)r.size, mo->state);
	else if (verbose)
		fprintf(stderr, "inkan: registry monitor: '%s' grew from %llu "
		    "to %llu leaves, consistently; cosigned by %zu (quorum "
		    "%d)%s%s; %zu changes watched\n", r.origin,
		    (unsigned long long)r.old_size,
		    (unsigned long long)r.size, r.cosigned, r.quorum,
		    r.cosigners[0] ? ": " : "", r.cosigners, r.nevents);
	mon_result_release(&r);
	return 0;
}
