/*
 * respond.c - what custom resources send back to CloudFormation: SR323, a
 * custom resource whose function (inline code in the template) returns a
 * secret value in the response Data without NoEcho.
 *
 * The code is read, not parsed: one pass of a small lexer (strings and
 * comments of Python and JavaScript), then one pass over the tokens that
 * follows assignments in order. A variable is marked when its value holds a
 * secret (a GetSecretValue or GetRandomPassword call, a SecretString read,
 * secrets.token_*, a key named like a credential) and a later assignment
 * of the whole variable clears it. A response is cfnresponse.send /
 * response.send (Data the 4th argument, noEcho the 6th or noEcho=) or an
 * object with Status and Data keys in code that writes to the ResponseURL.
 * What cannot be followed (wrappers around send, branches) is not
 * reported: every finding is a response that sends a secret unmasked.
 */
#include "registry.h"

#include <ctype.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "secretpat.h"
#include "value.h"

#define RS_CODE_MAX ((size_t)256 * 1024) /* code beyond this is not read */
#define RS_SENDS_MAX 64                  /* responses reported per function */

/* ==== the code as one text, mapped back to the template =================== */

struct rs_piece {
    const struct sr_node *n; /* the scalar the text comes from; NULL: a Join separator */
    size_t off, len;         /* where its text is in the code */
};

struct rs_code {
    struct sr_arena *a;
    char *s;
    size_t len, cap;
    struct rs_piece *p;
    size_t np, pcap;
};

static void rs_put(struct rs_code *c, const struct sr_node *n, const char *s, size_t len)
{
    if (c->len + 1 >= RS_CODE_MAX)
        return;
    if (c->len + len + 1 > RS_CODE_MAX)
        len = RS_CODE_MAX - c->len - 1; /* the rest is not read */
    c->s = sr_arena_grow(c->a, c->s, c->len, c->len + len + 1, &c->cap, 1, 1024);
    c->p = sr_arena_grow(c->a, c->p, c->np, c->np + 1, &c->pcap, sizeof(*c->p), 16);
    c->p[c->np++] = (struct rs_piece){n, c->len, len};
    memcpy(c->s + c->len, s, len);
    c->len += len;
    c->s[c->len] = '\0';
}

/* Appends the text of inline code v: a string, Fn::Sub's string, Fn::Join's
 * items (other functions stand as one '_'). */
static void rs_build(struct rs_code *c, const struct sr_node *v, int depth)
{
    v = sr_deref(v);
    if (!v || depth > 8)
        return;
    struct sr_intrinsic in;
    if (!sr_intrinsic_get(v, &in)) {
        if (v->kind == SR_SCALAR && sr_node_str(v))
            rs_put(c, v, sr_node_str(v), sr_node_len(v));
        return;
    }
    const struct sr_node *arg = in.arg;
    if (in.fn == SR_FN_SUB) {
        rs_build(c, sr_is_seq(arg) ? sr_seq_item(arg, 0) : arg, depth + 1);
    } else if (in.fn == SR_FN_BASE64) {
        rs_build(c, arg, depth + 1);
    } else if (in.fn == SR_FN_JOIN && sr_is_seq(arg) && arg->n == 2) {
        const char *sep = sr_scalar(sr_seq_item(arg, 0));
        const struct sr_node *list = sr_seq_item(arg, 1);
        for (size_t i = 0; sr_is_seq(list) && i < list->n; i++) {
            if (i && sep && *sep)
                rs_put(c, NULL, sep, strlen(sep));
            rs_build(c, sr_seq_item(list, i), depth + 1);
        }
    } else {
        rs_put(c, v, "_", 1);
    }
}

/* A walk through one scalar's source, resumed by the next offset asked for. */
struct rs_walk {
    const struct sr_node *n;
    size_t k;         /* value bytes passed */
    size_t i;         /* source offset reached (quoted scalars) */
    size_t line, bol; /* literal blocks: line breaks passed, start of the current line */
    int plain;        /* plain scalar: 1 the source is the value on one line, -1 not, 0 unknown */
};

/*
 * The template offset of byte k of scalar n's value, or (size_t)-1 when the
 * source cannot be followed to it (folded text, escaped line breaks). Plain,
 * quoted (YAML and JSON escapes) and literal block scalars are followed. The
 * walk resumes where the last call on the same scalar stopped, so offsets
 * asked for in ascending order cost one pass over the scalar.
 */
static size_t rs_src_off(const struct sr_doc *doc, const struct sr_node *n, size_t k,
                         struct rs_walk *w)
{
    const char *t = doc->text, *s = sr_node_str(n);
    size_t end = n->end < doc->len ? n->end : doc->len;
    if (k > sr_node_len(n))
        return (size_t)-1;
    if (w->n != n || k < w->k)
        *w = (struct rs_walk){n, 0, sr_node_vstart(doc, n) + 1, 0, 0, 0};
    if (n->style == SR_STYLE_PLAIN) {
        if (!w->plain)
            w->plain = sr_node_vstart(doc, n) + sr_node_len(n) <= end &&
                               !memchr(s, '\n', sr_node_len(n)) &&
                               !memcmp(t + sr_node_vstart(doc, n), s, sr_node_len(n))
                           ? 1
                           : -1;
        return w->plain > 0 ? sr_node_vstart(doc, n) + k : (size_t)-1;
    }
    if (n->style == SR_STYLE_SINGLE || n->style == SR_STYLE_DOUBLE) {
        size_t i = w->i, d = w->k;
        while (i < end && d < k) {
            if (t[i] == '\n' || t[i] == '\r')
                break;
            if (n->style == SR_STYLE_SINGLE && t[i] == '\'') {
                if (i + 1 >= end || t[i + 1] != '\'' || s[d] != '\'')
                    break;
                i += 2, d++;
            } else if (n->style == SR_STYLE_DOUBLE && t[i] == '\\') {
                char e = i + 1 < end ? t[i + 1] : '\0';
                if (e == 'u' || e == 'x' || e == 'U') {
                    /* one code point: the bytes its UTF-8 spelling takes */
                    size_t hex = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    unsigned long cp = 0;
                    size_t h = 0;
                    for (; h < hex && i + 2 + h < end && isxdigit((unsigned char)t[i + 2 + h]);
                         h++) {
                        char x = t[i + 2 + h];
                        cp = cp * 16 + (unsigned long)(isdigit((unsigned char)x)
                                                           ? x - '0'
                                                           : tolower((unsigned char)x) - 'a' + 10);
                    }
                    if (h < hex)
                        break;
                    d += e == 'x' || cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
                    i += 2 + hex;
                } else {
                    static const char from[] = "nt\"\\/rbf0 ae", to[] = "\n\t\"\\/\r\b\f\0 \a\033";
                    const char *p = e ? strchr(from, e) : NULL;
                    if (!p || s[d] != to[p - from])
                        break;
                    i += 2, d++;
                }
            } else {
                if (t[i] != s[d])
                    break;
                i++, d++;
            }
        }
        if (d != k) {
            w->n = NULL; /* cannot be followed: start again next time */
            return (size_t)-1;
        }
        w->i = i, w->k = d;
        return i;
    }
    if (n->style != SR_STYLE_LITERAL)
        return (size_t)-1;
    /* Literal block: line j of the value is the end of source line j after
     * the indicator's line. */
    for (size_t x = w->k; x < k; x++)
        if (s[x] == '\n')
            w->line++, w->bol = x + 1;
    w->k = k;
    size_t bol = w->bol, eol = bol;
    while (eol < sr_node_len(n) && s[eol] != '\n')
        eol++;
    int sl = sr_doc_pos(doc, sr_node_vstart(doc, n)).line + 1 + (int)w->line;
    size_t ls = sr_doc_line_offset(doc, sl), le = ls;
    while (le < doc->len && t[le] != '\n' && t[le] != '\r')
        le++;
    size_t wl = eol - bol;
    if (le - ls < wl || le > end || memcmp(t + le - wl, s + bol, wl) != 0)
        return (size_t)-1;
    return le - wl + (k - bol);
}

