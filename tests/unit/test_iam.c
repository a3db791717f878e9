/*
 * test_iam.c - the IAM model: statements from every policy source, values
 * resolved to resources, SAM policy templates and implicit roles, and
 * sr_iam_can() with wildcards, Deny, conditions and unknown policies.
 */
#include <string.h>

#include "check.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>

#include "config.h"
#include "lint.h"
#include "iam.h"
#include "iamaction.h"

static struct sr_arena A;
static struct sr_doc D;
static struct sr_error E;
static struct sr_graph G;
static struct sr_iam_model *M;

static int build(const char *text)
{
    sr_iam_free(M);
    sr_iam_drop(&G);
    sr_arena_release(&A);
    sr_arena_init(&A);
    M = NULL;
    if (sr_load(&A, "t", text, strlen(text), &D, &E) < 0)
        return -1;
    sr_graph_build(&A, &D, &G);
    M = sr_iam_build(&G);
    return 0;
}

static struct sr_resource *R(const char *id)
{
    return sr_graph_find(&G, id);
}

static enum sr_tri fcan(const char *fn, const char *action, const char *target)
{
    struct sr_iam_target t = {target ? R(target) : NULL, NULL};
    return sr_iam_function_can(M, R(fn), action, &t);
}

static enum sr_tri rcan(const char *role, const char *action, const char *target)
{
    struct sr_iam_target t = {target ? R(target) : NULL, NULL};
    return sr_iam_can(M, R(role), action, &t);
}

/* The first statement of the first policy owned by resource id. */
static const struct sr_iam_stmt *first_stmt(const char *id, enum sr_iam_source src)
{
    for (size_t i = 0; i < M->policies.n; i++) {
        const struct sr_iam_policy *p = M->policies.v[i];
        if (p->owner == R(id) && p->source == src && p->stmts.n)
            return p->stmts.v[0];
    }
    return NULL;
}

static const char seed[] = "Resources:\n"
                           "  DatabaseSecret:\n"
                           "    Type: AWS::SecretsManager::Secret\n"
                           "  RotationSchedule:\n"
                           "    Type: AWS::SecretsManager::RotationSchedule\n"
                           "    Properties:\n"
                           "      SecretId: !Ref DatabaseSecret\n"
                           "      RotationLambdaARN: !GetAtt RotationLambda.Arn\n"
                           "  RotationLambda:\n"
                           "    Type: AWS::Lambda::Function\n"
                           "    Properties:\n"
                           "      Role: !GetAtt RotationLambdaRole.Arn\n"
                           "  RotationLambdaRole:\n"
                           "    Type: AWS::IAM::Role\n"
                           "    Properties:\n"
                           "      AssumeRolePolicyDocument:\n"
                           "        Version: '2012-10-17'\n"
                           "        Statement:\n"
                           "          - Effect: Allow\n"
                           "            Principal:\n"
                           "              Service: lambda.amazonaws.com\n"
                           "            Action: sts:AssumeRole\n"
                           "      Policies:\n"
                           "        - PolicyName: SecretsRotationPolicy\n"
                           "          PolicyDocument:\n"
                           "            Version: '2012-10-17'\n"
                           "            Statement:\n"
                           "              - Effect: Allow\n"
                           "                Action:\n"
                           "                  - secretsmanager:DescribeSecret\n"
                           "                  - secretsmanager:GetSecretValue\n"
                           "                  - secretsmanager:PutSecretValue\n"
                           "                  - secretsmanager:UpdateSecretVersionStage\n"
                           "                Resource: !Ref DatabaseSecret\n";

TEST(seed_role)
{
    CHECK_INT(build(seed), 0);
    CHECK_INT(fcan("RotationLambda", "secretsmanager:PutSecretValue", "DatabaseSecret"), SR_YES);
    CHECK_INT(fcan("RotationLambda", "SecretsManager:getsecretvalue", "DatabaseSecret"), SR_YES);
    CHECK_INT(fcan("RotationLambda", "secretsmanager:DeleteSecret", "DatabaseSecret"), SR_NO);
    CHECK_INT(fcan("RotationLambda", "secretsmanager:GetRandomPassword", NULL), SR_NO);
    CHECK_INT(sr_iam_rotation_missing(M, R("RotationLambda"), R("DatabaseSecret")),
              sr_iam_sm_with(SR_SMA_ROTATION_ANY));
    CHECK_INT(sr_iam_rotation_kms_missing(M, R("RotationLambda"), R("DatabaseSecret"), NULL, NULL),
              0);
    const struct sr_iam_stmt *s = first_stmt("RotationLambdaRole", SR_IAM_ROLE_INLINE);
    CHECK(s != NULL);
    if (!s)
        return;
    CHECK_INT(s->nactions, 4);
    CHECK_INT(sr_node_pos(&D, s->actions[0].node).line, 30);
    CHECK_INT(sr_node_pos(&D, s->actions[0].node).col, 21);
    CHECK_INT(s->nresources, 1);
    CHECK_INT(s->resources[0].scope, SR_SCOPE_RESOURCE);
    CHECK(s->resources[0].res == R("DatabaseSecret"));
    CHECK_INT(sr_node_pos(&D, s->resources[0].node).line, 34);
    /* The trust policy. */
    const struct sr_iam_role *e = sr_iam_role_of(M, R("RotationLambdaRole"));
    CHECK(e && e->trust && e->trust->stmts.n == 1);
    if (e && e->trust && e->trust->stmts.n) {
        const struct sr_iam_stmt *t = e->trust->stmts.v[0];
        CHECK_INT(t->nprincipals, 1);
        CHECK_INT(t->principals[0].ptype, SR_PRIN_SERVICE);
        CHECK_STR(t->principals[0].text, "lambda.amazonaws.com");
    }
}

