/*
 * test_graph.c - the resource graph: index, edges with their nodes, typed
 * indexes (schedules by secret, permissions and alarms by function), SAM
 * Globals merge and implicit roles.
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "iam.h"
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
    if (sr_load(&A, "t", text, strlen(text), &D, &E) < 0)
        return -1;
    sr_graph_build(&A, &D, &G);
    return 0;
}

static const char sam_app[] = "Transform: AWS::Serverless-2016-10-31\n"
                              "Globals:\n"
                              "  Function:\n"
                              "    Timeout: 30\n"
                              "    Environment:\n"
                              "      Variables: {STAGE: prod, A: global}\n"
                              "    Layers: [l1]\n"
                              "Resources:\n"
                              "  Secret:\n"
                              "    Type: AWS::SecretsManager::Secret\n"
                              "  Schedule:\n"
                              "    Type: AWS::SecretsManager::RotationSchedule\n"
                              "    Properties:\n"
                              "      SecretId: !Ref Secret\n"
                              "      RotationLambdaARN: !GetAtt Rotator.Arn\n"
                              "  Rotator:\n"
                              "    Type: AWS::Serverless::Function\n"
                              "    Properties:\n"
                              "      Timeout: 60\n"
                              "      Environment:\n"
                              "        Variables: {A: local}\n"
                              "      Layers: [l2]\n"
                              "  Perm:\n"
                              "    Type: AWS::Lambda::Permission\n"
                              "    Properties:\n"
                              "      FunctionName: !Ref RotatorAlias\n"
                              "      Principal: secretsmanager.amazonaws.com\n"
                              "  RotatorAlias:\n"
                              "    Type: AWS::Lambda::Alias\n"
                              "    Properties:\n"
                              "      FunctionName: !Ref Rotator\n"
                              "  Alarm:\n"
                              "    Type: AWS::CloudWatch::Alarm\n"
                              "    Properties:\n"
                              "      Dimensions:\n"
                              "        - Name: FunctionName\n"
                              "          Value: !Ref Rotator\n"
                              "Outputs:\n"
                              "  RoleArn:\n"
                              "    Value: !GetAtt RotatorRole.Arn\n"
                              "  Missing:\n"
                              "    Value: !Sub '${Nope}-${AWS::Region}'\n";

TEST(index_and_kinds)
{
    CHECK_INT(build(sam_app), 0);
    CHECK(G.t.sam);
    struct sr_resource *s = sr_graph_find(&G, "Secret");
    CHECK(s && s->kind == SR_R_SECRET);
    CHECK(sr_graph_find(&G, "Nope") == NULL);
    CHECK_INT(G.by_kind[SR_R_SECRET].n, 1);
    CHECK_INT(G.by_kind[SR_R_SAM_FUNCTION].n, 1);
}

TEST(typed_indexes)
{
    CHECK_INT(build(sam_app), 0);
    struct sr_resource *s = sr_graph_find(&G, "Secret");
    struct sr_resource *f = sr_graph_find(&G, "Rotator");
    struct sr_resource *sch = sr_graph_find(&G, "Schedule");
    CHECK_INT(s->schedules.n, 1);
    CHECK(s->schedules.v[0] == sch);
    CHECK(sch->secret == s);
    CHECK(sch->function == f);
    CHECK_INT(f->rotating_schedules.n, 1);
    CHECK_INT(f->permissions.n, 1); /* through the alias */
    CHECK_INT(f->alarms.n, 1);
}

TEST(sam_implicit_role)
{
    CHECK_INT(build(sam_app), 0);
    struct sr_resource *f = sr_graph_find(&G, "Rotator");
    struct sr_resource *role = sr_graph_find(&G, "RotatorRole");
    CHECK(role != NULL);
    CHECK(role->implicit);
    CHECK(role->owner == f);
    CHECK(f->role == role);
    CHECK_INT(role->kind, SR_R_ROLE);
}

TEST(sam_globals_merge)
{
    CHECK_INT(build(sam_app), 0);
    struct sr_resource *f = sr_graph_find(&G, "Rotator");
    CHECK_STR(sr_scalar(sr_res_prop(f, "Timeout")), "60"); /* scalar: local wins */
    const struct sr_node *vars = sr_path(f->props, "Environment/Variables");
    CHECK_STR(sr_scalar(sr_map_get(vars, "A")), "local"); /* map: deep merge */
    CHECK_STR(sr_scalar(sr_map_get(vars, "STAGE")), "prod");
    const struct sr_node *layers = sr_res_prop(f, "Layers"); /* list: global + local */
    CHECK(sr_is_seq(layers));
    CHECK_INT(layers->n, 2);
    CHECK_STR(sr_scalar(sr_seq_item(layers, 0)), "l1");
    CHECK_STR(sr_scalar(sr_seq_item(layers, 1)), "l2");
}

