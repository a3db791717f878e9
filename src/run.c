/*
 * run.c - one invocation: collects the files to lint (walking directories
 * for templates, never following a symbolic link out of the tree walked),
 * loads each template's policy (found upward, no higher than the
 * repository root or, outside one, the folder named), lints files on -j
 * threads, writes one report in path order and computes the exit status.
 * Every message goes through sr_say().
 */
#include "run.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic.h"
#include "dot.h"
#include "fix.h"
#include "lint.h"
#include "progress.h"
#include "readfile.h"
#include "report.h"
#include "run_ci.h"
#include "say.h"

struct sr_job {
    char *path; /* heap */
    int walked; /* found by a directory walk (not named) */
    char *root; /* heap: the tree it belongs to (the folder walked, or for a
                   named file its repository, the current folder or its own) */
    struct sr_config *cfg;
    struct sr_result res;
    int skip;                  /* not a template: left out of the report */
    struct sr_fix_outcome fix; /* --fix / --diff */
    int fixing;
    int baseline_done; /* the baseline was applied by the worker */
};

struct sr_jobs {
    struct sr_job *v;
    size_t n, cap;
};

/* ---- collecting files --------------------------------------------------- */

static void sr_jobs_add(struct sr_jobs *j, const char *path, int walked, const char *root)
{
    if (j->n == j->cap) {
        j->cap = j->cap ? j->cap * 2 : 16;
        j->v = sr_xrealloc(j->v, j->cap * sizeof(*j->v));
    }
    memset(&j->v[j->n], 0, sizeof(j->v[0]));
    j->v[j->n].path = sr_xstrdup(path);
    j->v[j->n].walked = walked;
    j->v[j->n].root = sr_xstrdup(root);
    j->n++;
}

static int sr_has_template_ext(const char *name)
{
    const char *dot = strrchr(name, '.');
    return dot && (!strcmp(dot, ".yaml") || !strcmp(dot, ".yml") || !strcmp(dot, ".json") ||
                   !strcmp(dot, ".template"));
}

static int sr_str_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Walks dir (below the tree root) for templates in name order. Symbolic
 * links are not followed: a link to a template file inside root is linted
 * under its own name, one that leads out of root is skipped with a warning.
 */
static void sr_walk(struct sr_jobs *j, const char *dir, const char *root, int depth)
{
    if (depth > 64) {
        sr_say(stderr, "secrot-lint: warning: %s: not walked: more than 64 folders deep", dir);
        return;
    }
    DIR *d = opendir(dir);
    if (!d) {
        sr_say(stderr, "secrot-lint: warning: %s: cannot walk: %s", dir, strerror(errno));
        return;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' || !strcmp(e->d_name, "node_modules"))
            continue; /* hidden entries (.git, .aws-sam) and dependencies */
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            names = sr_xrealloc(names, cap * sizeof(*names));
        }
        names[n++] = sr_xstrdup(e->d_name);
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof(*names), sr_str_cmp);
    for (size_t i = 0; i < n; i++) {
        size_t plen = strlen(dir) + strlen(names[i]) + 2;
        char *p = sr_xmalloc(plen);
        snprintf(p, plen, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", names[i]);
        struct stat st, tst;
        if (lstat(p, &st) == 0) {
            if (S_ISDIR(st.st_mode)) {
                sr_walk(j, p, root, depth + 1);
            } else if (S_ISREG(st.st_mode) && sr_has_template_ext(names[i])) {
                sr_jobs_add(j, p, 1, root);
            } else if (S_ISLNK(st.st_mode) && stat(p, &tst) == 0 &&
                       (S_ISDIR(tst.st_mode) || sr_has_template_ext(names[i]))) {
                int inside = sr_path_within(p, root) == 1;
                if (S_ISREG(tst.st_mode) && inside)
                    sr_jobs_add(j, p, 1, root);
                else if (!inside)
                    sr_say(stderr,
                           "secrot-lint: warning: %s: skipped: a symbolic link to a %s outside %s",
                           p, S_ISDIR(tst.st_mode) ? "folder" : "file", root);
                /* a link to a folder inside the tree: its files are walked
                 * where they are */
            }
        }
        free(p);
        free(names[i]);
    }
    free(names);
}

