/*
 * report_ci.c - pieces the CI formats share: the part of the text summary
 * line that says what a run left out or matched (excluded files, files of
 * other shards, findings the baseline accepted, its stale entries) and the
 * absolute help URL of a rule.
 */
#include "report.h"

#include <string.h>

#include "baseline.h"

int sr_report_help_uri(const struct sr_report_opts *o, const char *id, char *buf, size_t n)
{
    const char *base = o->help_uri_base;
    if (!base || !*base || !id)
        return 0;
    const char *at = strstr(base, "{id}");
    int w;
    if (at)
        w = snprintf(buf, n, "%.*s%s%s", (int)(at - base), base, id, at + 4);
    else
        w = snprintf(buf, n, "%s%s%s.md", base, base[strlen(base) - 1] == '/' ? "" : "/", id);
    return w > 0 && (size_t)w < n;
}

void sr_report_summary_tail(FILE *out, const struct sr_report_opts *o)
{
    const struct sr_run_stats *st = o->stats;
    if (!st)
        return;
    if (st->excluded)
        fprintf(out, "; %zu file%s excluded", st->excluded, st->excluded == 1 ? "" : "s");
    if (st->shard_n)
        fprintf(out, "; shard %u of %u (%zu file%s in other shards)", st->shard_k, st->shard_n,
                st->other_shards, st->other_shards == 1 ? "" : "s");
    if (st->baseline) {
        size_t stale = sr_baseline_stale(st->baseline);
        fprintf(out, "; %zu finding%s matched the baseline", st->baseline->matched,
                st->baseline->matched == 1 ? "" : "s");
        if (stale)
            fprintf(out, ", %zu stale entr%s", stale, stale == 1 ? "y" : "ies");
    }
}
