/*
 * lint.h - the lint of one file.
 *
 * sr_lint_text() runs the whole pipeline for one file: load, graph, every
 * enabled rule (rule.h), suppressions, sorting. The result owns its arena,
 * and with it the document, the graph and the findings (finding.h).
 */
#ifndef SR_LINT_H
#define SR_LINT_H

#include <stddef.h>

#include "arena.h"
#include "config.h"
#include "finding.h"
#include "graph.h"
#include "load.h"

/* Per-file lint result. */
struct sr_result {
    struct sr_arena arena;
    const char *path;            /* display path */
    const struct sr_config *cfg; /* the policy it was linted under */
    char *text;                  /* the file bytes (heap, owned) */
    size_t len;
    struct sr_doc doc;
    int loaded; /* the document parsed */
    int is_template;
    struct sr_graph graph;
    struct sr_finding **findings; /* sorted: line, column, rule */
    size_t nfindings;
    int fix_edits_done; /* sr_fix_edits() ran: findings carry their edits */
    /* The file's part of the JSON report, written before the result was
     * compacted (sr_report_json_render), or NULL; heap, owned. */
    char *rendered;
    int io_error; /* could not read: message in io_message */
    char io_message[512];
};

/*
 * Lints text (len bytes, taken over by the result: it must come from
 * sr_xmalloc) as file path. Never fails: a parse error becomes SR001.
 */
void sr_lint_text(struct sr_result *res, const char *path, char *text, size_t len,
                  const struct sr_config *cfg);
/* Frees everything in res. */
void sr_result_release(struct sr_result *res);

/*
 * Keeps of res only what the text (without source lines), brief, JUnit and
 * GitHub reports read: the findings with their positions, rule, message,
 * resource and logical path, in a new arena sized to them. The document,
 * the graph, the text and the old arena are freed, so a run over many files
 * holds one file's working set per thread and the findings of the others.
 * Finding nodes, judgements and edits are cleared: nothing may fix, diff,
 * fingerprint or walk a compacted result.
 */
void sr_result_compact(struct sr_result *res);

/* 1 when finding f points at a credential written in the template (its byte
 * range holds the value): output that shows source text masks that range. */
int sr_finding_holds_value(const struct sr_finding *f);

#endif
