/*
 * test_flow.c - the value-flow model: what reaches Outputs, Metadata and
 * environment variables through functions written either way, the tag form
 * (!Select [0, [...]]) as the long form (Fn::Select: [0, [...]]); the flat
 * text of a function written as a tag.
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "iam.h"
#include "flow.h"
#include "graph.h"

static struct sr_arena A;
static struct sr_doc D;
static struct sr_error E;
static struct sr_graph G;

static int build(const char *text)
{
    sr_iam_drop(&G);
    sr_arena_release(&A);
    sr_arena_init(&A);
    if (sr_load(&A, "t.yaml", text, strlen(text), &D, &E) < 0)
        return -1;
    sr_graph_build(&A, &D, &G);
    return 0;
}

/* The only flow of kind into a sink of sink_kind, or NULL (none or more). */
static const struct sr_flow *only_flow(enum sr_sink_kind sink_kind, enum sr_source_kind kind)
{
    const struct sr_flows *fl = sr_graph_flows(&G);
    const struct sr_flow *found = NULL;
    for (size_t i = 0; i < fl->nflows; i++) {
        const struct sr_flow *f = fl->flows[i];
        if (f->sink->kind != sink_kind || f->kind != kind)
            continue;
        if (found)
            return NULL;
        found = f;
    }
    return found;
}

/* A NoEcho parameter inside a !Select reaches the Output, on the same path
 * as in the long form (the walk took the tag's argument, the node itself,
 * found the tag again and stopped at the depth limit). */
TEST(a_secret_inside_a_tag_reaches_the_output)
{
    static const char *const forms[] = {
        "    Value: !Select [0, [!Ref Pw, none]]\n",
        "    Value:\n      Fn::Select: [0, [!Ref Pw, none]]\n",
    };
    for (size_t i = 0; i < 2; i++) {
        char text[512];
        snprintf(text, sizeof(text),
                 "Parameters:\n  Pw: {Type: String, NoEcho: true}\n"
                 "Resources:\n  Q: {Type: AWS::SQS::Queue}\n"
                 "Outputs:\n  O:\n%s",
                 forms[i]);
        CHECK_INT(build(text), 0);
        const struct sr_flow *f = only_flow(SR_SINK_OUTPUT, SR_SRC_NOECHO);
        CHECK(f != NULL);
        if (f)
            CHECK_STR(f->path, "Outputs/O/Value -> Fn::Select/1/0 -> Ref");
    }
}

/* A dynamic reference in a list of a !Select in a !Join in Metadata, and
 * one that is the scalar argument of a tag (!ImportValue): both found. */
TEST(a_dynamic_reference_inside_a_tag_reaches_the_metadata)
{
    static const char text[] =
        "Resources:\n"
        "  Q:\n"
        "    Type: AWS::SQS::Queue\n"
        "    Metadata:\n"
        "      Conf: !Join ['', [x, !Select [0, "
        "['{{resolve:secretsmanager:db:SecretString:pw}}']]]]\n"
        "Outputs:\n"
        "  O:\n"
        "    Value: !ImportValue '{{resolve:secretsmanager:other:SecretString:pw}}'\n";
    CHECK_INT(build(text), 0);
    const struct sr_flow *m = only_flow(SR_SINK_METADATA, SR_SRC_DYNREF);
    CHECK(m != NULL);
    if (m) {
        CHECK_STR(m->ref_text, "db");
        CHECK_STR(m->path, "Resources/Q/Metadata/Conf -> Fn::Join -> Fn::Select/1/0");
    }
    const struct sr_flow *o = only_flow(SR_SINK_OUTPUT, SR_SRC_DYNREF);
    CHECK(o != NULL);
    if (o)
        CHECK_STR(o->ref_text, "other");
}

/* A NoEcho parameter in the list of a Select that is the whole value of a
 * variable, in either spelling, or that is inside a Join: one flow each
 * (the Select was skipped as the value itself, and its list as the value
 * of the Select's item). */
TEST(a_secret_picked_by_a_select_reaches_the_variable)
{
    static const char *const forms[] = {
        "PW: !Select [0, [!Ref Pw]]",
        "PW: {'Fn::Select': [0, [{Ref: Pw}]]}",
        "PW: !Join [':', [u, !Select [0, [!Ref Pw]]]]",
    };
    for (size_t i = 0; i < 3; i++) {
        char text[512];
        snprintf(text, sizeof(text),
                 "Parameters:\n  Pw: {Type: String, NoEcho: true}\n"
                 "Resources:\n  F:\n    Type: AWS::Lambda::Function\n"
                 "    Properties:\n      Environment: {Variables: {%s}}\n",
                 forms[i]);
        CHECK_INT(build(text), 0);
        const struct sr_flow *f = only_flow(SR_SINK_ENV, SR_SRC_NOECHO);
        CHECK(f != NULL);
        if (f)
            CHECK_STR(f->param, "Pw");
    }
}

/* !Base64 text flattens to the text, as Fn::Base64: text does. */
TEST(base64_written_as_a_tag_flattens_to_its_text)
{
    CHECK_INT(build("A: !Base64 '#!/bin/sh'\nB: {'Fn::Base64': '#!/bin/sh'}\n"), 0);
    struct sr_flat a, b;
    sr_flatten(&A, &G, sr_map_get(D.root, "A"), &a);
    sr_flatten(&A, &G, sr_map_get(D.root, "B"), &b);
    CHECK_STR(a.s, "#!/bin/sh");
    CHECK_STR(b.s, "#!/bin/sh");
    CHECK(a.text && a.nrefs == 0 && a.opaque.n == 0);
}

/* The text of a scalar as written, its tag ignored. */
TEST(a_tagged_scalar_flattens_to_its_text)
{
    CHECK_INT(build("A: !ImportValue shared-name\nB: [x]\n"), 0);
    struct sr_flat f;
    sr_flatten_literal(&A, sr_map_get(D.root, "A"), &f);
    CHECK_STR(f.s, "shared-name");
    CHECK(f.text && f.nrefs == 0 && f.opaque.n == 0);
    sr_flatten_literal(&A, sr_map_get(D.root, "B"), &f);
    CHECK_STR(f.s, "");
    CHECK(!f.text);
}

int main(void)
{
    RUN(a_secret_inside_a_tag_reaches_the_output);
    RUN(a_dynamic_reference_inside_a_tag_reaches_the_metadata);
    RUN(a_secret_picked_by_a_select_reaches_the_variable);
    RUN(base64_written_as_a_tag_flattens_to_its_text);
    RUN(a_tagged_scalar_flattens_to_its_text);
    sr_iam_drop(&G);
    sr_arena_release(&A);
    return CHECK_DONE();
}
