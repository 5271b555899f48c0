/*
 * The witness over HTTP (c2sp.org/tlog-witness) with libmicrohttpd:
 * POST /add-checkpoint answers through witness_add_checkpoint(), and
 * GET /<origin hash>/checkpoint serves the last checkpoint cosigned (the
 * spec's monitoring interface).  Bodies are bounded (WITNESS_MAX_REQUEST:
 * a declared length past it gets 413 before the body is read, a chunked
 * body that grows past it a closed connection), so are
 * connections and their idle time; one internal thread serves them all,
 * so requests are answered one at a time, and the state's lock orders
 * them against any other process.
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <dlfcn.h>
#include <pthread.h>

#include <microhttpd.h>

#include "core/error.h"
#include "witness/limits.h"
#include "witness/serve.h"
#include "witness/witness.h"

/* libmicrohttpd is loaded only when a witness serves: linked into the
 * binary, it (and the TLS library it brings, with its constructors) would
 * be loaded by every inkan command, a few milliseconds each, for one
 * subcommand's sake.  Its headers give the types; dlsym the functions. */
static struct {
	struct MHD_Daemon *(*start_daemon)(unsigned int, uint16_t,
	    MHD_AcceptPolicyCallback, void *, MHD_AccessHandlerCallback,
	    void *, ...);
	void (*stop_daemon)(struct MHD_Daemon *);
	const union MHD_DaemonInfo *(*get_daemon_info)(struct MHD_Daemon *,
	    enum MHD_DaemonInfoType, ...);
	struct MHD_Response *(*create_response_from_buffer)(size_t, void *,
	    enum MHD_ResponseMemoryMode);
	enum MHD_Result (*add_response_header)(struct MHD_Response *,
	    const char *, const char *);
	enum MHD_Result (*queue_response)(struct MHD_Connection *,
	    unsigned int, struct MHD_Response *);
	void (*destroy_response)(struct MHD_Response *);
	const char *(*lookup_connection_value)(struct MHD_Connection *,
	    enum MHD_ValueKind, const char *);
} mhd;
static pthread_once_t mhd_once = PTHREAD_ONCE_INIT;
static char mhd_error[300];

#define MHD_LIB "libmicrohttpd.so.12"

static void
mhd_load(void)
{
	void *h = dlopen(MHD_LIB, RTLD_NOW | RTLD_LOCAL);
	const char *e;

	if (h == NULL) {
		e = dlerror();
		snprintf(mhd_error, sizeof(mhd_error), "cannot load %s, the "
		    "HTTP server a witness serves with (Debian: "
		    "libmicrohttpd12): %s", MHD_LIB, e ? e : "not found");
		return;
	}
#define SYM(f, n) (*(void **)&mhd.f = dlsym(h, n)) == NULL
	if (SYM(start_daemon, "MHD_start_daemon") ||
	    SYM(stop_daemon, "MHD_stop_daemon") ||
	    SYM(get_daemon_info, "MHD_get_daemon_info") ||
	    SYM(create_response_from_buffer,
	    "MHD_create_response_from_buffer") ||
	    SYM(add_response_header, "MHD_add_response_header") ||
	    SYM(queue_response, "MHD_queue_response") ||
	    SYM(destroy_response, "MHD_destroy_response") ||
	    SYM(lookup_connection_value, "MHD_lookup_connection_value")) {
		snprintf(mhd_error, sizeof(mhd_error), "%s lacks a function "
		    "inkan needs", MHD_LIB);
		memset(&mhd, 0, sizeof(mhd));
	}
#undef SYM
}

struct witness_server {
	struct MHD_Daemon *d;
	struct witness *w;
	int64_t (*now)(void);
	witness_log_fn log;
	void *log_arg;
};

/* One request's body as it arrives. */
struct upload {
	struct buf body;
};

