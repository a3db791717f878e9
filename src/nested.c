/*
 * nested.c - the local child templates of nested stacks (nested.h).
 *
 * A child's location is normalised as text first (the parent's folder
 * joined with the location, "." and ".." resolved, never above the tree's
 * folder), then opened one path component at a time from the tree's folder
 * with O_NOFOLLOW, so that no symbolic link is followed and nothing outside
 * the tree is opened whatever the location says. What a child does with
 * its parameters is indexed once, when it is read: the parameters that are
 * the SecretId of one of its schedules, and the parameters it passes on to
 * nested stacks of its own.
 */
#include "nested.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "load.h"
#include "value.h"

#define SR_NESTED_MAX_PATH 1024
#define SR_NESTED_MAX_PARTS 64

struct sr_nested_budget {
    size_t files;
};

/* What a loaded child does with a parameter. */
struct sr_param_use {
    const char *param;
    const struct sr_resource *schedule; /* rotates it: the schedule */
    const struct sr_resource *stack;    /* passes it on: the nested stack ... */
    const char *as;                     /* ... and the parameter name there */
};

struct sr_nested_entry {
    struct sr_child child;
    struct sr_nested *sub;  /* the reader of the child's own children */
    struct sr_ptrvec uses;  /* struct sr_param_use * */
    struct sr_graph cgraph; /* LOADED: child.graph points here */
    struct sr_doc doc;
};

struct sr_nested {
    const struct sr_graph *g;
    struct sr_arena *a;
    const char *root; /* the tree's folder, or NULL: no child is local */
    const char *dir;  /* this template's folder below root ("" at the top) */
    const char *self; /* this template below root ("" for the first one) */
    int depth;
    const struct sr_nested *up; /* the reader of the parent template, or NULL */
    struct sr_nested_budget *budget;
    struct sr_nested_entry **by_index; /* per resource index, on first use */
};

struct sr_nested *sr_nested_new(const struct sr_graph *g, const char *path)
{
    struct sr_nested *n = sr_arena_alloc(g->arena, sizeof(*n));
    n->g = g;
    n->a = g->arena;
    n->dir = "";
    n->self = "";
    n->budget = sr_arena_alloc(g->arena, sizeof(*n->budget));
    if (path && *path && strcmp(path, "<stdin>") != 0 && strcmp(path, "-") != 0) {
        const char *slash = strrchr(path, '/');
        if (!slash)
            n->root = ".";
        else if (slash == path)
            n->root = "/";
        else
            n->root = sr_arena_strndup(n->a, path, (size_t)(slash - path));
        n->self = sr_arena_strdup(n->a, slash ? slash + 1 : path);
    }
    return n;
}

int sr_nested_is_stack(const struct sr_resource *r)
{
    return r &&
           (r->kind == SR_R_SAM_APP || (r->type && !strcmp(r->type, "AWS::CloudFormation::Stack")));
}

/* ---- locations ------------------------------------------------------------ */

static int sr_is_url(const char *s)
{
    return !strncmp(s, "https://", 8) || !strncmp(s, "http://", 7) || !strncmp(s, "s3://", 5);
}

/*
 * The location of r's child as written: *local set to a path when it is a
 * local file, else *why says why it is not local. Returns the text to name
 * it by in messages.
 */
static const char *sr_child_location(struct sr_arena *a, const struct sr_resource *r,
                                     const char **local, const char **why)
{
    *local = NULL;
    *why = NULL;
    /* CDK: the nested template sits beside the parent in cdk.out. */
    const struct sr_node *asset = sr_map_get(r->metadata, "aws:asset:path");
    const struct sr_node *prop = sr_map_get(r->metadata, "aws:asset:property");
    if (sr_is_literal(asset) && (!prop || sr_scalar_eq(prop, "TemplateURL")) &&
        !sr_is_url(sr_scalar(asset))) {
        *local = sr_scalar(asset);
        return *local;
    }
    const struct sr_node *loc =
        sr_res_prop(r, r->kind == SR_R_SAM_APP ? "Location" : "TemplateURL");
    if (sr_is_literal(loc)) {
        const char *s = sr_scalar(loc);
        if (sr_is_url(s))
            *why = sr_arena_printf(a, "whose template %s is not a local file", s);
        else if (!*s)
            *why = "whose template location is empty";
        else
            *local = s;
        return s;
    }
    if (r->kind == SR_R_SAM_APP && sr_is_map(loc) && sr_map_get(loc, "ApplicationId")) {
        const char *id = sr_scalar(sr_map_get(loc, "ApplicationId"));
        *why =
            sr_arena_printf(a, "which is application %s of the Serverless Application Repository",
                            id ? id : "(computed)");
        return id ? id : "an application of the Serverless Application Repository";
    }
    *why = sr_arena_printf(a, "whose %s is computed at deploy time",
                           r->kind == SR_R_SAM_APP ? "Location" : "TemplateURL");
    return r->kind == SR_R_SAM_APP ? "a computed Location" : "a computed TemplateURL";
}

