/*
 * Signing on a PKCS#11 token.  A module is loaded once per process and
 * initialised once (two keys of one module share it, as PKCS#11 allows
 * one C_Initialize per process); each key has its own session, used
 * under a lock since a batch signs on several threads.  A module is
 * finalised when its last key goes, but never unloaded: modules leave
 * threads and exit handlers behind that outlive C_Finalize.
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <p11-kit/pkcs11.h>

#include "core/codec.h"
#include "core/error.h"
#include "core/limits.h"
#include "keys/pass.h"
#include "keys/pkcs11.h"

#define MAX_MODULES 4
#define MAX_SLOTS 64

/* DER of the Ed25519 curve, as CKA_EC_PARAMS: the OID 1.3.101.112, or
 * the PrintableString "edwards25519" (PKCS#11 3.0, 2.3.5). */
static const unsigned char ED25519_OID[] = { 0x06, 0x03, 0x2b, 0x65, 0x70 };
static const unsigned char ED25519_NAME[] = { 0x13, 0x0c, 'e', 'd', 'w', 'a',
	'r', 'd', 's', '2', '5', '5', '1', '9' };

struct module {
	char *path;
	void *dl;
	CK_FUNCTION_LIST *f;
	int refs;
};

static pthread_mutex_t modules_lock = PTHREAD_MUTEX_INITIALIZER;
static struct module modules[MAX_MODULES];

struct token_key {
	pthread_mutex_t lock;
	struct module *m;
	CK_SESSION_HANDLE session;
	CK_OBJECT_HANDLE priv;
	char *name;             /* the URI, for messages */
};

static const char *
rv_name(CK_RV rv)
{
	switch (rv) {
	case CKR_PIN_INCORRECT: return "wrong PIN";
	case CKR_PIN_LOCKED: return "the PIN is locked";
	case CKR_TOKEN_NOT_PRESENT: return "token absent";
	case CKR_DEVICE_REMOVED: return "token removed";
	case CKR_DEVICE_ERROR: return "device error";
	case CKR_MECHANISM_INVALID: return "mechanism not supported";
	case CKR_KEY_TYPE_INCONSISTENT: return "a key of another type";
	case CKR_USER_NOT_LOGGED_IN: return "not logged in";
	case CKR_DATA_LEN_RANGE: return "message too long for the token";
	default: return NULL;
	}
}

static int
p11_fail(CK_RV rv, const char *fmt, const char *arg)
{
	const char *why = rv_name(rv);
	char what[512];

	snprintf(what, sizeof(what), fmt, arg);
	if (why)
		return ink_error(INK_EINPUT, "%s: %s", what, why);
	return ink_error(INK_EINPUT, "%s: PKCS#11 error 0x%lx", what,
	    (unsigned long)rv);
}

void
key_pkcs11_uri_release(struct key_pkcs11_uri *u)
{
	free(u->token);
	free(u->manufacturer);
	free(u->serial);
	free(u->model);
	free(u->object);
	free(u->module_path);
	memset(u, 0, sizeof(*u));
}

/* Percent-decodes [s, s+n) into a new string (*len bytes, NUL ended). */
static int
pct_decode(char **out, size_t *len, const char *s, size_t n)
{
	char *d;
	size_t i, j = 0;
	int hi, lo;

	if ((d = malloc(n + 1)) == NULL)
		return ink_error(INK_EINPUT, "out of memory");
	for (i = 0; i < n; i++) {
		if (s[i] != '%') {
			d[j++] = s[i];
			continue;
		}
		if (i + 2 >= n) {
			free(d);
			return ink_error(INK_EINPUT, "a '%%' escape cut short");
		}
		if ((hi = hex_value(s[i + 1])) < 0 || (lo = hex_value(s[i + 2])) < 0) {
			free(d);
			return ink_error(INK_EINPUT, "a bad '%%' escape");
		}
		d[j++] = (char)(hi << 4 | lo);
		i += 2;
	}
	d[j] = '\0';
	*out = d;
	*len = j;
	return 0;
}

