/*
 * test_fix.c - the fixer core: passes to a fixed point, shared parameters,
 * fresh logical ids, verification refusing a text that does not parse or
 * that adds a finding, and the one-finding edit for SARIF reports.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "config.h"
#include "fix.h"
#include "lint.h"

static struct sr_config C;

static void lint(struct sr_result *r, const char *text)
{
    sr_lint_text(r, "t.yaml", sr_xstrdup(text), strlen(text), &C);
}

static size_t count_rule(const struct sr_result *r, const char *id)
{
    size_t n = 0;
    for (size_t i = 0; i < r->nfindings; i++)
        if (!strcmp(r->findings[i]->rule->id, id))
            n++;
    return n;
}

static size_t count_str(const char *s, const char *needle)
{
    size_t n = 0;
    for (const char *p = s; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

/* 1 when every line of a appears, unchanged and in order, in b. */
static int lines_kept(const char *a, const char *b)
{
    const char *p = a, *q = b;
    while (*p) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) + 1 : strlen(p);
        for (;;) {
            if (!*q)
                return 0;
            const char *qe = strchr(q, '\n');
            size_t m = qe ? (size_t)(qe - q) + 1 : strlen(q);
            q += m;
            if (m == n && memcmp(q - m, p, n) == 0)
                break;
        }
        p += n;
    }
    return 1;
}

/* Two secrets without rotation: two scaffolds whose alarms share one new
 * topic, and nothing left to fix afterwards. */
static const char two_functions[] =
    "AWSTemplateFormatVersion: '2010-09-09'\n"
    "Transform: AWS::Serverless-2016-10-31\n"
    "Resources:\n"
    "  Key:\n"
    "    Type: AWS::KMS::Key\n"
    "    DeletionPolicy: Retain\n"
    "    UpdateReplacePolicy: Retain\n"
    "    Properties:\n"
    "      EnableKeyRotation: true\n"
    "      KeyPolicy:\n"
    "        Version: '2012-10-17'\n"
    "        Statement:\n"
    "          - Effect: Allow\n"
    "            Principal:\n"
    "              AWS: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:root\n"
    "            Action: kms:*\n"
    "            Resource: '*'\n"
    "  A:\n"
    "    Type: AWS::SecretsManager::Secret\n"
    "    DeletionPolicy: Retain\n"
    "    UpdateReplacePolicy: Retain\n"
    "    Properties:\n"
    "      KmsKeyId: !Ref Key\n"
    "      GenerateSecretString: {PasswordLength: 32}\n"
    "  B:\n"
    "    Type: AWS::SecretsManager::Secret\n"
    "    DeletionPolicy: Retain\n"
    "    UpdateReplacePolicy: Retain\n"
    "    Properties:\n"
    "      KmsKeyId: !Ref Key\n"
    "      GenerateSecretString: {PasswordLength: 32}\n";

TEST(fixes_reach_a_fixed_point_and_share_a_parameter)
{
    struct sr_result r;
    lint(&r, two_functions);
    CHECK_INT(count_rule(&r, "SR101"), 2);
    struct sr_fix_outcome o;
    CHECK_INT(sr_fix_result(&r, &C, SR_FIX_UNSAFE_OK, &o), 0);
    CHECK_INT(o.fixed, 2);
    CHECK_INT(o.failed, 0);
    CHECK_INT(o.nfiles, 2);
    CHECK(o.final_valid);
    CHECK_INT(o.final.nfindings, 0);
    /* One new topic for both alarms (no new required parameter), one
     * switch for both schedules. */
    CHECK_INT(count_str(o.new_text, "\n  RotationAlarmTopic:\n"), 1);
    CHECK_INT(count_str(o.new_text, "- !Ref RotationAlarmTopic\n"), 2);
    CHECK(strstr(o.new_text, "RotationAlarmTopicArn") == NULL);
    CHECK_INT(count_str(o.new_text, "\n  EnableSecretRotation:\n"), 1);
    CHECK(strstr(o.new_text, "\n  ARotationSchedule:\n") != NULL);
    CHECK(strstr(o.new_text, "\n  BRotationSchedule:\n") != NULL);
    /* Every input line is still there, in order. */
    CHECK(lines_kept(two_functions, o.new_text));
    /* A second run changes nothing. */
    struct sr_result r2;
    lint(&r2, o.new_text);
    struct sr_fix_outcome o2;
    sr_fix_result(&r2, &C, SR_FIX_UNSAFE_OK, &o2);
    CHECK_INT(o2.fixed, 0);
    CHECK_INT(o2.nnotes, 0);
    CHECK(o2.new_len == r2.len && memcmp(o2.new_text, r2.text, r2.len) == 0);
    sr_fix_outcome_release(&o2);
    sr_result_release(&r2);
    sr_fix_outcome_release(&o);
    sr_result_release(&r);
}

