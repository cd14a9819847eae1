/*
 * The container under both Office readers: an OPC package (ECMA-376 Part 2,
 * a zip with [Content_Types].xml and _rels) opened from the caller's bytes
 * and read part by part through expat, bounded against hostile files. The
 * workbook reader (xlsx_*.c) and the Word reader (docx_*.c) stand on it;
 * nothing here knows cells or paragraphs. Internal to src/io.
 *
 * Opening checks the file's size and, from the zip's central directory, the
 * number of entries, each entry's declared size and compression ratio and
 * their sum; while a part is parsed the bytes really inflated are counted
 * again (headers may lie). A file that is no zip is named for what it seems
 * to be (an old .xls or .doc, a picture, a PDF) so the message can say what
 * to choose instead.
 *
 * A part streams through expat in 64 KiB chunks with namespaces on: no DTD
 * of any kind (a DOCTYPE or an entity declaration stops the parse with its
 * message), expat allocating through base/alloc.h, invalid UTF-8 and broken
 * XML turned into Japanese messages with line and column. What the part
 * parser reads is a little grammar (struct ooxml_grammar); elements of
 * other namespaces, and any element the grammar does not step into, are
 * skipped with all they hold. Nesting is bounded (OOXML_MAX_DEPTH).
 *
 * Strings the package hands out (ooxml_strndup, relationship targets) live
 * in the arena given to ooxml_pkg_init, packed end to end in its chunks.
 * The first failure sticks in pk->rc and pk->err; every function returns
 * or leaves it there, so a caller checks once.
 */
#ifndef CNAP_IO_OOXML_PKG_H
#define CNAP_IO_OOXML_PKG_H

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"

#include <expat.h>
#include <stdbool.h>
#include <stddef.h>
#include <zip.h>

struct ooxml_limits {
	size_t max_file_bytes, max_entries, max_entry_bytes, max_total_bytes, max_ratio;
	size_t max_relationships; /* in one .rels part */
};

/* The compression ratio is checked on entries larger than this. */
#define OOXML_RATIO_FROM_BYTES ((size_t)1 << 20)
/* Elements open at once that a grammar steps into (skipped ones do not count). */
#define OOXML_MAX_DEPTH 100

/* How the messages name the file a reader wants. */
struct ooxml_kind {
	const char *name;       /* "Excelのブック（xlsx）" */
	const char *noun;       /* "ブック": "パスワードで保護された…は読めません", "…全体の展開後の大きさ" */
	const char *legacy;     /* what an old binary file of this kind is: "Excel 97-2003形式（.xls）" */
	const char *ext;        /* "xlsx": "…形式で保存し直してください" */
};

/* The namespaces an element or attribute name can be in. */
enum ooxml_ns {
	OOXML_NS_NONE,
	OOXML_NS_SML,     /* SpreadsheetML, transitional or strict */
	OOXML_NS_WML,     /* WordprocessingML, transitional or strict */
	OOXML_NS_REL,     /* officeDocument relationships (r:id) */
	OOXML_NS_PKG_REL, /* the package's .rels parts */
	OOXML_NS_CT,      /* [Content_Types].xml */
	OOXML_NS_OTHER
};

struct ooxml_pkg;

/*
 * What a part parser reads of its XML. The parse is in a state pk->at (0
 * outside the root); a step says that an element named local, in state
 * from (OOXML_ANY: in any state), is a container to go into: the state is
 * to while inside it (OOXML_SAME: it stays, for wrappers such as Word's
 * <w:ins>), and with text its character data goes to pk->text. enter is
 * called on the way in (not for OOXML_SAME) and may ooxml_skip() to refuse
 * the element after all; leave on the way out, in the state being left.
 * Any other element of the grammar's namespace (or of none) is a leaf: leaf
 * sees it in the current state, and it is then ignored with all it holds,
 * as is everything of another namespace. The way out of a state is kept on
 * a stack, so a state may be reached by several steps (a table in a cell).
 * Steps are tried in order: put the frequent ones first, OOXML_ANY last.
 */
#define OOXML_ANY 255
#define OOXML_SAME 255
struct ooxml_step {
	unsigned char from, to;
	bool text;
	const char *local;
};
struct ooxml_grammar {
	enum ooxml_ns ns;
	const struct ooxml_step *steps;
	size_t n_steps;
	void (*enter)(struct ooxml_pkg *pk, const XML_Char **atts);
	void (*leaf)(struct ooxml_pkg *pk, const char *local, const XML_Char **atts);
	void (*leave)(struct ooxml_pkg *pk);
};

/* A string being packed into the arena: chunks hold many strings end to end. */
struct ooxml_pool {
	char *at;
	size_t left;
};

struct ooxml_frame {
	unsigned char at;
	bool collect, same;
};

struct ooxml_pkg {
	const struct ooxml_kind *kind;
	struct ooxml_limits lim;
	struct cnap_arena *arena;
	struct cnap_error *err;
	enum cnap_err rc;
	zip_t *za;
	size_t inflated;            /* bytes inflated so far, all parts */
	struct ooxml_pool pool;
	size_t text_max_chars;      /* what an overlong pk->text is told it may hold */

	/* the part being parsed */
	const char *part;
	XML_Parser p;
	const struct ooxml_grammar *g;
	unsigned at;                /* the grammar's state */
	unsigned skip;              /* > 0 inside an element we ignore, with its depth */
	bool collect;               /* character data goes to text */
	struct ooxml_frame stack[OOXML_MAX_DEPTH];
	size_t depth;
	struct cnap_buf text;       /* reused for every value */
	void *state;                /* the part parser's own */
};