/*
 * dir + "/" + loc with "." and ".." resolved, into out (size n). Returns 0,
 * or -1 with *why set: an absolute path, a path that climbs above the
 * tree's folder, or one too long.
 */
static int sr_path_below(char *out, size_t n, const char *dir, const char *loc, const char **why)
{
    if (loc[0] == '/') {
        *why = "it is an absolute path";
        return -1;
    }
    const char *parts[SR_NESTED_MAX_PARTS];
    size_t lens[SR_NESTED_MAX_PARTS];
    size_t np = 0;
    const char *srcs[2] = {dir, loc};
    for (int k = 0; k < 2; k++) {
        const char *p = srcs[k];
        while (*p) {
            const char *e = strchr(p, '/');
            size_t l = e ? (size_t)(e - p) : strlen(p);
            if (l == 0 || (l == 1 && p[0] == '.')) {
                /* empty or "." */
            } else if (l == 2 && p[0] == '.' && p[1] == '.') {
                if (np == 0) {
                    *why = "it is outside the folder of the template being linted";
                    return -1;
                }
                np--;
            } else {
                if (np == SR_NESTED_MAX_PARTS) {
                    *why = "its path is too long";
                    return -1;
                }
                parts[np] = p;
                lens[np] = l;
                np++;
            }
            if (!e)
                break;
            p = e + 1;
        }
    }
    if (np == 0) {
        *why = "it names a folder, not a file";
        return -1;
    }
    size_t w = 0;
    for (size_t i = 0; i < np; i++) {
        if (w + lens[i] + 2 > n) {
            *why = "its path is too long";
            return -1;
        }
        if (i)
            out[w++] = '/';
        memcpy(out + w, parts[i], lens[i]);
        w += lens[i];
    }
    out[w] = 0;
    return 0;
}

/*
 * Opens rel (normalised, below root) one component at a time without
 * following symbolic links. Returns the descriptor of a regular file, or
 * -1 with *why set.
 */
static int sr_open_below(const char *root, const char *rel, const char **why)
{
    int dfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0) {
        *why = "the folder of the template cannot be opened";
        return -1;
    }
    char part[SR_NESTED_MAX_PATH];
    const char *p = rel;
    for (;;) {
        const char *e = strchr(p, '/');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        memcpy(part, p, l);
        part[l] = 0;
        int flags = O_RDONLY | O_NOFOLLOW | O_CLOEXEC | (e ? O_DIRECTORY : O_NONBLOCK | O_NOCTTY);
        int fd = openat(dfd, part, flags);
        int err = errno;
        close(dfd);
        if (fd < 0) {
            if (err == ELOOP || (err == ENOTDIR && e))
                *why = e ? "a folder on its path is a symbolic link or not a folder (not followed)"
                         : "it is a symbolic link (not followed)";
            else if (err == ENOENT)
                *why = "there is no such file";
            else if (err == EACCES)
                *why = "it cannot be read (permission denied)";
            else
                *why = "it cannot be opened";
            return -1;
        }
        if (!e) {
            struct stat st;
            if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
                *why = "it is not a regular file";
                close(fd);
                return -1;
            }
            if ((size_t)st.st_size > SR_NESTED_MAX_FILE) {
                *why = "it is larger than the limit for child templates";
                close(fd);
                return -1;
            }
            int fl = fcntl(fd, F_GETFL);
            if (fl >= 0)
                fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
            return fd;
        }
        dfd = fd;
        p = e + 1;
    }
}

