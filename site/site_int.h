/*
 * What the files of the site builder share: the build, one page being
 * written, the chrome every page has, and the writers of each part.
 * Not for use outside site/.
 */
#ifndef INK_SITE_INT_H
#define INK_SITE_INT_H

#include <pthread.h>
#include <stdint.h>

#include "core/hashmap.h"
#include "site/i18n.h"
#include "site/model.h"
#include "site/out.h"
#include "site/site.h"

struct site {
	const struct site_opts *o;
	const char *root;       /* where files are written: OUT, or the
	                         * staging folder of a new OUT */
	char stage[4096];
	int fresh;              /* root is a new, empty staging folder */
	struct reg *g;
	struct reg_workers w;   /* one handle per thread; w.g[0] is g */
	/* Guards dirs, stats, cats and progress while pages are written on
	 * several threads. */
	pthread_mutex_t lock;
	size_t pages_done;       /* record pages written (under lock) */
	struct s_model m;
	struct site_stats *stats;
	int rootfd;             /* root, opened once (write.c) */
	char **dirs;            /* folders opened under root (their paths */
	int *dirfds;            /* with root in front) and descriptors */
	size_t ndirs;
	/* Hashes of the paths written this build, for removing what an
	 * earlier build left (site_prune). */
	struct hmap paths;
	struct cache *cache;    /* what the last build wrote (cache.c) */
	cJSON **cats;           /* catalogues pinned in the registry */
	char **cat_keys;
	size_t ncats;
	int rc;                 /* the first write error */
};

/* The sections of the navigation, for aria-current. */
enum section { SEC_NONE, SEC_HOME, SEC_REGISTER, SEC_ORGS, SEC_SVCS,
	SEC_SIGNERS, SEC_REVOCATIONS, SEC_COMPARE, SEC_GLOSSARY, SEC_VERIFY,
	SEC_SEARCH };

struct page {
	struct out o;
	struct site *s;
	const char *lang;
	char path[320];         /* under the language folder */
	char root[64];          /* from the page to OUT/ */
	char lroot[64];         /* from the page to OUT/<lang>/ */
	int nsvg;               /* pictures so far, for unique ids */
	char feed[352];         /* the page's own Atom feed under the
	                         * language folder, or "" (feed.c) */
	enum site_msg feed_title;
};

/* write.c: a file under OUT, written only when its bytes change. */
int site_write(struct site *s, const char *rel, const void *data,
    size_t len);
/* Removes the files under OUT's own folders that this build did not
 * write (pages of views or records no longer in the site, temporary
 * files of a build that was killed). */
int site_prune(struct site *s);
/* Opens the folder name in the folder at (*out), making it when
 * missing, never through a symbolic link: a link or another file there
 * is an error naming shown. */
int site_dir_at(int *out, int at, const char *name, const char *shown);
/* Closes root and the folders site_write opened under it. */
void site_dirs_close(struct site *s);
/* Tells the cache of every file under OUT's own folders, when it has
 * groups of the last build to reuse. */
int site_list_present(struct site *s);

/* cache.c: the build cache (.<OUT>.inkan-cache beside OUT).  The files of a group
 * (a record's pages, one page of a list, an entity's pages in one
 * language) are made from inputs summed up in a digest; a group whose
 * digest and files are as the last build left them is not made again. */
#define CACHE_DIGEST 16
/* Reads the last build's cache (not for a new OUT or with --full), and
 * learns the inputs every group shares.  site_list_present() then lists
 * OUT. */
int cache_open(struct site *s);
/* 1 when the last build left groups to reuse, so OUT must be listed. */
int cache_wants_listing(const struct site *s);
/* Which folders of the last build are as it left them (same inode and
 * mtime), and the files it wrote in those, present without listing. */
int cache_trust_dirs(struct site *s);
/* OUT has been listed: groups may be reused. */
void cache_listed(struct site *s);
/* What the last build kept of its model, or NULL, and where this build
 * keeps its own (model_build). */
const struct s_prev *cache_prev(const struct site *s);
const struct s_keeper *cache_keeper(struct site *s);
/* 1, with the entry of record i in api/index.json and its row of
 * register.csv (NULL when it has none) as the last build wrote them, when
 * its digest was d; and the entries and rows of this build, all n of
 * them in log order after cache_frags_begin (once). */
