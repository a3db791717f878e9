/*
 * report_rules.c - the rule catalogue for people and tools: --list-rules
 * (a text table, or JSON with --format json) and --explain ID.
 *
 * --explain prints the rule's page in Markdown; docs/rules/<ID>.md is that
 * same text (tools/gen-docs.sh writes it), so the command line and the
 * repository never disagree. Everything comes from the registry's
 * descriptors; nothing here is hand-kept per rule.
 */
#include "report_rules.h"

#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "report_escape.h"

static const char *family_name(const char *id)
{
    if (strncmp(id, "SR0", 3) == 0)
        return "template (SR0xx)";
    if (strncmp(id, "SR1", 3) == 0)
        return "rotation policy (SR1xx)";
    if (strncmp(id, "SR2", 3) == 0)
        return "least privilege (SR2xx)";
    if (strncmp(id, "SR3", 3) == 0)
        return "secret exposure (SR3xx)";
    return "other";
}

/* Descriptor text is ours, but it still never reaches a terminal raw. */
static void write_text(FILE *out, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t l = sr_utf8_decode(s + i, n - i, &cp);
        char vis[12];
        if (cp == '\n' || cp == '\t')
            putc((int)cp, out);
        else if (cp == SR_UTF8_BAD)
            fputs("\xEF\xBF\xBD", out);
        else if (sr_cp_unsafe(cp)) {
            size_t vl = sr_cp_visible(cp, vis);
            fwrite(vis, 1, vl, out);
        } else
            fwrite(s + i, 1, l, out);
        i += l;
    }
}

static int is_code_line(const char *l, size_t n)
{
    return n >= 4 && strncmp(l, "    ", 4) == 0;
}

static int is_blank(const char *l, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (l[i] != ' ' && l[i] != '\t' && l[i] != '\r')
            return 0;
    return 1;
}

/* A block is YAML when one of its lines is "key:" or "- item". */
static int block_is_yaml(const char *p)
{
    for (int lines = 0; *p && lines < 200; lines++) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (!is_code_line(p, n) && !is_blank(p, n))
            break;
        const char *t = p;
        while (t < p + n && *t == ' ')
            t++;
        if (*t == '-' && t + 1 < p + n && t[1] == ' ')
            return 1;
        for (const char *c = t; c < p + n; c++)
            if (*c == ':' && (c + 1 == p + n || c[1] == ' '))
                return 1;
        if (!nl)
            break;
        p = nl + 1;
    }
    return 0;
}

char *sr_explain_markdown(const char *explain)
{
    char *buf = NULL;
    size_t sz = 0;
    FILE *m = open_memstream(&buf, &sz);
    if (!m) {
        fputs("secrot-lint: out of memory\n", stderr);
        exit(2);
    }
    const char *p = explain ? explain : "";
    int in_code = 0, last_blank = 1;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (in_code) {
            /* A blank line stays in the block only when code follows it. */
            const char *q = p;
            while (*q) {
                const char *qn = strchr(q, '\n');
                size_t qlen = qn ? (size_t)(qn - q) : strlen(q);
                if (!is_blank(q, qlen))
                    break;
                if (!qn) {
                    q += qlen;
                    break;
                }
                q = qn + 1;
            }
            const char *qn = strchr(q, '\n');
            size_t qlen = qn ? (size_t)(qn - q) : strlen(q);
            if (is_blank(p, n) && is_code_line(q, qlen)) {
                putc('\n', m);
            } else if (is_code_line(p, n)) {
                fwrite(p + 4, 1, n - 4, m);
                putc('\n', m);
            } else {
                fputs("```\n", m);
                in_code = 0;
                if (!is_blank(p, n))
                    putc('\n', m);
                last_blank = 1;
                continue; /* this line again, as text */
            }
        } else if (is_code_line(p, n)) {
            if (!last_blank)
                putc('\n', m);
            fputs(block_is_yaml(p) ? "```yaml\n" : "```\n", m);
            in_code = 1;
            continue; /* this line again, as code */
        } else {
            fwrite(p, 1, n, m);
            putc('\n', m);
            last_blank = is_blank(p, n);
        }
        p = nl ? nl + 1 : p + n;
    }
    if (in_code)
        fputs("```\n", m);
    fclose(m);
    return buf;
}