/* The piece holding code offset off (pieces are sorted by offset). */
static const struct rs_piece *rs_piece_at(const struct rs_code *c, size_t off)
{
    if (!c->p || c->np == 0)
        return NULL;
    size_t lo = 0, hi = c->np;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (c->p[mid].off <= off)
            lo = mid;
        else
            hi = mid;
    }
    return &c->p[lo];
}

/* ==== tokens ================================================================ */

enum rs_tk { RS_ID = 1, RS_STR, RS_NUM, RS_OP, RS_NL };

struct rs_tok {
    uint8_t kind;
    char c;    /* RS_OP: the operator's first character; '=' with len 1 is assignment */
    uint8_t q; /* RS_STR: quote length (1 or 3) */
    uint32_t off, len;
};

struct rs_lex {
    struct rs_tok *t;
    size_t n, cap;
};

static void rs_tok_push(struct sr_arena *a, struct rs_lex *l, struct rs_tok t)
{
    l->t = sr_arena_grow(a, l->t, l->n, l->n + 1, &l->cap, sizeof(*l->t), 256);
    l->t[l->n++] = t;
}

static int rs_idc(char c)
{
    return isalnum((unsigned char)c) || c == '_' || c == '$';
}

static void rs_lex(struct sr_arena *a, const char *s, size_t n, int py, struct rs_lex *l)
{
    size_t i = 0;
    while (i < n) {
        char c = s[i];
        if (c == '\n') {
            rs_tok_push(a, l, (struct rs_tok){RS_NL, 0, 0, (uint32_t)i, 1});
            i++;
        } else if (c == '\\' && i + 1 < n && (s[i + 1] == '\n' || s[i + 1] == '\r')) {
            i += 2;
        } else if (isspace((unsigned char)c)) {
            i++;
        } else if ((py && c == '#') || (!py && c == '/' && i + 1 < n && s[i + 1] == '/')) {
            while (i < n && s[i] != '\n')
                i++;
        } else if (!py && c == '/' && i + 1 < n && s[i + 1] == '*') {
            const char *e = strstr(s + i + 2, "*/");
            i = e ? (size_t)(e - s) + 2 : n;
        } else if (c == '\'' || c == '"' || (!py && c == '`')) {
            size_t q = py && i + 2 < n && s[i + 1] == c && s[i + 2] == c ? 3 : 1, j = i + q;
            while (j < n) {
                if (s[j] == '\\') {
                    j += 2;
                    continue;
                }
                if (q == 1 && c != '`' && s[j] == '\n')
                    break;
                if (s[j] == c && (q == 1 || (j + 2 < n && s[j + 1] == c && s[j + 2] == c))) {
                    j += q;
                    break;
                }
                j++;
            }
            if (j > n)
                j = n;
            rs_tok_push(a, l,
                        (struct rs_tok){RS_STR, c, (uint8_t)q, (uint32_t)i, (uint32_t)(j - i)});
            i = j;
        } else if (rs_idc(c) && !isdigit((unsigned char)c)) {
            size_t j = i;
            while (j < n && rs_idc(s[j]))
                j++;
            /* Python string prefixes (f'', rb"") belong to the string. */
            if (py && j < n && (s[j] == '\'' || s[j] == '"') && j - i <= 2 &&
                strspn(s + i, "rRbBuUfF") >= j - i) {
                i = j;
                continue;
            }
            rs_tok_push(a, l, (struct rs_tok){RS_ID, 0, 0, (uint32_t)i, (uint32_t)(j - i)});
            i = j;
        } else if (isdigit((unsigned char)c)) {
            size_t j = i;
            while (j < n && (rs_idc(s[j]) || s[j] == '.'))
                j++;
            rs_tok_push(a, l, (struct rs_tok){RS_NUM, 0, 0, (uint32_t)i, (uint32_t)(j - i)});
            i = j;
        } else {
            size_t j = i + 1;
            if (j < n && strchr("=!<>+-*/|&%^:", c) && s[j] == '=')
                j++; /* ==, !=, +=, := ... */
            else if (c == '=' && j < n && s[j] == '>')
                j++, c = '>'; /* => */
            if (j < n && s[j] == '=' && (s[i] == '=' || s[i] == '!'))
                j++; /* ===, !== */
            rs_tok_push(a, l, (struct rs_tok){RS_OP, c, 0, (uint32_t)i, (uint32_t)(j - i)});
            i = j;
        }
    }
}

/* ==== evidence ================================================================ */

enum rs_kind { RS_NONE = 0, RS_WEAK, RS_STRONG };

/* Why a value is secret: a phrase for the message and where it was seen. */
struct rs_ev {
    enum rs_kind kind;
    const char *what;
    size_t off;      /* code offset */
    const char *key; /* the Data key it is under, when known */
};

struct rs_var {
    const char *name;
    size_t len;
    struct rs_ev ev;
    int receiver; /* a cfn-response module */
    int noecho;   /* hand-built response: NoEcho set (1) */
    int data_at;  /* hand-built response: token index + 1 of its Data key, 0 none */
    struct rs_ev data;
};

