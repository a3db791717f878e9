/*
 * dot.c - Graphviz DOT of a file's resource graph (--graph).
 *
 * Reads the graph built by the lint (resources, reference edges, SAM's
 * implicit roles) and the file's findings; writes nodes in template order
 * and edges in document order, each once. Every string from the template is
 * escaped for a DOT quoted string and never carries a control character.
 */
#include "dot.h"

#include <stdlib.h>
#include <string.h>

#include "report_escape.h"
#include "secret.h"

#define SR_DOT_IDS_MAX 160     /* room for the rule ids shown on one node */
#define SR_DOT_MISSING_MAX 256 /* distinct names of missing targets drawn */

struct mark {
    int sev;                  /* worst severity of its findings, 0 for none */
    char ids[SR_DOT_IDS_MAX]; /* "SR101 SR109" */
};

/* Writes s inside a DOT quoted string: quotes and backslashes escaped,
 * unsafe code points in their visible \xNN form (its backslash escaped). */
static void dot_str(FILE *out, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t l = sr_utf8_decode(s + i, n - i, &cp);
        char vis[12];
        if (cp == '"')
            fputs("\\\"", out);
        else if (cp == '\\')
            fputs("\\\\", out);
        else if (cp == SR_UTF8_BAD)
            fputs("\xEF\xBF\xBD", out);
        else if (sr_cp_unsafe(cp)) {
            size_t k = sr_cp_visible(cp, vis);
            putc('\\', out); /* the visible form starts with a backslash */
            fwrite(vis, 1, k, out);
        } else
            fwrite(s + i, 1, l, out);
        i += l;
    }
}

static const char *shape_of(enum sr_rkind k)
{
    switch (k) {
    case SR_R_SECRET:
        return "note";
    case SR_R_SCHEDULE:
        return "hexagon";
    case SR_R_LAMBDA:
    case SR_R_SAM_FUNCTION:
    case SR_R_LAMBDA_ALIAS:
    case SR_R_LAMBDA_VERSION:
        return "component";
    case SR_R_PERMISSION:
        return "cds";
    case SR_R_ROLE:
    case SR_R_POLICY:
    case SR_R_MANAGED_POLICY:
    case SR_R_USER:
        return "house";
    case SR_R_ALARM:
    case SR_R_EVENT_RULE:
    case SR_R_SNS_TOPIC:
        return "tab";
    case SR_R_KMS_KEY:
    case SR_R_KMS_ALIAS:
        return "octagon";
    case SR_R_DB_INSTANCE:
    case SR_R_DB_CLUSTER:
    case SR_R_REDSHIFT:
    case SR_R_DOCDB_CLUSTER:
    case SR_R_DOCDB_INSTANCE:
        return "cylinder";
    default:
        return "box";
    }
}

static const char *edge_label(enum sr_edge_kind k)
{
    switch (k) {
    case SR_EDGE_REF:
        return "Ref";
    case SR_EDGE_GETATT:
        return "GetAtt";
    case SR_EDGE_SUB:
        return "Sub";
    case SR_EDGE_DEPENDSON:
        return "DependsOn";
    }
    return "ref";
}

static void mark_add(struct mark *m, const struct sr_finding *f)
{
    const char *id = f->rule ? f->rule->id : "SR000";
    if ((int)f->severity > m->sev && f->severity <= SR_SEV_ERROR)
        m->sev = (int)f->severity;
    size_t idlen = strlen(id), used = strlen(m->ids);
    /* already listed? (ids are whole words separated by spaces) */
    for (const char *p = m->ids; (p = strstr(p, id)) != NULL; p += idlen)
        if ((p == m->ids || p[-1] == ' ') && (p[idlen] == 0 || p[idlen] == ' '))
            return;
    if (used + idlen + 6 >= sizeof(m->ids)) {
        if (!strstr(m->ids, "..."))
            memcpy(m->ids + used, " ...", 5);
        return;
    }
    if (used)
        m->ids[used++] = ' ';
    memcpy(m->ids + used, id, idlen + 1);
}