TEST(new_ids_never_collide)
{
    /* ARotationSchedule is taken by something else. */
    char text[4096];
    snprintf(text, sizeof(text),
             "%s  ARotationSchedule:\n    Type: AWS::SNS::Topic\n"
             "  ARotationFunctionRole:\n    Type: AWS::SNS::Topic\n",
             two_functions);
    struct sr_result r;
    lint(&r, text);
    struct sr_fix_outcome o;
    sr_fix_result(&r, &C, SR_FIX_UNSAFE_OK, &o);
    CHECK_INT(o.failed, 0);
    CHECK(strstr(o.new_text, "\n  ARotationSchedule2:\n") != NULL);
    /* SAM would name the function's role ARotationFunctionRole: taken, so
     * the function gets an explicit role. */
    CHECK(strstr(o.new_text, "Role: !GetAtt ARotationRole.Arn") != NULL);
    CHECK(o.final_valid && o.final.nfindings == 0);
    sr_fix_outcome_release(&o);
    sr_result_release(&r);
}

TEST(conflicting_fixes_of_one_schedule_settle_over_passes)
{
    /* SR103 deletes AutomaticallyAfterDays, SR102 wants to change it. */
    const char *text = "Resources:\n"
                       "  S:\n"
                       "    Type: AWS::SecretsManager::RotationSchedule\n"
                       "    Properties:\n"
                       "      SecretId: arn:aws:secretsmanager:us-east-1:123456789012:secret:x\n"
                       "      RotationLambdaARN: arn:aws:lambda:us-east-1:123456789012:function:f\n"
                       "      RotationRules:\n"
                       "        AutomaticallyAfterDays: 400\n"
                       "        ScheduleExpression: rate(400 days)\n";
    struct sr_result r;
    lint(&r, text);
    CHECK(count_rule(&r, "SR103") == 1);
    CHECK(count_rule(&r, "SR102") >= 1);
    struct sr_fix_outcome o;
    sr_fix_result(&r, &C, SR_FIX_UNSAFE_OK, &o);
    CHECK(o.final_valid);
    CHECK_INT(count_rule(&o.final, "SR103"), 0);
    CHECK_INT(count_rule(&o.final, "SR102"), 0);
    CHECK(strstr(o.new_text, "AutomaticallyAfterDays") == NULL);
    CHECK(strstr(o.new_text, "ScheduleExpression: rate(90 days)") != NULL);
    sr_fix_outcome_release(&o);
    sr_result_release(&r);
}

static const char retained[] = "Resources:\n"
                               "  K:\n"
                               "    Type: AWS::SNS::Topic\n"
                               "    Properties:\n"
                               "      TopicName: a\n"
                               "      Tags: [{Key: k, Value: v}]\n"
                               "  Lit: |\n"
                               "    two\n"
                               "    lines\n";

/* No fix edits a mapping that holds a duplicate key (SR002): one pass would
 * fix the value beside one key and the next pass the other. */
static size_t fixed_count(const char *text, const char **detail)
{
    struct sr_result r;
    lint(&r, text);
    struct sr_fix_outcome out;
    CHECK_INT(sr_fix_result(&r, &C, SR_FIX_UNSAFE_OK, &out), 0);
    size_t n = out.fixed;
    *detail = NULL;
    for (size_t i = 0; i < out.nnotes; i++)
        if (!strcmp(out.notes[i].rule, "SR321") && out.notes[i].detail && !*detail)
            *detail = sr_xstrdup(out.notes[i].detail);
    if (n == 0)
        CHECK(out.new_len == r.len && memcmp(out.new_text, r.text, r.len) == 0);
    sr_fix_outcome_release(&out);
    sr_result_release(&r);
    return n;
}