int cache_frag(const struct site *s, size_t i,
    const unsigned char d[CACHE_DIGEST], const char **json, const char **csv);
void cache_frags_begin(struct site *s, size_t n);
void cache_frag_put(struct site *s, const unsigned char d[CACHE_DIGEST],
    const char *json, size_t jlen, const char *csv, size_t clen);
/* The digest of record i as any page shows it (its row, what it points
 * to, the entities it links). */
const unsigned char *cache_record_digest(const struct site *s, size_t i);
/* The digests of every record and entity, once the model is built. */
int cache_digests(struct site *s);
/* *skip = 1 when the group named key, with digest d, is there as the
 * last build left it: its files are noted and counted as unchanged, and
 * nothing is to be made.  Else the calling thread makes it now, and
 * cache_wrote notes each of its files until group_done. */
int group_skip(struct site *s, const char *key,
    const unsigned char d[CACHE_DIGEST], int *skip);
/* The group made, with result rc: the first error. */
int group_done(struct site *s, int rc);
/* The digests of a group's inputs (site/cache.c knows what each kind of
 * page shows). */
void digest_record(struct site *s, size_t i, unsigned char d[CACHE_DIGEST]);
void digest_list(struct site *s, const char *key, const size_t *recs,
    size_t n, size_t page, size_t npages, unsigned char d[CACHE_DIGEST]);
void digest_org(struct site *s, size_t ix, const char *key,
    unsigned char d[CACHE_DIGEST]);
void digest_svc(struct site *s, size_t ix, const char *key,
    unsigned char d[CACHE_DIGEST]);
void digest_signer(struct site *s, size_t ix, const char *key,
    unsigned char d[CACHE_DIGEST]);
/* A further page of an entity's entries (ed: the entity's digest). */
void digest_entries(struct site *s, const char *key, const unsigned char *ed,
    const size_t *recs, size_t n, size_t page, size_t npages,
    unsigned char d[CACHE_DIGEST]);
const unsigned char *cache_org_digest(const struct site *s, size_t ix);
const unsigned char *cache_signer_digest(const struct site *s, size_t ix);
/* Entries on each page of an entity's list of them. */
#define PER_ENTITY 200
/* A page of an index of entities (which: 0 organisations, 1 services,
 * 2 signers), listing ixs. */
void digest_index(struct site *s, int which, const char *key,
    const size_t *ixs, size_t n, size_t page, size_t npages,
    unsigned char d[CACHE_DIGEST]);
/* From write.c: a file of the calling thread's group, a file found in
 * OUT, a path noted (under s->lock). */
int cache_wrote(uint64_t h, uint64_t dir, uint64_t ino);
/* Folders: one met while listing OUT; whether one is as the last build
 * left it (its files need not be listed); the folders in one, as the
 * last build left them. */
int cache_dir_seen(struct site *s, const char *rel);
int cache_dir_trusted(const struct site *s, const char *rel);
size_t cache_dir_children(const struct site *s, const char *rel,
    const char **out, size_t max);
int cache_present(struct site *s, uint64_t h, uint64_t ino);
/* The hash of a path under OUT (never 0); noting it as part of this
 * build (under s->lock); whether it is. */
uint64_t site_path_hash(const char *rel);
int site_path_note(struct site *s, uint64_t h);
int site_path_noted(const struct site *s, const char *rel);
/* 0 when every file found in OUT is part of this build (no prune). */
int cache_prune_needed(const struct site *s);
/* Writes the cache for the next build (a failure is no error). */
int cache_save(struct site *s);
void cache_free(struct site *s);