char *sr_named_root(const char *path)
{
    char dir[4096], top[4096], git[4200];
    const char *slash = strrchr(path, '/');
    if (!strcmp(path, "-") || !slash)
        snprintf(dir, sizeof(dir), ".");
    else
        snprintf(dir, sizeof(dir), "%.*s", (int)(slash == path ? 1 : slash - path), path);
    sr_config_top(dir, NULL, top, sizeof(top));
    snprintf(git, sizeof(git), "%s/.git", top);
    struct stat st;
    if (lstat(git, &st) == 0)
        return sr_xstrdup(top);
    if (sr_path_within(dir, ".") == 1)
        return sr_xstrdup(".");
    return sr_xstrdup(dir);
}

/* ---- policy per folder -------------------------------------------------- */

struct sr_cfg_cache {
    char **paths; /* config file path, or "" for defaults */
    struct sr_config **cfgs;
    size_t n;
    char **notes; /* policy files passed over, said once each */
    size_t nnotes;
};

static void sr_cfg_note(struct sr_cfg_cache *c, const char *note)
{
    for (size_t i = 0; i < c->nnotes; i++)
        if (!strcmp(c->notes[i], note))
            return;
    sr_say(stderr, "secrot-lint: warning: %s", note);
    c->notes = sr_xrealloc(c->notes, (c->nnotes + 1) * sizeof(*c->notes));
    c->notes[c->nnotes++] = sr_xstrdup(note);
}

/* The policy of one template: -c FILE, none with --no-config, else the
 * nearest .secrot-lint.yaml no higher than the repository root or, outside
 * a repository, the job's tree. */
static struct sr_config *sr_cfg_for(struct sr_cfg_cache *c, const struct sr_options *o,
                                    const struct sr_job *job, int *failed)
{
    char found[4096] = "";
    const char *template_path = job->path;
    if (o->config) {
        snprintf(found, sizeof(found), "%s", o->config);
    } else if (!o->no_config) {
        char dir[4096], note[8400];
        const char *slash = strrchr(template_path, '/');
        if (strcmp(template_path, "-") == 0 || !slash)
            snprintf(dir, sizeof(dir), ".");
        else
            snprintf(dir, sizeof(dir), "%.*s",
                     (int)(slash == template_path ? 1 : slash - template_path), template_path);
        /* The search ends at the repository root; outside a repository, at
         * the folder named on the command line (job->root). */
        const char *stop = job->root;
        char top[4096], git[4200];
        struct stat st;
        sr_config_top(job->root, NULL, top, sizeof(top));
        snprintf(git, sizeof(git), "%s/.git", top);
        if (lstat(git, &st) == 0)
            stop = top;
        if (!sr_config_find(dir, stop, found, sizeof(found), note, sizeof(note)))
            found[0] = '\0';
        if (note[0])
            sr_cfg_note(c, note);
    }
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->paths[i], found) == 0)
            return c->cfgs[i];
    struct sr_config *cfg = sr_xmalloc(sizeof(*cfg));
    sr_config_defaults(cfg);
    if (found[0]) {
        struct sr_error err;
        memset(&err, 0, sizeof(err));
        if (sr_config_load(found, cfg, &err) < 0) {
            sr_say(stderr, "%s:%d:%d: error: %s", err.file[0] ? err.file : found, err.pos.line,
                   err.pos.col, err.message);
            *failed = 1;
        }
    }
    cfg->include_checks = o->include_checks;
    cfg->ignore_checks = o->ignore_checks;
    if (o->max_rotation_days)
        cfg->max_rotation_days = o->max_rotation_days;
    c->paths = sr_xrealloc(c->paths, (c->n + 1) * sizeof(*c->paths));
    c->cfgs = sr_xrealloc(c->cfgs, (c->n + 1) * sizeof(*c->cfgs));
    c->paths[c->n] = sr_xstrdup(found);
    c->cfgs[c->n] = cfg;
    c->n++;
    return cfg;
}

