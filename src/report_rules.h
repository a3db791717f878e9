/*
 * report_rules.h - the rule explanation as Markdown, shared by --explain,
 * the generated docs/rules pages and SARIF's help.markdown.
 *
 * Explanations in the descriptors are plain text: paragraphs, and examples
 * indented by four spaces. sr_explain_markdown() fences those examples so
 * they render as code blocks; everything else is kept as written.
 */
#ifndef SR_REPORT_RULES_H
#define SR_REPORT_RULES_H

/*
 * Returns a heap string (free() it) with the explanation in Markdown:
 * every run of lines indented by four or more spaces becomes a fenced code
 * block (```yaml when it looks like YAML) with the four spaces removed and a
 * blank line before and after. NULL gives an empty string. Never NULL.
 */
char *sr_explain_markdown(const char *explain);

#endif