static const char sam_rotation[] = "Transform: AWS::Serverless-2016-10-31\n"
                                   "Resources:\n"
                                   "  Secret:\n"
                                   "    Type: AWS::SecretsManager::Secret\n"
                                   "  Schedule:\n"
                                   "    Type: AWS::SecretsManager::RotationSchedule\n"
                                   "    Properties:\n"
                                   "      SecretId: !Ref Secret\n"
                                   "      RotationLambdaARN: !GetAtt Named.Arn\n"
                                   "  Schedule2:\n"
                                   "    Type: AWS::SecretsManager::RotationSchedule\n"
                                   "    Properties:\n"
                                   "      SecretId: !Ref Secret2\n"
                                   "      RotationLambdaARN: !GetAtt Unnamed.Arn\n"
                                   "  Secret2:\n"
                                   "    Type: AWS::SecretsManager::Secret\n"
                                   "  Named:\n"
                                   "    Type: AWS::Serverless::Function\n"
                                   "    Properties:\n"
                                   "      FunctionName: my-rotator\n"
                                   "      Policies:\n"
                                   "        - AWSSecretsManagerRotationPolicy:\n"
                                   "            FunctionName: my-rotator\n"
                                   "  Unnamed:\n"
                                   "    Type: AWS::Serverless::Function\n"
                                   "    Properties:\n"
                                   "      Tracing: Active\n"
                                   "      Policies:\n"
                                   "        - AWSSecretsManagerRotationPolicy:\n"
                                   "            FunctionName: Unnamed\n"
                                   "        - AWSSecretsManagerGetSecretValuePolicy:\n"
                                   "            SecretArn: !Ref Secret2\n";

TEST(sam_rotation_policy_condition)
{
    CHECK_INT(build(sam_rotation), 0);
    CHECK(R("NamedRole") && R("NamedRole")->implicit);
    CHECK_INT(fcan("Named", "secretsmanager:PutSecretValue", "Secret"), SR_YES);
    CHECK_INT(fcan("Named", "secretsmanager:UpdateSecretVersionStage", "Secret"), SR_YES);
    CHECK_INT(fcan("Named", "secretsmanager:GetRandomPassword", NULL), SR_YES);
    /* Secret2 is rotated by Unnamed, not by my-rotator. */
    CHECK_INT(fcan("Named", "secretsmanager:PutSecretValue", "Secret2"), SR_NO);
    /* The logical id is not the generated name: the condition never holds. */
    CHECK_INT(fcan("Unnamed", "secretsmanager:PutSecretValue", "Secret2"), SR_NO);
    CHECK_INT(fcan("Unnamed", "secretsmanager:GetSecretValue", "Secret2"), SR_YES);
    CHECK_INT(fcan("Unnamed", "secretsmanager:GetSecretValue", "Secret"), SR_NO);
    /* Implicit role: basic execution and X-Ray, no VPC. */
    CHECK_INT(fcan("Unnamed", "logs:PutLogEvents", NULL), SR_YES);
    CHECK_INT(fcan("Unnamed", "xray:PutTraceSegments", NULL), SR_YES);
    CHECK_INT(fcan("Named", "xray:PutTraceSegments", NULL), SR_NO);
    CHECK_INT(fcan("Unnamed", "ec2:CreateNetworkInterface", NULL), SR_NO);
    /* What the wrong FunctionName withholds is not counted as missing. */
    CHECK_INT(sr_iam_rotation_missing(M, R("Unnamed"), R("Secret2")), 0);
    CHECK_INT(sr_iam_rotation_missing(M, R("Named"), R("Secret")), 0);
    /* Expanded statements point at the template entry / its parameter. */
    const struct sr_iam_stmt *s = first_stmt("Unnamed", SR_IAM_SAM_TEMPLATE);
    CHECK(s != NULL);
    if (s) {
        CHECK_INT(sr_node_pos(&D, s->action_key).line, 29);
        CHECK_INT(s->nconds, 1);
        CHECK_INT(sr_node_pos(&D, s->conds[0].node).line, 30);
        CHECK_STR(s->conds[0].values[0].text, "arn:\x02:lambda:\x02:\x02:function:Unnamed");
        int found;
        CHECK_INT(sr_iam_rotation_cond(s, R("Unnamed"), &found), SR_NO);
        CHECK_INT(found, 1);
    }
}