/* Reads the whole of fd (at most SR_NESTED_MAX_FILE bytes) into the arena. */
static char *sr_read_fd(struct sr_arena *a, int fd, size_t *len, const char **why)
{
    struct stat st;
    if (fstat(fd, &st) < 0) {
        *why = "it cannot be read";
        return NULL;
    }
    size_t cap = (size_t)st.st_size + 1, used = 0;
    char *buf = sr_arena_alloc(a, cap);
    while (used < cap - 1) {
        ssize_t r = read(fd, buf + used, cap - 1 - used);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            *why = "it cannot be read";
            return NULL;
        }
        if (r == 0)
            break;
        used += (size_t)r;
    }
    buf[used] = 0;
    *len = used;
    return buf;
}

/* ---- children ------------------------------------------------------------- */

/* The value v of a child's stack parameter is exactly the child's own
 * parameter: its name, else NULL. */
static const char *sr_whole_param(const struct sr_graph *g, const struct sr_node *v)
{
    struct sr_val val;
    if (sr_graph_value(g, v, &val) == SR_VAL_PARAMETER && val.whole)
        return val.name;
    return NULL;
}

/* Indexes what the loaded child of e does with its parameters. */
static void sr_index_uses(struct sr_arena *a, struct sr_nested_entry *e)
{
    const struct sr_graph *cg = e->child.graph;
    const struct sr_ptrvec *sv = &cg->by_kind[SR_R_SCHEDULE];
    for (size_t i = 0; i < sv->n; i++) {
        const struct sr_resource *sc = sv->v[i];
        const char *p = sr_whole_param(cg, sc->secret_at);
        if (!p)
            continue;
        struct sr_param_use *u = sr_arena_alloc(a, sizeof(*u));
        u->param = p;
        u->schedule = sc;
        sr_ptrvec_push(a, &e->uses, u);
    }
    for (size_t i = 0; i < cg->nreal; i++) {
        const struct sr_resource *r = cg->res[i];
        if (!sr_nested_is_stack(r))
            continue;
        const struct sr_node *params = sr_deref(sr_res_prop(r, "Parameters"));
        for (size_t j = 0; sr_is_map(params) && j < params->n; j++) {
            const char *p = sr_whole_param(cg, sr_map_val(params, j));
            const char *as = sr_scalar(sr_map_key(params, j));
            if (!p || !as)
                continue;
            struct sr_param_use *u = sr_arena_alloc(a, sizeof(*u));
            u->param = p;
            u->stack = r;
            u->as = as;
            sr_ptrvec_push(a, &e->uses, u);
        }
    }
}

/* 1 when rel is the template of n or of one of its ancestors. */
static int sr_is_ancestor(const struct sr_nested *n, const char *rel)
{
    for (; n; n = n->up)
        if (!strcmp(n->self, rel))
            return 1;
    return 0;
}

static void sr_child_read(struct sr_nested *n, struct sr_nested_entry *e, const char *local)
{
    struct sr_child *c = &e->child;
    char rel[SR_NESTED_MAX_PATH];
    const char *why = NULL;
    c->state = SR_CHILD_UNREAD;
    if (!n->root) {
        c->why = sr_arena_printf(n->a,
                                 "whose template %s cannot be found from a template read from "
                                 "standard input",
                                 local);
        return;
    }
    if (sr_path_below(rel, sizeof(rel), n->dir, local, &why) < 0) {
        c->why = sr_arena_printf(n->a, "whose template %s was not read (%s)", local, why);
        return;
    }
    if (sr_is_ancestor(n, rel)) {
        c->why =
            sr_arena_printf(n->a, "whose template %s includes a template that includes it", local);
        return;
    }
    if (n->depth + 1 > SR_NESTED_MAX_DEPTH) {
        c->why = sr_arena_printf(n->a, "whose template %s is nested more than %d deep", local,
                                 SR_NESTED_MAX_DEPTH);
        return;
    }
    if (n->budget->files >= SR_NESTED_MAX_FILES) {
        c->why =
            sr_arena_printf(n->a, "whose template %s was not read (more than %d child templates)",
                            local, SR_NESTED_MAX_FILES);
        return;
    }
    n->budget->files++;
    int fd = sr_open_below(n->root, rel, &why);
    if (fd < 0) {
        c->why = sr_arena_printf(n->a, "whose template %s was not read (%s)", local, why);
        return;
    }
    size_t len = 0;
    char *text = sr_read_fd(n->a, fd, &len, &why);
    close(fd);
    if (!text) {
        c->why = sr_arena_printf(n->a, "whose template %s was not read (%s)", local, why);
        return;
    }
    const char *path = sr_arena_strdup(n->a, rel);
    /* The document keeps a path that opens from the current folder, so that
     * a reader made from it alone stays below the child's own folder. */
    const char *docpath =
        strcmp(n->root, ".") ? sr_arena_printf(n->a, "%s/%s", n->root, rel) : path;
    struct sr_error err;
    if (sr_load(n->a, docpath, text, len, &e->doc, &err) < 0) {
        c->why = sr_arena_printf(n->a, "whose template %s does not load (%d:%d: %s)", local,
                                 err.pos.line, err.pos.col, err.message);
        return;
    }
    sr_graph_build(n->a, &e->doc, &e->cgraph);
    if (!e->cgraph.t.is_template) {
        c->why = sr_arena_printf(n->a, "whose template %s is not a CloudFormation template", local);
        return;
    }
    c->state = SR_CHILD_LOADED;
    c->path = path;
    c->graph = &e->cgraph;
    sr_index_uses(n->a, e);
    struct sr_nested *sub = sr_arena_alloc(n->a, sizeof(*sub));
    sub->g = &e->cgraph;
    sub->a = n->a;
    sub->root = n->root;
    const char *slash = strrchr(path, '/');
    sub->dir = slash ? sr_arena_strndup(n->a, path, (size_t)(slash - path)) : "";
    sub->self = path;
    sub->depth = n->depth + 1;
    sub->up = n;
    sub->budget = n->budget;
    e->sub = sub;
}