/* 1 when path (following links) is the same file as one of the inputs or
 * the policy file: -o must never replace what it reports on. */
static int sr_output_is_input(const struct sr_options *o, const struct sr_jobs *jobs,
                              const char **which)
{
    struct stat ost, st;
    if (!o->output || stat(o->output, &ost) < 0)
        return 0;
    for (size_t i = 0; i < jobs->n; i++)
        if (strcmp(jobs->v[i].path, "-") != 0 && stat(jobs->v[i].path, &st) == 0 &&
            st.st_dev == ost.st_dev && st.st_ino == ost.st_ino) {
            *which = jobs->v[i].path;
            return 1;
        }
    for (size_t i = 0; i < o->npaths; i++)
        if (strcmp(o->paths[i], "-") != 0 && stat(o->paths[i], &st) == 0 &&
            st.st_dev == ost.st_dev && st.st_ino == ost.st_ino) {
            *which = o->paths[i];
            return 1;
        }
    if (o->config && stat(o->config, &st) == 0 && st.st_dev == ost.st_dev &&
        st.st_ino == ost.st_ino) {
        *which = o->config;
        return 1;
    }
    return 0;
}

/* ---- linting ------------------------------------------------------------ */

/* A file that did not parse is reported when it looks like a template. */
int sr_looks_like_template(const char *text, size_t len)
{
    static const char *const marks[] = {"AWSTemplateFormatVersion", "Resources", "Transform"};
    for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++) {
        size_t m = strlen(marks[i]);
        for (size_t k = 0; k + m <= len; k++)
            if (text[k] == marks[i][0] && memcmp(text + k, marks[i], m) == 0)
                return 1;
    }
    return 0;
}

static void sr_lint_job(struct sr_job *job, const struct sr_options *o)
{
    char *text;
    size_t len;
    char msg[512];
    const char *display = strcmp(job->path, "-") == 0 ? "<stdin>" : job->path;
    if (sr_read_file(job->path, &text, &len, msg, sizeof(msg)) < 0) {
        memset(&job->res, 0, sizeof(job->res));
        job->res.path = display;
        job->res.io_error = 1;
        snprintf(job->res.io_message, sizeof(job->res.io_message), "%s", msg);
        return;
    }
    sr_lint_text(&job->res, display, text, len, job->cfg);
    if (o->report.format == SR_FMT_JSON || o->report.format == SR_FMT_SARIF)
        sr_fix_edits(&job->res, job->cfg); /* the reports name each finding's fix */
    if ((o->fix || o->diff) && job->res.loaded && job->res.is_template &&
        strcmp(job->path, "-") != 0) {
        sr_fix_result(&job->res, job->cfg, o->unsafe_fixes ? SR_FIX_UNSAFE_OK : 0, &job->fix);
        job->fixing = 1;
    }
    if (!job->res.loaded) {
        if (job->walked && !sr_looks_like_template(text, len))
            job->skip = 1;
        return;
    }
    if (!job->res.is_template) {
        if (o->strict && !job->walked) {
            sr_result_release(&job->res);
            memset(&job->res, 0, sizeof(job->res));
            job->res.path = display;
            job->res.io_error = 1;
            snprintf(job->res.io_message, sizeof(job->res.io_message),
                     "not a CloudFormation template (no Resources, AWSTemplateFormatVersion or "
                     "Transform)");
        } else {
            job->skip = 1;
        }
    }
}

struct sr_pool {
    struct sr_jobs *jobs;
    const struct sr_options *o;
    size_t next;
    pthread_mutex_t lock;
    struct sr_progress *progress;
    /* The report reads only findings (sr_result_compact): each file's
     * working set is freed as soon as it is linted, after the baseline
     * (which reads nodes) is applied under the lock. */
    int compact;
    struct sr_ci *ci;
    const struct sr_report_opts *ro; /* what the JSON and SARIF parts read */
};