TEST(rotation_cond_by_ref)
{
    CHECK_INT(build("Transform: AWS::Serverless-2016-10-31\n"
                    "Resources:\n"
                    "  S:\n"
                    "    Type: AWS::SecretsManager::Secret\n"
                    "  Sch:\n"
                    "    Type: AWS::SecretsManager::RotationSchedule\n"
                    "    Properties: {SecretId: !Ref S, RotationLambdaARN: !GetAtt F.Arn}\n"
                    "  F:\n"
                    "    Type: AWS::Serverless::Function\n"
                    "    Properties:\n"
                    "      Policies:\n"
                    "        - AWSSecretsManagerRotationPolicy: {FunctionName: !Ref F}\n"
                    "  G:\n"
                    "    Type: AWS::Serverless::Function\n"
                    "    Properties:\n"
                    "      Policies:\n"
                    "        - AWSSecretsManagerRotationPolicy: {FunctionName: !GetAtt F.Arn}\n"),
              0);
    CHECK_INT(fcan("F", "secretsmanager:PutSecretValue", "S"), SR_YES);
    /* An ARN inside the function ARN pattern never matches. */
    CHECK_INT(fcan("G", "secretsmanager:PutSecretValue", "S"), SR_NO);
}

TEST(deny_wins)
{
    CHECK_INT(build("Resources:\n"
                    "  S:\n"
                    "    Type: AWS::SecretsManager::Secret\n"
                    "  Role:\n"
                    "    Type: AWS::IAM::Role\n"
                    "    Properties:\n"
                    "      Policies:\n"
                    "        - PolicyName: p\n"
                    "          PolicyDocument:\n"
                    "            Statement:\n"
                    "              - {Effect: Allow, Action: 'secretsmanager:*', Resource: '*'}\n"
                    "              - Effect: Deny\n"
                    "                Action: [secretsmanager:Delete*]\n"
                    "                Resource: !Sub '${S}*'\n"
                    "              - Effect: Deny\n"
                    "                Action: secretsmanager:PutResourcePolicy\n"
                    "                Resource: '*'\n"
                    "                Condition: {Bool: {aws:MultiFactorAuthPresent: 'false'}}\n"),
              0);
    CHECK_INT(rcan("Role", "secretsmanager:GetSecretValue", "S"), SR_YES);
    CHECK_INT(rcan("Role", "secretsmanager:DeleteSecret", "S"), SR_NO);
    CHECK_INT(rcan("Role", "secretsmanager:PutResourcePolicy", "S"), SR_MAYBE);
    const struct sr_iam_stmt *s = first_stmt("Role", SR_IAM_ROLE_INLINE);
    CHECK(s && sr_node_pos(&D, s->actions[0].node).line == 11 &&
          sr_node_pos(&D, s->actions[0].node).col == 41);
    CHECK(s && s->resources[0].scope == SR_SCOPE_ALL);
}

/* Actions written without wildcards match the action they spell in any
 * case and nothing else; NotAction turns that around. */
TEST(literal_actions)
{
    CHECK_INT(
        build("Resources:\n"
              "  S:\n"
              "    Type: AWS::SecretsManager::Secret\n"
              "  Role:\n"
              "    Type: AWS::IAM::Role\n"
              "    Properties:\n"
              "      Policies:\n"
              "        - PolicyName: p\n"
              "          PolicyDocument:\n"
              "            Statement:\n"
              "              - Effect: Allow\n"
              "                Action: [SecretsManager:getsecretvalue, secretsmanager:Describe]\n"
              "                Resource: '*'\n"
              "  Other:\n"
              "    Type: AWS::IAM::Role\n"
              "    Properties:\n"
              "      Policies:\n"
              "        - PolicyName: p\n"
              "          PolicyDocument:\n"
              "            Statement:\n"
              "              - {Effect: Allow, NotAction: secretsmanager:DeleteSecret, Resource: "
              "'*'}\n"),
        0);
    CHECK_INT(rcan("Role", "secretsmanager:GetSecretValue", "S"), SR_YES);
    CHECK_INT(rcan("Role", "secretsmanager:GetSecretValues", "S"), SR_NO);
    CHECK_INT(rcan("Role", "secretsmanager:GetSecretValu", "S"), SR_NO);
    CHECK_INT(rcan("Role", "secretsmanager:DescribeSecret", "S"), SR_NO);
    CHECK_INT(rcan("Role", "secretsmanager:PutSecretValue", "S"), SR_NO);
    const struct sr_iam_stmt *s = first_stmt("Role", SR_IAM_ROLE_INLINE);
    CHECK(s && s->nactions == 2 && s->actions[0].literal == 30 && s->actions[1].literal == 24);
    CHECK(s && sr_iam_stmt_action(s, NULL) == SR_NO);
    CHECK_INT(rcan("Other", "secretsmanager:DeleteSecret", "S"), SR_NO);
    CHECK_INT(rcan("Other", "secretsmanager:deletesecret", "S"), SR_NO);
    CHECK_INT(rcan("Other", "secretsmanager:PutSecretValue", "S"), SR_YES);
}