/* One attribute "name=value" of the path (sep ';') or query (sep '&'). */
static int
uri_attr(struct key_pkcs11_uri *u, const char *a, size_t n, int query)
{
	const char *eq = memchr(a, '=', n);
	size_t nl, vl = 0;
	char *v = NULL, **slot = NULL;
	int rc;

	if (n == 0)
		return 0;
	if (eq == NULL)
		return ink_error(INK_EINPUT, "attribute '%.*s' has no value",
		    (int)n, a);
	nl = (size_t)(eq - a);
	if ((rc = pct_decode(&v, &vl, eq + 1, n - nl - 1)) != 0)
		return rc;
#define IS(s) (nl == strlen(s) && memcmp(a, s, nl) == 0)
	if (query && IS("module-path"))
		slot = &u->module_path;
	else if (query && IS("pin-value")) {
		OPENSSL_cleanse(v, vl);
		free(v);
		return ink_error(INK_EINPUT, "a PIN in the URI would be seen by "
		    "anyone listing processes: give --passphrase-file or "
		    "INKAN_PASSPHRASE_FILE");
	} else if (!query && IS("token"))
		slot = &u->token;
	else if (!query && IS("manufacturer"))
		slot = &u->manufacturer;
	else if (!query && IS("serial"))
		slot = &u->serial;
	else if (!query && IS("model"))
		slot = &u->model;
	else if (!query && IS("object"))
		slot = &u->object;
	else if (!query && IS("id")) {
		if (vl > KEY_PKCS11_ID_MAX) {
			free(v);
			return ink_error(INK_EINPUT, "id longer than %d bytes",
			    KEY_PKCS11_ID_MAX);
		}
		memcpy(u->id, v, vl);
		u->idlen = vl;
		u->has_id = 1;
		free(v);
		return 0;
	} else if (!query && IS("type")) {
		/* The purpose picks the object: private to sign, public to
		 * read; any type names the same pair. */
		free(v);
		return 0;
	}
#undef IS
	if (slot == NULL) {
		free(v);
		return ink_error(INK_EINPUT, "attribute '%.*s' is not supported",
		    (int)nl, a);
	}
	if (*slot != NULL || strlen(v) != vl) {
		free(v);
		return ink_error(INK_EINPUT, "attribute '%.*s' given twice or "
		    "with a NUL", (int)nl, a);
	}
	*slot = v;
	return 0;
}

int
key_pkcs11_uri_parse(struct key_pkcs11_uri *u, const char *s)
{
	const char *p, *end, *q, *next;
	int rc, query = 0;

	memset(u, 0, sizeof(*u));
	if (strncmp(s, KEY_PKCS11_SCHEME, strlen(KEY_PKCS11_SCHEME)) != 0)
		return ink_error(INK_EINPUT, "'%s' is not a pkcs11: URI", s);
	if (strlen(s) > INK_MAX_PKCS11_URI)
		return ink_error(INK_EINPUT, "a pkcs11: URI longer than %d "
		    "bytes", INK_MAX_PKCS11_URI);
	p = s + strlen(KEY_PKCS11_SCHEME);
	end = p + strlen(p);
	q = strchr(p, '?');
	while (p < end) {
		if (!query && q != NULL && p == q) {
			query = 1;
			p++;
			continue;
		}
		next = p;
		while (next < end && *next != (query ? '&' : ';') &&
		    !(!query && next == q))
			next++;
		if ((rc = uri_attr(u, p, (size_t)(next - p), query)) != 0) {
			key_pkcs11_uri_release(u);
			/* Never repeat a URI that holds a PIN. */
			if (strstr(s, "pin-value") || strstr(s, "pin-source"))
				return ink_error_wrap(rc, "a pkcs11: URI");
			return ink_error_wrap(rc, "'%s'", s);
		}
		p = next < end && next != q ? next + 1 : next;
	}
	if (u->object == NULL && !u->has_id) {
		key_pkcs11_uri_release(u);
		return ink_error(INK_EINPUT, "'%s' names no key: give object= "
		    "or id=", s);
	}
	return 0;
}