TEST(edges_carry_their_nodes)
{
    CHECK_INT(build(sam_app), 0);
    int found_getatt = 0, found_missing = 0, found_implicit = 0;
    for (size_t i = 0; i < G.edges.n; i++) {
        const struct sr_edge *e = G.edges.v[i];
        if (e->kind == SR_EDGE_GETATT && !strcmp(e->to, "Rotator")) {
            found_getatt = 1;
            CHECK(e->target == sr_graph_find(&G, "Rotator"));
            CHECK_STR(e->attr, "Arn");
            CHECK_INT(sr_node_pos(&D, e->at).line, 15);
        }
        if (!strcmp(e->to, "Nope")) {
            found_missing = 1;
            CHECK(e->target == NULL);
            CHECK(e->from == NULL);
            CHECK_INT(e->kind, SR_EDGE_SUB);
        }
        if (!strcmp(e->to, "RotatorRole"))
            found_implicit = e->target != NULL;
    }
    CHECK(found_getatt);
    CHECK(found_missing);
    CHECK(found_implicit);
}

/* A function written as a tag sits on its argument: the references inside
 * it are edges too, in short and long form alike. */
TEST(edges_inside_tagged_functions)
{
    static const char *const forms[] = {
        "      Role: !If [C, !Ref A, !GetAtt B.Arn]\n"
        "      Description: !Join ['', [x, !Select [0, [!Ref D]]]]\n",
        "      Role:\n        Fn::If: [C, {Ref: A}, {Fn::GetAtt: [B, Arn]}]\n"
        "      Description: {Fn::Join: ['', [x, {Fn::Select: [0, [{Ref: D}]]}]]}\n",
    };
    for (size_t f = 0; f < 2; f++) {
        char text[1024];
        snprintf(text, sizeof(text),
                 "Conditions:\n  C: !Equals [a, b]\nResources:\n"
                 "  A: {Type: AWS::SecretsManager::Secret}\n"
                 "  B: {Type: AWS::IAM::Role}\n"
                 "  D: {Type: AWS::SNS::Topic}\n"
                 "  F:\n    Type: AWS::Lambda::Function\n    Properties:\n%s",
                 forms[f]);
        CHECK_INT(build(text), 0);
        int a = 0, b = 0, d = 0;
        for (size_t i = 0; i < G.edges.n; i++) {
            const struct sr_edge *e = G.edges.v[i];
            if (!e->from || strcmp(e->from->id, "F") != 0)
                continue;
            a |= !strcmp(e->to, "A") && e->kind == SR_EDGE_REF;
            b |= !strcmp(e->to, "B") && e->kind == SR_EDGE_GETATT;
            d |= !strcmp(e->to, "D") && e->kind == SR_EDGE_REF;
        }
        CHECK(a && b && d);
    }
}

TEST(values)
{
    CHECK_INT(build("Parameters: {P: {Type: String}}\n"
                    "Resources:\n"
                    "  S: {Type: AWS::SecretsManager::Secret}\n"
                    "  X:\n"
                    "    Type: T\n"
                    "    Properties:\n"
                    "      a: !Ref S\n"
                    "      b: !Sub '${S}*'\n"
                    "      c: !Join ['', [!Ref S, '*']]\n"
                    "      d: !Ref P\n"
                    "      e: !Ref AWS::Region\n"
                    "      f: literal\n"
                    "      g: !If [C, x, y]\n"),
              0);
    struct sr_resource *x = sr_graph_find(&G, "X");
    struct sr_val v;
    CHECK_INT(sr_graph_value(&G, sr_res_prop(x, "a"), &v), SR_VAL_RESOURCE);
    CHECK(v.whole);
    CHECK_INT(sr_graph_value(&G, sr_res_prop(x, "b"), &v), SR_VAL_RESOURCE);
    CHECK(!v.whole);
    CHECK_STR(v.res->id, "S");
    CHECK_INT(sr_graph_value(&G, sr_res_prop(x, "c"), &v), SR_VAL_RESOURCE);
    CHECK_INT(sr_graph_value(&G, sr_res_prop(x, "d"), &v), SR_VAL_PARAMETER);
    CHECK_INT(sr_graph_value(&G, sr_res_prop(x, "e"), &v), SR_VAL_PSEUDO);
    CHECK_INT(sr_graph_value(&G, sr_res_prop(x, "f"), &v), SR_VAL_LITERAL);
    CHECK_STR(v.str, "literal");
    CHECK_INT(sr_graph_value(&G, sr_res_prop(x, "g"), &v), SR_VAL_COMPUTED);
}

TEST(transform_list_and_secrets_manager_transform)
{
    CHECK_INT(build("Transform: [AWS::SecretsManager-2024-09-16, AWS::Serverless-2016-10-31]\n"
                    "Resources: {}\n"),
              0);
    CHECK(G.t.sam);
    CHECK_STR(G.t.sm_transform, "AWS::SecretsManager-2024-09-16");
    CHECK(G.t.is_template);
    CHECK_INT(build("foo: bar\n"), 0);
    CHECK(!G.t.is_template);
}

int main(void)
{
    sr_arena_init(&A);
    RUN(index_and_kinds);
    RUN(typed_indexes);
    RUN(sam_implicit_role);
    RUN(sam_globals_merge);
    RUN(edges_carry_their_nodes);
    RUN(edges_inside_tagged_functions);
    RUN(values);
    RUN(transform_list_and_secrets_manager_transform);
    sr_iam_drop(&G);
    sr_arena_release(&A);
    return CHECK_DONE();
}