static struct sr_nested_entry *sr_entry(struct sr_nested *n, const struct sr_resource *r)
{
    if (!sr_nested_is_stack(r) || r->implicit || r->index >= n->g->nres || n->g->res[r->index] != r)
        return NULL;
    if (!n->by_index)
        n->by_index = sr_arena_alloc(n->a, n->g->nres * sizeof(*n->by_index));
    struct sr_nested_entry *e = n->by_index[r->index];
    if (e)
        return e;
    e = sr_arena_alloc(n->a, sizeof(*e));
    n->by_index[r->index] = e;
    const char *local, *why;
    e->child.where = sr_child_location(n->a, r, &local, &why);
    if (!local) {
        e->child.state = SR_CHILD_REMOTE;
        e->child.why = why;
        return e;
    }
    sr_child_read(n, e, local);
    return e;
}

struct sr_nested *sr_nested_sub(struct sr_nested *n, const struct sr_resource *r)
{
    struct sr_nested_entry *e = n ? sr_entry(n, r) : NULL;
    return e ? e->sub : NULL;
}

const struct sr_child *sr_nested_child(struct sr_nested *n, const struct sr_resource *r)
{
    struct sr_nested_entry *e = n ? sr_entry(n, r) : NULL;
    return e ? &e->child : NULL;
}

int sr_nested_rotates(struct sr_nested *n, const struct sr_resource *r, const char *param,
                      const char **how)
{
    *how = NULL;
    struct sr_nested_entry *e = n ? sr_entry(n, r) : NULL;
    if (!e)
        return 0;
    if (e->child.state != SR_CHILD_LOADED) {
        *how = e->child.why;
        return -1;
    }
    const char *unseen = NULL;
    for (size_t i = 0; i < e->uses.n; i++) {
        const struct sr_param_use *u = e->uses.v[i];
        if (strcmp(u->param, param) != 0)
            continue;
        if (u->schedule) {
            *how =
                sr_arena_printf(n->a, "RotationSchedule %s of %s", u->schedule->id, e->child.path);
            return 1;
        }
        const char *h = NULL;
        int got = sr_nested_rotates(e->sub, u->stack, u->as, &h);
        if (got == 1) {
            *how = h;
            return 1;
        }
        if (got < 0 && !unseen)
            unseen = sr_arena_printf(n->a, "whose template %s passes it on to nested stack %s, %s",
                                     e->child.path, u->stack->id, h);
    }
    *how = unseen;
    return unseen ? -1 : 0;
}

const struct sr_node *sr_nested_output(struct sr_nested *n, const struct sr_resource *r,
                                       const char *name, const struct sr_graph **child)
{
    *child = NULL;
    struct sr_nested_entry *e = n ? sr_entry(n, r) : NULL;
    if (!e || e->child.state != SR_CHILD_LOADED)
        return NULL;
    const struct sr_node *o = sr_map_get(e->child.graph->t.outputs, name);
    const struct sr_node *v = sr_map_get(o, "Value");
    if (v)
        *child = e->child.graph;
    return v;
}