/* Whether the report of this run reads only what sr_result_compact keeps
 * (JSON and SARIF: once each file's part is written): not for --fix,
 * --diff, --graph or --write-baseline (they read the document) or text that
 * shows source lines. */
static int sr_run_compacts(const struct sr_options *o, int color)
{
    if (o->fix || o->diff || o->graph || o->write_baseline)
        return 0;
    switch (o->report.format) {
    case SR_FMT_TEXT:
        return !color;
    case SR_FMT_BRIEF:
    case SR_FMT_JSON:
    case SR_FMT_SARIF:
    case SR_FMT_JUNIT:
    case SR_FMT_GITHUB:
        return 1;
    default:
        return 0;
    }
}

/* last: the run takes no job after this one. Its model is not compacted:
 * the copy would only add to the peak, as nothing is linted after it. */
static void sr_finish_job(struct sr_pool *p, struct sr_job *job, int last)
{
    if (job->skip) {
        sr_result_release(&job->res);
        return;
    }
    if (job->res.io_error)
        return;
    pthread_mutex_lock(&p->lock);
    sr_ci_apply_baseline(p->ci, job->path, &job->res);
    pthread_mutex_unlock(&p->lock);
    job->baseline_done = 1;
    if (p->o->report.format == SR_FMT_JSON)
        sr_report_json_render(p->ro, &job->res);
    else if (p->o->report.format == SR_FMT_SARIF)
        sr_report_sarif_render(p->ro, &job->res);
    if (!last)
        sr_result_compact(&job->res);
}

static void *sr_worker(void *arg)
{
    struct sr_pool *p = arg;
    for (;;) {
        pthread_mutex_lock(&p->lock);
        size_t i = p->next++;
        pthread_mutex_unlock(&p->lock);
        if (i >= p->jobs->n)
            return NULL;
        sr_lint_job(&p->jobs->v[i], p->o);
        if (p->compact)
            sr_finish_job(p, &p->jobs->v[i], i + 1 == p->jobs->n);
        sr_progress_tick(p->progress);
    }
}

static int sr_job_cmp(const void *a, const void *b)
{
    const struct sr_job *x = a, *y = b;
    return strcmp(x->path, y->path);
}

/* Drops the files that exclusion globs or --shard leave out (run_ci.c). */
static void sr_leave_out(struct sr_jobs *jobs, struct sr_ci *ci, const struct sr_options *o)
{
    size_t w = 0;
    for (size_t i = 0; i < jobs->n; i++) {
        if (sr_ci_leave_out(ci, o, jobs->v[i].path, jobs->v[i].cfg)) {
            free(jobs->v[i].path);
            free(jobs->v[i].root);
            continue;
        }
        jobs->v[w++] = jobs->v[i];
    }
    jobs->n = w;
}

/* A walk reaches a file through a link inside the tree and under its own
 * name: it is linted (and fixed) once, under its own name. */
static void sr_drop_walked_links(struct sr_jobs *jobs)
{
    size_t w = 0;
    for (size_t i = 0; i < jobs->n; i++) {
        struct sr_job *j = &jobs->v[i];
        struct stat lst, st, ost;
        int dup = 0;
        if (j->walked && lstat(j->path, &lst) == 0 && S_ISLNK(lst.st_mode) &&
            stat(j->path, &st) == 0)
            for (size_t k = 0; k < jobs->n && !dup; k++)
                dup = k != i && lstat(jobs->v[k].path, &ost) == 0 && !S_ISLNK(ost.st_mode) &&
                      ost.st_dev == st.st_dev && ost.st_ino == st.st_ino;
        if (dup) {
            free(j->path);
            free(j->root);
            continue;
        }
        jobs->v[w++] = *j;
    }
    jobs->n = w;
}