static void
module_put(struct module *m)
{
	if (m == NULL)
		return;
	pthread_mutex_lock(&modules_lock);
	if (--m->refs == 0) {
		m->f->C_Finalize(NULL);
		free(m->path);
		memset(m, 0, sizeof(*m));
	}
	pthread_mutex_unlock(&modules_lock);
}

static int
module_get(struct module **out, const char *path)
{
	CK_C_INITIALIZE_ARGS args;
	CK_C_GetFunctionList get;
	struct module *m = NULL;
	CK_RV rv;
	int i, rc = 0;

	*out = NULL;
	pthread_mutex_lock(&modules_lock);
	for (i = 0; i < MAX_MODULES; i++)
		if (modules[i].refs > 0 && strcmp(modules[i].path, path) == 0) {
			modules[i].refs++;
			*out = &modules[i];
			goto done;
		}
	for (i = 0; i < MAX_MODULES && m == NULL; i++)
		if (modules[i].refs == 0)
			m = &modules[i];
	if (m == NULL) {
		rc = ink_error(INK_EINPUT, "more than %d PKCS#11 modules",
		    MAX_MODULES);
		goto done;
	}
	if ((m->dl = dlopen(path, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		rc = ink_error(INK_EINPUT, "cannot load PKCS#11 module '%s': %s",
		    path, dlerror());
		goto done;
	}
	get = (CK_C_GetFunctionList)dlsym(m->dl, "C_GetFunctionList");
	if (get == NULL || get(&m->f) != CKR_OK || m->f == NULL) {
		rc = ink_error(INK_EINPUT, "'%s' is not a PKCS#11 module", path);
		goto fail;
	}
	memset(&args, 0, sizeof(args));
	args.flags = CKF_OS_LOCKING_OK;
	rv = m->f->C_Initialize(&args);
	if (rv != CKR_OK && rv != CKR_CRYPTOKI_ALREADY_INITIALIZED) {
		rc = p11_fail(rv, "cannot start PKCS#11 module '%s'", path);
		goto fail;
	}
	if ((m->path = strdup(path)) == NULL) {
		m->f->C_Finalize(NULL);
		rc = ink_error(INK_EINPUT, "out of memory");
		goto fail;
	}
	m->refs = 1;
	*out = m;
	goto done;
fail:
	dlclose(m->dl);
	memset(m, 0, sizeof(*m));
done:
	pthread_mutex_unlock(&modules_lock);
	return rc;
}

/* A space-padded token field equal to want. */
static int
field_is(const unsigned char *f, size_t n, const char *want)
{
	size_t wl = strlen(want), i;

	if (wl > n || memcmp(f, want, wl) != 0)
		return 0;
	for (i = wl; i < n; i++)
		if (f[i] != ' ')
			return 0;
	return 1;
}

static const char *
token_name(const struct key_pkcs11_uri *u)
{
	return u->token ? u->token : u->serial ? u->serial : "(any)";
}

/* The first slot whose token matches the URI. */
static int
find_slot(CK_SLOT_ID *out, struct module *m, const struct key_pkcs11_uri *u,
    const char *path)
{
	CK_SLOT_ID slots[MAX_SLOTS];
	CK_ULONG n = MAX_SLOTS, i;
	CK_TOKEN_INFO ti;
	CK_RV rv;

	if ((rv = m->f->C_GetSlotList(CK_TRUE, slots, &n)) != CKR_OK)
		return p11_fail(rv, "cannot list the tokens of '%s'", path);
	for (i = 0; i < n; i++) {
		if (m->f->C_GetTokenInfo(slots[i], &ti) != CKR_OK)
			continue;
		if ((u->token && !field_is(ti.label, 32, u->token)) ||
		    (u->manufacturer && !field_is(ti.manufacturerID, 32,
		    u->manufacturer)) ||
		    (u->model && !field_is(ti.model, 16, u->model)) ||
		    (u->serial && !field_is(ti.serialNumber, 16, u->serial)))
			continue;
		*out = slots[i];
		return 0;
	}
	return ink_error(INK_EINPUT, "token '%s' absent: no such token in "
	    "PKCS#11 module '%s'", token_name(u), path);
}

/* The one object of class cls the URI names; INK_ENOTFOUND when none. */
static int
find_object(CK_OBJECT_HANDLE *out, struct module *m, CK_SESSION_HANDLE s,
    const struct key_pkcs11_uri *u, CK_OBJECT_CLASS cls, const char *name)
{
	CK_ATTRIBUTE t[3];
	CK_OBJECT_HANDLE found[2];
	CK_ULONG nt = 0, nf = 0;
	CK_RV rv;

	t[nt].type = CKA_CLASS;
	t[nt].pValue = &cls;
	t[nt++].ulValueLen = sizeof(cls);
	if (u->object) {
		t[nt].type = CKA_LABEL;
		t[nt].pValue = u->object;
		t[nt++].ulValueLen = strlen(u->object);
	}
	if (u->has_id) {
		t[nt].type = CKA_ID;
		t[nt].pValue = (void *)u->id;
		t[nt++].ulValueLen = u->idlen;
	}
	if ((rv = m->f->C_FindObjectsInit(s, t, nt)) != CKR_OK)
		return p11_fail(rv, "cannot search token for '%s'", name);
	rv = m->f->C_FindObjects(s, found, 2, &nf);
	m->f->C_FindObjectsFinal(s);
	if (rv != CKR_OK)
		return p11_fail(rv, "cannot search token for '%s'", name);
	if (nf == 0)
		return INK_ENOTFOUND;
	if (nf > 1)
		return ink_error(INK_EINPUT, "'%s' names more than one key on "
		    "the token: add object= or id=", name);
	*out = found[0];
	return 0;
}

static const char *
key_type_name(CK_KEY_TYPE t)
{
	switch (t) {
	case CKK_RSA: return "an RSA key";
	case CKK_EC: return "an EC (ECDSA) key";
	case CKK_DSA: return "a DSA key";
	case CKK_EC_EDWARDS: return "an EdDSA key of another curve";
	default: return "a key of another type";
	}
}

/* Reads one attribute into buf (at most cap bytes); *len its length. */
static int
get_attr(struct module *m, CK_SESSION_HANDLE s, CK_OBJECT_HANDLE o,
    CK_ATTRIBUTE_TYPE type, void *buf, CK_ULONG cap, CK_ULONG *len)
{
	CK_ATTRIBUTE a = { type, buf, cap };

	if (m->f->C_GetAttributeValue(s, o, &a, 1) != CKR_OK ||
	    a.ulValueLen == (CK_ULONG)-1)
		return -1;
	*len = a.ulValueLen;
	return 0;
}

static int
is_ed25519_params(const unsigned char *p, CK_ULONG n)
{
	return (n == sizeof(ED25519_OID) && memcmp(p, ED25519_OID, n) == 0) ||
	    (n == sizeof(ED25519_NAME) && memcmp(p, ED25519_NAME, n) == 0);
}

/* The key pair's public half: an Ed25519 key, or the one-line reason it
 * is not one (the check that keeps a P-256 or RSA key on the token from
 * being taken for the auditor's key). */
static int
read_public(struct pubkey **out, struct module *m, CK_SESSION_HANDLE s,
    const struct key_pkcs11_uri *u, const char *name)
{
	unsigned char params[INK_MAX_TOKEN_ATTR], point[INK_MAX_TOKEN_ATTR];
	const unsigned char *raw;
	CK_OBJECT_HANDLE pub;
	CK_KEY_TYPE kt = (CK_KEY_TYPE)-1;
	CK_ULONG len, plen;
	int rc;

	if ((rc = find_object(&pub, m, s, u, CKO_PUBLIC_KEY, name)) != 0)
		return rc == INK_ENOTFOUND ? ink_error(INK_EINPUT, "no public "
		    "key '%s' on token '%s'", name, token_name(u)) : rc;
	if (get_attr(m, s, pub, CKA_KEY_TYPE, &kt, sizeof(kt), &len) != 0 ||
	    len != sizeof(kt))
		return ink_error(INK_EINPUT, "cannot read the type of '%s'",
		    name);
	if (kt != CKK_EC_EDWARDS ||
	    get_attr(m, s, pub, CKA_EC_PARAMS, params, sizeof(params),
	    &len) != 0 || !is_ed25519_params(params, len))
		return ink_error(INK_EINPUT, "'%s' is %s, not Ed25519: mechanism "
		    "not supported", name, key_type_name(kt));
	if (get_attr(m, s, pub, CKA_EC_POINT, point, sizeof(point),
	    &plen) != 0)
		return ink_error(INK_EINPUT, "cannot read the public key '%s'",
		    name);
	/* A DER OCTET STRING, as the standard says, or the bare 32 bytes
	 * some tokens give. */
	if (plen == 2 + ED25519_PUB_LEN && point[0] == 0x04 &&
	    point[1] == ED25519_PUB_LEN)
		raw = point + 2;
	else if (plen == ED25519_PUB_LEN)
		raw = point;
	else
		return ink_error(INK_EINPUT, "the public key '%s' is not 32 "
		    "bytes", name);
	return pubkey_from_raw(out, raw);
}

static const char *
module_path(const struct key_pkcs11_uri *u, const struct key_pass *pass)
{
	const char *env = getenv("INKAN_PKCS11_MODULE");

	if (pass && pass->pkcs11_module && *pass->pkcs11_module)
		return pass->pkcs11_module;
	if (env && *env)
		return env;
	return u->module_path;
}

/* The module, the token's slot and a session, for the URI. */
static int
open_session(struct module **m, CK_SLOT_ID *slot, CK_SESSION_HANDLE *s,
    const struct key_pkcs11_uri *u, const struct key_pass *pass, CK_FLAGS rw)
{
	const char *path = module_path(u, pass);
	CK_RV rv;
	int rc;

	*m = NULL;
	if (path == NULL)
		return ink_error(INK_EINPUT, "no PKCS#11 module: give "
		    "--pkcs11-module, INKAN_PKCS11_MODULE or module-path= in the "
		    "URI");
	if ((rc = module_get(m, path)) != 0)
		return rc;
	if ((rc = find_slot(slot, *m, u, path)) != 0)
		goto fail;
	rv = (*m)->f->C_OpenSession(*slot, CKF_SERIAL_SESSION | rw, NULL,
	    NULL, s);
	if (rv != CKR_OK) {
		rc = p11_fail(rv, "cannot open token '%s'", token_name(u));
		goto fail;
	}
	return 0;
fail:
	module_put(*m);
	*m = NULL;
	return rc;
}

/* Logs in with the PIN, read as a passphrase and wiped at once; a token
 * with its own PIN pad (CKF_PROTECTED_AUTHENTICATION_PATH) asks there,
 * and one that needs no login is not asked. */
static int
login(struct module *m, CK_SLOT_ID slot, CK_SESSION_HANDLE s,
    const struct key_pkcs11_uri *u, const struct key_pass *pass)
{
	struct buf pin = BUF_INIT(0);
	CK_TOKEN_INFO ti;
	char what[256];
	CK_RV rv;
	int rc;

	if (m->f->C_GetTokenInfo(slot, &ti) != CKR_OK)
		return ink_error(INK_EINPUT, "token '%s' absent: it went away",
		    token_name(u));
	if (!(ti.flags & CKF_LOGIN_REQUIRED))
		return 0;
	if (ti.flags & CKF_PROTECTED_AUTHENTICATION_PATH)
		rv = m->f->C_Login(s, CKU_USER, NULL, 0);
	else {
		snprintf(what, sizeof(what), "PIN of token '%s'",
		    token_name(u));
		if ((rc = pass_read(&pin, pass ? pass->file : NULL, what,
		    false)) != 0)
			return rc;
		rv = m->f->C_Login(s, CKU_USER, pin.data, pin.len);
		buf_wipe(&pin);
	}
	if (rv == CKR_OK || rv == CKR_USER_ALREADY_LOGGED_IN)
		return 0;
	return p11_fail(rv, "cannot log in to token '%s'", token_name(u));
}

static void
token_key_free(void *p)
{
	struct token_key *k = p;

	if (k == NULL)
		return;
	if (k->m) {
		k->m->f->C_CloseSession(k->session);
		module_put(k->m);
	}
	pthread_mutex_destroy(&k->lock);
	free(k->name);
	free(k);
}

static int
token_sign(void *ctx, unsigned char sig[ED25519_SIG_LEN], const void *msg,
    size_t n)
{
	struct token_key *k = ctx;
	CK_MECHANISM mech = { CKM_EDDSA, NULL, 0 };
	CK_ULONG len = ED25519_SIG_LEN;
	CK_RV rv;

	pthread_mutex_lock(&k->lock);
	rv = k->m->f->C_SignInit(k->session, &mech, k->priv);
	if (rv == CKR_OK)
		rv = k->m->f->C_Sign(k->session, (CK_BYTE_PTR)msg, n, sig, &len);
	pthread_mutex_unlock(&k->lock);
	if (rv != CKR_OK)
		return p11_fail(rv, "token cannot sign with '%s'", k->name);
	if (len != ED25519_SIG_LEN)
		return ink_error(INK_EINPUT, "token gave a signature of %lu "
		    "bytes for '%s'", (unsigned long)len, k->name);
	return 0;
}

int
key_pkcs11_open(EVP_PKEY **out, const char *uri,
    const struct key_pass *pass)
{
	struct ed25519_holder h = { token_sign, token_key_free, NULL };
	struct token_key *k = NULL;
	struct pubkey *pub = NULL;
	CK_MECHANISM_INFO mi;
	CK_KEY_TYPE kt = (CK_KEY_TYPE)-1;
	CK_SLOT_ID slot;
	CK_ULONG len;
	struct key_pkcs11_uri u;
	int rc;

	*out = NULL;
	if ((rc = key_pkcs11_uri_parse(&u, uri)) != 0)
		return rc;
	if ((k = calloc(1, sizeof(*k))) == NULL) {
		key_pkcs11_uri_release(&u);
		return ink_error(INK_EINPUT, "out of memory");
	}
	pthread_mutex_init(&k->lock, NULL);
	if ((k->name = strdup(uri)) == NULL) {
		rc = ink_error(INK_EINPUT, "out of memory");
		goto fail;
	}
	if ((rc = open_session(&k->m, &slot, &k->session, &u, pass, 0)) != 0)
		goto fail;
	if (k->m->f->C_GetMechanismInfo(slot, CKM_EDDSA, &mi) != CKR_OK ||
	    !(mi.flags & CKF_SIGN)) {
		rc = ink_error(INK_EINPUT, "token '%s' cannot sign with "
		    "CKM_EDDSA: mechanism not supported", token_name(&u));
		goto fail;
	}
	if ((rc = read_public(&pub, k->m, k->session, &u, uri)) != 0 ||
	    (rc = login(k->m, slot, k->session, &u, pass)) != 0)
		goto fail;
	if ((rc = find_object(&k->priv, k->m, k->session, &u, CKO_PRIVATE_KEY,
	    uri)) != 0) {
		if (rc == INK_ENOTFOUND)
			rc = ink_error(INK_EINPUT, "no private key '%s' on token "
			    "'%s'", uri, token_name(&u));
		goto fail;
	}
	if (get_attr(k->m, k->session, k->priv, CKA_KEY_TYPE, &kt,
	    sizeof(kt), &len) != 0 || kt != CKK_EC_EDWARDS) {
		rc = ink_error(INK_EINPUT, "'%s' is %s, not Ed25519: mechanism "
		    "not supported", uri, key_type_name(kt));
		goto fail;
	}
	h.ctx = k;
	rc = ed25519_held_key(out, pub->raw, &h);
	pubkey_free(pub);
	key_pkcs11_uri_release(&u);
	return rc;
fail:
	pubkey_free(pub);
	token_key_free(k);
	key_pkcs11_uri_release(&u);
	return rc;
}

int
key_pkcs11_public(struct pubkey **out, const char *uri,
    const struct key_pass *pass)
{
	struct module *m = NULL;
	CK_SESSION_HANDLE s;
	CK_SLOT_ID slot;
	struct key_pkcs11_uri u;
	int rc;

	*out = NULL;
	if ((rc = key_pkcs11_uri_parse(&u, uri)) != 0)
		return rc;
	if ((rc = open_session(&m, &slot, &s, &u, pass, 0)) == 0) {
		rc = read_public(out, m, s, &u, uri);
		m->f->C_CloseSession(s);
		module_put(m);
	}
	key_pkcs11_uri_release(&u);
	return rc;
}

int
key_pkcs11_generate(struct pubkey **out, const char *uri,
    const struct key_pass *pass)
{
	CK_MECHANISM mech = { CKM_EC_EDWARDS_KEY_PAIR_GEN, NULL, 0 };
	CK_BBOOL yes = CK_TRUE, no = CK_FALSE;
	CK_OBJECT_HANDLE pub, priv, any;
	CK_ATTRIBUTE pt[6], kt[8];
	CK_ULONG np = 0, nk = 0;
	struct module *m = NULL;
	CK_SESSION_HANDLE s;
	CK_SLOT_ID slot;
	CK_RV rv;
	struct key_pkcs11_uri u;
	int rc;

	*out = NULL;
	if ((rc = key_pkcs11_uri_parse(&u, uri)) != 0)
		return rc;
	if (u.object == NULL) {
		rc = ink_error(INK_EINPUT, "'%s': a new key needs object= (its "
		    "label)", uri);
		goto cleanup;
	}
	if ((rc = open_session(&m, &slot, &s, &u, pass, CKF_RW_SESSION)) != 0)
		goto cleanup;
	if ((rc = login(m, slot, s, &u, pass)) != 0)
		goto close;
	/* Never a second key under one name: the first would be lost to
	 * every URI that names it. */
	if ((rc = find_object(&any, m, s, &u, CKO_PRIVATE_KEY, uri)) !=
	    INK_ENOTFOUND || (rc = find_object(&any, m, s, &u, CKO_PUBLIC_KEY,
	    uri)) != INK_ENOTFOUND) {
		if (rc == 0)
			rc = ink_error(INK_EEXIST, "token '%s' already has a key "
			    "'%s': not making another", token_name(&u), uri);
		goto close;
	}
#define ATTR(t, n, ty, p, l) do { t[n].type = (ty); t[n].pValue = (void *)(p); \
	t[n++].ulValueLen = (l); } while (0)
	ATTR(pt, np, CKA_TOKEN, &yes, sizeof(yes));
	ATTR(pt, np, CKA_VERIFY, &yes, sizeof(yes));
	ATTR(pt, np, CKA_EC_PARAMS, ED25519_OID, sizeof(ED25519_OID));
	ATTR(pt, np, CKA_LABEL, u.object, strlen(u.object));
	ATTR(kt, nk, CKA_TOKEN, &yes, sizeof(yes));
	ATTR(kt, nk, CKA_PRIVATE, &yes, sizeof(yes));
	ATTR(kt, nk, CKA_SENSITIVE, &yes, sizeof(yes));
	ATTR(kt, nk, CKA_EXTRACTABLE, &no, sizeof(no));
	ATTR(kt, nk, CKA_SIGN, &yes, sizeof(yes));
	ATTR(kt, nk, CKA_LABEL, u.object, strlen(u.object));
	if (u.has_id) {
		ATTR(pt, np, CKA_ID, u.id, u.idlen);
		ATTR(kt, nk, CKA_ID, u.id, u.idlen);
	}
#undef ATTR
	rv = m->f->C_GenerateKeyPair(s, &mech, pt, np, kt, nk, &pub, &priv);
	if (rv != CKR_OK) {
		rc = p11_fail(rv, "token '%s' cannot make an Ed25519 key",
		    token_name(&u));
		goto close;
	}
	rc = read_public(out, m, s, &u, uri);
close:
	m->f->C_CloseSession(s);
	module_put(m);
cleanup:
	key_pkcs11_uri_release(&u);
	return rc;
}
