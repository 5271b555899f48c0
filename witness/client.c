/*
 * inkan's HTTP client, with libcurl: the log's side of
 * c2sp.org/tlog-witness (one add-checkpoint request to a witness), and
 * the GET registry monitor reads a published site with.  libcurl is
 * loaded at first use
 * (as witness/serve.c loads libmicrohttpd): linked in, it and its TLS
 * and resolver libraries would be loaded by every inkan command, though
 * only a registry write that has a witness's address sends a request.
 * A witness's answer is bounded (WITNESS_MAX_ANSWER) and its redirects
 * are not followed; a GET is bounded by its caller and follows at most
 * three; only http and https are spoken.
 */
#include <stdlib.h>
#include <string.h>

#include <dlfcn.h>
#include <pthread.h>

#include <curl/curl.h>

#include "core/error.h"
#include "witness/limits.h"
#include "witness/witness.h"

static struct {
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode (*easy_perform)(CURL *);
	CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
	void (*easy_cleanup)(CURL *);
	const char *(*easy_strerror)(CURLcode);
	CURLcode (*global_init)(long);
	struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
	void (*slist_free_all)(struct curl_slist *);
} curl;
static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static char curl_error[300];

#define CURL_LIB "libcurl.so.4"

static void
curl_load(void)
{
	void *h = dlopen(CURL_LIB, RTLD_NOW | RTLD_LOCAL);
	const char *e;

	if (h == NULL) {
		e = dlerror();
		snprintf(curl_error, sizeof(curl_error), "cannot load %s, the "
		    "HTTP client that asks witnesses (Debian: libcurl4): %s",
		    CURL_LIB, e ? e : "not found");
		return;
	}
#define SYM(f, n) (*(void **)&curl.f = dlsym(h, n)) == NULL
	if (SYM(easy_init, "curl_easy_init") ||
	    SYM(easy_setopt, "curl_easy_setopt") ||
	    SYM(easy_perform, "curl_easy_perform") ||
	    SYM(easy_getinfo, "curl_easy_getinfo") ||
	    SYM(easy_cleanup, "curl_easy_cleanup") ||
	    SYM(easy_strerror, "curl_easy_strerror") ||
	    SYM(global_init, "curl_global_init") ||
	    SYM(slist_append, "curl_slist_append") ||
	    SYM(slist_free_all, "curl_slist_free_all")) {
		snprintf(curl_error, sizeof(curl_error), "%s lacks a function "
		    "inkan needs", CURL_LIB);
		memset(&curl, 0, sizeof(curl));
		return;
	}
#undef SYM
	/* Once, before any handle: curl_easy_init would do it lazily, and
	 * not thread-safely. */
	if (curl.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		snprintf(curl_error, sizeof(curl_error), "%s would not start",
		    CURL_LIB);
		memset(&curl, 0, sizeof(curl));
	}
}

/* The answer as it arrives, refused past its limit. */
static size_t
collect(char *data, size_t size, size_t n, void *arg)
{
	struct buf *b = arg;

	if (n != 0 && size > SIZE_MAX / n)
		return 0;
	if (buf_add(b, data, size * n) != 0)
		return 0;
	return size * n;
}

/* One request; *status 0 when no HTTP answer came (the reason set). */
static int
post_once(const char *url, const char *req, size_t len,
    const struct witness_http_opts *o, long *status, struct buf *body)
{
	struct curl_slist *hdr = NULL;
	CURL *c;
	CURLcode e;
	int rc = 0;

	*status = 0;
	buf_reset(body);
	if ((c = curl.easy_init()) == NULL)
		return ink_error(INK_EINPUT, "cannot start an HTTP request");
	hdr = curl.slist_append(NULL, "Content-Type: text/plain");
	if ((e = curl.easy_setopt(c, CURLOPT_URL, url)) != CURLE_OK ||
	    (e = curl.easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https")) !=
	    CURLE_OK ||
	    (e = curl.easy_setopt(c, CURLOPT_NOSIGNAL, 1L)) != CURLE_OK ||
	    (e = curl.easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L)) !=
	    CURLE_OK ||
	    (e = curl.easy_setopt(c, CURLOPT_POST, 1L)) != CURLE_OK ||
	    (e = curl.easy_setopt(c, CURLOPT_POSTFIELDS, req)) != CURLE_OK ||
	    (e = curl.easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
	    (curl_off_t)len)) != CURLE_OK ||
	    (e = curl.easy_setopt(c, CURLOPT_HTTPHEADER, hdr)) != CURLE_OK ||
	    (e = curl.easy_setopt(c, CURLOPT_CONNECTTIMEOUT, o->connect_s)) !=
	    CURLE_OK ||
	    (e = curl.easy_setopt(c, CURLOPT_TIMEOUT, o->total_s)) !=
	    CURLE_OK ||
	    (e = curl.easy_setopt(c, CURLOPT_WRITEFUNCTION, collect)) !=
	    CURLE_OK ||
	    (e = curl.easy_setopt(c, CURLOPT_WRITEDATA, body)) != CURLE_OK) {
		rc = ink_error(INK_EINPUT, "%s", curl.easy_strerror(e));
		goto cleanup;
	}
	e = curl.easy_perform(c);
	if (e == CURLE_OPERATION_TIMEDOUT)
		rc = ink_error(INK_EINPUT, "timed out after %ld s",
		    o->total_s);
	else if (e == CURLE_WRITE_ERROR)
		rc = ink_error(INK_EINPUT, "its answer is larger than %u bytes",
		    WITNESS_MAX_ANSWER);
	else if (e != CURLE_OK)
		rc = ink_error(INK_EINPUT, "%s", curl.easy_strerror(e));
	else
		curl.easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
