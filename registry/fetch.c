/*
 * HTTP(S) GET of a published site's files, for registry monitor of a
 * URL (registry/monitor.c).  libcurl is loaded with dlopen when a URL is
 * read, as witness/serve.c loads libmicrohttpd: linked in, it and its TLS
 * library would load with every inkan command.  Nothing fetched is
 * trusted: the monitor checks it against the signed checkpoint.
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <curl/curl.h>

#include "core/error.h"
#include "registry/monitor.h"

static struct {
	CURLcode (*global_init)(long);
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode (*easy_perform)(CURL *);
	CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
	void (*easy_cleanup)(CURL *);
	const char *(*easy_strerror)(CURLcode);
} cu;
static pthread_once_t cu_once = PTHREAD_ONCE_INIT;
static char cu_error[300];

#define CURL_LIB "libcurl.so.4"

static void
cu_load(void)
{
	void *h = dlopen(CURL_LIB, RTLD_NOW | RTLD_LOCAL);
	const char *e;

	if (h == NULL) {
		e = dlerror();
		snprintf(cu_error, sizeof(cu_error), "cannot load %s, the HTTP "
		    "client a URL is read with (Debian: libcurl4): %s", CURL_LIB,
		    e ? e : "not found");
		return;
	}
#define SYM(f, n) (*(void **)&cu.f = dlsym(h, n)) == NULL
	if (SYM(global_init, "curl_global_init") ||
	    SYM(easy_init, "curl_easy_init") ||
	    SYM(easy_setopt, "curl_easy_setopt") ||
	    SYM(easy_perform, "curl_easy_perform") ||
	    SYM(easy_getinfo, "curl_easy_getinfo") ||
	    SYM(easy_cleanup, "curl_easy_cleanup") ||
	    SYM(easy_strerror, "curl_easy_strerror")) {
		snprintf(cu_error, sizeof(cu_error), "%s lacks a function "
		    "inkan needs", CURL_LIB);
		memset(&cu, 0, sizeof(cu));
		return;
	}
#undef SYM
	if (cu.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		snprintf(cu_error, sizeof(cu_error), "%s did not start",
		    CURL_LIB);
		memset(&cu, 0, sizeof(cu));
	}
}

/* Appends what arrives to the buffer, within its ceiling: over it, the
 * transfer stops. */
static size_t
take(char *p, size_t size, size_t n, void *arg)
{
	struct buf *b = arg;

	if (size != 1 || buf_add(b, p, n) != 0)
		return 0;
	return n;
}

int
mon_http_get(struct buf *out, const char *url, size_t max)
{
	CURL *c;
	CURLcode e;
	long status = 0;
	int rc = 0;

	buf_init(out, max);
	pthread_once(&cu_once, cu_load);
	if (cu.easy_init == NULL)
		return ink_error(INK_EINPUT, "%s", cu_error);
	if ((c = cu.easy_init()) == NULL)
		return ink_error(INK_EINPUT, "'%s': cannot start a transfer", url);
	if (cu.easy_setopt(c, CURLOPT_URL, url) != CURLE_OK ||
	    cu.easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https") != CURLE_OK ||
	    cu.easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https") !=
	    CURLE_OK ||
	    cu.easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L) != CURLE_OK ||
	    cu.easy_setopt(c, CURLOPT_MAXREDIRS, 3L) != CURLE_OK ||
	    cu.easy_setopt(c, CURLOPT_NOSIGNAL, 1L) != CURLE_OK ||
	    cu.easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L) != CURLE_OK ||
	    cu.easy_setopt(c, CURLOPT_TIMEOUT, 300L) != CURLE_OK ||
	    cu.easy_setopt(c, CURLOPT_WRITEFUNCTION, take) != CURLE_OK ||
	    cu.easy_setopt(c, CURLOPT_WRITEDATA, out) != CURLE_OK) {
		cu.easy_cleanup(c);
		return ink_error(INK_EINPUT, "'%s': %s cannot be set up", url,
		    CURL_LIB);
	}
	e = cu.easy_perform(c);
	cu.easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	if (e == CURLE_WRITE_ERROR)
		rc = ink_error(INK_EINPUT, "'%s': more than %zu bytes", url, max);
	else if (e != CURLE_OK)
		rc = ink_error(INK_EINPUT, "cannot fetch '%s': %s", url,
		    cu.easy_strerror(e));
	else if (status == 404 || status == 410)
		rc = ink_error(INK_ENOTFOUND, "'%s': HTTP %ld", url, status);
	else if (status != 200)
		rc = ink_error(INK_EINPUT, "'%s': HTTP %ld", url, status);
	cu.easy_cleanup(c);
	return rc;
}