TEST(values_resolved)
{
    CHECK_INT(
        build("Resources:\n"
              "  S:\n"
              "    Type: AWS::SecretsManager::Secret\n"
              "    Properties: {Name: app/db}\n"
              "  T:\n"
              "    Type: AWS::SecretsManager::SecretTargetAttachment\n"
              "    Properties: {SecretId: !Ref S}\n"
              "  P:\n"
              "    Type: AWS::IAM::Policy\n"
              "    Properties:\n"
              "      Roles: [!Ref Role]\n"
              "      PolicyDocument:\n"
              "        Statement:\n"
              "          - Effect: Allow\n"
              "            Action: secretsmanager:GetSecretValue\n"
              "            Resource:\n"
              "              - !Sub '${S}*'\n"
              "              - !Ref T\n"
              "              - !Join ['', ['arn:', !Ref 'AWS::Partition', "
              "':secretsmanager:', !Ref 'AWS::Region', ':', !Ref 'AWS::AccountId', "
              "':secret:*']]\n"
              "              - arn:aws:secretsmanager:us-east-1:123456789012:secret:app/db-*\n"
              "              - !Sub 'arn:${AWS::Partition}:secretsmanager:${AWS::Region}:"
              "${AWS::AccountId}:secret:${Name}-*'\n"
              "              - arn:aws:secretsmanager:us-east-1:123456789012:secret:other\n"
              "  Role:\n"
              "    Type: AWS::IAM::Role\n"
              "Parameters:\n"
              "  Name: {Type: String}\n"),
        0);
    const struct sr_iam_stmt *s = first_stmt("P", SR_IAM_POLICY);
    CHECK(s != NULL);
    if (!s)
        return;
    CHECK_INT(s->nresources, 6);
    CHECK_INT(s->resources[0].scope, SR_SCOPE_RESOURCE);
    CHECK(s->resources[0].res == R("S"));
    CHECK_INT(s->resources[1].scope, SR_SCOPE_RESOURCE);
    CHECK(s->resources[1].res == R("S")); /* an attachment's Ref is its secret */
    CHECK_INT(s->resources[2].scope, SR_SCOPE_PATTERN);
    CHECK(sr_iam_value_is_all(&s->resources[2], "secretsmanager", "secret:*"));
    CHECK(!sr_iam_value_is_all(&s->resources[3], "secretsmanager", "secret:*"));
    CHECK(!sr_iam_value_is_all(&s->resources[4], "secretsmanager", "secret:*"));
    struct sr_iam_target t = {R("S"), NULL};
    CHECK_INT(sr_iam_value_covers(&s->resources[2], &t), SR_YES);
    CHECK_INT(sr_iam_value_covers(&s->resources[3], &t), SR_YES);
    CHECK_INT(sr_iam_value_covers(&s->resources[4], &t), SR_MAYBE);
    CHECK_INT(sr_iam_value_covers(&s->resources[5], &t), SR_NO);
    struct sr_iam_target star = {NULL, NULL};
    CHECK_INT(sr_iam_value_covers(&s->resources[0], &star), SR_NO);
    CHECK_INT(rcan("Role", "secretsmanager:GetSecretValue", "S"), SR_YES);
    CHECK_INT(rcan("Role", "secretsmanager:PutSecretValue", "S"), SR_NO);
}