struct rs_send {
    size_t off, len; /* the call or the Data key, in the code */
    struct rs_ev ev;
    const char *how; /* "cfnresponse.send" ...; NULL: a response built by hand */
    size_t b, e;     /* the template range it maps to ((size_t)-1: not followed) */
    int line;        /* the template line of the evidence, 0 unknown */
};

struct rs_scan {
    struct sr_arena *a;
    const char *s;
    const struct rs_tok *t;
    size_t n;
    int py;
    struct rs_var *vars; /* open addressing */
    size_t vcap;
    size_t budget; /* token visits left for evaluating values */
    struct sr_ptrvec sends;
    int responseurl;
};

static int rs_is(const struct rs_scan *sc, size_t i, const char *w)
{
    size_t wl = strlen(w);
    return i < sc->n && sc->t[i].kind == RS_ID && sc->t[i].len == wl &&
           !memcmp(sc->s + sc->t[i].off, w, wl);
}

static int rs_op(const struct rs_scan *sc, size_t i, char c)
{
    return i < sc->n && sc->t[i].kind == RS_OP && sc->t[i].c == c && sc->t[i].len == 1;
}

/* The token before i that is not a line break (i itself when there is none). */
static size_t rs_prev(const struct rs_scan *sc, size_t i)
{
    size_t k = i;
    while (k > 0 && sc->t[k - 1].kind == RS_NL)
        k--;
    return k > 0 ? k - 1 : i;
}

/* A string token's content. */
static const char *rs_strval(const struct rs_scan *sc, size_t i, size_t *len)
{
    const struct rs_tok *t = &sc->t[i];
    size_t b = t->off + t->q, e = t->off + t->len;
    if (e >= b + t->q && t->len >= 2u * t->q)
        e -= t->q;
    *len = e > b ? e - b : 0;
    return sc->s + b;
}

/* The name of token i (identifier or string) in the arena, or NULL. */
static const char *rs_name(const struct rs_scan *sc, size_t i)
{
    if (i >= sc->n)
        return NULL;
    if (sc->t[i].kind == RS_ID)
        return sr_arena_strndup(sc->a, sc->s + sc->t[i].off, sc->t[i].len);
    if (sc->t[i].kind == RS_STR) {
        size_t len;
        const char *v = rs_strval(sc, i, &len);
        return len < 128 ? sr_arena_strndup(sc->a, v, len) : NULL;
    }
    return NULL;
}

static struct rs_var *rs_var(struct rs_scan *sc, size_t i, int add)
{
    const char *p = sc->s + sc->t[i].off;
    size_t len = sc->t[i].len;
    uint64_t h = 1469598103934665603ull;
    for (size_t k = 0; k < len; k++)
        h = (h ^ (unsigned char)p[k]) * 1099511628211ull;
    for (size_t k = h & (sc->vcap - 1), probes = 0; probes < sc->vcap;
         k = (k + 1) & (sc->vcap - 1), probes++) {
        struct rs_var *v = &sc->vars[k];
        if (!v->name) {
            if (!add)
                return NULL;
            v->name = p;
            v->len = len;
            return v;
        }
        if (v->len == len && !memcmp(v->name, p, len))
            return v;
    }
    return NULL;
}

/* 1 for a word that names or describes a secret rather than holding it. */
static int rs_describer(const char *w, size_t len)
{
    static const char *const ends[] = {
        "arn",  "name", "id",       "ids",    "path",   "url",    "uri",     "endpoint", "host",
        "port", "user", "username", "region", "length", "len",    "version", "stage",    "stages",
        "date", "type", "status",   "count",  "size",   "policy", "arns"};
    char low[64];
    if (len >= sizeof(low))
        return 0;
    for (size_t k = 0; k < len; k++)
        low[k] = (char)tolower((unsigned char)w[k]);
    low[len] = '\0';
    for (size_t k = 0; k < sizeof(ends) / sizeof(ends[0]); k++) {
        size_t el = strlen(ends[k]);
        if (len >= el && !strcmp(low + len - el, ends[k]))
            return 1;
    }
    return 0;
}

/* 1 when name is a credential name (secretpat), not a pagination or
 * CloudFormation token, not a bare word for the secret object. */
static int rs_cred(const char *name)
{
    static const char *const not_cred[] = {"servicetoken",      "nexttoken", "next_token",
                                           "continuationtoken", "pagetoken", "secret",
                                           "secrets",           "pass",      "paginationtoken"};
    if (!name || !sr_cred_name(name))
        return 0;
    char low[64];
    size_t len = strlen(name);
    if (len >= sizeof(low))
        return 1;
    for (size_t k = 0; k <= len; k++)
        low[k] = (char)tolower((unsigned char)name[k]);
    for (size_t k = 0; k < sizeof(not_cred) / sizeof(not_cred[0]); k++)
        if (!strcmp(low, not_cred[k]))
            return 0;
    return 1;
}

/* The end (exclusive) of the value starting at token i: the next ',' ';'
 * or line break at its own depth (stop_nl), or the bracket closing it. */
static size_t rs_value_end(struct rs_scan *sc, size_t i, int stop_comma, int stop_nl)
{
    int depth = 0;
    for (; i < sc->n && sc->budget; i++) {
        const struct rs_tok *t = &sc->t[i];
        sc->budget--;
        if (t->kind == RS_NL) {
            if (stop_nl && depth == 0)
                return i;
            continue;
        }
        if (t->kind != RS_OP || t->len != 1)
            continue;
        if (t->c == '(' || t->c == '[' || t->c == '{')
            depth++;
        else if (t->c == ')' || t->c == ']' || t->c == '}') {
            if (depth-- == 0)
                return i;
        } else if (depth == 0 && ((stop_comma && t->c == ',') || t->c == ';'))
            return i;
    }
    return i;
}

/* 1 when tokens [a, b) are one literal (string, number, None/true/...) or nothing. */
static int rs_literal(const struct rs_scan *sc, size_t a, size_t b)
{
    while (a < b && sc->t[a].kind == RS_NL)
        a++;
    while (b > a && sc->t[b - 1].kind == RS_NL)
        b--;
    if (a >= b)
        return 1;
    if (b - a != 1)
        return 0;
    if (sc->t[a].kind == RS_STR || sc->t[a].kind == RS_NUM)
        return 1;
    static const char *const kw[] = {"None", "True", "False", "true", "false", "null", "undefined"};
    for (size_t k = 0; k < sizeof(kw) / sizeof(kw[0]); k++)
        if (rs_is(sc, a, kw[k]))
            return 1;
    return 0;
}