TEST(no_fix_inside_a_mapping_with_a_duplicate_key)
{
    static const char head[] = "Parameters:\n"
                               "  DbPassword: {Type: String, NoEcho: true}\n"
                               "Resources:\n"
                               "  Db:\n"
                               "    Type: AWS::RDS::DBInstance\n"
                               "    DeletionPolicy: Snapshot\n"
                               "    UpdateReplacePolicy: Snapshot\n"
                               "    Properties:\n"
                               "      Engine: postgres\n"
                               "      DBInstanceClass: db.t4g.micro\n"
                               "      AllocatedStorage: '20'\n"
                               "      StorageEncrypted: true\n"
                               "      MasterUsername: app\n"
                               "      MasterUserPassword: !Ref DbPassword\n";
    char dup[1024];
    snprintf(dup, sizeof(dup), "%s      MasterUserPassword: !Ref DbPassword\n", head);
    const char *detail = NULL;
    CHECK(fixed_count(head, &detail) >= 1); /* the same template without the duplicate */
    free((void *)detail);
    CHECK_INT(fixed_count(dup, &detail), 0);
    CHECK(detail && strstr(detail, "duplicate key (SR002)"));
    free((void *)detail);
}

TEST(verification_refuses_text_that_does_not_parse)
{
    struct sr_result r;
    lint(&r, retained);
    CHECK(r.loaded);
    struct sr_arena a;
    sr_arena_init(&a);
    struct sr_fixer fx;
    sr_fixer_init(&fx, &a, &r, &C);
    struct sr_fix fix;
    memset(&fix, 0, sizeof(fix));
    /* A literal block scalar copied into a flow list cannot parse. */
    const struct sr_node *tags = sr_path(r.doc.root, "Resources/K/Properties/Tags");
    const struct sr_node *lit = sr_path(r.doc.root, "Resources/Lit");
    CHECK(tags && lit);
    sr_fix_append(&fx, &fix, tags, sr_fv_raw(&a, lit));
    struct sr_fix *fixes[] = {&fix};
    struct sr_result after;
    const char *why = NULL;
    CHECK_INT(sr_fix_apply(&a, &r, &C, fixes, 1, &after, &why), -1);
    CHECK(why && strstr(why, "would not parse"));
    sr_arena_release(&a);
    sr_result_release(&r);
}

TEST(verification_refuses_a_new_finding)
{
    const char *text = "Resources:\n"
                       "  S:\n"
                       "    Type: AWS::SecretsManager::Secret\n"
                       "    DeletionPolicy: Retain\n"
                       "    UpdateReplacePolicy: Retain\n"
                       "    Properties:\n"
                       "      KmsKeyId: arn:aws:kms:us-east-1:123456789012:key/1\n"
                       "      GenerateSecretString: {PasswordLength: 40}\n"
                       "  Db:\n"
                       "    Type: AWS::RDS::DBInstance\n"
                       "    DeletionPolicy: Retain\n"
                       "    Properties: {Engine: mysql}\n"
                       "  Attach:\n"
                       "    Type: AWS::SecretsManager::SecretTargetAttachment\n"
                       "    Properties:\n"
                       "      SecretId: !Ref S\n"
                       "      TargetId: !Ref Db\n"
                       "      TargetType: AWS::RDS::DBInstance\n";
    struct sr_result r;
    lint(&r, text);
    size_t before = count_rule(&r, "SR311");
    CHECK_INT(before, 0);
    struct sr_arena a;
    sr_arena_init(&a);
    struct sr_fixer fx;
    sr_fixer_init(&fx, &a, &r, &C);
    struct sr_fix fix;
    memset(&fix, 0, sizeof(fix));
    sr_fix_delete(&fx, &fix, sr_path(r.doc.root, "Resources/S"), "DeletionPolicy");
    struct sr_fix *fixes[] = {&fix};
    struct sr_result after;
    const char *why = NULL;
    CHECK_INT(sr_fix_apply(&a, &r, &C, fixes, 1, &after, &why), -1);
    CHECK(why && strstr(why, "would add SR311"));
    /* A harmless edit verifies and returns the new text. */
    struct sr_fix ok;
    memset(&ok, 0, sizeof(ok));
    sr_fix_set(&fx, &ok, sr_path(r.doc.root, "Resources/S/Properties"), "Description",
               sr_fv_str(&a, "kept: as it is"));
    struct sr_fix *oks[] = {&ok};
    CHECK_INT(sr_fix_apply(&a, &r, &C, oks, 1, &after, &why), 0);
    CHECK(strstr(after.text, "      Description: 'kept: as it is'\n") != NULL);
    sr_result_release(&after);
    sr_arena_release(&a);
    sr_result_release(&r);
}

