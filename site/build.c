/*
 * inkan site build: reads the registry once (verifying every record),
 * then writes the pages, the machine-readable files and the assets.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/error.h"
#include "site/site_int.h"

int
site_build(struct site_stats *stats, const struct site_opts *o)
{
	struct site s;
	int rc;

	memset(stats, 0, sizeof(*stats));
	memset(&s, 0, sizeof(s));
	s.o = o;
	s.stats = stats;
	if (mkdir(o->out, 0755) != 0 && errno != EEXIST)
		return ink_error_sys(INK_EINPUT, "cannot make folder '%s'",
		    o->out);
	if ((rc = reg_open(&s.g, o->registry, 0)) != 0)
		return rc;
	if ((rc = model_build(&s.m, s.g, o->at, o->progress,
	    o->progress_arg)) != 0)
		goto cleanup;
	stats->records = s.m.n;
	stats->failed = s.m.nproblems;
	stats->worst = s.m.worst;
	stats->root_expired = s.m.root_expired;
	if ((rc = site_assets(&s)) != 0 || (rc = pages_records(&s)) != 0 ||
	    (rc = pages_lists(&s)) != 0 || (rc = pages_entities(&s)) != 0 ||
	    (rc = pages_misc(&s)) != 0 || (rc = site_api(&s)) != 0 ||
	    (rc = site_feeds(&s)) != 0)
		goto cleanup;
cleanup:
	model_release(&s.m);
	reg_close(s.g);
	for (size_t i = 0; i < s.ndirs; i++)
		free(s.dirs[i]);
	free(s.dirs);
	for (size_t i = 0; i < s.ncats; i++) {
		cJSON_Delete(s.cats[i]);
		free(s.cat_keys[i]);
	}
	free(s.cats);
	free(s.cat_keys);
	return rc;
}
