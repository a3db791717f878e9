/*
 * lint.c - the pipeline for one file: load, graph, rules, suppressions,
 * sorting. Also the finding constructors every rule uses (rule.h).
 */
#include "lint.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iam.h"
#include "rule.h"
#include "suppress.h"

const char *sr_severity_name(enum sr_severity s)
{
    switch (s) {
    case SR_SEV_ERROR:
        return "error";
    case SR_SEV_WARNING:
        return "warning";
    case SR_SEV_INFO:
        return "info";
    default:
        return "none";
    }
}

int sr_severity_parse(const char *s)
{
    if (!strcmp(s, "error"))
        return SR_SEV_ERROR;
    if (!strcmp(s, "warning"))
        return SR_SEV_WARNING;
    if (!strcmp(s, "info"))
        return SR_SEV_INFO;
    if (!strcmp(s, "none"))
        return SR_SEV_NONE;
    return -1;
}

/* ---- rule selection ----------------------------------------------------- */

/* 1 when id matches an entry of a comma list (entries may be prefixes). */
static int sr_list_match(const char *list, const char *id)
{
    if (!list)
        return 0;
    const char *p = list;
    while (*p) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        while (len && *p == ' ') {
            p++;
            len--;
        }
        while (len && p[len - 1] == ' ')
            len--;
        if (len && strncmp(id, p, len) == 0)
            return 1;
        if (!comma)
            break;
        p = comma + 1;
    }
    return 0;
}

static const struct sr_rule_setting *sr_setting(const struct sr_config *cfg, const char *id)
{
    const struct sr_rule_setting *best = NULL;
    size_t best_len = 0;
    for (size_t i = 0; cfg && i < cfg->nrules; i++) {
        size_t len = strlen(cfg->rules[i].id);
        if (strncmp(id, cfg->rules[i].id, len) == 0 && len >= best_len) {
            best = &cfg->rules[i];
            best_len = len;
        }
    }
    return best;
}

enum sr_fix_safety sr_rule_fix_safety(const struct sr_rule *rule)
{
    if (!rule || !rule->plan)
        return SR_FIXSAFE_NONE;
    return rule->fix_safety == SR_FIXSAFE_DEFAULT ? SR_FIXSAFE_SAFE : rule->fix_safety;
}

const char *sr_fix_safety_name(enum sr_fix_safety s)
{
    switch (s) {
    case SR_FIXSAFE_SAFE:
    case SR_FIXSAFE_DEFAULT:
        return "safe";
    case SR_FIXSAFE_UNSAFE:
        return "unsafe";
    case SR_FIXSAFE_BOTH:
        return "both";
    case SR_FIXSAFE_NONE:
        break;
    }
    return "no";
}

int sr_rule_enabled(const struct sr_config *cfg, const struct sr_rule *rule)
{
    int on = 1;
    const struct sr_rule_setting *s = sr_setting(cfg, rule->id);
    if (s && s->enabled >= 0)
        on = s->enabled;
    if (cfg && cfg->include_checks)
        on = sr_list_match(cfg->include_checks, rule->id);
    if (cfg && sr_list_match(cfg->ignore_checks, rule->id))
        on = 0;
    if (on && sr_rule_severity(cfg, rule) == SR_SEV_NONE)
        on = 0; /* severity none: the rule does not report */
    return on;
}

enum sr_severity sr_rule_severity(const struct sr_config *cfg, const struct sr_rule *rule)
{
    const struct sr_rule_setting *s = sr_setting(cfg, rule->id);
    if (s && s->severity > 0)
        return (enum sr_severity)s->severity;
    return rule->severity;
}

/* ---- findings ----------------------------------------------------------- */

static struct sr_finding *sr_add(struct sr_ctx *ctx, const struct sr_rule *rule, size_t start,
                                 size_t end, struct sr_pos pos, struct sr_pos epos, const char *fmt,
                                 va_list ap)
{
    struct sr_finding *f = sr_arena_alloc(ctx->arena, sizeof(*f));
    f->rule = rule;
    f->severity = sr_rule_severity(ctx->cfg, rule);
    f->start = start;
    f->end = end;
    f->pos = pos;
    f->epos = epos;
    va_list aq;
    va_copy(aq, ap);
    int n = vsnprintf(NULL, 0, fmt, aq);
    va_end(aq);
    char *msg = sr_arena_alloc(ctx->arena, (size_t)(n < 0 ? 0 : n) + 1);
    vsnprintf(msg, (size_t)(n < 0 ? 0 : n) + 1, fmt, ap);
    f->message = msg;
    /* The resource the finding is in: the one whose node range holds it. */
    if (ctx->g && ctx->g->nreal) {
        /* Resources are in document order: binary search on their key. */
        struct sr_resource *const *res = ctx->g->res;
        size_t lo = 0, hi = ctx->g->nreal;
        while (hi - lo > 1) {
            size_t mid = (lo + hi) / 2;
            if (res[mid]->key->start <= start)
                lo = mid;
            else
                hi = mid;
        }
        const struct sr_resource *r = res[lo];
        size_t rend = r->node && r->node->end > r->key->end ? r->node->end : r->key->end;
        if (start >= r->key->start && start < rend)
            f->resource = r->id;
    }
    sr_ptrvec_push(ctx->arena, ctx->findings, f);
    return f;
}

