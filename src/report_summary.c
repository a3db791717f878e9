/*
 * report_summary.c - the part of the text summary line that says what a
 * run left out or matched: excluded files, files of other shards, findings
 * the baseline accepted and its stale entries.
 */
#include "report.h"

#include "baseline.h"

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