/* 1 when the last name in tokens [a, b) describes a secret (x['ARN'], secret_arn). */
static int rs_describes(const struct rs_scan *sc, size_t a, size_t b)
{
    for (size_t k = b; k > a; k--) {
        const struct rs_tok *t = &sc->t[k - 1];
        if (t->kind == RS_ID)
            return rs_describer(sc->s + t->off, t->len);
        if (t->kind == RS_STR) {
            size_t len;
            const char *v = rs_strval(sc, k - 1, &len);
            return rs_describer(v, len);
        }
        if (t->kind == RS_OP && (t->c == '(' || t->c == ','))
            return 0;
    }
    return 0;
}

static struct rs_ev rs_mk(enum rs_kind kind, const char *what, size_t off, const char *key)
{
    struct rs_ev e = {kind, what, off, key};
    return e;
}

static void rs_better(struct rs_ev *best, struct rs_ev e)
{
    if (e.kind > best->kind)
        *best = e;
}

/* Functions whose result says something about a value but does not hold it. */
static int rs_opaque_call(const struct rs_scan *sc, size_t paren)
{
    static const char *const fns[] = {"len",  "bool", "hash",  "type",    "isinstance",    "sha256",
                                      "sha1", "md5",  "print", "isEmpty", "compare_digest"};
    if (paren == 0 || !rs_op(sc, paren, '('))
        return 0;
    for (size_t k = 0; k < sizeof(fns) / sizeof(fns[0]); k++)
        if (rs_is(sc, paren - 1, fns[k]))
            return 1;
    return 0;
}

/* 1 for a call that stores or sends what it is given: create_secret,
 * PutSecretValueCommand, update_..., modify_... (its result holds none of it). */
static int rs_writes(const struct rs_scan *sc, size_t i)
{
    static const char *const pfx[] = {"create_", "put_",   "update_", "modify_", "set_",
                                      "Create",  "Put",    "Update",  "Modify",  "create",
                                      "put",     "update", "modify"};
    const char *w = sc->s + sc->t[i].off;
    size_t wl = sc->t[i].len;
    for (size_t k = 0; k < sizeof(pfx) / sizeof(pfx[0]); k++) {
        size_t pl = strlen(pfx[k]);
        /* createSecret, CreateSecretCommand: the prefix is a whole word */
        if (wl > pl && !memcmp(w, pfx[k], pl) &&
            (pfx[k][pl - 1] == '_' || isupper((unsigned char)w[pl])))
            return 1;
    }
    return 0;
}

/* A bare variable named like a credential: tokens [a, b) are one name. */
static struct rs_ev rs_bare_cred(const struct rs_scan *sc, size_t a, size_t b)
{
    struct rs_ev e = {0};
    while (a < b && sc->t[a].kind == RS_NL)
        a++;
    while (b > a && sc->t[b - 1].kind == RS_NL)
        b--;
    if (b == a + 1 && sc->t[a].kind == RS_ID) {
        const char *nm = rs_name(sc, a);
        if (rs_cred(nm)) {
            e.kind = RS_STRONG;
            e.what = sr_arena_printf(sc->a, "the value of '%s'", nm);
            e.off = sc->t[a].off;
        }
    }
    return e;
}

/* "a random value made with random.choice" for the name at token i. */
static const char *rs_made(const struct rs_scan *sc, size_t i, int member)
{
    size_t b = member ? sc->t[i - 2].off : sc->t[i].off, e = sc->t[i].off + sc->t[i].len;
    return sr_arena_printf(sc->a, "a random value made with %.*s", (int)(e - b), sc->s + b);
}

/* Why the value of tokens [a, b) is secret, if it is. */
static struct rs_ev rs_eval(struct rs_scan *sc, size_t a, size_t b)
{
    struct rs_ev best = rs_bare_cred(sc, a, b);
    for (size_t i = a; i < b && best.kind < RS_STRONG && sc->budget; i++) {
        const struct rs_tok *t = &sc->t[i];
        sc->budget--; /* never below 0: the calls below spend it too */
        if ((t->kind == RS_OP && t->c == '>' && t->len == 2) || rs_is(sc, i, "function") ||
            rs_is(sc, i, "lambda") || rs_is(sc, i, "def"))
            break; /* a function: its body is read as statements */
        if (t->kind == RS_STR && i > a && rs_op(sc, i - 1, '[') && rs_op(sc, i + 1, ']')) {
            size_t len;
            const char *v = rs_strval(sc, i, &len);
            if (len == 12 && !memcmp(v, "SecretString", 12))
                rs_better(&best, rs_mk(RS_STRONG, "the SecretString of a secret", t->off, NULL));
            continue;
        }
        /* A dictionary entry: 'Key': value (and Key: value in JavaScript). */
        if ((t->kind == RS_STR || (!sc->py && t->kind == RS_ID)) && rs_op(sc, i + 1, ':') &&
            rs_prev(sc, i) >= a && rs_prev(sc, i) < i &&
            (rs_op(sc, rs_prev(sc, i), '{') || rs_op(sc, rs_prev(sc, i), ','))) {
            const char *key = rs_name(sc, i);
            size_t ve = rs_value_end(sc, i + 2, 1, 0);
            if (ve > b)
                ve = b;
            if (rs_cred(key) && !rs_literal(sc, i + 2, ve) && !rs_describes(sc, i + 2, ve)) {
                rs_better(&best, rs_mk(RS_STRONG, sr_arena_printf(sc->a, "the key '%s'", key),
                                       t->off, key));
                continue;
            }
            struct rs_ev bare = rs_bare_cred(sc, i + 2, ve);
            bare.key = key;
            rs_better(&best, bare);
            continue;
        }
        if (t->kind != RS_ID)
            continue;
        if (rs_op(sc, i + 1, '(') && rs_writes(sc, i)) {
            /* What a call writes (create_secret(SecretString=...)) is not in its result. */
            size_t close = rs_value_end(sc, i + 2, 0, 0);
            if (close > i && close < b)
                i = close;
            continue;
        }
        const char *w = sc->s + t->off;
        size_t wl = t->len;
        int member = i > 0 && rs_op(sc, i - 1, '.');
#define RS_PFX(p) (wl >= sizeof(p) - 1 && !memcmp(w, p, sizeof(p) - 1))
        if (RS_PFX("get_secret_value") || RS_PFX("GetSecretValue") || RS_PFX("getSecretValue")) {
            rs_better(&best,
                      rs_mk(RS_STRONG, sr_arena_printf(sc->a, "a value read with %.*s", (int)wl, w),
                            t->off, NULL));
        } else if (RS_PFX("get_random_password") || RS_PFX("GetRandomPassword") ||
                   RS_PFX("getRandomPassword")) {
            rs_better(&best,
                      rs_mk(RS_STRONG, sr_arena_printf(sc->a, "a password from %.*s", (int)wl, w),
                            t->off, NULL));
        } else if (member && wl == 12 && !memcmp(w, "SecretString", 12)) {
            rs_better(&best, rs_mk(RS_STRONG, "the SecretString of a secret", t->off, NULL));
        } else if (member && i >= 2 && rs_is(sc, i - 2, "secrets") &&
                   (RS_PFX("token_") || RS_PFX("choice"))) {
            rs_better(&best,
                      rs_mk(RS_STRONG,
                            sr_arena_printf(sc->a, "a secret made with secrets.%.*s", (int)wl, w),
                            t->off, NULL));
        } else if ((member && i >= 2 && rs_is(sc, i - 2, "random") &&
                    (RS_PFX("choice") || RS_PFX("sample") || RS_PFX("randint") ||
                     RS_PFX("randrange") || RS_PFX("getrandbits"))) ||
                   (member && i >= 2 && rs_is(sc, i - 2, "Math") && rs_is(sc, i, "random")) ||
                   RS_PFX("SystemRandom") || (member && RS_PFX("randomBytes"))) {
            rs_better(&best, rs_mk(RS_WEAK, rs_made(sc, i, member), t->off, NULL));
        } else if (!member && !(rs_op(sc, i + 1, '=')) && !(i > a && rs_opaque_call(sc, i - 1))) {
            struct rs_var *v = rs_var(sc, i, 0);
            if (!v || !v->ev.kind)
                continue;
            /* x['ARN'], x.Name, x.length: what describes the secret. */
            if (rs_op(sc, i + 1, '[') && i + 2 < sc->n && sc->t[i + 2].kind == RS_STR) {
                size_t len;
                const char *k = rs_strval(sc, i + 2, &len);
                if (rs_describer(k, len))
                    continue;
            }
            if (rs_op(sc, i + 1, '.') && i + 2 < sc->n && sc->t[i + 2].kind == RS_ID &&
                rs_describer(sc->s + sc->t[i + 2].off, sc->t[i + 2].len))
                continue;
            rs_better(&best, v->ev);
        }
#undef RS_PFX
    }
    return best;
}