TEST(edit_for_sarif_is_byte_exact)
{
    const char *text = "Resources:\n"
                       "  Sched:\n"
                       "    Type: AWS::SecretsManager::RotationSchedule\n"
                       "    Properties:\n"
                       "      SecretId: arn:aws:secretsmanager:us-east-1:123456789012:secret:x\n"
                       "      RotationLambdaARN: arn:aws:lambda:us-east-1:123456789012:function:f\n"
                       "      RotationRules:\n"
                       "        AutomaticallyAfterDays: 30\n"
                       "        ScheduleExpression: rate(30 days)\n";
    struct sr_result r;
    lint(&r, text);
    const struct sr_finding *f = NULL;
    for (size_t i = 0; i < r.nfindings; i++)
        if (!strcmp(r.findings[i]->rule->id, "SR103"))
            f = r.findings[i];
    CHECK(f != NULL);
    CHECK(sr_fix_edits(&r, &C) >= 1);
    CHECK(f->edit != NULL);
    const struct sr_fix_edit e = *f->edit;
    CHECK_INT(e.nsplices, 1);
    CHECK(e.description && strstr(e.description, "AutomaticallyAfterDays"));
    /* Deleting exactly the line "        AutomaticallyAfterDays: 30\n". */
    const char *line = strstr(text, "        AutomaticallyAfterDays");
    CHECK_INT(e.splices[0].start, line - text);
    CHECK_INT(e.splices[0].end, line - text + strlen("        AutomaticallyAfterDays: 30\n"));
    CHECK_INT(e.splices[0].len, 0);
    CHECK(e.new_file == NULL);
    /* A finding of a rule without a fix has no edit. */
    for (size_t i = 0; i < r.nfindings; i++)
        if (!r.findings[i]->rule->plan)
            CHECK(r.findings[i]->edit == NULL);
    sr_result_release(&r);
}

TEST(edit_for_sarif_names_the_new_handler_file)
{
    struct sr_result r;
    lint(&r, two_functions);
    const struct sr_finding *f = NULL;
    for (size_t i = 0; i < r.nfindings && !f; i++)
        if (!strcmp(r.findings[i]->rule->id, "SR101"))
            f = r.findings[i];
    CHECK(f != NULL);
    sr_fix_edits(&r, &C);
    CHECK(f->edit != NULL);
    const struct sr_fix_edit e = *f->edit;
    CHECK(e.nsplices >= 1);
    CHECK_STR(e.new_file, "rotation/A/lambda_function.py");
    CHECK(e.new_file_text && strstr(e.new_file_text, "def finish_secret("));
    for (size_t i = 1; i < e.nsplices; i++)
        CHECK(e.splices[i].start >= e.splices[i - 1].end);
    sr_result_release(&r);
}

int main(void)
{
    sr_config_defaults(&C);
    RUN(fixes_reach_a_fixed_point_and_share_a_parameter);
    RUN(new_ids_never_collide);
    RUN(conflicting_fixes_of_one_schedule_settle_over_passes);
    RUN(no_fix_inside_a_mapping_with_a_duplicate_key);
    RUN(verification_refuses_text_that_does_not_parse);
    RUN(verification_refuses_a_new_finding);
    RUN(edit_for_sarif_is_byte_exact);
    RUN(edit_for_sarif_names_the_new_handler_file);
    return CHECK_DONE();
}
