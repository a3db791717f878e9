/*
 * test_report_dot.c - the --graph DOT writer on linted templates: nodes for
 * the resource kinds, labelled reference edges, SAM's implicit role, nodes
 * with findings marked with their rule ids, hostile logical ids escaped.
 * Where Graphviz is installed the output is rendered with `dot -Tsvg` and
 * the SVG is checked.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "config.h"
#include "dot.h"
#include "lint.h"
#include "report_escape.h"

static const char sam[] = "AWSTemplateFormatVersion: \"2010-09-09\"\n"
                          "Transform: AWS::Serverless-2016-10-31\n"
                          "Resources:\n"
                          "  DbSecret:\n"
                          "    Type: AWS::SecretsManager::Secret\n"
                          "    Properties:\n"
                          "      GenerateSecretString:\n"
                          "        PasswordLength: 32\n"
                          "  Sched:\n"
                          "    Type: AWS::SecretsManager::RotationSchedule\n"
                          "    Properties:\n"
                          "      SecretId: !Ref DbSecret\n"
                          "      RotationLambdaARN: !GetAtt RotationLambda.Arn\n"
                          "  Rotator:\n"
                          "    Type: AWS::Serverless::Function\n"
                          "    Properties:\n"
                          "      Handler: app.handler\n"
                          "      Runtime: python3.12\n"
                          "      CodeUri: src/\n"
                          "      Environment:\n"
                          "        Variables:\n"
                          "          SECRET_ARN: !Ref DbSecret\n"
                          "  Perm:\n"
                          "    Type: AWS::Lambda::Permission\n"
                          "    Properties:\n"
                          "      FunctionName: !GetAtt Rotator.Arn\n"
                          "      Action: lambda:InvokeFunction\n"
                          "      Principal: secretsmanager.amazonaws.com\n"
                          "  Bucket:\n"
                          "    Type: AWS::S3::Bucket\n";

static void lint(struct sr_result *res, const char *path, const char *text)
{
    static struct sr_config cfg;
    sr_config_defaults(&cfg);
    size_t n = strlen(text);
    char *copy = sr_xmalloc(n + 1);
    memcpy(copy, text, n + 1);
    memset(res, 0, sizeof(*res));
    sr_lint_text(res, path, copy, n, &cfg);
}

static char *dot_of(const struct sr_result *res, size_t *len)
{
    char *buf = NULL;
    size_t sz = 0;
    FILE *m = open_memstream(&buf, &sz);
    if (!m)
        return NULL;
    int rc = sr_dot_write(m, res);
    fclose(m);
    if (rc != 0) {
        free(buf);
        return NULL;
    }
    if (len)
        *len = sz;
    return buf;
}

/* The line of the node with SVG/DOT id `id`, or NULL. */
static const char *node_line(const char *dot, const char *id)
{
    char pat[128];
    snprintf(pat, sizeof(pat), "id=\"%s\"", id);
    return strstr(dot, pat);
}

static int have_dot(void)
{
    return system("command -v dot >/dev/null 2>&1") == 0;
}

/* Renders dot text to SVG; returns the SVG (heap) or NULL when dot failed. */
static char *render_svg(const char *dot, size_t n)
{
    char in[] = "/tmp/sr-dot-XXXXXX";
    int fd = mkstemp(in);
    if (fd < 0)
        return NULL;
    if (write(fd, dot, n) != (ssize_t)n) {
        close(fd);
        unlink(in);
        return NULL;
    }
    close(fd);
    char cmd[256];
    snprintf(cmd, sizeof(cmd), "dot -Tsvg %s 2>/tmp/sr-dot.log", in);
    FILE *p = popen(cmd, "r");
    char *svg = NULL;
    size_t len = 0, cap = 0;
    char chunk[4096];
    size_t got;
    while (p && (got = fread(chunk, 1, sizeof(chunk), p)) > 0) {
        if (len + got + 1 > cap) {
            cap = (len + got + 1) * 2;
            svg = sr_xrealloc(svg, cap);
        }
        memcpy(svg + len, chunk, got);
        len += got;
    }
    int status = p ? pclose(p) : -1;
    unlink(in);
    if (status != 0 || !svg) {
        free(svg);
        return NULL;
    }
    svg[len] = 0;
    return svg;
}