/* ==== statements ============================================================ */

static void rs_add_send(struct rs_scan *sc, size_t off, size_t len, struct rs_ev ev,
                        const char *how)
{
    if (sc->sends.n >= RS_SENDS_MAX)
        return;
    struct rs_send *s = sr_arena_alloc(sc->a, sizeof(*s));
    *s = (struct rs_send){off, len, ev, how, 0, 0, 0};
    sr_ptrvec_push(sc->a, &sc->sends, s);
}

/* -1: no noEcho (absent or false), 1: set or not known (not reported). */
static int rs_noecho(const struct rs_scan *sc, size_t a, size_t b)
{
    while (a < b && sc->t[a].kind == RS_NL)
        a++;
    while (b > a && sc->t[b - 1].kind == RS_NL)
        b--;
    if (a >= b)
        return -1;
    if (b == a + 1 && (rs_is(sc, a, "False") || rs_is(sc, a, "false") || rs_is(sc, a, "None") ||
                       rs_is(sc, a, "undefined") || rs_is(sc, a, "null") ||
                       (sc->t[a].kind == RS_NUM && sc->s[sc->t[a].off] == '0')))
        return -1;
    return 1;
}

/* recv . send ( event, context, status, data, physical id, noEcho ) at token i (recv). */
static void rs_send_call(struct rs_scan *sc, size_t i)
{
    size_t p = i + 3, argb[8], arge[8], nargs = 0;
    size_t data_b = 0, data_e = 0, echo_b = 0, echo_e = 0;
    int has_data = 0, has_echo = 0;
    size_t k = p + 1;
    while (k < sc->n && nargs < 8) {
        size_t e = rs_value_end(sc, k, 1, 0);
        argb[nargs] = k;
        arge[nargs] = e;
        nargs++;
        if (e >= sc->n || !rs_op(sc, e, ','))
            break;
        k = e + 1;
    }
    for (size_t x = 0; x < nargs; x++) {
        size_t b = argb[x];
        while (b < arge[x] && sc->t[b].kind == RS_NL)
            b++;
        if (b + 1 < arge[x] && sc->t[b].kind == RS_ID && rs_op(sc, b + 1, '=')) {
            const char *kw = rs_name(sc, b);
            if (!strcmp(kw, "responseData") || !strcmp(kw, "response_data") || !strcmp(kw, "data"))
                data_b = b + 2, data_e = arge[x], has_data = 1;
            else if (!strcmp(kw, "noEcho") || !strcmp(kw, "no_echo") || !strcmp(kw, "NoEcho"))
                echo_b = b + 2, echo_e = arge[x], has_echo = 1;
            continue;
        }
        if (x == 3)
            data_b = b, data_e = arge[x], has_data = 1;
        else if (x == 5)
            echo_b = b, echo_e = arge[x], has_echo = 1;
    }
    if (nargs < 4 || !has_data || (has_echo && rs_noecho(sc, echo_b, echo_e) > 0))
        return;
    struct rs_ev ev = rs_eval(sc, data_b, data_e);
    if (ev.kind) {
        const struct rs_tok *r = &sc->t[i], *s = &sc->t[i + 2];
        rs_add_send(sc, r->off, s->off + s->len - r->off, ev,
                    sr_arena_printf(sc->a, "%.*s.send", (int)r->len, sc->s + r->off));
    }
}

/* A frame of an object literal: does it hold Status, Data and NoEcho keys? */
struct rs_frame {
    int status, noecho;
    size_t data; /* token index + 1 of the Data key, 0 none */
};

