/*
 * test_index.c - the constant-time sets and lookups that keep the rules
 * linear and small: sr_ptrset (add, lookup, growth, NULL), sr_ptrmap (put, get,
 * replace, growth), packed nodes, the graph's memo of Fn::Sub parses and flattened values
 * (each computed once, literal text never copied), schedule rules read once
 * per schedule, and SR109 reading each alarm once (metric-math alarms,
 * EventBridge rules by secret and for every rotation), and the string table
 * (one copy per distinct short string, bounded probes). Speed is measured by
 * make bench, never here.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "check.h"
#include "config.h"
#include "graph.h"
#include "secret.h"
#include "value.h"
#include "lint.h"

static struct sr_config C;

TEST(ptrset_adds_once_and_finds_after_growth)
{
    struct sr_arena a;
    sr_arena_init(&a);
    struct sr_ptrset s = {0};
    static char items[5000];
    CHECK(!sr_ptrset_has(&s, &items[0]));
    for (size_t i = 0; i < sizeof(items); i += 2)
        CHECK_INT(sr_ptrset_add(&a, &s, &items[i]), 1);
    CHECK_INT(s.n, sizeof(items) / 2);
    size_t in = 0, out = 0;
    for (size_t i = 0; i < sizeof(items); i++) {
        if (sr_ptrset_has(&s, &items[i]))
            in += i % 2 == 0;
        else
            out += i % 2 == 1;
    }
    CHECK_INT(in, sizeof(items) / 2);
    CHECK_INT(out, sizeof(items) / 2);
    CHECK_INT(sr_ptrset_add(&a, &s, &items[4]), 0);
    CHECK_INT(sr_ptrset_add(&a, &s, NULL), 0);
    CHECK(!sr_ptrset_has(&s, NULL));
    CHECK_INT(s.n, sizeof(items) / 2);
    CHECK(s.cap >= 2 * s.n);
    sr_arena_release(&a);
}

static size_t count_rule(const char *text, const char *rule)
{
    struct sr_result r;
    sr_lint_text(&r, "t.yaml", sr_xstrdup(text), strlen(text), &C);
    size_t n = 0;
    for (size_t i = 0; i < r.nfindings; i++)
        n += r.findings[i]->rule && strcmp(r.findings[i]->rule->id, rule) == 0;
    sr_result_release(&r);
    return n;
}

#define ROT(ID)                                                                                    \
    "  " ID "Secret:\n"                                                                            \
    "    Type: AWS::SecretsManager::Secret\n"                                                      \
    "    Properties:\n"                                                                            \
    "      GenerateSecretString: {GenerateStringKey: password, SecretStringTemplate: '{}'}\n"      \
    "  " ID "Schedule:\n"                                                                          \
    "    Type: AWS::SecretsManager::RotationSchedule\n"                                            \
    "    Properties:\n"                                                                            \
    "      SecretId: !Ref " ID "Secret\n"                                                          \
    "      RotationLambdaARN: !GetAtt " ID "Fn.Arn\n"                                              \
    "      RotationRules: {AutomaticallyAfterDays: 30}\n"                                          \
    "  " ID "Fn:\n"                                                                                \
    "    Type: AWS::Lambda::Function\n"                                                            \
    "    Properties: {Runtime: python3.12, Handler: a.b, Code: {ZipFile: x}, Timeout: 60}\n"

TEST(sr109_reads_metric_alarms_and_rules_once)
{
    /* A's function is watched by a metric-math alarm, B's by a rule on
     * its secret, C's by nothing. */
    const char *t = "Resources:\n" ROT("A") ROT("B")
        ROT("C") "  MathAlarm:\n"
                 "    Type: AWS::CloudWatch::Alarm\n"
                 "    Properties:\n"
                 "      EvaluationPeriods: 1\n"
                 "      ComparisonOperator: GreaterThanThreshold\n"
                 "      Threshold: 0\n"
                 "      Metrics:\n"
                 "        - Id: e\n"
                 "          MetricStat:\n"
                 "            Metric:\n"
                 "              Namespace: AWS/Lambda\n"
                 "              MetricName: Errors\n"
                 "              Dimensions: [{Name: FunctionName, Value: !Ref AFn}]\n"
                 "            Period: 60\n"
                 "            Stat: Sum\n"
                 "  Rule:\n"
                 "    Type: AWS::Events::Rule\n"
                 "    Properties:\n"
                 "      EventPattern:\n"
                 "        source: [aws.secretsmanager]\n"
                 "        detail:\n"
                 "          eventName: [RotationFailed]\n"
                 "          additionalEventData: {SecretId: [!Ref BSecret]}\n";
    CHECK_INT(count_rule(t, "SR109"), 1);
    /* A rule with no SecretId list covers every rotation. */
    const char *all =
        "Resources:\n" ROT("A") ROT("B") "  Rule:\n"
                                         "    Type: AWS::Events::Rule\n"
                                         "    Properties:\n"
                                         "      EventPattern:\n"
                                         "        source: [aws.secretsmanager]\n"
                                         "        detail: {eventName: [RotationFailed]}\n";
    CHECK_INT(count_rule(all, "SR109"), 0);
    /* Errors of another metric do not count. */
    const char *other = "Resources:\n" ROT(
        "A") "  MathAlarm:\n"
             "    Type: AWS::CloudWatch::Alarm\n"
             "    Properties:\n"
             "      Metrics:\n"
             "        - Id: e\n"
             "          MetricStat:\n"
             "            Metric:\n"
             "              MetricName: Throttles\n"
             "              Dimensions: [{Name: FunctionName, Value: !Ref AFn}]\n";
    CHECK_INT(count_rule(other, "SR109"), 1);
}