TEST(nodes_edges_and_marks)
{
    struct sr_result res;
    lint(&res, "sam.yaml", sam);
    CHECK(res.loaded);
    char *dot = dot_of(&res, NULL);
    CHECK(dot != NULL);
    if (!dot)
        return;
    CHECK(strncmp(dot, "digraph \"secrot-lint\" {\n", 24) == 0);
    const char *s = node_line(dot, "DbSecret");
    CHECK(s && strstr(s, "label=\"DbSecret\\nAWS::SecretsManager::Secret") == s + 15);
    CHECK(strstr(dot, "shape=note, id=\"DbSecret\"") != NULL);
    CHECK(strstr(dot, "shape=hexagon, id=\"Sched\"") != NULL);
    CHECK(strstr(dot, "shape=component, id=\"Rotator\"") != NULL);
    CHECK(strstr(dot, "shape=cds, id=\"Perm\"") != NULL);
    /* SAM's implicit role is a node, dashed, with its edge. */
    CHECK(strstr(dot, "shape=house, id=\"RotatorRole\"") != NULL);
    CHECK(strstr(dot, "label=\"role (implicit)\", style=dashed") != NULL);
    /* A bucket is not a kind the rules reason about and has no finding. */
    CHECK(node_line(dot, "Bucket") == NULL);
    /* SR003 on the schedule: marked and labelled. */
    const char *sched = node_line(dot, "Sched");
    const char *eol = sched ? strchr(sched, '\n') : NULL;
    /* the last label line lists the rule ids, SR003 among them */
    const char *ids = sched ? strstr(sched, "\\nSR") : NULL;
    const char *sr003 = ids ? strstr(ids, "SR003") : NULL;
    CHECK(sched && eol && ids && sr003 && sr003 < eol && (sr003[5] == '"' || sr003[5] == ' '));
    const char *red = sched ? strstr(sched, "color=\"#b03a2e\"") : NULL;
    CHECK(red && red < eol);
    /* The reference to a name defined nowhere points at a "missing" node. */
    CHECK(strstr(dot, "m0 [shape=box, style=\"dashed,filled\"") != NULL);
    CHECK(strstr(dot, "label=\"RotationLambda\\n(not in the template)\"") != NULL);
    CHECK(strstr(dot, "r1 -> m0 [label=\"GetAtt Arn\", color=\"#b03a2e\"]") != NULL);
    /* Reference edges, labelled by kind. */
    CHECK(strstr(dot, "[label=\"Ref\"]") != NULL);
    CHECK(strstr(dot, "[label=\"GetAtt Arn\"]") != NULL);
    free(dot);
    sr_result_release(&res);
}

TEST(hostile_ids_are_escaped)
{
    static const char evil[] = "Resources:\n"
                               "  \"Evil\\e[31m\\\"Quote\\\\Back\\u202e\":\n"
                               "    Type: AWS::SecretsManager::Secret\n";
    struct sr_result res;
    lint(&res, "evil\".yaml", evil);
    size_t n;
    char *dot = dot_of(&res, &n);
    CHECK(dot != NULL);
    if (!dot)
        return;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t l = sr_utf8_decode(dot + i, n - i, &cp);
        CHECK(cp != SR_UTF8_BAD && (!sr_cp_unsafe(cp) || cp == '\n'));
        i += l;
    }
    CHECK(strstr(dot, "label=\"evil\\\".yaml\"") != NULL);
    CHECK(strstr(dot, "Evil\\\\x1b[31m\\\"Quote\\\\Back\\\\u{202e}") != NULL);
    if (have_dot()) {
        char *svg = render_svg(dot, n);
        CHECK(svg != NULL);
        CHECK(svg && strstr(svg, "Evil\\x1b[31m&quot;Quote\\Back\\u{202e}") != NULL);
        free(svg);
    }
    free(dot);
    sr_result_release(&res);
}

TEST(unloadable_file)
{
    struct sr_result res;
    lint(&res, "bad.yaml", "Resources: [\n");
    char *dot = dot_of(&res, NULL);
    CHECK(dot && strstr(dot, "template [shape=folder, id=\"template\", "
                             "label=\"(template)\\nnot loaded\\nSR001\"") != NULL);
    free(dot);
    sr_result_release(&res);
}

TEST(renders_to_svg)
{
    if (!have_dot())
        SKIP("graphviz (dot) not installed");
    struct sr_result res;
    lint(&res, "sam.yaml", sam);
    size_t n;
    char *dot = dot_of(&res, &n);
    char *svg = dot ? render_svg(dot, n) : NULL;
    CHECK(svg != NULL);
    if (svg) {
        CHECK(strstr(svg, "<svg") != NULL);
        static const char *const ids[] = {"DbSecret", "Sched", "Rotator", "RotatorRole", "Perm"};
        for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
            char pat[64];
            snprintf(pat, sizeof(pat), "<g id=\"%s\" class=\"node\">", ids[i]);
            CHECK(strstr(svg, pat) != NULL);
        }
        /* the schedule's node group shows SR003 */
        const char *g = strstr(svg, "<g id=\"Sched\" class=\"node\">");
        const char *gend = g ? strstr(g, "</g>") : NULL;
        const char *t = g ? strstr(g, "SR003") : NULL;
        CHECK(g && gend && t && t < gend);
        CHECK(strstr(svg, ">GetAtt Arn</text>") != NULL);
        CHECK(strstr(svg, "fill=\"#fadbd8\"") != NULL);
    }
    free(svg);
    free(dot);
    sr_result_release(&res);
}

int main(void)
{
    RUN(nodes_edges_and_marks);
    RUN(hostile_ids_are_escaped);
    RUN(unloadable_file);
    RUN(renders_to_svg);
    return CHECK_DONE();
}