static enum MHD_Result
reply(struct MHD_Connection *c, unsigned status, const char *type,
    const void *data, size_t len)
{
	struct MHD_Response *r;
	enum MHD_Result ok;

	r = mhd.create_response_from_buffer(len, (void *)data,
	    MHD_RESPMEM_MUST_COPY);
	if (r == NULL)
		return MHD_NO;
	if (type != NULL)
		mhd.add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	ok = mhd.queue_response(c, status, r);
	mhd.destroy_response(r);
	return ok;
}

static enum MHD_Result
reply_text(struct MHD_Connection *c, unsigned status, const char *msg)
{
	return reply(c, status, "text/plain; charset=utf-8", msg, strlen(msg));
}

static enum MHD_Result
add_checkpoint(struct witness_server *s, struct MHD_Connection *c,
    struct upload *u)
{
	struct buf out = BUF_INIT(WITNESS_MAX_REQUEST);
	struct buf msg = BUF_INIT(4096);
	enum witness_status st;
	enum MHD_Result ok;
	int rc;

	rc = witness_add_checkpoint(s->w, (const char *)u->body.data,
	    u->body.len, s->now(), &st, &out);
	if (s->log != NULL)
		s->log(s->log_arg, st, rc == 0 ? "" : ink_error_last());
	if (rc == 0)
		ok = reply(c, st, "text/plain; charset=utf-8", out.data,
		    out.len);
	else if (st == WITNESS_CONFLICT)
		ok = reply(c, st, "text/x.tlog.size", out.data, out.len);
	else if (st == WITNESS_INTERNAL)
		ok = reply_text(c, st, "internal error\n");
	else if (buf_addf(&msg, "%s\n", ink_error_last()) == 0)
		ok = reply_text(c, st, buf_str(&msg));
	else
		ok = reply_text(c, st, "refused\n");
	buf_release(&out);
	buf_release(&msg);
	return ok;
}

static enum MHD_Result
monitor(struct witness_server *s, struct MHD_Connection *c, const char *url)
{
	struct buf cp;
	char hex[80];
	const char *slash;
	enum MHD_Result ok;

	/* "/<64 hex digits>/checkpoint" */
	if ((slash = strchr(url + 1, '/')) == NULL ||
	    strcmp(slash, "/checkpoint") != 0 ||
	    (size_t)(slash - url - 1) >= sizeof(hex))
		return reply_text(c, MHD_HTTP_NOT_FOUND, "not found\n");
	memcpy(hex, url + 1, (size_t)(slash - url - 1));
	hex[slash - url - 1] = '\0';
	if (witness_checkpoint(s->w, hex, &cp) != 0) {
		buf_release(&cp);
		return reply_text(c, MHD_HTTP_NOT_FOUND, "not found\n");
	}
	ok = reply(c, MHD_HTTP_OK, "text/plain; charset=utf-8", cp.data,
	    cp.len);
	buf_release(&cp);
	return ok;
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *data,
    size_t *size, void **state)
{
	struct witness_server *s = cls;
	struct upload *u = *state;
	const char *cl;

	(void)version;
	if (strcmp(url, "/add-checkpoint") != 0) {
		if (strcmp(method, MHD_HTTP_METHOD_GET) == 0)
			return monitor(s, c, url);
		return reply_text(c, MHD_HTTP_NOT_FOUND, "not found\n");
	}
	if (strcmp(method, MHD_HTTP_METHOD_POST) != 0) {
		struct MHD_Response *r = mhd.create_response_from_buffer(0,
		    NULL, MHD_RESPMEM_PERSISTENT);
		enum MHD_Result ok;
		if (r == NULL)
			return MHD_NO;
		mhd.add_response_header(r, MHD_HTTP_HEADER_ALLOW, "POST");
		ok = mhd.queue_response(c, MHD_HTTP_METHOD_NOT_ALLOWED, r);
		mhd.destroy_response(r);
		return ok;
	}
	if (u == NULL) {
		/* The first call: only the headers.  A declared length over
		 * the limit is refused before a byte of the body is read. */
		cl = mhd.lookup_connection_value(c, MHD_HEADER_KIND,
		    MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl != NULL && strtoull(cl, NULL, 10) > WITNESS_MAX_REQUEST)
			return reply_text(c, MHD_HTTP_CONTENT_TOO_LARGE,
			    "request too large\n");
		if ((u = calloc(1, sizeof(*u))) == NULL)
			return MHD_NO;
		buf_init(&u->body, WITNESS_MAX_REQUEST);
		*state = u;
		return MHD_YES;
	}
	if (*size != 0) {
		/* A body with no declared length (chunked) that grows past
		 * the limit: libmicrohttpd cannot answer while the upload
		 * goes on, so the connection is closed; nothing more is
		 * read. */
		if (buf_add(&u->body, data, *size) != 0)
			return MHD_NO;
		*size = 0;
		return MHD_YES;
	}
	return add_checkpoint(s, c, u);
}