TEST(ptrmap_maps_replaces_and_finds_after_growth)
{
    struct sr_arena a;
    sr_arena_init(&a);
    struct sr_ptrmap m = {0};
    static char keys[3000];
    CHECK(sr_ptrmap_get(&m, &keys[0]) == NULL);
    for (size_t i = 0; i < sizeof(keys); i += 3)
        sr_ptrmap_put(&a, &m, &keys[i], &keys[(i + 1) % sizeof(keys)]);
    CHECK_INT(m.n, sizeof(keys) / 3);
    size_t right = 0, absent = 0;
    for (size_t i = 0; i < sizeof(keys); i++) {
        void *v = sr_ptrmap_get(&m, &keys[i]);
        if (i % 3 == 0)
            right += v == &keys[(i + 1) % sizeof(keys)];
        else
            absent += v == NULL;
    }
    CHECK_INT(right, sizeof(keys) / 3);
    CHECK_INT(absent, sizeof(keys) - sizeof(keys) / 3);
    sr_ptrmap_put(&a, &m, &keys[3], &keys[7]); /* replaces */
    CHECK(sr_ptrmap_get(&m, &keys[3]) == &keys[7]);
    CHECK_INT(m.n, sizeof(keys) / 3);
    sr_ptrmap_put(&a, &m, NULL, &keys[1]);
    CHECK(sr_ptrmap_get(&m, NULL) == NULL);
    CHECK_INT(m.n, sizeof(keys) / 3);
    CHECK(m.cap >= 2 * m.n);
    sr_arena_release(&a);
}

/* Loads t and builds its graph in a fresh arena a (released by the
 * caller); returns its resource id, or NULL (a failed check). */
static const struct sr_resource *build(struct sr_arena *a, struct sr_doc *d, struct sr_graph *g,
                                       const char *t, const char *id)
{
    struct sr_error e;
    sr_arena_init(a);
    if (sr_load(a, "t.yaml", t, strlen(t), d, &e) < 0) {
        CHECK(!"the template loads");
        return NULL;
    }
    sr_graph_build(a, d, g);
    const struct sr_resource *r = sr_graph_find(g, id);
    CHECK(r != NULL);
    return r;
}

/* Every rule that reads a value asks for its flat text: the graph keeps one
 * per node, at its size, and a literal is its own text. */
TEST(flattened_values_and_sub_parses_are_made_once_per_node)
{
    const char *t = "Parameters:\n  Stage: {Type: String}\n"
                    "Resources:\n"
                    "  Q:\n    Type: AWS::SQS::Queue\n"
                    "    Properties:\n"
                    "      QueueName: !Sub '${Stage}-queue-${AWS::Region}'\n"
                    "      Literal: plain-text\n";
    struct sr_arena a;
    struct sr_doc d;
    struct sr_graph g;
    const struct sr_resource *q = build(&a, &d, &g, t, "Q");
    if (!q) {
        sr_arena_release(&a);
        return;
    }
    const struct sr_node *sub = sr_map_get(q->props, "QueueName");
    const struct sr_node *lit = sr_map_get(q->props, "Literal");
    struct sr_flat f1, f2, fl;
    sr_flatten(&a, &g, sub, &f1);
    size_t used = a.used_total;
    sr_flatten(&a, &g, sub, &f2);
    CHECK_INT(a.used_total, used); /* the second ask allocates nothing */
    CHECK(f1.s == f2.s && f1.refs == f2.refs);
    CHECK_INT(f2.len, f1.len);
    CHECK_INT(f2.nrefs, 2);
    CHECK_INT(strlen(f2.s), strlen("?-queue-?"));
    CHECK(f2.text);
    /* Kept at its size: the text and its references exactly, and both in
     * the arena, not on the stack they were built on. */
    CHECK_INT(f2.cap, f2.len + 1);
    CHECK_INT(f2.rcap, f2.nrefs);
    CHECK_STR(sr_flat_ref_at(&f2, 0) ? sr_flat_ref_at(&f2, 0)->val.name : "", "Stage");
    sr_flatten(&a, &g, lit, &fl);
    CHECK(fl.s == sr_node_str(lit)); /* not copied */
    CHECK_STR(fl.s, "plain-text");
    CHECK_INT(fl.cap, 0);
    CHECK_INT(a.used_total, used);
    struct sr_intrinsic in;
    CHECK(sr_intrinsic_get(sub, &in));
    struct sr_sub s1, s2;
    CHECK_INT(sr_graph_sub(&g, &in, &s1), 0);
    used = a.used_total;
    CHECK_INT(sr_graph_sub(&g, &in, &s2), 0);
    CHECK_INT(a.used_total, used);
    CHECK(s1.parts == s2.parts);
    CHECK_INT(s2.nparts, 3);
    sr_arena_release(&a);
}