static void mark_style(FILE *out, const struct mark *m)
{
    switch (m->sev) {
    case SR_SEV_ERROR:
        fputs(", color=\"#b03a2e\", fillcolor=\"#fadbd8\", style=\"filled,bold\", penwidth=2", out);
        break;
    case SR_SEV_WARNING:
        fputs(", color=\"#b9770e\", fillcolor=\"#fdebd0\", style=\"filled,bold\", penwidth=2", out);
        break;
    case SR_SEV_INFO:
        fputs(", color=\"#2e86c1\", fillcolor=\"#d6eaf8\", style=filled", out);
        break;
    default:
        break;
    }
}

/* One edge per (from, to, label): an earlier edge of from with the same
 * target and label hides this one. Bounded by the resource's out-degree. */
static int edge_seen(const struct sr_resource *from, size_t upto, const struct sr_edge *e)
{
    for (size_t i = 0; i < upto && i < from->out.n; i++) {
        const struct sr_edge *o = from->out.v[i];
        if (o->target == e->target && o->kind == e->kind &&
            ((!o->attr && !e->attr) || (o->attr && e->attr && strcmp(o->attr, e->attr) == 0)))
            return 1;
    }
    return 0;
}

static int has_edge_to(const struct sr_resource *from, const struct sr_resource *to)
{
    for (size_t i = 0; i < from->out.n; i++)
        if (((const struct sr_edge *)from->out.v[i])->target == to)
            return 1;
    return 0;
}

/*
 * A reference whose target is neither a resource, a parameter nor a pseudo
 * parameter (what SR003 reports) points at a dashed "missing" node, one per
 * name. Returns its number, or -1 when it is not missing (or too many).
 */
static long missing_index(const struct sr_graph *g, const struct sr_edge *e, const char **names,
                          size_t *n, int add)
{
    if (e->target || !e->to || sr_is_pseudo(e->to) || sr_graph_parameter(g, e->to))
        return -1;
    for (size_t i = 0; i < *n; i++)
        if (strcmp(names[i], e->to) == 0)
            return (long)i;
    if (!add || *n >= SR_DOT_MISSING_MAX)
        return -1;
    names[*n] = e->to;
    return (long)(*n)++;
}