static void
completed(void *cls, struct MHD_Connection *c, void **state,
    enum MHD_RequestTerminationCode why)
{
	struct upload *u = *state;

	(void)cls;
	(void)c;
	(void)why;
	if (u != NULL) {
		buf_release(&u->body);
		free(u);
	}
	*state = NULL;
}

int
witness_serve_start(struct witness_server **out, struct witness *w,
    const char *listen, int64_t (*now)(void), witness_log_fn log,
    void *log_arg, unsigned *port)
{
	struct witness_server *s = NULL;
	struct addrinfo hints, *ai = NULL;
	const union MHD_DaemonInfo *info;
	char host[256], *colon;
	const char *h, *p;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL;
	int rc, e;

	*out = NULL;
	pthread_once(&mhd_once, mhd_load);
	if (mhd.start_daemon == NULL)
		return ink_error(INK_EINPUT, "%s", mhd_error);
	/* ADDR:PORT, or [IPv6]:PORT. */
	if ((colon = strrchr(listen, ':')) == NULL ||
	    (size_t)(colon - listen) >= sizeof(host))
		return ink_error(INK_EINPUT, "listen address '%s' is not "
		    "ADDR:PORT", listen);
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	p = colon + 1;
	h = host;
	if (host[0] == '[' && colon > listen + 1 && colon[-1] == ']') {
		host[colon - listen - 1] = '\0';
		h = host + 1;
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
	if ((e = getaddrinfo(h, p, &hints, &ai)) != 0)
		return ink_error(INK_EINPUT, "listen address '%s': %s", listen,
		    gai_strerror(e));
	if (ai->ai_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	if ((s = calloc(1, sizeof(*s))) == NULL) {
		rc = ink_error(INK_EINPUT, "out of memory");
		goto cleanup;
	}
	s->w = w;
	s->now = now;
	s->log = log;
	s->log_arg = log_arg;
	s->d = mhd.start_daemon(flags, 0, NULL, NULL, handle, s,
	    MHD_OPTION_SOCK_ADDR, ai->ai_addr,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)WITNESS_MAX_CONNECTIONS,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)WITNESS_TIMEOUT,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)WITNESS_CONN_MEMORY,
	    MHD_OPTION_NOTIFY_COMPLETED, completed, s,
	    MHD_OPTION_END);
	if (s->d == NULL) {
		rc = ink_error_sys(INK_EINPUT, "cannot listen on '%s'", listen);
		goto cleanup;
	}
	info = mhd.get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	*port = info ? info->port : 0;
	*out = s;
	s = NULL;
	rc = 0;
cleanup:
	if (s != NULL) {
		if (s->d != NULL)
			mhd.stop_daemon(s->d);
		free(s);
	}
	freeaddrinfo(ai);
	return rc;
}

void
witness_serve_stop(struct witness_server *s)
{
	if (s == NULL)
		return;
	mhd.stop_daemon(s->d);
	free(s);
}