TEST(kms_and_key_policy)
{
    CHECK_INT(build("Transform: AWS::Serverless-2016-10-31\n"
                    "Resources:\n"
                    "  Key:\n"
                    "    Type: AWS::KMS::Key\n"
                    "    Properties:\n"
                    "      KeyPolicy:\n"
                    "        Statement:\n"
                    "          - Effect: Allow\n"
                    "            Principal: {AWS: !GetAtt FnRole.Arn}\n"
                    "            Action: kms:GenerateDataKey*\n"
                    "            Resource: '*'\n"
                    "  Other:\n"
                    "    Type: AWS::KMS::Key\n"
                    "  Fn:\n"
                    "    Type: AWS::Serverless::Function\n"
                    "    Properties:\n"
                    "      VpcConfig: {SubnetIds: [a], SecurityGroupIds: [b]}\n"
                    "      Policies:\n"
                    "        - KMSDecryptPolicy: {KeyId: !Ref Key}\n"),
              0);
    CHECK_INT(fcan("Fn", "kms:Decrypt", "Key"), SR_YES);
    CHECK_INT(fcan("Fn", "kms:Decrypt", "Other"), SR_NO);
    CHECK_INT(fcan("Fn", "kms:GenerateDataKey", "Key"), SR_YES); /* by the key policy */
    CHECK_INT(fcan("Fn", "kms:GenerateDataKey", "Other"), SR_NO);
    CHECK_INT(fcan("Fn", "ec2:CreateNetworkInterface", NULL), SR_YES);
    /* A rotated secret under each key. */
    CHECK_INT(build("Transform: AWS::Serverless-2016-10-31\n"
                    "Resources:\n"
                    "  Key:\n"
                    "    Type: AWS::KMS::Key\n"
                    "  S:\n"
                    "    Type: AWS::SecretsManager::Secret\n"
                    "    Properties: {KmsKeyId: !Ref Key}\n"
                    "  L:\n"
                    "    Type: AWS::SecretsManager::Secret\n"
                    "    Properties: {KmsKeyId: 'arn:aws:kms:us-east-1:111122223333:key/k1'}\n"
                    "  SS:\n"
                    "    Type: AWS::SecretsManager::RotationSchedule\n"
                    "    Properties: {SecretId: !Ref S, RotationLambdaARN: !GetAtt Fn.Arn}\n"
                    "  LS:\n"
                    "    Type: AWS::SecretsManager::RotationSchedule\n"
                    "    Properties: {SecretId: !Ref L, RotationLambdaARN: !GetAtt Fn.Arn}\n"
                    "  Fn:\n"
                    "    Type: AWS::Serverless::Function\n"
                    "    Properties:\n"
                    "      Policies:\n"
                    "        - KMSDecryptPolicy: {KeyId: !Ref Key}\n"
                    "        - Statement: [{Effect: Allow, Action: 'kms:*', Resource: "
                    "'arn:aws:kms:us-east-1:111122223333:alias/other'}]\n"),
              0);
    const struct sr_resource *key = NULL;
    const char *arn = NULL;
    CHECK_INT(sr_iam_rotation_kms_missing(M, R("Fn"), R("S"), &key, &arn), 2);
    CHECK(key == R("Key") && arn == NULL);
    /* Decrypt on the template's key may be that literal ARN: not surely missing. */
    CHECK_INT(sr_iam_rotation_kms_missing(M, R("Fn"), R("L"), &key, &arn), 2);
    CHECK(key == NULL && arn && !strcmp(arn, "arn:aws:kms:us-east-1:111122223333:key/k1"));
}

TEST(managed_and_unknown)
{
    CHECK_INT(build("Resources:\n"
                    "  S:\n"
                    "    Type: AWS::SecretsManager::Secret\n"
                    "  Admin:\n"
                    "    Type: AWS::IAM::Role\n"
                    "    Properties:\n"
                    "      ManagedPolicyArns:\n"
                    "        - !Sub arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess\n"
                    "  Power:\n"
                    "    Type: AWS::IAM::Role\n"
                    "    Properties:\n"
                    "      ManagedPolicyArns: [arn:aws:iam::aws:policy/PowerUserAccess]\n"
                    "  Custom:\n"
                    "    Type: AWS::IAM::Role\n"
                    "    Properties:\n"
                    "      ManagedPolicyArns: [arn:aws:iam::123456789012:policy/Mine]\n"
                    "  Local:\n"
                    "    Type: AWS::IAM::Role\n"
                    "    Properties:\n"
                    "      ManagedPolicyArns: [!Ref MP]\n"
                    "  MP:\n"
                    "    Type: AWS::IAM::ManagedPolicy\n"
                    "    Properties:\n"
                    "      PolicyDocument:\n"
                    "        Statement:\n"
                    "          - {Effect: Allow, Action: 'secretsmanager:Describe*', Resource: "
                    "!Ref S}\n"),
              0);
    CHECK_INT(rcan("Admin", "secretsmanager:DeleteSecret", "S"), SR_YES);
    CHECK_INT(rcan("Power", "secretsmanager:GetSecretValue", "S"), SR_YES);
    CHECK_INT(rcan("Power", "iam:PassRole", NULL), SR_NO);
    CHECK_INT(rcan("Custom", "secretsmanager:GetSecretValue", "S"), SR_MAYBE);
    CHECK_INT(rcan("Local", "secretsmanager:DescribeSecret", "S"), SR_YES);
    CHECK_INT(rcan("Local", "secretsmanager:GetSecretValue", "S"), SR_NO);
    int broad = 0;
    const char *why = NULL;
    CHECK_STR(
        sr_iam_managed_lookup("arn:aws-cn:iam::aws:policy/SecretsManagerReadWrite", &broad, &why),
        "SecretsManagerReadWrite");
    CHECK_INT(broad, 1);
    CHECK(why != NULL);
    CHECK_STR(sr_iam_managed_lookup("service-role/x", &broad, NULL) ? "found" : "none", "none");
    CHECK_STR(sr_iam_managed_lookup("AWSLambdaBasicExecutionRole", &broad, NULL),
              "AWSLambdaBasicExecutionRole");
    CHECK_INT(broad, 0);
}