static void rs_statements(struct rs_scan *sc)
{
    struct rs_frame fr[64];
    int nfr = 0, skipped = 0; /* frames deeper than fr[] */
    int pdepth = 0;
    for (size_t i = 0; i < sc->n; i++) {
        const struct rs_tok *t = &sc->t[i];
        if (t->kind == RS_OP && t->len == 1) {
            if (t->c == '(' || t->c == '[')
                pdepth++;
            else if ((t->c == ')' || t->c == ']') && pdepth > 0)
                pdepth--;
            else if (t->c == '{') {
                if (nfr < 64)
                    fr[nfr++] = (struct rs_frame){0, -1, 0};
                else
                    skipped++;
            } else if (t->c == '}') {
                if (skipped)
                    skipped--;
                else if (nfr > 0) {
                    struct rs_frame f = fr[--nfr];
                    if (f.status && f.data && f.noecho < 0 && sc->responseurl) {
                        size_t d = f.data - 1, ve = rs_value_end(sc, d + 2, 1, 0);
                        struct rs_ev ev = rs_eval(sc, d + 2, ve);
                        if (ev.kind)
                            rs_add_send(sc, sc->t[d].off, sc->t[d].len, ev, NULL);
                    }
                }
            }
        }
        /* Keys of the innermost object literal. */
        if (nfr > 0 && !skipped && (t->kind == RS_STR || (!sc->py && t->kind == RS_ID)) &&
            rs_op(sc, i + 1, ':') && rs_prev(sc, i) < i &&
            (rs_op(sc, rs_prev(sc, i), '{') || rs_op(sc, rs_prev(sc, i), ','))) {
            const char *key = rs_name(sc, i);
            if (key && !strcmp(key, "Status"))
                fr[nfr - 1].status = 1;
            else if (key && !strcmp(key, "Data"))
                fr[nfr - 1].data = i + 1;
            else if (key && !strcmp(key, "NoEcho"))
                fr[nfr - 1].noecho = rs_noecho(sc, i + 2, rs_value_end(sc, i + 2, 1, 0));
        }
        if (t->kind != RS_ID)
            continue;
        /* recv.send( */
        if (rs_op(sc, i + 1, '.') && rs_is(sc, i + 2, "send") && rs_op(sc, i + 3, '(') &&
            !(i > 0 && rs_op(sc, i - 1, '.'))) {
            struct rs_var *v = rs_var(sc, i, 0);
            if ((v && v->receiver) || rs_is(sc, i, "cfnresponse") || rs_is(sc, i, "cfn_response") ||
                rs_is(sc, i, "cfnResponse") || rs_is(sc, i, "response"))
                rs_send_call(sc, i);
        }
        /* import cfnresponse as x */
        if (sc->py && rs_is(sc, i, "import") && rs_is(sc, i + 1, "cfnresponse") &&
            rs_is(sc, i + 2, "as") && i + 3 < sc->n && sc->t[i + 3].kind == RS_ID) {
            struct rs_var *v = rs_var(sc, i + 3, 1);
            if (v)
                v->receiver = 1;
            continue;
        }
        /* Statements start a line (or follow ; { } or var/let/const). */
        int start = pdepth == 0 &&
                    (i == 0 || sc->t[i - 1].kind == RS_NL || rs_op(sc, i - 1, ';') ||
                     rs_op(sc, i - 1, '{') || rs_op(sc, i - 1, '}') || rs_is(sc, i - 1, "var") ||
                     rs_is(sc, i - 1, "let") || rs_is(sc, i - 1, "const"));
        if (!start)
            continue;
        if (rs_op(sc, i + 1, '=')) { /* x = value */
            size_t ve = rs_value_end(sc, i + 2, 0, 1);
            struct rs_var *v = rs_var(sc, i, 1);
            if (!v)
                continue;
            v->ev = rs_eval(sc, i + 2, ve);
            v->receiver = 0;
            v->noecho = 0;
            v->data_at = 0;
            for (size_t k = i + 2; k < ve && k < i + 16; k++)
                if (sc->t[k].kind == RS_STR) {
                    size_t len;
                    const char *s = rs_strval(sc, k, &len);
                    if (len >= 12 && !memcmp(s, "cfn-response", 12))
                        v->receiver = 1;
                }
            continue;
        }
        /* x['Key'] = value, x.Key = value */
        size_t key = 0, eq = 0;
        if (rs_op(sc, i + 1, '[') && i + 3 < sc->n && sc->t[i + 2].kind == RS_STR &&
            rs_op(sc, i + 3, ']') && rs_op(sc, i + 4, '='))
            key = i + 2, eq = i + 4;
        else if (rs_op(sc, i + 1, '.') && i + 2 < sc->n && sc->t[i + 2].kind == RS_ID &&
                 rs_op(sc, i + 3, '='))
            key = i + 2, eq = i + 3;
        if (key) {
            const char *kn = rs_name(sc, key);
            size_t ve = rs_value_end(sc, eq + 1, 0, 1);
            struct rs_var *v = rs_var(sc, i, 1);
            if (!v || !kn)
                continue;
            struct rs_ev ev = {0};
            if (rs_cred(kn) && !rs_literal(sc, eq + 1, ve) && !rs_describes(sc, eq + 1, ve))
                ev = rs_mk(RS_STRONG, sr_arena_printf(sc->a, "the key '%s'", kn), sc->t[key].off,
                           kn);
            else
                ev = rs_eval(sc, eq + 1, ve);
            if (ev.kind && !ev.key)
                ev.key = kn;
            if (!strcmp(kn, "Data")) {
                v->data_at = (int)key + 1;
                v->data = ev;
            } else if (!strcmp(kn, "NoEcho")) {
                v->noecho = rs_noecho(sc, eq + 1, ve) > 0;
            } else {
                rs_better(&v->ev, ev);
            }
            continue;
        }
        /* x.update(value) */
        if (rs_op(sc, i + 1, '.') && rs_is(sc, i + 2, "update") && rs_op(sc, i + 3, '(')) {
            size_t ve = rs_value_end(sc, i + 4, 0, 0);
            struct rs_var *v = rs_var(sc, i, 1);
            if (v)
                rs_better(&v->ev, rs_eval(sc, i + 4, ve));
        }
    }
    /* Responses built in a variable: r['Data'] = ..., without r['NoEcho'] = True. */
    for (size_t k = 0; sc->responseurl && k < sc->vcap; k++) {
        const struct rs_var *v = &sc->vars[k];
        if (v->name && v->data_at && !v->noecho && v->data.kind)
            rs_add_send(sc, sc->t[v->data_at - 1].off, sc->t[v->data_at - 1].len, v->data, NULL);
    }
}

/* The responses of one function's code that send a secret without NoEcho. */
static struct sr_ptrvec rs_scan_code(struct sr_arena *a, const char *s, size_t n, int py)
{
    struct rs_lex l = {0};
    rs_lex(a, s, n, py, &l);
    struct rs_scan sc = {a, s, l.t, l.n, py, NULL, 0, 0, {0}, 0};
    size_t ids = 0;
    for (size_t i = 0; i < l.n; i++)
        ids += l.t[i].kind == RS_ID;
    sc.vcap = 16;
    while (sc.vcap < ids * 2)
        sc.vcap *= 2;
    sc.vars = sr_arena_alloc(a, sc.vcap * sizeof(*sc.vars));
    sc.budget = 32 * l.n + 65536;
    sc.responseurl = strstr(s, "ResponseURL") != NULL;
    rs_statements(&sc);
    return sc.sends;
}

/* ==== the rule ================================================================ */