/* The parts of the graph's Fn::Sub parses are stored once: the same name or
 * text in two strings is one copy (a template repeats ${AWS::Region} and
 * its ARN pieces in every resource). */
TEST(sub_parts_share_their_texts)
{
    const char *t = "Parameters:\n  Stage: {Type: String}\n"
                    "Resources:\n"
                    "  A:\n    Type: AWS::SQS::Queue\n"
                    "    Properties:\n"
                    "      QueueName: !Sub '${Stage}-queue-${AWS::Region}'\n"
                    "  B:\n    Type: AWS::SQS::Queue\n"
                    "    Properties:\n"
                    "      QueueName: !Sub '${AWS::Region}-queue-${Stage}'\n";
    struct sr_arena a;
    struct sr_doc d;
    struct sr_graph g;
    const struct sr_resource *ra = build(&a, &d, &g, t, "A");
    const struct sr_resource *rb = ra ? sr_graph_find(&g, "B") : NULL;
    if (!ra || !rb) {
        sr_arena_release(&a);
        return;
    }
    struct sr_intrinsic ia, ib;
    CHECK(sr_intrinsic_get(sr_map_get(ra->props, "QueueName"), &ia));
    CHECK(sr_intrinsic_get(sr_map_get(rb->props, "QueueName"), &ib));
    struct sr_sub sa, sb;
    CHECK_INT(sr_graph_sub(&g, &ia, &sa), 0);
    CHECK_INT(sr_graph_sub(&g, &ib, &sb), 0);
    CHECK_INT(sa.nparts, 3);
    CHECK_INT(sb.nparts, 3);
    if (sa.nparts == 3 && sb.nparts == 3) {
        CHECK_STR(sa.parts[0].text, "Stage");
        CHECK(sa.parts[0].text == sb.parts[2].text);
        CHECK_STR(sa.parts[1].text, "-queue-");
        CHECK(sa.parts[1].text == sb.parts[1].text);
        CHECK_STR(sa.parts[2].text, "AWS::Region");
        CHECK(sa.parts[2].text == sb.parts[0].text);
    }
    /* Outside the graph, a parse makes its own copies. */
    struct sr_sub own;
    CHECK_INT(sr_sub_parse(&a, &ia, &own), 0);
    CHECK(own.nparts == 3 && own.parts[0].text != sa.parts[0].text);
    sr_arena_release(&a);
}

TEST(schedule_rules_are_read_once_per_schedule)
{
    const char *t = "Resources:\n" ROT("A");
    struct sr_arena a;
    struct sr_doc d;
    struct sr_graph g;
    const struct sr_resource *sc = build(&a, &d, &g, t, "ASchedule");
    if (sc) {
        const struct sr_rotation_rules *r1 = sr_schedule_rules(&g, sc);
        size_t used = a.used_total;
        const struct sr_rotation_rules *r2 = sr_schedule_rules(&g, sc);
        CHECK(r1 == r2);
        CHECK_INT(a.used_total, used);
        CHECK(r2->after_literal && r2->after_days == 30);
    }
    sr_arena_release(&a);
}

/* Nodes are the largest share of a file's memory: 48 bytes (no line:col;
 * a scalar's value, a collection's items and an alias's target share one
 * place), packed at 8, and a record after them is still 16-byte aligned. */
TEST(nodes_are_packed_and_later_records_stay_aligned)
{
    const size_t sz = sizeof(struct sr_node);
    CHECK(sz <= 48);
    struct sr_arena a;
    sr_arena_init(&a);
    unsigned char *n1 = sr_arena_take8(&a, sz);
    unsigned char *n2 = sr_arena_take8(&a, sz);
    CHECK(n2 == n1 + sz);
    CHECK((uintptr_t)n2 % 8 == 0);
    void *r = sr_arena_alloc(&a, 24);
    CHECK((uintptr_t)r % 16 == 0);
    CHECK((unsigned char *)r >= n2 + sz);
    for (int i = 0; i < 100000; i++) { /* across block ends */
        CHECK((uintptr_t)sr_arena_take8(&a, sz) % 8 == 0);
        if (i % 3 == 0)
            CHECK((uintptr_t)sr_arena_alloc(&a, 40) % 16 == 0);
    }
    sr_arena_release(&a);
}