static struct sr_finding *sr_vreport(struct sr_ctx *ctx, const struct sr_rule *rule,
                                     const struct sr_node *at, const char *fmt, va_list ap)
{
    struct sr_finding *f;
    if (!at)
        return sr_add(ctx, rule, 0, 0, (struct sr_pos){1, 1}, (struct sr_pos){1, 1}, fmt, ap);
    /* Tagged scalars point at the value (`!Ref X` -> X). */
    size_t vstart = sr_node_vstart(ctx->doc, at);
    if (at->kind == SR_SCALAR && at->tag)
        f = sr_add(ctx, rule, vstart, at->end, sr_doc_pos(ctx->doc, vstart),
                   sr_doc_pos(ctx->doc, at->end), fmt, ap);
    else
        f = sr_add(ctx, rule, at->start, at->end, sr_node_pos(ctx->doc, at),
                   sr_doc_pos(ctx->doc, at->end), fmt, ap);
    f->node = at;
    return f;
}

struct sr_finding *sr_report(struct sr_ctx *ctx, const struct sr_node *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    struct sr_finding *f = sr_vreport(ctx, ctx->rule, at, fmt, ap);
    va_end(ap);
    return f;
}

struct sr_finding *sr_report_rule(struct sr_ctx *ctx, const struct sr_rule *rule,
                                  const struct sr_node *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    struct sr_finding *f = sr_vreport(ctx, rule, at, fmt, ap);
    va_end(ap);
    return f;
}

/* The keys sr_report_once() has seen for the running rule: open addressing
 * over 64-bit hashes of (node, subject). */
struct sr_once {
    uint64_t *v;
    size_t cap, n;
};

static int sr_once_add(struct sr_arena *a, struct sr_once *s, uint64_t h)
{
    if ((s->n + 1) * 2 > s->cap) {
        struct sr_once ns = {0};
        ns.cap = s->cap ? s->cap * 2 : 64;
        ns.v = sr_arena_alloc(a, ns.cap * sizeof(*ns.v));
        for (size_t i = 0; i < s->cap; i++)
            if (s->v[i])
                for (size_t j = s->v[i] & (ns.cap - 1);; j = (j + 1) & (ns.cap - 1))
                    if (!ns.v[j]) {
                        ns.v[j] = s->v[i];
                        ns.n++;
                        break;
                    }
        *s = ns;
    }
    for (size_t i = h & (s->cap - 1);; i = (i + 1) & (s->cap - 1)) {
        if (s->v[i] == h)
            return 0;
        if (!s->v[i]) {
            s->v[i] = h;
            s->n++;
            return 1;
        }
    }
}