cleanup:
	curl.slist_free_all(hdr);
	curl.easy_cleanup(c);
	return rc;
}

int
witness_http_add_checkpoint(const char *url, const char *req, size_t len,
    const struct witness_http_opts *o, unsigned *status, struct buf *body)
{
	struct buf u = BUF_INIT(WITNESS_MAX_URL + 32);
	long st = 0;
	int rc = 0;

	*status = 0;
	buf_init(body, WITNESS_MAX_ANSWER);
	pthread_once(&curl_once, curl_load);
	if (curl.easy_init == NULL)
		return ink_error(INK_EINPUT, "%s", curl_error);
	if (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8)
	    != 0)
		return ink_error(INK_EINPUT, "'%s' is not an http(s) address",
		    url);
	/* The address is the witness's submission prefix. */
	if (buf_addf(&u, "%s%sadd-checkpoint", url, url[0] != '\0' &&
	    url[strlen(url) - 1] == '/' ? "" : "/") != 0)
		return ink_error(INK_EINPUT, "'%.60s…': address too long", url);
	/* No answer at all: once more (a witness restarting, a dropped
	 * connection); an answer, whatever it says, is final. */
	for (int i = 0; i <= o->retries; i++) {
		ink_error_clear();
		if ((rc = post_once(buf_str(&u), req, len, o, &st, body)) == 0)
			break;
	}
	buf_release(&u);
	if (rc == 0)
		*status = (unsigned)st;
	return rc;
}

int
witness_http_get(struct buf *out, const char *url, size_t max,
    long *status)
{
	CURL *c;
	CURLcode e;
	int rc = 0;

	*status = 0;
	buf_init(out, max);
	pthread_once(&curl_once, curl_load);
	if (curl.easy_init == NULL)
		return ink_error(INK_EINPUT, "%s", curl_error);
	if ((c = curl.easy_init()) == NULL)
		return ink_error(INK_EINPUT, "'%s': cannot start a transfer", url);
	if (curl.easy_setopt(c, CURLOPT_URL, url) != CURLE_OK ||
	    curl.easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https") !=
	    CURLE_OK ||
	    curl.easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https") !=
	    CURLE_OK ||
	    curl.easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L) != CURLE_OK ||
	    curl.easy_setopt(c, CURLOPT_MAXREDIRS, 3L) != CURLE_OK ||
	    curl.easy_setopt(c, CURLOPT_NOSIGNAL, 1L) != CURLE_OK ||
	    curl.easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L) != CURLE_OK ||
	    curl.easy_setopt(c, CURLOPT_TIMEOUT, 300L) != CURLE_OK ||
	    curl.easy_setopt(c, CURLOPT_WRITEFUNCTION, collect) != CURLE_OK ||
	    curl.easy_setopt(c, CURLOPT_WRITEDATA, out) != CURLE_OK) {
		curl.easy_cleanup(c);
		return ink_error(INK_EINPUT, "'%s': %s cannot be set up", url,
		    CURL_LIB);
	}
	e = curl.easy_perform(c);
	curl.easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
	if (e == CURLE_WRITE_ERROR)
		rc = ink_error(INK_EINPUT, "'%s': more than %zu bytes", url, max);
	else if (e != CURLE_OK)
		rc = ink_error(INK_EINPUT, "cannot fetch '%s': %s", url,
		    curl.easy_strerror(e));
	curl.easy_cleanup(c);
	return rc;
}
