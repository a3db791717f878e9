/*
 * test_index.c - the constant-time sets and lookups that keep the rules
 * linear: sr_ptrset (add, lookup, growth, NULL), and SR109 reading each
 * alarm once (metric-math alarms, EventBridge rules by secret and for
 * every rotation). Speed is measured by make bench, never here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "check.h"
#include "config.h"
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

int main(void)
{
    sr_config_defaults(&C);
    RUN(ptrset_adds_once_and_finds_after_growth);
    RUN(sr109_reads_metric_alarms_and_rules_once);
    return CHECK_DONE();
}