/* sr_arena_printf formats in place when the text fits the current block,
 * and measures first when it does not: either way the text is whole and
 * what follows is aligned. */
TEST(arena_printf_is_whole_in_and_across_blocks)
{
    struct sr_arena a;
    sr_arena_init(&a);
    static char big[200000];
    memset(big, 'x', sizeof(big) - 1);
    for (int i = 0; i < 3000; i++) {
        int w = (i * 37) % 5000;
        char *p = sr_arena_printf(&a, "%d:%.*s|", i, w, big);
        char want[32];
        int k = snprintf(want, sizeof(want), "%d:", i);
        CHECK(strncmp(p, want, (size_t)k) == 0);
        CHECK_INT(strlen(p), (size_t)k + (size_t)w + 1);
        CHECK(p[k + w] == '|');
        CHECK((uintptr_t)sr_arena_alloc(&a, 8) % 16 == 0);
    }
    char *p = sr_arena_printf(&a, "%s", big); /* larger than a block */
    CHECK_INT(strlen(p), sizeof(big) - 1);
    CHECK_STR(sr_arena_printf(&a, "%s", ""), "");
    sr_arena_release(&a);
}

/* A string table gives one copy per distinct short string, whole and
 * NUL-terminated, through its growth; a long string, and one whose probe
 * is full of other strings of the same slot, is copied on its own (the
 * bound that keeps text made to collide linear). */
TEST(strtab_stores_each_short_string_once)
{
    struct sr_arena a;
    sr_arena_init(&a);
    struct sr_strtab t = {0};
    const char *allow = sr_strtab_intern(&t, &a, "Allowed", 5);
    CHECK_STR(allow, "Allow");
    CHECK(sr_strtab_intern(&t, &a, "Allow!", 5) == allow);
    CHECK(sr_strtab_intern(&t, &a, "Deny", 4) != allow);
    CHECK_STR(sr_strtab_intern(&t, &a, "", 0), "");
    char buf[32];
    const char *first[3000];
    for (int i = 0; i < 3000; i++) {
        snprintf(buf, sizeof(buf), "value-%d", i);
        first[i] = sr_strtab_intern(&t, &a, buf, strlen(buf));
    }
    int bad = 0;
    for (int i = 0; i < 3000; i++) {
        snprintf(buf, sizeof(buf), "value-%d", i);
        bad += sr_strtab_intern(&t, &a, buf, strlen(buf)) != first[i] || strcmp(first[i], buf);
    }
    CHECK_INT(bad, 0);
    CHECK(sr_strtab_intern(&t, &a, "Allow", 5) == allow);
    char big[SR_STRTAB_MAX + 2];
    memset(big, 'b', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    const char *b1 = sr_strtab_intern(&t, &a, big, strlen(big));
    CHECK_STR(b1, big);
    CHECK(sr_strtab_intern(&t, &a, big, strlen(big)) != b1);
    /* Fill every slot a new string could probe with others: it is still
     * given back whole, as a copy of its own. */
    struct sr_strtab full = {0};
    sr_strtab_intern(&full, &a, "x", 1); /* makes the table */
    for (size_t i = 0; i < full.cap; i++)
        if (!full.slot[i].s) {
            full.slot[i].s = "other";
            full.slot[i].len = 5;
        }
    full.n = 1; /* no growth: the probe meets only other strings */
    const char *c1 = sr_strtab_intern(&full, &a, "crowded", 7);
    CHECK_STR(c1, "crowded");
    CHECK(sr_strtab_intern(&full, &a, "crowded", 7) != c1);
    sr_strtab_free(&full);
    sr_strtab_free(&t);
    CHECK(t.slot == NULL && t.cap == 0);
    sr_arena_release(&a);
}

int main(void)
{
    sr_config_defaults(&C);
    RUN(ptrset_adds_once_and_finds_after_growth);
    RUN(ptrmap_maps_replaces_and_finds_after_growth);
    RUN(nodes_are_packed_and_later_records_stay_aligned);
    RUN(arena_printf_is_whole_in_and_across_blocks);
    RUN(strtab_stores_each_short_string_once);
    RUN(flattened_values_and_sub_parses_are_made_once_per_node);
    RUN(sub_parts_share_their_texts);
    RUN(schedule_rules_are_read_once_per_schedule);
    RUN(sr109_reads_metric_alarms_and_rules_once);
    return CHECK_DONE();
}