struct rs_fn {
    int done;
    struct rs_code code;
    struct sr_ptrvec sends; /* struct rs_send * */
    const struct sr_node *code_node;
};

/* The inline code of a function, or NULL. */
static const struct sr_node *rs_inline_code(const struct sr_resource *fn)
{
    if (fn->kind == SR_R_SAM_FUNCTION)
        return sr_res_prop(fn, "InlineCode");
    const struct sr_node *code = sr_res_prop(fn, "Code");
    return sr_is_map(code) ? sr_map_get(code, "ZipFile") : NULL;
}

static int rs_python(const struct sr_resource *fn, const char *code)
{
    const char *rt = sr_scalar(sr_res_prop(fn, "Runtime"));
    if (rt && !strncmp(rt, "python", 6))
        return 1;
    if (rt && !strncmp(rt, "nodejs", 6))
        return 0;
    return strstr(code, "require(") == NULL;
}

/* One code offset to map: where to write the template offset. */
struct rs_q {
    size_t off;
    size_t *out;
};

static int rs_q_cmp(const void *x, const void *y)
{
    const struct rs_q *a = x, *b = y;
    return a->off < b->off ? -1 : a->off > b->off;
}

/* Maps the responses of f to the template, in ascending code order. */
static void rs_map(struct sr_ctx *ctx, struct rs_fn *f)
{
    size_t n = (size_t)f->sends.n * 3, m = 0;
    if (!n)
        return;
    struct rs_q *q = sr_arena_alloc(ctx->arena, n * sizeof(*q));
    size_t *evo = sr_arena_alloc(ctx->arena, f->sends.n * sizeof(*evo));
    for (size_t k = 0; k < f->sends.n; k++) {
        struct rs_send *s = f->sends.v[k];
        q[m++] = (struct rs_q){s->off, &s->b};
        q[m++] = (struct rs_q){s->off + s->len, &s->e};
        q[m++] = (struct rs_q){s->ev.off, &evo[k]};
    }
    qsort(q, m, sizeof(*q), rs_q_cmp);
    struct rs_walk w = {0};
    for (size_t k = 0; k < m; k++) {
        const struct rs_piece *p = rs_piece_at(&f->code, q[k].off);
        *q[k].out = (size_t)-1;
        if (p && p->n && q[k].off >= p->off && q[k].off <= p->off + p->len)
            *q[k].out = rs_src_off(ctx->doc, p->n, q[k].off - p->off, &w);
    }
    for (size_t k = 0; k < f->sends.n; k++) {
        struct rs_send *s = f->sends.v[k];
        const struct rs_piece *p = rs_piece_at(&f->code, s->ev.off);
        s->line = evo[k] != (size_t)-1 ? sr_doc_pos(ctx->doc, evo[k]).line
                  : p && p->n          ? sr_node_pos(ctx->doc, p->n).line
                                       : 0;
        if (s->b != (size_t)-1 && (s->e == (size_t)-1 || s->e < s->b))
            s->e = s->b;
    }
}

/* Reports response s of f in the code: at its place in the template when
 * the text can be followed there, else at the scalar holding it. */
static void rs_report(struct sr_ctx *ctx, const struct rs_fn *f, const struct rs_send *s,
                      const char *msg)
{
    const struct rs_piece *p = rs_piece_at(&f->code, s->off);
    const struct sr_node *n = p && p->n ? p->n : f->code_node;
    struct sr_finding *fd = sr_report(ctx, n, "%s", msg);
    if (s->b == (size_t)-1)
        return;
    fd->start = s->b;
    fd->end = s->e;
    fd->pos = sr_doc_pos(ctx->doc, s->b);
    fd->epos = sr_doc_pos(ctx->doc, s->e);
}

/* Where the template reads attribute key of custom resource cr (any
 * attribute when key is NULL): " (!GetAtt X.Key at line N)", or "". */
static const char *rs_read_at(struct sr_ctx *ctx, const struct sr_resource *cr, const char *key)
{
    /* A GetAtt first: its line is the reference's own, a Sub's is its string's. */
    for (int sub = 0; sub < 2; sub++)
        for (size_t k = 0; k < cr->in.n; k++) {
            const struct sr_edge *e = cr->in.v[k];
            if (e->kind == (sub ? SR_EDGE_SUB : SR_EDGE_GETATT) && e->attr && e->at &&
                (!key || !strcmp(e->attr, key)))
                return sr_arena_printf(ctx->arena, "; the template reads it as %s.%s at line %d",
                                       cr->id, e->attr, sr_node_pos(ctx->doc, e->at).line);
        }
    return "";
}

#define RS_WHY                                                                                     \
    "CloudFormation keeps the response Data and returns it unmasked to anyone who reads it "       \
    "with Fn::GetAtt (Outputs, stack events, the properties of resources that use it); send "      \
    "it with noEcho=True (NoEcho: true)"

static void sr323_check(struct sr_ctx *ctx)
{
    const struct sr_graph *g = ctx->g;
    struct rs_fn *fns = NULL;
    for (size_t i = 0; i < g->nreal; i++) {
        const struct sr_resource *cr = g->res[i];
        if (!cr->type || (strncmp(cr->type, "Custom::", 8) != 0 &&
                          strcmp(cr->type, "AWS::CloudFormation::CustomResource") != 0))
            continue;
        const struct sr_node *tok = sr_res_prop(cr, "ServiceToken");
        struct sr_val val;
        if (!tok || sr_graph_value(g, tok, &val) != SR_VAL_RESOURCE || !val.whole || !val.res ||
            (val.res->kind != SR_R_LAMBDA && val.res->kind != SR_R_SAM_FUNCTION) ||
            (val.attr && strcmp(val.attr, "Arn") != 0) || val.res->index >= g->nres)
            continue;
        const struct sr_resource *fn = val.res;
        if (!fns)
            fns = sr_arena_alloc(ctx->arena, g->nres * sizeof(*fns));
        struct rs_fn *f = &fns[fn->index];
        int first = !f->done;
        if (!f->done) {
            f->done = 1;
            f->code.a = ctx->arena;
            f->code_node = rs_inline_code(fn);
            if (f->code_node)
                rs_build(&f->code, f->code_node, 0);
            if (f->code.len)
                f->sends =
                    rs_scan_code(ctx->arena, f->code.s, f->code.len, rs_python(fn, f->code.s));
            rs_map(ctx, f);
        }
        const char *crname = cr->id;
        const char *sub = !strncmp(cr->type, "Custom::", 8) ? cr->type + 8 : NULL;
        int named = rs_cred(crname) || (sub && rs_cred(sub));
        for (size_t k = 0; k < f->sends.n; k++) {
            const struct rs_send *s = f->sends.v[k];
            if (!first && !(s->ev.kind == RS_WEAK && named))
                continue;
            const char *at = s->line ? sr_arena_printf(ctx->arena, " (line %d)", s->line) : "";
            if (s->ev.kind == RS_STRONG && first) {
                /* The code is at fault whoever calls it: reported once, in the code. */
                const char *in = s->how ? sr_arena_printf(ctx->arena, "the Data of %s", s->how)
                                        : "the response's Data";
                rs_report(ctx, f, s,
                          sr_arena_printf(ctx->arena,
                                          "Custom resource %s: function %s returns %s%s in %s "
                                          "without NoEcho%s; " RS_WHY,
                                          cr->id, fn->id, s->ev.what, at, in,
                                          s->ev.key ? rs_read_at(ctx, cr, s->ev.key) : ""));
            } else if (s->ev.kind == RS_WEAK && named) {
                /* A random value is a secret when the resource says it is one. */
                sr_report(ctx, tok,
                          "Custom resource %s is named like a credential and its function %s "
                          "returns %s%s in the response Data without NoEcho%s; " RS_WHY,
                          cr->id, fn->id, s->ev.what, at, rs_read_at(ctx, cr, s->ev.key));
            }
        }
    }
}

