/*
 * lsp_hover.c - hover and go to definition.
 *
 * Hover on a finding shows its rule: id, severity, title, the message and
 * the rule's explanation (with the AWS page it rests on). Hover on a
 * reference (Ref, Fn::GetAtt, a ${Name} or ${Name.Attr} of Fn::Sub,
 * DependsOn) shows what it points at: the resource and its type, the
 * parameter with its type, default and description, the pseudo parameter,
 * or that nothing of that name exists. Definition jumps to the resource's
 * or parameter's key. Both read the graph of the document's lint result.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graph.h"
#include "lsp_server.h"
#include "report_escape.h"
#include "report_rules.h"

/* ---- a Markdown (or plain text) builder --------------------------------- */

struct lsp_md {
    char *s;
    size_t n, cap;
    int md; /* 1: Markdown; 0: plain text */
};

static void lsp_md_put(struct lsp_md *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->n + n + 1)
            cap *= 2;
        b->s = sr_xrealloc(b->s, cap);
        b->cap = cap;
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = '\0';
}

/* Text of the product (never from the template), as is. */
static void lsp_md_raw(struct lsp_md *b, const char *s)
{
    lsp_md_put(b, s, strlen(s));
}

static void lsp_md_rawf(struct lsp_md *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void lsp_md_rawf(struct lsp_md *b, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (n > 0)
        lsp_md_put(b, buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

/* Text from the template: Markdown's punctuation escaped, so a name or a
 * message renders as written and never as markup. */
static void lsp_md_text(struct lsp_md *b, const char *s)
{
    if (!s)
        return;
    for (const char *p = s; *p; p++) {
        if (b->md && strchr("\\`*_[]<>|#~{}", *p))
            lsp_md_put(b, "\\", 1);
        lsp_md_put(b, p, 1);
    }
}

static void lsp_md_bold(struct lsp_md *b, const char *s)
{
    if (b->md)
        lsp_md_raw(b, "**");
    lsp_md_text(b, s);
    if (b->md)
        lsp_md_raw(b, "**");
}

static void lsp_md_rule(struct lsp_md *b)
{
    if (b->n)
        lsp_md_raw(b, b->md ? "\n\n---\n\n" : "\n\n");
}

/* ---- what is under the cursor ------------------------------------------- */

struct lsp_ref {
    const struct sr_edge *edge;
    const char *name; /* what it names (arena of the result) */
    const char *attr; /* attribute, or NULL */
    size_t start, end;
};

/* The ${...} of a Sub string around off in [a, b) of text: 1 with the
 * name's bytes [*ns, *ne) and the whole [*vs, *ve). */
static int lsp_sub_var_at(const char *text, size_t a, size_t b, size_t off, size_t *ns, size_t *ne,
                          size_t *vs, size_t *ve)
{
    size_t open = (size_t)-1;
    for (size_t k = off + 1; k-- > a;) {
        if (text[k] == '}' && k != off)
            return 0;
        if (text[k] == '$' && k + 1 < b && text[k + 1] == '{') {
            open = k;
            break;
        }
    }
    if (open == (size_t)-1)
        return 0;
    for (size_t k = open + 2; k < b; k++) {
        if (text[k] == '}') {
            if (k < off)
                return 0;
            *vs = open;
            *ve = k + 1;
            *ns = open + 2;
            *ne = k;
            return 1;
        }
        if (text[k] == '$' && k + 1 < b && text[k + 1] == '{')
            return 0;
    }
    return 0;
}

/* The reference at byte off of d's result, or 0. */
static int lsp_ref_at(struct lsp_doc *d, size_t off, struct lsp_ref *out)
{
    const struct sr_graph *g = &d->res.graph;
    const char *text = d->res.text;
    for (size_t i = 0; i < g->edges.n; i++) {
        const struct sr_edge *e = g->edges.v[i];
        const struct sr_node *at = e->at;
        if (!at || !e->to)
            continue;
        size_t a = at->kind == SR_SCALAR && at->tag ? sr_node_vstart(&d->res.doc, at) : at->start,
               b = at->end;
        if (off < at->start || off >= b || b > d->res.len)
            continue;
        if (e->kind != SR_EDGE_SUB) {
            out->edge = e;
            out->name = e->to;
            out->attr = e->attr;
            out->start = a;
            out->end = b;
            return 1;
        }
        size_t ns, ne, vs, ve;
        if (!lsp_sub_var_at(text, a, b, off, &ns, &ne, &vs, &ve))
            continue;
        const char *dot = memchr(text + ns, '.', ne - ns);
        size_t tl = dot ? (size_t)(dot - (text + ns)) : ne - ns;
        if (strlen(e->to) != tl || strncmp(e->to, text + ns, tl) != 0)
            continue;
        if (dot) {
            size_t al = ne - ns - tl - 1;
            if (!e->attr || strlen(e->attr) != al || strncmp(e->attr, dot + 1, al) != 0)
                continue;
        } else if (e->attr) {
            continue;
        }
        out->edge = e;
        out->name = e->to;
        out->attr = e->attr;
        out->start = vs;
        out->end = ve;
        return 1;
    }
    return 0;
}

static const char *lsp_pseudo_meaning(const char *name)
{
    static const char *const meaning[][2] = {
        {"AWS::AccountId", "the ID of the AWS account the stack is created in"},
        {"AWS::NotificationARNs", "the notification ARNs of the stack"},
        {"AWS::NoValue", "no value: the property is removed (in Fn::If)"},
        {"AWS::Partition", "the partition of the Region (aws, aws-cn, aws-us-gov)"},
        {"AWS::Region", "the Region the stack is created in"},
        {"AWS::StackId", "the ID (ARN) of the stack"},
        {"AWS::StackName", "the name of the stack"},
        {"AWS::URLSuffix", "the domain suffix of the Region (usually amazonaws.com)"},
    };
    for (size_t i = 0; i < sizeof(meaning) / sizeof(meaning[0]); i++)
        if (strcmp(meaning[i][0], name) == 0)
            return meaning[i][1];
    return "a pseudo parameter";
}

static void lsp_hover_ref(struct lsp_md *b, const struct sr_graph *g, const struct lsp_ref *ref)
{
    static const char *const how[] = {"Ref", "Fn::GetAtt", "Fn::Sub", "DependsOn"};
    const struct sr_edge *e = ref->edge;
    struct sr_resource *r = NULL;
    enum sr_val_kind k = sr_graph_name_kind(g, ref->name, &r);
    lsp_md_rule(b);
    lsp_md_raw(b, how[e->kind]);
    lsp_md_raw(b, ": ");
    switch (k) {
    case SR_VAL_RESOURCE:
        lsp_md_raw(b, "resource ");
        lsp_md_bold(b, r->id);
        lsp_md_raw(b, " (");
        lsp_md_text(b, r->type ? r->type : "no Type");
        lsp_md_raw(b, ")");
        if (ref->attr) {
            lsp_md_raw(b, ", attribute ");
            lsp_md_bold(b, ref->attr);
        }
        if (r->implicit && r->owner) {
            lsp_md_raw(b, "\n\nCreated by the SAM transform for ");
            lsp_md_bold(b, r->owner->id);
            lsp_md_raw(b, ".");
        } else if (r->key) {
            lsp_md_rawf(b, "\n\nDefined on line %d.", sr_node_pos(g->t.doc, r->key).line);
        }
        if (r->condition) {
            lsp_md_raw(b, " Only created when condition ");
            lsp_md_bold(b, r->condition);
            lsp_md_raw(b, " holds.");
        }
        break;
    case SR_VAL_PARAMETER: {
        const struct sr_node *p = sr_graph_parameter(g, ref->name);
        const struct sr_node *key = NULL;
        sr_map_get_kv(g->t.parameters, ref->name, &key);
        lsp_md_raw(b, "parameter ");
        lsp_md_bold(b, ref->name);
        const char *type = sr_scalar(sr_map_get(p, "Type"));
        if (type) {
            lsp_md_raw(b, " (");
            lsp_md_text(b, type);
            lsp_md_raw(b, ")");
        }
        const struct sr_node *def = sr_map_get(p, "Default");
        if (def) {
            if (sr_scalar_bool(sr_map_get(p, "NoEcho")) == 1)
                lsp_md_raw(b, "\n\nDefault: hidden (NoEcho).");
            else if (sr_scalar(def)) {
                lsp_md_raw(b, "\n\nDefault: ");
                lsp_md_text(b, sr_scalar(def));
            }
        }
        const char *desc = sr_scalar(sr_map_get(p, "Description"));
        if (desc) {
            lsp_md_raw(b, "\n\n");
            lsp_md_text(b, desc);
        }
        if (key)
            lsp_md_rawf(b, "\n\nDefined on line %d.", sr_node_pos(g->t.doc, key).line);
        break;
    }
    case SR_VAL_PSEUDO:
        lsp_md_raw(b, "pseudo parameter ");
        lsp_md_bold(b, ref->name);
        lsp_md_raw(b, ": ");
        lsp_md_raw(b, lsp_pseudo_meaning(ref->name));
        break;
    default:
        lsp_md_bold(b, ref->name);
        lsp_md_raw(b, " is not a resource or parameter of this template.");
        break;
    }
}

static void lsp_hover_finding(struct lsp_md *b, const struct sr_finding *f)
{
    const struct sr_rule *r = f->rule;
    lsp_md_rule(b);
    if (b->md)
        lsp_md_rawf(b, "**%s** %s: ", r->id, sr_severity_name(f->severity));
    else
        lsp_md_rawf(b, "%s %s: ", r->id, sr_severity_name(f->severity));
    lsp_md_raw(b, r->title ? r->title : "");
    lsp_md_raw(b, "\n\n");
    lsp_md_text(b, f->message);
    if (r->explain && *r->explain) {
        lsp_md_raw(b, "\n\n");
        if (b->md) {
            char *m = sr_explain_markdown(r->explain);
            lsp_md_raw(b, m);
            free(m);
        } else {
            lsp_md_raw(b, r->explain);
        }
    }
    if (r->source && !(r->explain && strstr(r->explain, r->source))) {
        if (b->md)
            lsp_md_rawf(b, "\n\n[AWS documentation](%s)", r->source);
        else
            lsp_md_rawf(b, "\n\nAWS documentation: %s", r->source);
    }
}

/* ---- requests ----------------------------------------------------------- */

/* The document and byte offset of a TextDocumentPositionParams, or NULL. */
static struct lsp_doc *lsp_doc_at(struct lsp_server *s, const cJSON *params, size_t *off)
{
    struct lsp_doc *d = lsp_doc_of(s, params);
    if (!d || !lsp_doc_fresh(s, d) || !d->res.loaded)
        return NULL;
    long long o = lsp_offset_of(s, d, lsp_get(params, "position"));
    if (o < 0)
        return NULL;
    *off = (size_t)o;
    return d;
}

cJSON *lsp_hover(struct lsp_server *s, const cJSON *params)
{
    size_t off;
    struct lsp_doc *d = lsp_doc_at(s, params, &off);
    if (!d)
        return NULL;
    struct lsp_md b = {NULL, 0, 0, s->markdown};
    size_t rs = 0, re = 0;
    int have_range = 0;
    for (size_t i = 0; i < d->res.nfindings; i++) {
        const struct sr_finding *f = d->res.findings[i];
        size_t a = d->dstart[i], e = d->dend[i];
        if (!lsp_finding_shown(d, i) || !(off == a || (off > a && off < e)))
            continue;
        lsp_hover_finding(&b, f);
        if (!have_range) {
            rs = a;
            re = e;
            have_range = 1;
        }
    }
    struct lsp_ref ref;
    if (lsp_ref_at(d, off, &ref)) {
        lsp_hover_ref(&b, &d->res.graph, &ref);
        rs = ref.start;
        re = ref.end;
        have_range = 1;
    }
    if (!b.n)
        return NULL;
    cJSON *h = sr_json_object(), *c = sr_json_object();
    lsp_add_str(c, "kind", b.md ? "markdown" : "plaintext");
    lsp_add_str(c, "value", b.s);
    cJSON_AddItemToObject(h, "contents", c);
    if (have_range)
        cJSON_AddItemToObject(h, "range", lsp_json_range(s, &d->text, rs, re));
    free(b.s);
    return h;
}

cJSON *lsp_definition(struct lsp_server *s, const cJSON *params)
{
    size_t off;
    struct lsp_doc *d = lsp_doc_at(s, params, &off);
    struct lsp_ref ref;
    if (!d || !lsp_ref_at(d, off, &ref))
        return NULL;
    const struct sr_graph *g = &d->res.graph;
    struct sr_resource *r = NULL;
    const struct sr_node *key = NULL;
    switch (sr_graph_name_kind(g, ref.name, &r)) {
    case SR_VAL_RESOURCE:
        while (r && r->implicit)
            r = r->owner;
        key = r ? r->key : NULL;
        break;
    case SR_VAL_PARAMETER:
        sr_map_get_kv(g->t.parameters, ref.name, &key);
        break;
    default:
        break;
    }
    if (!key)
        return NULL;
    cJSON *loc = sr_json_object();
    lsp_add_str(loc, "uri", d->uri);
    cJSON_AddItemToObject(loc, "range", lsp_json_range(s, &d->text, key->start, key->end));
    return loc;
}