int sr_dot_write(FILE *out, const struct sr_result *r)
{
    const struct sr_graph *g = &r->graph;
    size_t nres = r->loaded && g->res ? g->nres : 0;
    struct mark *marks = sr_xcalloc(nres + 1, sizeof(*marks)); /* [nres]: template level */
    char *shown = sr_xcalloc(nres + 1, 1);

    for (size_t k = 0; k < r->nfindings; k++) {
        const struct sr_finding *f = r->findings[k];
        if (f->suppressed)
            continue;
        const struct sr_resource *res = f->resource && nres ? sr_graph_find(g, f->resource) : NULL;
        size_t at = res && res->index < nres && g->res[res->index] == res ? res->index : nres;
        mark_add(&marks[at], f);
    }
    for (size_t i = 0; i < nres; i++)
        shown[i] = g->res[i]->kind != SR_R_OTHER || marks[i].sev != 0;

    fputs("digraph \"secrot-lint\" {\n", out);
    fputs("  graph [rankdir=LR, labelloc=t, fontname=\"Helvetica\", label=\"", out);
    dot_str(out, r->path);
    fputs("\"];\n", out);
    fputs("  node [fontname=\"Helvetica\", fontsize=10];\n", out);
    fputs("  edge [fontname=\"Helvetica\", fontsize=9];\n", out);

    if (!r->loaded || marks[nres].sev) {
        fputs("  template [shape=folder, id=\"template\", label=\"(template)", out);
        if (!r->loaded)
            fputs("\\nnot loaded", out);
        if (marks[nres].ids[0]) {
            fputs("\\n", out);
            dot_str(out, marks[nres].ids);
        }
        putc('"', out);
        mark_style(out, &marks[nres]);
        fputs("];\n", out);
    }

    for (size_t i = 0; i < nres; i++) {
        const struct sr_resource *res = g->res[i];
        if (!shown[i])
            continue;
        fprintf(out, "  r%zu [shape=%s, id=\"", i, shape_of(res->kind));
        dot_str(out, res->id);
        fputs("\", label=\"", out);
        dot_str(out, res->id);
        fputs("\\n", out);
        dot_str(out, res->type ? res->type : "?");
        const struct sr_secret *sm = res->kind == SR_R_SECRET ? sr_secret_get(g, res) : NULL;
        if (sm) {
            /* What the secret model judged it holds, and its rotation class. */
            fputs("\\nholds: ", out);
            dot_str(out, sr_secret_kind_name(sm->kind));
            fputs(", class ", out);
            dot_str(out, sm->cls ? sm->cls : "default");
        }
        if (marks[i].ids[0]) {
            fputs("\\n", out);
            dot_str(out, marks[i].ids);
        }
        putc('"', out);
        if (res->implicit)
            fputs(", style=dashed", out);
        mark_style(out, &marks[i]);
        fputs("];\n", out);
    }

    /* Names referenced but defined nowhere. */
    const char **missing = sr_xcalloc(SR_DOT_MISSING_MAX, sizeof(*missing));
    size_t nmissing = 0;
    for (size_t i = 0; i < nres; i++) {
        if (!shown[i])
            continue;
        for (size_t k = 0; k < g->res[i]->out.n; k++) {
            size_t before = nmissing;
            long m = missing_index(g, g->res[i]->out.v[k], missing, &nmissing, 1);
            if (m < 0 || nmissing == before)
                continue;
            fprintf(out,
                    "  m%ld [shape=box, style=\"dashed,filled\", color=\"#b03a2e\", "
                    "fillcolor=\"#ffffff\", label=\"",
                    m);
            dot_str(out, missing[m]);
            fputs("\\n(not in the template)\"];\n", out);
        }
    }

    for (size_t i = 0; i < nres; i++) {
        const struct sr_resource *from = g->res[i];
        if (!shown[i])
            continue;
        for (size_t k = 0; k < from->out.n; k++) {
            long m = missing_index(g, from->out.v[k], missing, &nmissing, 0);
            if (m >= 0) {
                const struct sr_edge *e = from->out.v[k];
                int dup = 0;
                for (size_t j = 0; j < k && !dup; j++) {
                    const struct sr_edge *o = from->out.v[j];
                    dup = !o->target && o->to && strcmp(o->to, e->to) == 0 && o->kind == e->kind;
                }
                if (!dup) {
                    fprintf(out, "  r%zu -> m%ld [label=\"%s", i, m, edge_label(e->kind));
                    if (e->attr) {
                        putc(' ', out);
                        dot_str(out, e->attr);
                    }
                    fputs("\", color=\"#b03a2e\"];\n", out);
                }
                continue;
            }
            const struct sr_edge *e = from->out.v[k];
            const struct sr_resource *to = e->target;
            if (!to || to->index >= nres || g->res[to->index] != to || !shown[to->index] ||
                edge_seen(from, k, e))
                continue;
            fprintf(out, "  r%zu -> r%zu [label=\"%s", i, (size_t)to->index, edge_label(e->kind));
            if (e->attr) {
                putc(' ', out);
                dot_str(out, e->attr);
            }
            fputs("\"", out);
            if (e->kind == SR_EDGE_DEPENDSON)
                fputs(", style=dotted", out);
            fputs("];\n", out);
        }
        /* SAM's implicit role: no reference in the text, the transform makes it. */
        const struct sr_resource *role = from->role;
        if (role && role->implicit && role->index < nres && g->res[role->index] == role &&
            shown[role->index] && !has_edge_to(from, role))
            fprintf(out, "  r%zu -> r%zu [label=\"role (implicit)\", style=dashed];\n", i,
                    (size_t)role->index);
    }
    fputs("}\n", out);
    free(missing);
    free(marks);
    free(shown);
    return ferror(out) ? -1 : 0;
}
