/*
 * run_ci.c - source root, exclusions, shards, baselines and the SARIF help
 * URL of one run (run_ci.h).
 */
#include "run_ci.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pathsel.h"
#include "say.h"
#include "srcroot.h"

int sr_ci_init(struct sr_ci *ci, const struct sr_options *o)
{
    memset(ci, 0, sizeof(*ci));
    char msg[4400];
    char *cwd = realpath(".", NULL);
    snprintf(ci->cwd, sizeof(ci->cwd), "%s", cwd ? cwd : ".");
    free(cwd);
    int need_root = o->report.format == SR_FMT_SARIF || o->report.format == SR_FMT_GITHUB ||
                    o->baseline || o->write_baseline || o->shard_n > 0 || o->srcroot;
    if (need_root) {
        if (sr_srcroot_find(o->srcroot, ci->srcroot, sizeof(ci->srcroot), msg, sizeof(msg)) < 0) {
            sr_say(stderr, "secrot-lint: %s", msg);
            return -1;
        }
        ci->have_root = 1;
    }
    if (o->baseline) {
        if (sr_baseline_load(o->baseline, &ci->baseline, msg, sizeof(msg)) < 0) {
            sr_say(stderr, "secrot-lint: --baseline %s", msg);
            return -1;
        }
        ci->have_baseline = 1;
        ci->stats.baseline = &ci->baseline;
    }
    if (o->help_uri_base)
        snprintf(ci->help_uri_base, sizeof(ci->help_uri_base), "%s", o->help_uri_base);
    ci->stats.shard_k = o->shard_k;
    ci->stats.shard_n = o->shard_n;
    return 0;
}

/* The folder of a policy file, resolved, into out; 0, or -1. */
static int sr_policy_dir(const char *cfg_path, char *out, size_t n)
{
    char dir[4096];
    snprintf(dir, sizeof(dir), "%s", cfg_path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *(slash == dir ? slash + 1 : slash) = '\0';
    else
        snprintf(dir, sizeof(dir), ".");
    char *rp = realpath(dir, NULL);
    if (!rp)
        return -1;
    snprintf(out, n, "%s", rp);
    free(rp);
    return 0;
}

int sr_ci_leave_out(struct sr_ci *ci, const struct sr_options *o, const char *path,
                    const struct sr_config *cfg)
{
    if (cfg && cfg->help_uri_base[0] && !ci->help_uri_base[0])
        snprintf(ci->help_uri_base, sizeof(ci->help_uri_base), "%s", cfg->help_uri_base);
    if (strcmp(path, "-") == 0)
        return 0;
    char rel[4200];
    if (o->nexclude) {
        int inside = sr_srcroot_rel(ci->cwd, path, rel, sizeof(rel)) == 1;
        for (size_t i = 0; i < o->nexclude; i++)
            if (sr_exclude_match(o->exclude[i], path, inside ? rel : NULL)) {
                ci->stats.excluded++;
                return 1;
            }
    }
    if (cfg && cfg->nexclude) {
        char base[4096];
        int inside = cfg->path[0] && sr_policy_dir(cfg->path, base, sizeof(base)) == 0 &&
                     sr_srcroot_rel(base, path, rel, sizeof(rel)) == 1;
        for (size_t i = 0; i < cfg->nexclude; i++)
            if (sr_exclude_match(cfg->exclude[i], path, inside ? rel : NULL)) {
                ci->stats.excluded++;
                return 1;
            }
    }
    if (o->shard_n > 0) {
        sr_srcroot_rel(ci->srcroot, path, rel, sizeof(rel));
        if (sr_shard_of(rel, o->shard_n) != o->shard_k - 1) {
            ci->stats.other_shards++;
            return 1;
        }
    }
    return 0;
}

void sr_ci_apply_baseline(struct sr_ci *ci, const char *path, struct sr_result *res)
{
    if (!ci->have_baseline || res->io_error)
        return;
    char rel[4200];
    sr_srcroot_rel(ci->srcroot, path, rel, sizeof(rel));
    sr_baseline_apply(&ci->baseline, res, rel);
}

int sr_ci_write_baseline(struct sr_ci *ci, const struct sr_options *o,
                         struct sr_result *const *results, const char *const *paths, size_t n)
{
    char **rels = sr_xcalloc(n + 1, sizeof(*rels));
    size_t nfiles = 0;
    for (size_t i = 0; i < n; i++) {
        char rel[4200];
        sr_srcroot_rel(ci->srcroot, paths[i], rel, sizeof(rel));
        rels[i] = sr_xstrdup(rel);
        nfiles += !results[i]->io_error;
    }
    char tmp[4200];
    snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", o->write_baseline, (long)getpid());
    FILE *out = fopen(tmp, "w");
    long rec = -1;
    if (out) {
        rec = sr_baseline_write(out, results, (const char *const *)rels, n);
        if (fclose(out) != 0)
            rec = -1;
        if (rec >= 0 && rename(tmp, o->write_baseline) != 0)
            rec = -1;
        if (rec < 0)
            unlink(tmp);
    }
    for (size_t i = 0; i < n; i++)
        free(rels[i]);
    free(rels);
    if (rec < 0) {
        sr_say(stderr, "secrot-lint: cannot write the baseline '%s': %s", o->write_baseline,
               strerror(errno));
        return -1;
    }
    if (!o->report.quiet)
        sr_say(stderr, "secrot-lint: wrote %ld finding%s of %zu file%s to %s", rec,
               rec == 1 ? "" : "s", nfiles, nfiles == 1 ? "" : "s", o->write_baseline);
    return 0;
}

void sr_ci_report_opts(struct sr_ci *ci, struct sr_report_opts *ro)
{
    ro->srcroot = ci->have_root ? ci->srcroot : NULL;
    ro->help_uri_base = ci->help_uri_base[0] ? ci->help_uri_base : NULL;
    ro->stats = &ci->stats;
}

/* Baseline files come from the repository: every name from one goes
 * through sr_say(), which escapes what could drive the terminal. */
void sr_ci_print_stale(const struct sr_ci *ci, const struct sr_options *o)
{
    if (!ci->have_baseline || o->report.quiet)
        return;
    const struct sr_baseline *b = &ci->baseline;
    for (size_t i = 0; i < b->n; i++) {
        const struct sr_baseline_entry *e = &b->v[i];
        if (!e->linted || e->matched >= e->count)
            continue;
        char count[48] = "";
        if (e->count > 1)
            snprintf(count, sizeof(count), " (%d of %d)", e->count - e->matched, e->count);
        int has_path = e->path && e->path[0];
        sr_say(stderr, "secrot-lint: %s: stale entry %s: %s %s%s%s no longer found%s", b->path,
               e->fingerprint, e->rule ? e->rule : "?", e->file, has_path ? " " : "",
               has_path ? e->path : "", count);
    }
}

void sr_ci_release(struct sr_ci *ci)
{
    if (ci->have_baseline)
        sr_baseline_release(&ci->baseline);
    ci->have_baseline = 0;
}