static int rules_json(FILE *out)
{
    size_t n;
    const struct sr_rule *const *reg = sr_registry(&n);
    cJSON *root = cJSON_CreateObject();
    cJSON *arr = cJSON_CreateArray();
    if (!root || !arr) {
        fputs("secrot-lint: out of memory\n", stderr);
        return -1;
    }
    cJSON_AddNumberToObject(root, "version", 1);
    for (size_t i = 0; i < n; i++) {
        const struct sr_rule *r = reg[i];
        cJSON *o = cJSON_CreateObject();
        char doc[64];
        snprintf(doc, sizeof(doc), "docs/rules/%.16s.md", r->id);
        cJSON_AddItemToObject(o, "id", sr_json_string(r->id));
        cJSON_AddItemToObject(o, "title", sr_json_string(r->title));
        cJSON_AddItemToObject(o, "severity", sr_json_string(sr_severity_name(r->severity)));
        cJSON_AddBoolToObject(o, "fixable", r->plan ? 1 : 0);
        cJSON_AddItemToObject(o, "fix", sr_json_string(sr_fix_safety_name(sr_rule_fix_safety(r))));
        cJSON_AddItemToObject(o, "family", sr_json_string(family_name(r->id)));
        cJSON_AddItemToObject(o, "doc", sr_json_string(doc));
        cJSON_AddItemToObject(o, "explain", sr_json_string(r->explain ? r->explain : ""));
        cJSON_AddItemToArray(arr, o);
    }
    cJSON_AddItemToObject(root, "rules", arr);
    int rc = sr_json_print(out, root);
    cJSON_Delete(root);
    return rc;
}

int sr_report_rules(FILE *out, enum sr_format format)
{
    if (format == SR_FMT_JSON)
        return rules_json(out);
    size_t n;
    const struct sr_rule *const *reg = sr_registry(&n);
    fprintf(out, "%-6s  %-8s  %-6s  %s\n", "ID", "SEVERITY", "FIX", "TITLE");
    for (size_t i = 0; i < n; i++) {
        const struct sr_rule *r = reg[i];
        fprintf(out, "%-6s  %-8s  %-6s  ", r->id, sr_severity_name(r->severity),
                sr_fix_safety_name(sr_rule_fix_safety(r)));
        write_text(out, r->title);
        putc('\n', out);
    }
    return ferror(out) ? -1 : 0;
}

int sr_report_explain(FILE *out, const char *id)
{
    const struct sr_rule *r = id ? sr_rule_find(id) : NULL;
    if (!r)
        return -1;
    fprintf(out, "# %s: ", r->id);
    write_text(out, r->title);
    fputs("\n\n", out);
    fprintf(out, "- Severity: %s (the default; a `.secrot-lint.yaml` can change it)\n",
            sr_severity_name(r->severity));
    switch (sr_rule_fix_safety(r)) {
    case SR_FIXSAFE_NONE:
        fputs("- Fixable: no\n", out);
        break;
    case SR_FIXSAFE_UNSAFE:
        fputs("- Fixable: yes, an unsafe fix (review it first): applied by `secrot-lint --fix "
              "--unsafe-fixes`\n",
              out);
        break;
    case SR_FIXSAFE_BOTH:
        fputs("- Fixable: yes; some fixes are safe (`secrot-lint --fix`), others unsafe (review "
              "them first; `--fix --unsafe-fixes`): the fix says which\n",
              out);
        break;
    default:
        fputs("- Fixable: yes, a safe fix: applied by `secrot-lint --fix`\n", out);
        break;
    }
    fprintf(out, "- Family: %s\n", family_name(r->id));
    if (r->tags) {
        fputs("- Tags: ", out);
        write_text(out, r->tags);
        putc('\n', out);
    }
    if (r->security_severity > 0)
        fprintf(out, "- Security severity: %.1f of 10 (docs/severity.md)\n", r->security_severity);
    if (r->judgement)
        fputs("- Judgement call: a reviewer may accept the finding for a good reason; the policy "
              "can lower or raise its severity\n",
              out);
    if (r->source) {
        fputs("- Source: ", out);
        write_text(out, r->source);
        putc('\n', out);
    }
    putc('\n', out);
    if (r->explain && *r->explain) {
        char *md = sr_explain_markdown(r->explain);
        size_t len = strlen(md);
        while (len > 0 && (md[len - 1] == '\n' || md[len - 1] == ' '))
            md[--len] = 0;
        write_text(out, md);
        fputs("\n\n", out);
        free(md);
    }
    if (r->bad) {
        fputs("## Reported\n\n```yaml\n", out);
        write_text(out, r->bad);
        fputs("```\n\n", out);
    }
    if (r->good) {
        fputs("## Not reported\n\n```yaml\n", out);
        write_text(out, r->good);
        fputs("```\n\n", out);
    }
    if (strcmp(r->id, "SR001") == 0) /* a file that does not load has no Metadata */
        return ferror(out) ? -1 : 0;
    fputs("## Suppressing it\n\n"
          "Where the finding is accepted, say so in the template, on the resource or at\n"
          "template level, with a reason (a suppression without one is itself a warning):\n\n",
          out);
    fprintf(out,
            "```yaml\n"
            "Metadata:\n"
            "  secrot-lint:\n"
            "    ignore:\n"
            "      - id: %s\n"
            "        reason: \"why this is acceptable here\"\n"
            "```\n",
            r->id);
    return ferror(out) ? -1 : 0;
}