TEST(conditions_and_branches)
{
    CHECK_INT(build("Conditions:\n"
                    "  C: !Equals [a, b]\n"
                    "Resources:\n"
                    "  S:\n"
                    "    Type: AWS::SecretsManager::Secret\n"
                    "  Role:\n"
                    "    Type: AWS::IAM::Role\n"
                    "    Properties:\n"
                    "      Policies:\n"
                    "        - PolicyName: p\n"
                    "          PolicyDocument:\n"
                    "            Statement:\n"
                    "              - Effect: Allow\n"
                    "                Action: secretsmanager:GetSecretValue\n"
                    "                Resource: !Ref S\n"
                    "                Condition: {IpAddress: {aws:SourceIp: 10.0.0.0/8}}\n"
                    "              - !If\n"
                    "                - C\n"
                    "                - {Effect: Allow, Action: secretsmanager:PutSecretValue, "
                    "Resource: !Ref S}\n"
                    "                - !Ref AWS::NoValue\n"
                    "              - Effect: Allow\n"
                    "                NotAction: [iam:*, secretsmanager:Delete*]\n"
                    "                Resource: '*'\n"),
              0);
    CHECK_INT(rcan("Role", "secretsmanager:GetSecretValue", "S"), SR_YES); /* by NotAction */
    CHECK_INT(rcan("Role", "secretsmanager:DeleteSecret", "S"), SR_NO);
    CHECK_INT(rcan("Role", "iam:PassRole", NULL), SR_NO);
    CHECK_INT(rcan("Role", "s3:GetObject", NULL), SR_YES);
    const struct sr_iam_stmt *s = first_stmt("Role", SR_IAM_ROLE_INLINE);
    CHECK(s && s->nconds == 1 && !strcmp(s->conds[0].key, "aws:SourceIp"));
    /* Alone, the conditional statements only give MAYBE. */
    CHECK_INT(build("Conditions:\n"
                    "  C: !Equals [a, b]\n"
                    "Resources:\n"
                    "  S:\n"
                    "    Type: AWS::SecretsManager::Secret\n"
                    "  Role:\n"
                    "    Type: AWS::IAM::Role\n"
                    "    Properties:\n"
                    "      Policies:\n"
                    "        - PolicyName: p\n"
                    "          PolicyDocument:\n"
                    "            Statement:\n"
                    "              - Effect: Allow\n"
                    "                Action: secretsmanager:GetSecretValue\n"
                    "                Resource: !Ref S\n"
                    "                Condition: {IpAddress: {aws:SourceIp: 10.0.0.0/8}}\n"
                    "              - !If\n"
                    "                - C\n"
                    "                - {Effect: Allow, Action: secretsmanager:PutSecretValue, "
                    "Resource: !Ref S}\n"
                    "                - !Ref AWS::NoValue\n"),
              0);
    CHECK_INT(rcan("Role", "secretsmanager:GetSecretValue", "S"), SR_MAYBE);
    CHECK_INT(rcan("Role", "secretsmanager:PutSecretValue", "S"), SR_MAYBE);
    CHECK_INT(rcan("Role", "secretsmanager:DeleteSecret", "S"), SR_NO);
}

TEST(resource_policy_and_unreadable)
{
    CHECK_INT(build("Resources:\n"
                    "  S:\n"
                    "    Type: AWS::SecretsManager::Secret\n"
                    "  RP:\n"
                    "    Type: AWS::SecretsManager::ResourcePolicy\n"
                    "    Properties:\n"
                    "      SecretId: !Ref S\n"
                    "      ResourcePolicy:\n"
                    "        Statement:\n"
                    "          - Effect: Deny\n"
                    "            Principal: '*'\n"
                    "            Action: secretsmanager:DeleteSecret\n"
                    "            Resource: '*'\n"
                    "  Role:\n"
                    "    Type: AWS::IAM::Role\n"
                    "    Properties:\n"
                    "      Policies:\n"
                    "        - PolicyName: a\n"
                    "          PolicyDocument: {Statement: [{Effect: Allow, Action: '*', "
                    "Resource: '*'}]}\n"
                    "        - PolicyName: b\n"
                    "          PolicyDocument: '{\"Statement\": []}'\n"),
              0);
    CHECK_INT(rcan("Role", "secretsmanager:DeleteSecret", "S"), SR_NO);
    CHECK_INT(rcan("Role", "secretsmanager:GetSecretValue", "S"), SR_YES);
    const struct sr_iam_role *e = sr_iam_role_of(M, R("Role"));
    CHECK(e && e->unknown);
    CHECK_INT(rcan("Role", "x:y", NULL), SR_YES);
    CHECK_INT(rcan("Nope", "x:y", NULL), SR_MAYBE);
}