/*
 * Ready to open: limits copied (every field must be set), strings to go
 * into arena, pk->text bounded by text_max_bytes (an overflow says "at
 * most text_max_chars characters").
 */
void ooxml_pkg_init(struct ooxml_pkg *pk, const struct ooxml_kind *kind, const struct ooxml_limits *lim,
		    struct cnap_arena *arena, size_t text_max_bytes, size_t text_max_chars, struct cnap_error *err);
/* Opens the zip in data[0..len) (kept alive by the caller until ooxml_pkg_close) and checks its directory. */
enum cnap_err ooxml_pkg_open(struct ooxml_pkg *pk, const void *data, size_t len);
/* Closes the zip and frees what the package holds outside the arena; safe after a failed open. */
void ooxml_pkg_close(struct ooxml_pkg *pk);

/* Fail once: the first error sticks; stops the parser when one runs. Returns pk->rc. */
enum cnap_err ooxml_fail(struct ooxml_pkg *pk, enum cnap_err code, const char *where, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
enum cnap_err ooxml_oom(struct ooxml_pkg *pk);

/* The zip entry of a part name, looked up exactly and then ignoring case (OPC names are); -1 if absent. */
zip_int64_t ooxml_locate(struct ooxml_pkg *pk, const char *part);

/*
 * Streams the entry of part through a hardened expat parser, reading it
 * with the grammar g; pk->state is for g's callbacks. A missing part is an
 * error (check with ooxml_locate first when it may be absent).
 */
enum cnap_err ooxml_parse_part(struct ooxml_pkg *pk, const char *part, const struct ooxml_grammar *g);

/* From an enter handler: refuse the element, its end and all it holds. */
static inline void ooxml_skip(struct ooxml_pkg *pk)
{
	pk->skip = 1;
}

/* The value of the un-namespaced attribute local, or NULL. */
const char *ooxml_attr(const XML_Char **atts, const char *local);
/* The attribute local in the namespace of the grammar being run (w:val), or un-namespaced; NULL if absent. */
const char *ooxml_attr_main(const struct ooxml_pkg *pk, const XML_Char **atts, const char *local);
/* The r:id attribute (officeDocument relationships namespace), or NULL. */
const char *ooxml_attr_rid(const XML_Char **atts);
/* An xsd:boolean or ST_OnOff value that is true ("1", "true", "on"). */
bool ooxml_true(const char *v);
/* A non-negative decimal integer of at most 9 digits; -1 for anything else (NULL too). */
long ooxml_small_uint(const char *v);

/* Copies s[0..n) NUL-terminated into the pool; NULL (and pk->rc) on exhaustion. */
const char *ooxml_strndup(struct ooxml_pkg *pk, const char *s, size_t n);
static inline const char *ooxml_strdup(struct ooxml_pkg *pk, const char *s)
{
	return ooxml_strndup(pk, s, strlen(s));
}
/* Grows a malloc'd array of elements of size sz to hold n + 1; false (and pk->rc) when out of memory. */
bool ooxml_grow(struct ooxml_pkg *pk, void **v, size_t *cap, size_t n, size_t sz);
/* Copies n elements of size sz from a malloc'd array into the arena (NULL for none or on failure). */
void *ooxml_to_arena(struct ooxml_pkg *pk, const void *v, size_t n, size_t sz);

/* A part name: target resolved against the folder of the part source (absolute targets start with '/'). */
const char *ooxml_resolve(struct ooxml_pkg *pk, const char *source, const char *target);

/* ---- relationships and content types (ooxml_rels.c) ---- */

struct ooxml_rel {
	const char *id, *type;
	const char *target;  /* a part name resolved against the source, or as written when external */
	bool external;       /* TargetMode="External": a URL, never a part */
	size_t order;        /* position in the .rels part */
};
struct ooxml_rels {
	const char *part;    /* the .rels part read ("xl/_rels/workbook.xml.rels"), for messages */
	struct ooxml_rel *v; /* sorted by id; malloc'd, strings in the pool */
	size_t n, cap;
};

/*
 * The relationships of part source ("" for the package's own, _rels/.rels):
 * read from its .rels part, which may be absent (then none). Release with
 * ooxml_rels_release.
 */
enum cnap_err ooxml_read_rels(struct ooxml_pkg *pk, const char *source, struct ooxml_rels *out);
void ooxml_rels_release(struct ooxml_rels *rels);
/* The relationship Id id, or NULL. */
const struct ooxml_rel *ooxml_rel_find(const struct ooxml_rels *rels, const char *id);
/* The first internal relationship (in file order) whose type ends with "/kind", or NULL. */
const struct ooxml_rel *ooxml_rel_of_type(const struct ooxml_rels *rels, const char *kind);
/* Whether a relationship type URI ends with "/kind" (transitional and strict differ before it). */
bool ooxml_rel_type_is(const char *type, const char *kind);

/* What the package's office document is, from its content type. */
enum ooxml_doc {
	OOXML_DOC_WORKBOOK, OOXML_DOC_WORKBOOK_BINARY, OOXML_DOC_WORD, OOXML_DOC_SLIDES, OOXML_DOC_UNKNOWN
};
/*
 * The office document: _rels/.rels names it (fallback when it does not),
 * [Content_Types].xml gives its type (its Override, else the Default of its
 * extension). A package without [Content_Types].xml is refused as not of
 * pk->kind.
 */
enum cnap_err ooxml_main_document(struct ooxml_pkg *pk, const char *fallback, const char **part,
				  enum ooxml_doc *doc);

#endif