/* chrome.c */
/* Starts a page at OUT/<lang>/<path> (path built like printf). */
void page_open(struct page *p, struct site *s, const char *lang,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* The head, header, navigation and the start of main, with the title
 * (text) and an optional h1 (NULL: the title). */
void page_head(struct page *p, const char *title, enum section sec,
    int script);
/* Closes main, writes the footer, writes the file, frees the page. */
int page_close(struct page *p);
/* Frees the page buffer the calling thread keeps for its next page. */
void page_spare_free(void);
/* A page pool's thread_end: the thread's page buffer freed. */
void site_thread_end(void *ctx, unsigned t);
/* href="..." to a page of the same language (path under OUT/<lang>/). */
void p_href(struct page *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* href="..." to a file under OUT/ (assets, api). */
void p_href_root(struct page *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* <a href=...>text</a> to a page of the record / entity. */
void p_rec_link(struct page *p, const struct s_rec *r);
void p_org_link(struct page *p, size_t org);
void p_svc_link(struct page *p, size_t svc);
void p_signer_link(struct page *p, size_t ent);
/* The words of a record's title in lang: service or organisation. */
const char *rec_title(struct site *s, const struct s_rec *r,
    const char *lang);
/* The status of a record as a badge: word, symbol, glossary link. */
void p_state(struct page *p, const struct s_rec *r);
/* A status record's reason: the label the scheme data gives its code
 * (catalogs/reasons.json) in the page's language, then the code; the
 * bare code when the data does not know it. */
void p_reason(struct page *p, const char *code);
/* A localised vocabulary word (role, action, deployment model). */
const char *word_role(const char *lang, const char *role);
const char *word_action(const char *lang, const char *action);
const char *word_deploy(const char *lang, const char *d);
const char *word_state(const char *lang, int state);
const char *word_kind(const char *lang, enum s_kind k);
/* The reason for a status, in words, with links. */
void p_state_reason(struct page *p, const struct s_rec *r);
/* record.c: the status first, as the first section of a record's,
 * service's or summary's page (with sig, the site's verification as a
 * secondary line); and a title with the status in front. */
void p_status_first(struct page *p, const struct s_rec *r, int sig);
void state_title(char *out, size_t len, const struct s_rec *r,
    const char *name, const char *lang);
/* A validity window as JST days. */
void p_validity(struct page *p, const struct s_rec *r);
/* A list of strings joined by ", ". */
void p_list(struct page *p, const struct s_list *l);
/* Links to the first, previous and next page of a paged list: page 1 is
 * <dir><stem>.html, page n <dir><stem>-<n>.html.  No last page and no
 * count, so that a new page changes only the one before it. */
void p_pager(struct page *p, const char *dir, const char *stem,
    size_t page, size_t npages);
/* The table of register entries (rows: records). */
void p_entry_table(struct page *p, const size_t *recs, size_t n,
    int checkboxes);

/* The words the scripts write, as JSON in a script element (misc.c). */
void p_labels(struct page *p);

/* pages: record.c, lists.c, entities.c, misc.c */
int pages_records(struct site *s);
int pages_lists(struct site *s);
int pages_entities(struct site *s);
int pages_misc(struct site *s);
/* api.c: JSON, CSV, Atom */
int api_record(struct site *s, const struct s_rec *r,
    const struct buf *envelope, const struct statement *st, int soc3);
int site_api(struct site *s);
/* tlog.c: api/tile, and the log as C2SP tlog-tiles under log/, each
 * checked against the signed checkpoint before it is written. */
int site_tlog(struct site *s);
/* api/signers.json, which verify.html carries too. */
int site_signers_json(struct site *s, struct buf *out);
/* feed.c: the Atom feeds of all changes, of revocations, and of each
 * organisation and service (site_feeds); feed_of(), before page_head,
 * gives an organisation's (svc 0) or service's page its feed, which
 * page_head links, and feed_link() the visible link to it. */
int site_feeds(struct site *s);
void feed_of(struct page *p, int svc, const char *key);
void feed_link(struct page *p);
/* search.c: the search index site.js loads (api/search/). */
int site_search(struct site *s);
/* svg.c */
void svg_qr(struct page *p, const char *text);
void svg_bars(struct page *p, const char *title, const char *desc,
    const char *const *labels, const size_t *values, size_t n);
void svg_scs(struct page *p, const cJSON *categories, const cJSON *catalog);
/* assets.c: the embedded CSS and JavaScript. */
int site_assets(struct site *s);

/* The most services the search page lists for browsers without
 * JavaScript, beside their organisations (a page of a few hundred KiB);
 * past it the page lists the organisations alone. */
#define SITE_NOJS_MAX 5000

#endif