TEST(template_data)
{
    CHECK(sr_iam_sam_template_count() >= 30);
    CHECK(sr_iam_sam_template_known("AWSSecretsManagerRotationPolicy"));
    CHECK(sr_iam_sam_template_known("SSMParameterWithSlashPrefixReadPolicy"));
    CHECK(sr_iam_sam_template_known("KMSEncryptPolicy"));
    CHECK(!sr_iam_sam_template_known("NoSuchPolicy"));
    /* SecretArn '*' makes the expanded Resource "*". */
    CHECK_INT(build("Transform: AWS::Serverless-2016-10-31\n"
                    "Resources:\n"
                    "  F:\n"
                    "    Type: AWS::Serverless::Function\n"
                    "    Properties:\n"
                    "      Policies:\n"
                    "        - AWSSecretsManagerGetSecretValuePolicy:\n"
                    "            SecretArn: '*'\n"
                    "        - SSMParameterReadPolicy: {ParameterName: app/key}\n"),
              0);
    const struct sr_iam_stmt *s = first_stmt("F", SR_IAM_SAM_TEMPLATE);
    CHECK(s && s->resources[0].scope == SR_SCOPE_ALL &&
          sr_node_pos(&D, s->resources[0].node).line == 8 &&
          sr_node_pos(&D, s->resources[0].node).col == 24);
    CHECK_INT(fcan("F", "ssm:GetParameter", NULL), SR_NO);
    struct sr_iam_target t = {NULL, "arn:aws:ssm:us-east-1:123456789012:parameter/app/key"};
    CHECK_INT(sr_iam_function_can(M, R("F"), "ssm:GetParameter", &t), SR_YES);
    t.arn = "arn:aws:ssm:us-east-1:123456789012:parameter/app/other";
    CHECK_INT(sr_iam_function_can(M, R("F"), "ssm:GetParameter", &t), SR_NO);
}

TEST(sam_policy_forms)
{
    CHECK_INT(
        build("Transform: AWS::Serverless-2016-10-31\n"
              "Conditions:\n"
              "  C: !Equals [a, b]\n"
              "Parameters:\n"
              "  PolicyArn: {Type: String}\n"
              "Resources:\n"
              "  S:\n"
              "    Type: AWS::SecretsManager::Secret\n"
              "  One:\n"
              "    Type: AWS::Serverless::Function\n"
              "    Properties:\n"
              "      Policies: SecretsManagerReadWrite\n"
              "  Map:\n"
              "    Type: AWS::Serverless::Function\n"
              "    Properties:\n"
              "      Policies:\n"
              "        AWSSecretsManagerGetSecretValuePolicy:\n"
              "          SecretArn: !Sub ['${Arn}', {Arn: !Ref S}]\n"
              "  Cond:\n"
              "    Type: AWS::Serverless::Function\n"
              "    Properties:\n"
              "      Policies:\n"
              "        - !If [C, {AWSSecretsManagerGetSecretValuePolicy: {SecretArn: !Ref S}}, "
              "!Ref AWS::NoValue]\n"
              "        - !Ref PolicyArn\n"
              "  Attached:\n"
              "    Type: AWS::IAM::Policy\n"
              "    Properties:\n"
              "      Roles: [!Ref OneRole]\n"
              "      PolicyDocument:\n"
              "        Statement: {Effect: Deny, Action: 'secretsmanager:Delete*', Resource: "
              "'*'}\n"),
        0);
    /* A single managed policy name, and a Deny attached to the implicit role. */
    CHECK_INT(fcan("One", "secretsmanager:GetSecretValue", "S"), SR_YES);
    CHECK_INT(fcan("One", "secretsmanager:DeleteSecret", "S"), SR_NO);
    /* A single policy template, its parameter a two-argument Sub. */
    CHECK_INT(fcan("Map", "secretsmanager:GetSecretValue", "S"), SR_YES);
    CHECK_INT(fcan("Map", "secretsmanager:PutSecretValue", "S"), SR_NO);
    /* A template under Fn::If, and a policy ARN from a parameter: unknown. */
    CHECK_INT(fcan("Cond", "secretsmanager:GetSecretValue", "S"), SR_MAYBE);
    CHECK_INT(fcan("Cond", "secretsmanager:PutSecretValue", "S"), SR_MAYBE);
    const struct sr_iam_role *e = sr_iam_role_of(M, R("CondRole"));
    CHECK(e && e->unknown);
    /* SecretsManagerReadWrite is marked broad. */
    const struct sr_iam_role *one = sr_iam_role_of(M, R("OneRole"));
    int broad = 0;
    for (size_t i = 0; one && i < one->policies.n; i++) {
        const struct sr_iam_policy *p = one->policies.v[i];
        if (p->source == SR_IAM_AWS_MANAGED && p->broad)
            broad = p->at && sr_node_pos(&D, p->at).line == 12;
    }
    CHECK(broad);
}