static const char sr_bad_SR323[] =
    "Resources:\n"
    "  DbPasswordFunction:\n"
    "    Type: AWS::Lambda::Function\n"
    "    Properties:\n"
    "      Runtime: python3.12\n"
    "      Handler: index.handler\n"
    "      Role: arn:aws:iam::123456789012:role/custom-resource\n"
    "      Code:\n"
    "        ZipFile: |\n"
    "          import boto3, json, cfnresponse\n"
    "          def handler(event, context):\n"
    "              sm = boto3.client('secretsmanager')\n"
    "              value = sm.get_secret_value(SecretId=event['ResourceProperties']['SecretId'])\n"
    "              data = {'Password': json.loads(value['SecretString'])['password']}\n"
    "              cfnresponse.send(event, context, cfnresponse.SUCCESS, data)\n"
    "  DbPassword:\n"
    "    Type: Custom::DbPassword\n"
    "    Properties:\n"
    "      ServiceToken: !GetAtt DbPasswordFunction.Arn\n"
    "      SecretId: prod/db\n";

static const char sr_good_SR323[] =
    "Resources:\n"
    "  DbPasswordFunction:\n"
    "    Type: AWS::Lambda::Function\n"
    "    Properties:\n"
    "      Runtime: python3.12\n"
    "      Handler: index.handler\n"
    "      Role: arn:aws:iam::123456789012:role/custom-resource\n"
    "      Code:\n"
    "        ZipFile: |\n"
    "          import boto3, json, cfnresponse\n"
    "          def handler(event, context):\n"
    "              sm = boto3.client('secretsmanager')\n"
    "              value = sm.get_secret_value(SecretId=event['ResourceProperties']['SecretId'])\n"
    "              data = {'Password': json.loads(value['SecretString'])['password']}\n"
    "              cfnresponse.send(event, context, cfnresponse.SUCCESS, data, noEcho=True)\n"
    "  DbPassword:\n"
    "    Type: Custom::DbPassword\n"
    "    Properties:\n"
    "      ServiceToken: !GetAtt DbPasswordFunction.Arn\n"
    "      SecretId: prod/db\n";

static const struct sr_rule sr323 = {
    .id = "SR323",
    .title = "custom resource returns a secret value without NoEcho",
    .severity = SR_SEV_WARNING,
    .security_severity = 7.0,
    .tags = "exposure,security",
    .source = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
              "crpg-ref-responses.html",
    .explain =
        "A custom resource (Custom::... or AWS::CloudFormation::CustomResource) whose\n"
        "ServiceToken is a Lambda or SAM function of the template, with inline code "
        "(Code.ZipFile,\n"
        "InlineCode), sends back a response whose Data holds a secret and does not set NoEcho.\n"
        "CloudFormation keeps the Data of a custom resource and returns it as it is to anyone who\n"
        "reads it with Fn::GetAtt: in Outputs, in stack events and in the properties of the\n"
        "resources that use it, shown by the console and DescribeStackResources. With NoEcho set\n"
        "the values are masked wherever they are read.\n"
        "\n"
        "What is reported, in Python and JavaScript code:\n"
        "- cfnresponse.send(event, context, status, data, ...) and response.send(...) (cfn-\n"
        "  response), the data being the 4th argument (responseData=), noEcho the 6th\n"
        "  (noEcho=) and absent or false;\n"
        "- an object with Status and Data keys (or r['Data'] = ...) in code that writes to the\n"
        "  ResponseURL, without NoEcho: true;\n"
        "when the data holds a value read with GetSecretValue (get_secret_value, a SecretString),\n"
        "a password from GetRandomPassword, a secret from secrets.token_*, a key named like a\n"
        "credential (Password, SecretAccessKey, ApiToken; not ...Arn or ...Name) with a value\n"
        "that is not a literal, or a variable named like one. A value made with random.choice,\n"
        "Math.random or randomBytes is reported only for a custom resource named like a\n"
        "credential (at its ServiceToken). Variables are followed in the order of the code; a\n"
        "call that stores what it is given (create_secret, PutSecretValueCommand, update_...)\n"
        "does not pass it to its result; wrappers around send and values passed between\n"
        "functions are not followed. The message names where the template reads the\n"
        "attribute with Fn::GetAtt, when it does.\n"
        "\n"
        "How to fix: send the response with noEcho=True (Python cfnresponse), true as the 6th\n"
        "argument of response.send (Node.js cfn-response) or \"NoEcho\": true in a response built\n"
        "by hand. Better, keep the value in an AWS::SecretsManager::Secret and return its ARN.\n"
        "\n"
        "Not a judgement call; no automatic fix (the fix changes code).\n"
        "\n"
        "Example:\n"
        "    ZipFile: |\n"
        "      ...\n"
        "      data = {'Password': json.loads(value['SecretString'])['password']}\n"
        "      cfnresponse.send(event, context, cfnresponse.SUCCESS, data)      # SR323\n"
        "    # fixed:\n"
        "      cfnresponse.send(event, context, cfnresponse.SUCCESS, data, noEcho=True)\n"
        "\n"
        "See https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
        "crpg-ref-responses.html\n",
    .bad = sr_bad_SR323,
    .good = sr_good_SR323,
    .check = sr323_check,
};

const struct sr_rule *const sr_rules_respond[] = {
    &sr323,
    NULL,
};
