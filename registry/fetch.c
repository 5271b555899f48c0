/*
 * HTTP(S) GET of a published site's files, for registry monitor of a
 * URL (registry/monitor.c), with the HTTP client witness/client.c loads
 * at first use.  Nothing fetched is trusted: the monitor checks it
 * against the signed checkpoint.
 */
#include "core/error.h"
#include "registry/monitor.h"
#include "witness/witness.h"

int
mon_http_get(struct buf *out, const char *url, size_t max)
{
	long status = 0;
	int rc;

	if ((rc = witness_http_get(out, url, max, &status)) != 0)
		return rc;
	if (status == 404 || status == 410)
		return ink_error(INK_ENOTFOUND, "'%s': HTTP %ld", url, status);
	if (status != 200)
		return ink_error(INK_EINPUT, "'%s': HTTP %ld", url, status);
	return 0;
}