int sr_report_once(struct sr_ctx *ctx, const struct sr_node *node, const char *subject)
{
    if (ctx->once_rule != ctx->rule || !ctx->once) {
        ctx->once = sr_arena_alloc(ctx->arena, sizeof(struct sr_once));
        ctx->once_rule = ctx->rule;
    }
    uint64_t h = 1469598103934665603ull ^ (uint64_t)(uintptr_t)node;
    h *= 1099511628211ull;
    for (const char *p = subject; p && *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ull;
    h ^= h >> 29;
    return sr_once_add(ctx->arena, ctx->once, h | 1);
}

void sr_finding_severity(struct sr_ctx *ctx, struct sr_finding *f, enum sr_severity s)
{
    if (f && sr_rule_severity(ctx->cfg, f->rule) == f->rule->severity)
        f->severity = s;
}

static struct sr_finding *sr_report_offset(struct sr_ctx *ctx, const struct sr_rule *rule,
                                           size_t offset, struct sr_pos pos, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static struct sr_finding *sr_report_offset(struct sr_ctx *ctx, const struct sr_rule *rule,
                                           size_t offset, struct sr_pos pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    struct sr_finding *f = sr_add(ctx, rule, offset, offset, pos, pos, fmt, ap);
    va_end(ap);
    return f;
}

static int sr_finding_cmp(const void *a, const void *b)
{
    const struct sr_finding *x = *(const struct sr_finding *const *)a;
    const struct sr_finding *y = *(const struct sr_finding *const *)b;
    if (x->pos.line != y->pos.line)
        return x->pos.line < y->pos.line ? -1 : 1;
    if (x->pos.col != y->pos.col)
        return x->pos.col < y->pos.col ? -1 : 1;
    int c = strcmp(x->rule->id, y->rule->id);
    if (c)
        return c;
    return strcmp(x->message, y->message);
}

/* ---- the pipeline ------------------------------------------------------- */

/* A problem of the suppressions: SR006 or SR007, when enabled. */
static void sr_lint_problem(void *arg, enum sr_suppress_problem p, const struct sr_node *at,
                            const char *message)
{
    struct sr_ctx *ctx = arg;
    const struct sr_rule *rule = sr_rule_find(p == SR_SUPPRESS_NO_REASON ? "SR006" : "SR007");
    if (rule && sr_rule_enabled(ctx->cfg, rule))
        sr_report_rule(ctx, rule, at, "%s", message);
}

void sr_lint_text(struct sr_result *res, const char *path, char *text, size_t len,
                  const struct sr_config *cfg)
{
    memset(res, 0, sizeof(*res));
    sr_arena_init(&res->arena);
    res->path = path;
    res->cfg = cfg;
    res->text = text;
    res->len = len;
    struct sr_ptrvec findings = {0};
    struct sr_ctx ctx;
    memset(&ctx, 0, sizeof(ctx));
    ctx.arena = &res->arena;
    struct sr_arena scratch;
    sr_arena_init(&scratch);
    ctx.scratch = &scratch;
    ctx.doc = &res->doc;
    ctx.cfg = cfg;
    ctx.findings = &findings;

    struct sr_error err;
    const struct sr_rule *sr001 = sr_rule_find("SR001");
    if (sr_load(&res->arena, path, text, len, &res->doc, &err) < 0) {
        res->is_template = 1; /* a broken file named or found is reported */
        if (sr001 && sr_rule_enabled(cfg, sr001))
            sr_report_offset(&ctx, sr001, err.offset, err.pos, "%s", err.message);
    } else {
        res->loaded = 1;
        sr_graph_build(&res->arena, &res->doc, &res->graph);
        res->is_template = res->graph.t.is_template;
        ctx.g = &res->graph;
        size_t nrules;
        const struct sr_rule *const *rules = sr_registry(&nrules);
        /* The IAM model is released after the last rule that reads it: the
         * rules after it build other models (flows), and the peak is lower
         * when the two are not held at once. */
        size_t last_iam = SIZE_MAX;
        for (size_t i = 0; i < nrules; i++)
            if (rules[i]->check && (rules[i]->models & SR_MODEL_IAM) &&
                sr_rule_enabled(cfg, rules[i]))
                last_iam = i;
        for (size_t i = 0; i < nrules; i++) {
            if (!rules[i]->check || !sr_rule_enabled(cfg, rules[i]))
                continue;
            ctx.rule = rules[i];
            rules[i]->check(&ctx);
            if (scratch.used_total) {
                sr_arena_release(&scratch);
                sr_arena_init(&scratch);
            }
            if (i == last_iam)
                sr_iam_drop(&res->graph);
        }
        ctx.rule = NULL;
        sr_suppress_apply(&res->graph, (struct sr_finding **)findings.v, findings.n,
                          sr_lint_problem, &ctx);
    }
    sr_arena_release(&scratch);
    res->findings = (struct sr_finding **)findings.v;
    res->nfindings = findings.n;
    if (res->nfindings > 1)
        qsort(res->findings, res->nfindings, sizeof(*res->findings), sr_finding_cmp);
}

void sr_result_release(struct sr_result *res)
{
    sr_iam_drop(&res->graph);
    sr_arena_release(&res->arena);
    free(res->text);
    res->text = NULL;
    free(res->rendered);
    res->rendered = NULL;
    res->findings = NULL;
    res->nfindings = 0;
}

void sr_result_compact(struct sr_result *res)
{
    struct sr_arena small;
    sr_arena_init(&small);
    struct sr_finding **v = NULL;
    if (res->nfindings) {
        v = sr_arena_alloc(&small, res->nfindings * sizeof(*v));
        struct sr_finding *cells = sr_arena_alloc(&small, res->nfindings * sizeof(*cells));
        for (size_t k = 0; k < res->nfindings; k++) {
            const struct sr_finding *f = res->findings[k];
            struct sr_finding *c = &cells[k];
            c->rule = f->rule;
            c->severity = f->severity;
            c->pos = f->pos;
            c->epos = f->epos;
            c->start = f->start;
            c->end = f->end;
            c->message = f->message ? sr_arena_strdup(&small, f->message) : NULL;
            c->resource = f->resource ? sr_arena_strdup(&small, f->resource) : NULL;
            c->path = f->path ? sr_arena_strdup(&small, f->path) : NULL;
            c->suppressed = f->suppressed;
            c->baselined = f->baselined;
            v[k] = c;
        }
    }
    size_t n = res->nfindings;
    char *rendered = res->rendered;
    res->rendered = NULL;
    sr_result_release(res);
    res->rendered = rendered;
    res->arena = small;
    res->findings = v;
    res->nfindings = n;
    res->len = 0;
    memset(&res->doc, 0, sizeof(res->doc));
    memset(&res->graph, 0, sizeof(res->graph));
    res->fix_edits_done = 0;
}

int sr_finding_holds_value(const struct sr_finding *f)
{
    static const char *const ids[] = {"SR301", "SR302", "SR303", "SR304", "SR308"};
    /* The byte range alone: a compacted result keeps no node. */
    if (!f->rule || f->end <= f->start)
        return 0;
    for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
        if (!strcmp(f->rule->id, ids[i]))
            return 1;
    return 0;
}