TEST(principals_and_stack_values)
{
    CHECK_INT(build("Resources:\n"
                    "  S:\n"
                    "    Type: AWS::SecretsManager::Secret\n"
                    "  Role:\n"
                    "    Type: AWS::IAM::Role\n"
                    "    Properties:\n"
                    "      AssumeRolePolicyDocument:\n"
                    "        Statement:\n"
                    "          - Effect: Allow\n"
                    "            Principal:\n"
                    "              AWS: [!Sub 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root', "
                    "'*']\n"
                    "              Service: lambda.amazonaws.com\n"
                    "            Action: sts:AssumeRole\n"),
              0);
    const struct sr_iam_role *e = sr_iam_role_of(M, R("Role"));
    CHECK(e && e->trust && e->trust->stmts.n == 1);
    if (!e || !e->trust || !e->trust->stmts.n)
        return;
    const struct sr_iam_stmt *t = e->trust->stmts.v[0];
    CHECK_INT(t->nprincipals, 3);
    if (t->nprincipals != 3)
        return;
    /* The account of the stack is no wildcard. */
    CHECK_INT(t->principals[0].ptype, SR_PRIN_AWS);
    CHECK_INT(t->principals[0].scope, SR_SCOPE_PATTERN);
    CHECK(strchr(t->principals[0].text, '*') == NULL);
    CHECK_INT(t->principals[1].scope, SR_SCOPE_ALL);
    CHECK_INT(t->principals[2].ptype, SR_PRIN_SERVICE);
}

/* Every fixture's lint builds the IAM model at most once and releases it
 * after the last rule that reads it: a rule that reads the model without
 * saying so (SR_MODEL_IAM) would build it again. */
TEST(model_built_once_and_released)
{
    struct sr_config cfg;
    sr_config_defaults(&cfg);
    DIR *top = opendir("fixtures/lint");
    CHECK(top != NULL);
    size_t files = 0, built = 0;
    struct dirent *e;
    while (top && (e = readdir(top)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char dir[512];
        snprintf(dir, sizeof(dir), "fixtures/lint/%s", e->d_name);
        DIR *d = opendir(dir);
        struct dirent *f;
        while (d && (f = readdir(d)) != NULL) {
            size_t n = strlen(f->d_name);
            if (!((n > 5 && !strcmp(f->d_name + n - 5, ".yaml")) ||
                  (n > 5 && !strcmp(f->d_name + n - 5, ".json"))))
                continue;
            char path[1024];
            snprintf(path, sizeof(path), "%s/%s", dir, f->d_name);
            FILE *fp = fopen(path, "rb");
            if (!fp)
                continue;
            char *text = malloc(1 << 20);
            size_t len = text ? fread(text, 1, (1 << 20) - 1, fp) : 0;
            fclose(fp);
            if (!text)
                continue;
            text[len] = '\0';
            size_t before = sr_iam_build_count();
            struct sr_result r;
            sr_lint_text(&r, path, text, len, &cfg);
            size_t k = sr_iam_build_count() - before;
            if (k > 1)
                fprintf(stderr, "# %s: the IAM model was built %zu times\n", path, k);
            CHECK(k <= 1);
            CHECK(r.graph.iam == NULL);
            built += k;
            files++;
            sr_result_release(&r);
        }
        if (d)
            closedir(d);
    }
    if (top)
        closedir(top);
    CHECK(files > 100 && built > 20);
}

int main(void)
{
    RUN(model_built_once_and_released);
    sr_arena_init(&A);
    RUN(seed_role);
    RUN(sam_rotation_policy_condition);
    RUN(rotation_cond_by_ref);
    RUN(deny_wins);
    RUN(literal_actions);
    RUN(values_resolved);
    RUN(kms_and_key_policy);
    RUN(managed_and_unknown);
    RUN(conditions_and_branches);
    RUN(resource_policy_and_unreadable);
    RUN(template_data);
    RUN(sam_policy_forms);
    RUN(principals_and_stack_values);
    sr_iam_free(M);
    sr_iam_drop(&G);
    sr_arena_release(&A);
    return CHECK_DONE();
}