int sr_run(const struct sr_options *o)
{
    struct sr_jobs jobs = {0};
    int status = SR_EXIT_OK;
    struct sr_ci ci;
    struct sr_progress progress;
    struct sr_cfg_cache cache = {0};
    const struct sr_config **policies = NULL; /* those the report names */
    size_t npolicies = 0;
    if (sr_ci_init(&ci, o) < 0) {
        status = SR_EXIT_ERROR;
        goto out;
    }
    for (size_t i = 0; i < o->npaths; i++) {
        struct stat st;
        if (strcmp(o->paths[i], "-") != 0 && stat(o->paths[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            sr_walk(&jobs, o->paths[i], o->paths[i], 0);
        } else {
            char *root = sr_named_root(o->paths[i]);
            sr_jobs_add(&jobs, o->paths[i], 0, root);
            free(root);
        }
    }
    if (jobs.n > 1)
        qsort(jobs.v, jobs.n, sizeof(*jobs.v), sr_job_cmp);
    sr_drop_walked_links(&jobs);

    const char *input = NULL;
    if (!o->diff && sr_output_is_input(o, &jobs, &input)) {
        sr_say(stderr,
               "secrot-lint: -o %s is %s: the report would replace it; write the report "
               "elsewhere",
               o->output, input == o->config ? "the policy file" : "an input file");
        fputs("Try 'secrot-lint --help'.\n", stderr);
        status = SR_EXIT_ERROR;
        goto out;
    }
    int cfg_failed = 0;
    for (size_t i = 0; i < jobs.n; i++)
        jobs.v[i].cfg = sr_cfg_for(&cache, o, &jobs.v[i], &cfg_failed);
    if (cfg_failed) {
        status = SR_EXIT_ERROR;
        goto out;
    }
    sr_leave_out(&jobs, &ci, o);

    int color = 0;
    if (o->report.format == SR_FMT_TEXT) {
        if (o->color >= 0)
            color = o->color;
        else {
            const char *term = getenv("TERM");
            color = !o->output && isatty(1) && !getenv("NO_COLOR") &&
                    !(term && strcmp(term, "dumb") == 0);
        }
    }
    struct sr_report_opts ro = o->report;
    sr_ci_report_opts(&ci, &ro);
    if (ro.format == SR_FMT_TEXT)
        ro.color = color;
    sr_progress_start(&progress, jobs.n, o->report.quiet);
    struct sr_pool pool = {
        &jobs, o, 0, PTHREAD_MUTEX_INITIALIZER, &progress, sr_run_compacts(o, color), &ci, &ro};
    size_t nthreads = (size_t)(o->jobs > 1 ? o->jobs : 1);
    if (nthreads > jobs.n)
        nthreads = jobs.n ? jobs.n : 1;
    if (nthreads <= 1) {
        sr_worker(&pool);
    } else {
        pthread_t *th = sr_xcalloc(nthreads, sizeof(*th));
        size_t started = 0;
        for (; started < nthreads; started++)
            if (pthread_create(&th[started], NULL, sr_worker, &pool) != 0)
                break;
        if (started == 0)
            sr_worker(&pool);
        for (size_t i = 0; i < started; i++)
            pthread_join(th[i], NULL);
        free(th);
    }
    sr_progress_end(&progress);

    /* --fix writes each file and reports what remains; --diff prints. */
    for (size_t i = 0; i < jobs.n; i++) {
        struct sr_job *job = &jobs.v[i];
        if ((o->fix || o->diff) && !job->skip && strcmp(job->path, "-") == 0) {
            sr_say(stderr, "secrot-lint: standard input cannot be fixed; name the file");
            status = SR_EXIT_ERROR;
        }
        if (!job->fixing || job->skip)
            continue;
        job->fix.show_secrets = o->show_secrets;
        if (sr_fix_commit(&job->fix, job->root, o->diff, stdout, stderr) < 0)
            status = SR_EXIT_ERROR;
        if (job->fix.final_valid && (o->diff || job->fix.fixed > 0)) {
            sr_result_release(&job->res);
            job->res = job->fix.final;
            job->fix.final_valid = 0;
        }
        sr_fix_outcome_release(&job->fix);
    }

    struct sr_result **list = sr_xcalloc(jobs.n + 1, sizeof(*list));
    const char **list_paths = sr_xcalloc(jobs.n + 1, sizeof(*list_paths));
    policies = sr_xcalloc(jobs.n + 1, sizeof(*policies));
    size_t nlist = 0;
    for (size_t i = 0; i < jobs.n; i++) {
        struct sr_job *job = &jobs.v[i];
        if (job->skip)
            continue;
        if (!job->baseline_done)
            sr_ci_apply_baseline(&ci, job->path, &job->res);
        list_paths[nlist] = job->path;
        list[nlist++] = &job->res;
        /* The policy files the report names: those of the files it lists. */
        size_t k = 0;
        while (k < npolicies && policies[k] != job->cfg)
            k++;
        if (k == npolicies && job->cfg->path[0])
            policies[npolicies++] = job->cfg;
        if (job->res.io_error) {
            status = SR_EXIT_ERROR;
            continue;
        }
        for (size_t fi = 0; fi < job->res.nfindings; fi++) {
            const struct sr_finding *f = job->res.findings[fi];
            if (sr_finding_fails(&o->report, f) && status == SR_EXIT_OK)
                status = SR_EXIT_FINDINGS;
        }
    }

    if (o->diff) {
        free(list);
        free(list_paths);
        goto out; /* the diff is the output */
    }
    if (o->write_baseline) {
        /* The baseline is the output: findings are accepted, not failed. */
        if (sr_ci_write_baseline(&ci, o, list, list_paths, nlist) < 0 || status == SR_EXIT_ERROR)
            status = SR_EXIT_ERROR;
        else
            status = SR_EXIT_OK;
        for (size_t i = 0; i < nlist; i++)
            if (list[i]->io_error)
                sr_say(stderr, "secrot-lint: %s: %s", list[i]->path, list[i]->io_message);
        free(list);
        free(list_paths);
        goto out;
    }
    FILE *out = stdout;
    struct sr_atomic_file af;
    char msg[8400];
    if (o->output) {
        out = sr_atomic_open(&af, o->output, msg, sizeof(msg));
        if (!out) {
            sr_say(stderr, "secrot-lint: cannot write '%s': %s", o->output, msg);
            status = SR_EXIT_ERROR;
            free(list);
            free(list_paths);
            goto out;
        }
    }
    ro.policies = policies;
    ro.npolicies = npolicies;
    for (size_t i = 0; i < nlist; i++)
        if (list[i]->io_error)
            sr_say(stderr, "secrot-lint: %s: %s", list[i]->path, list[i]->io_message);
    int wrc = 0;
    if (o->graph) {
        for (size_t i = 0; i < nlist && wrc == 0; i++)
            if (!list[i]->io_error)
                wrc = sr_dot_write(out, list[i]);
    } else {
        wrc = sr_report_write(out, &ro, list, nlist);
    }
    int werr = errno;
    if (fflush(out) != 0) {
        wrc = -1;
        werr = errno;
    }
    if (wrc < 0) {
        sr_say(stderr, "secrot-lint: writing the report failed: %s", strerror(werr));
        status = SR_EXIT_ERROR;
    }
    if (o->output && sr_atomic_close(&af, wrc == 0, msg, sizeof(msg)) < 0) {
        sr_say(stderr, "secrot-lint: writing the report failed: %s", msg);
        status = SR_EXIT_ERROR;
    }
    sr_ci_print_stale(&ci, o);
    free(list);
    free(list_paths);
out:
    sr_ci_release(&ci);
    for (size_t i = 0; i < jobs.n; i++) {
        if (!jobs.v[i].res.io_error || jobs.v[i].res.text)
            sr_result_release(&jobs.v[i].res);
        free(jobs.v[i].path);
        free(jobs.v[i].root);
    }
    free(jobs.v);
    free(policies);
    for (size_t i = 0; i < cache.n; i++) {
        free(cache.paths[i]);
        free(cache.cfgs[i]);
    }
    for (size_t i = 0; i < cache.nnotes; i++)
        free(cache.notes[i]);
    free(cache.notes);
    free(cache.paths);
    free(cache.cfgs);
    return status;
}
