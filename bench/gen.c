/*
 * gen.c - writes benchmark templates of N rotated secrets.
 *
 * Each secret comes with everything rotation needs: a RotationSchedule, a
 * rotation function, its least-privilege role (implicit in SAM), an invoke
 * permission for Secrets Manager and a failure alarm, so a correct linter
 * reports nothing. Output is deterministic (no clock, no randomness): the
 * same arguments always give the same bytes. It does not lint or time.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GEN_MAX_SECRETS 1000000L
#define GEN_MAX_FILES 100000L

struct gen_opts {
    long secrets; /* secrets per template */
    int sam;      /* AWS::Serverless::Function with implicit roles */
    int json;     /* JSON instead of YAML (plain CloudFormation only) */
    int bare;     /* secrets only, nothing for rotation: input for the fixer */
    int flawed;   /* five fixable flaws per secret (SR102, SR109, SR112, SR210, SR311) */
    int math;     /* alarms through metric math (Metrics), not Dimensions */
};

static void usage(FILE *out)
{
    fputs("usage: gen [--sam | --json | --bare] [--flawed] [--math-alarms] [-o FILE] N\n"
          "       gen [--sam | --json | --bare] --many COUNT DIR N\n"
          "Writes a template with N rotated secrets (about 6 resources each) to\n"
          "FILE or stdout. --many writes COUNT templates DIR/t0000.yaml ... whose\n"
          "sizes vary from N to N+4 secrets. --bare writes the secrets alone (no\n"
          "rotation: what the fixer scaffolds). --flawed (YAML) gives every secret\n"
          "five fixable findings: SR102, SR109, SR112, SR210, SR311. --math-alarms\n"
          "(YAML) watches each function through a metric-math alarm.\n",
          out);
}

/* Parses a positive decimal not above max; -1 on anything else. */
static long parse_count(const char *s, long max)
{
    char *end = NULL;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || v < 1 || v > max)
        return -1;
    return v;
}

/* ---- YAML (CloudFormation and SAM) ---------------------------------- */

static void yaml_header(FILE *f, const struct gen_opts *o)
{
    fputs("AWSTemplateFormatVersion: \"2010-09-09\"\n", f);
    if (o->sam)
        fputs("Transform: AWS::Serverless-2016-10-31\n", f);
    fprintf(f, "Description: Benchmark stack with %ld rotated API key secrets\n", o->secrets);
    fputs("\n"
          "Parameters:\n"
          "  AlarmTopicArn:\n"
          "    Type: String\n"
          "    Description: SNS topic that receives rotation failure alarms\n"
          "  RotationCodeBucket:\n"
          "    Type: String\n"
          "    Description: S3 bucket that holds the rotation function package\n"
          "  RotationCodeKey:\n"
          "    Type: String\n"
          "    Description: S3 key of the rotation function package\n"
          "    Default: rotation/api-key-rotation.zip\n"
          "\n",
          f);
    if (o->sam)
        fputs("Globals:\n"
              "  Function:\n"
              "    Runtime: python3.12\n"
              "    Handler: lambda_function.lambda_handler\n"
              "    Timeout: 60\n"
              "    Environment:\n"
              "      Variables:\n"
              "        SECRETS_MANAGER_ENDPOINT: !Sub "
              "\"https://secretsmanager.${AWS::Region}.${AWS::URLSuffix}\"\n"
              "\n",
              f);
    fputs("Resources:\n"
          "  SecretsKey:\n"
          "    Type: AWS::KMS::Key\n"
          "    DeletionPolicy: Retain\n"
          "    UpdateReplacePolicy: Retain\n"
          "    Properties:\n"
          "      Description: Encrypts the API key secrets of this stack\n"
          "      EnableKeyRotation: true\n"
          "      KeyPolicy:\n"
          "        Version: \"2012-10-17\"\n"
          "        Statement:\n"
          "          - Sid: AccountAdministration\n"
          "            Effect: Allow\n"
          "            Principal:\n"
          "              AWS: !Sub \"arn:${AWS::Partition}:iam::${AWS::AccountId}:root\"\n"
          "            Action: \"kms:*\"\n"
          "            Resource: \"*\"\n",
          f);
}

/* The rotation rules rotate through the three accepted forms. */
static void yaml_rules(FILE *f, long i, int flawed)
{
    fputs("      RotationRules:\n", f);
    if (flawed) {
        fputs("        AutomaticallyAfterDays: 400\n", f);
        return;
    }
    switch (i % 3) {
    case 0:
        fprintf(f, "        AutomaticallyAfterDays: %ld\n", 7 + i % 24);
        break;
    case 1:
        fprintf(f, "        ScheduleExpression: rate(%ld days)\n", 2 + i % 29);
        break;
    default:
        fputs("        ScheduleExpression: cron(0 4 ? * SUN *)\n"
              "        Duration: 2h\n",
              f);
        break;
    }
}

static void yaml_statements(FILE *f, const char *id, const char *indent)
{
    fprintf(f,
            "%s- Effect: Allow\n"
            "%s  Action:\n"
            "%s    - secretsmanager:DescribeSecret\n"
            "%s    - secretsmanager:GetSecretValue\n"
            "%s    - secretsmanager:PutSecretValue\n"
            "%s    - secretsmanager:UpdateSecretVersionStage\n"
            "%s  Resource: !Ref %sSecret\n"
            "%s- Effect: Allow\n"
            "%s  Action: secretsmanager:GetRandomPassword\n"
            "%s  Resource: \"*\"\n"
            "%s- Effect: Allow\n"
            "%s  Action:\n"
            "%s    - kms:Decrypt\n"
            "%s    - kms:GenerateDataKey\n"
            "%s  Resource: !GetAtt SecretsKey.Arn\n",
            indent, indent, indent, indent, indent, indent, indent, id, indent, indent, indent,
            indent, indent, indent, indent, indent);
}

static void yaml_secret(FILE *f, const struct gen_opts *o, long i)
{
    char id[32];
    snprintf(id, sizeof id, "Api%04ld", i);

    fprintf(f,
            "\n"
            "  %sSecret:\n"
            "    Type: AWS::SecretsManager::Secret\n"
            "%s"
            "    Properties:\n"
            "      Name: !Sub \"${AWS::StackName}/api/key%04ld\"\n"
            "      Description: API key %04ld of the partner gateway\n"
            "      KmsKeyId: !GetAtt SecretsKey.Arn\n"
            "      GenerateSecretString:\n"
            "        SecretStringTemplate: '{\"client\": \"partner%04ld\"}'\n"
            "        GenerateStringKey: apiKey\n"
            "        PasswordLength: %ld\n"
            "        ExcludeCharacters: '\"@/\\'\n"
            "      Tags:\n"
            "        - Key: secrot-lint:class\n"
            "          Value: api-key\n",
            id, o->flawed ? "" : "    DeletionPolicy: Retain\n    UpdateReplacePolicy: Retain\n", i,
            i, i, 32 + (i % 4) * 8);
    if (o->bare)
        return;

    fprintf(f,
            "\n"
            "  %sRotationSchedule:\n"
            "    Type: AWS::SecretsManager::RotationSchedule\n"
            "    DependsOn: %sRotationPermission\n"
            "    Properties:\n"
            "      SecretId: !Ref %sSecret\n"
            "      RotationLambdaARN: !GetAtt %sRotationFunction.Arn\n",
            id, id, id, id);
    yaml_rules(f, i, o->flawed);

    if (o->sam) {
        fprintf(f,
                "\n"
                "  %sRotationFunction:\n"
                "    Type: AWS::Serverless::Function\n"
                "    Properties:\n"
                "      Description: Rotates %sSecret\n"
                "      CodeUri:\n"
                "        Bucket: !Ref RotationCodeBucket\n"
                "        Key: !Ref RotationCodeKey\n"
                "      Policies:\n"
                "        - Version: \"2012-10-17\"\n"
                "          Statement:\n",
                id, id);
        yaml_statements(f, id, "            ");
    } else {
        fprintf(f,
                "\n"
                "  %sRotationFunction:\n"
                "    Type: AWS::Lambda::Function\n"
                "    Properties:\n"
                "      Description: Rotates %sSecret\n"
                "      Runtime: python3.12\n"
                "      Handler: lambda_function.lambda_handler\n"
                "      Timeout: %d\n"
                "      Role: !GetAtt %sRotationRole.Arn\n"
                "      Code:\n"
                "        S3Bucket: !Ref RotationCodeBucket\n"
                "        S3Key: !Ref RotationCodeKey\n"
                "      Environment:\n"
                "        Variables:\n"
                "          SECRETS_MANAGER_ENDPOINT: !Sub "
                "\"https://secretsmanager.${AWS::Region}.${AWS::URLSuffix}\"\n"
                "\n"
                "  %sRotationRole:\n"
                "    Type: AWS::IAM::Role\n"
                "    Properties:\n"
                "      AssumeRolePolicyDocument:\n"
                "        Version: \"2012-10-17\"\n"
                "        Statement:\n"
                "          - Effect: Allow\n"
                "            Principal:\n"
                "              Service: lambda.amazonaws.com\n"
                "            Action: sts:AssumeRole\n"
                "      ManagedPolicyArns:\n"
                "        - !Sub \"arn:${AWS::Partition}:iam::aws:policy/service-role/"
                "AWSLambdaBasicExecutionRole\"\n"
                "      Policies:\n"
                "        - PolicyName: rotate-%04ld\n"
                "          PolicyDocument:\n"
                "            Version: \"2012-10-17\"\n"
                "            Statement:\n",
                id, id, o->flawed ? 3 : 60, id, id, i);
        yaml_statements(f, id, "              ");
    }

    fprintf(f,
            "\n"
            "  %sRotationPermission:\n"
            "    Type: AWS::Lambda::Permission\n"
            "    Properties:\n"
            "      FunctionName: !GetAtt %sRotationFunction.Arn\n"
            "      Action: lambda:InvokeFunction\n"
            "      Principal: secretsmanager.amazonaws.com\n"
            "%s",
            id, id, o->flawed ? "" : "      SourceAccount: !Ref AWS::AccountId\n");
    if (o->flawed)
        return;
    if (o->math) {
        fprintf(f,
                "\n"
                "  %sRotationAlarm:\n"
                "    Type: AWS::CloudWatch::Alarm\n"
                "    Properties:\n"
                "      AlarmDescription: Rotation of %sSecret failed\n"
                "      EvaluationPeriods: 1\n"
                "      Threshold: 1\n"
                "      ComparisonOperator: GreaterThanOrEqualToThreshold\n"
                "      TreatMissingData: notBreaching\n"
                "      AlarmActions:\n"
                "        - !Ref AlarmTopicArn\n"
                "      Metrics:\n"
                "        - Id: errors\n"
                "          MetricStat:\n"
                "            Metric:\n"
                "              Namespace: AWS/Lambda\n"
                "              MetricName: Errors\n"
                "              Dimensions:\n"
                "                - Name: FunctionName\n"
                "                  Value: !Ref %sRotationFunction\n"
                "            Period: 300\n"
                "            Stat: Sum\n",
                id, id, id);
        return;
    }
    fprintf(f,
            "\n"
            "  %sRotationAlarm:\n"
            "    Type: AWS::CloudWatch::Alarm\n"
            "    Properties:\n"
            "      AlarmDescription: Rotation of %sSecret failed\n"
            "      Namespace: AWS/Lambda\n"
            "      MetricName: Errors\n"
            "      Dimensions:\n"
            "        - Name: FunctionName\n"
            "          Value: !Ref %sRotationFunction\n"
            "      Statistic: Sum\n"
            "      Period: 300\n"
            "      EvaluationPeriods: 1\n"
            "      Threshold: 1\n"
            "      ComparisonOperator: GreaterThanOrEqualToThreshold\n"
            "      TreatMissingData: notBreaching\n"
            "      AlarmActions:\n"
            "        - !Ref AlarmTopicArn\n",
            id, id, id);
}

/* ---- JSON (plain CloudFormation) ------------------------------------ */

static void json_header(FILE *f, const struct gen_opts *o)
{
    fprintf(f,
            "{\n"
            "  \"AWSTemplateFormatVersion\": \"2010-09-09\",\n"
            "  \"Description\": \"Benchmark stack with %ld rotated API key secrets\",\n"
            "  \"Parameters\": {\n"
            "    \"AlarmTopicArn\": {\n"
            "      \"Type\": \"String\",\n"
            "      \"Description\": \"SNS topic that receives rotation failure alarms\"\n"
            "    },\n"
            "    \"RotationCodeBucket\": {\n"
            "      \"Type\": \"String\",\n"
            "      \"Description\": \"S3 bucket that holds the rotation function package\"\n"
            "    },\n"
            "    \"RotationCodeKey\": {\n"
            "      \"Type\": \"String\",\n"
            "      \"Description\": \"S3 key of the rotation function package\",\n"
            "      \"Default\": \"rotation/api-key-rotation.zip\"\n"
            "    }\n"
            "  },\n"
            "  \"Resources\": {\n"
            "    \"SecretsKey\": {\n"
            "      \"Type\": \"AWS::KMS::Key\",\n"
            "      \"DeletionPolicy\": \"Retain\",\n"
            "      \"UpdateReplacePolicy\": \"Retain\",\n"
            "      \"Properties\": {\n"
            "        \"Description\": \"Encrypts the API key secrets of this stack\",\n"
            "        \"EnableKeyRotation\": true,\n"
            "        \"KeyPolicy\": {\n"
            "          \"Version\": \"2012-10-17\",\n"
            "          \"Statement\": [\n"
            "            {\n"
            "              \"Sid\": \"AccountAdministration\",\n"
            "              \"Effect\": \"Allow\",\n"
            "              \"Principal\": {\n"
            "                \"AWS\": {\"Fn::Sub\": "
            "\"arn:${AWS::Partition}:iam::${AWS::AccountId}:root\"}\n"
            "              },\n"
            "              \"Action\": \"kms:*\",\n"
            "              \"Resource\": \"*\"\n"
            "            }\n"
            "          ]\n"
            "        }\n"
            "      }\n"
            "    }",
            o->secrets);
}

static void json_rules(FILE *f, long i)
{
    fputs("        \"RotationRules\": {\n", f);
    switch (i % 3) {
    case 0:
        fprintf(f, "          \"AutomaticallyAfterDays\": %ld\n", 7 + i % 24);
        break;
    case 1:
        fprintf(f, "          \"ScheduleExpression\": \"rate(%ld days)\"\n", 2 + i % 29);
        break;
    default:
        fputs("          \"ScheduleExpression\": \"cron(0 4 ? * SUN *)\",\n"
              "          \"Duration\": \"2h\"\n",
              f);
        break;
    }
    fputs("        }\n", f);
}

static void json_secret(FILE *f, long i)
{
    char id[32];
    snprintf(id, sizeof id, "Api%04ld", i);
    const char *secret_actions = "\"secretsmanager:DescribeSecret\", "
                                 "\"secretsmanager:GetSecretValue\", "
                                 "\"secretsmanager:PutSecretValue\", "
                                 "\"secretsmanager:UpdateSecretVersionStage\"";

    fprintf(f,
            ",\n"
            "    \"%sSecret\": {\n"
            "      \"Type\": \"AWS::SecretsManager::Secret\",\n"
            "      \"DeletionPolicy\": \"Retain\",\n"
            "      \"UpdateReplacePolicy\": \"Retain\",\n"
            "      \"Properties\": {\n"
            "        \"Name\": {\"Fn::Sub\": \"${AWS::StackName}/api/key%04ld\"},\n"
            "        \"Description\": \"API key %04ld of the partner gateway\",\n"
            "        \"KmsKeyId\": {\"Fn::GetAtt\": [\"SecretsKey\", \"Arn\"]},\n"
            "        \"GenerateSecretString\": {\n"
            "          \"SecretStringTemplate\": \"{\\\"client\\\": \\\"partner%04ld\\\"}\",\n"
            "          \"GenerateStringKey\": \"apiKey\",\n"
            "          \"PasswordLength\": %ld,\n"
            "          \"ExcludeCharacters\": \"\\\"@/\\\\\"\n"
            "        },\n"
            "        \"Tags\": [{\"Key\": \"secrot-lint:class\", \"Value\": \"api-key\"}]\n"
            "      }\n"
            "    },\n",
            id, i, i, i, 32 + (i % 4) * 8);

    fprintf(f,
            "    \"%sRotationSchedule\": {\n"
            "      \"Type\": \"AWS::SecretsManager::RotationSchedule\",\n"
            "      \"DependsOn\": \"%sRotationPermission\",\n"
            "      \"Properties\": {\n"
            "        \"SecretId\": {\"Ref\": \"%sSecret\"},\n"
            "        \"RotationLambdaARN\": {\"Fn::GetAtt\": [\"%sRotationFunction\", \"Arn\"]},\n",
            id, id, id, id);
    json_rules(f, i);
    fputs("      }\n"
          "    },\n",
          f);

    fprintf(f,
            "    \"%sRotationFunction\": {\n"
            "      \"Type\": \"AWS::Lambda::Function\",\n"
            "      \"Properties\": {\n"
            "        \"Description\": \"Rotates %sSecret\",\n"
            "        \"Runtime\": \"python3.12\",\n"
            "        \"Handler\": \"lambda_function.lambda_handler\",\n"
            "        \"Timeout\": 60,\n"
            "        \"Role\": {\"Fn::GetAtt\": [\"%sRotationRole\", \"Arn\"]},\n"
            "        \"Code\": {\n"
            "          \"S3Bucket\": {\"Ref\": \"RotationCodeBucket\"},\n"
            "          \"S3Key\": {\"Ref\": \"RotationCodeKey\"}\n"
            "        },\n"
            "        \"Environment\": {\n"
            "          \"Variables\": {\n"
            "            \"SECRETS_MANAGER_ENDPOINT\": {\"Fn::Sub\": "
            "\"https://secretsmanager.${AWS::Region}.${AWS::URLSuffix}\"}\n"
            "          }\n"
            "        }\n"
            "      }\n"
            "    },\n",
            id, id, id);

    fprintf(f,
            "    \"%sRotationRole\": {\n"
            "      \"Type\": \"AWS::IAM::Role\",\n"
            "      \"Properties\": {\n"
            "        \"AssumeRolePolicyDocument\": {\n"
            "          \"Version\": \"2012-10-17\",\n"
            "          \"Statement\": [{\n"
            "            \"Effect\": \"Allow\",\n"
            "            \"Principal\": {\"Service\": \"lambda.amazonaws.com\"},\n"
            "            \"Action\": \"sts:AssumeRole\"\n"
            "          }]\n"
            "        },\n"
            "        \"ManagedPolicyArns\": [{\"Fn::Sub\": "
            "\"arn:${AWS::Partition}:iam::aws:policy/service-role/"
            "AWSLambdaBasicExecutionRole\"}],\n"
            "        \"Policies\": [{\n"
            "          \"PolicyName\": \"rotate-%04ld\",\n"
            "          \"PolicyDocument\": {\n"
            "            \"Version\": \"2012-10-17\",\n"
            "            \"Statement\": [\n"
            "              {\"Effect\": \"Allow\", \"Action\": [%s], "
            "\"Resource\": {\"Ref\": \"%sSecret\"}},\n"
            "              {\"Effect\": \"Allow\", \"Action\": "
            "\"secretsmanager:GetRandomPassword\", \"Resource\": \"*\"},\n"
            "              {\"Effect\": \"Allow\", \"Action\": [\"kms:Decrypt\", "
            "\"kms:GenerateDataKey\"], \"Resource\": {\"Fn::GetAtt\": [\"SecretsKey\", "
            "\"Arn\"]}}\n"
            "            ]\n"
            "          }\n"
            "        }]\n"
            "      }\n"
            "    },\n",
            id, i, secret_actions, id);

    fprintf(f,
            "    \"%sRotationPermission\": {\n"
            "      \"Type\": \"AWS::Lambda::Permission\",\n"
            "      \"Properties\": {\n"
            "        \"FunctionName\": {\"Fn::GetAtt\": [\"%sRotationFunction\", \"Arn\"]},\n"
            "        \"Action\": \"lambda:InvokeFunction\",\n"
            "        \"Principal\": \"secretsmanager.amazonaws.com\",\n"
            "        \"SourceAccount\": {\"Ref\": \"AWS::AccountId\"}\n"
            "      }\n"
            "    },\n"
            "    \"%sRotationAlarm\": {\n"
            "      \"Type\": \"AWS::CloudWatch::Alarm\",\n"
            "      \"Properties\": {\n"
            "        \"AlarmDescription\": \"Rotation of %sSecret failed\",\n"
            "        \"Namespace\": \"AWS/Lambda\",\n"
            "        \"MetricName\": \"Errors\",\n"
            "        \"Dimensions\": [{\"Name\": \"FunctionName\", "
            "\"Value\": {\"Ref\": \"%sRotationFunction\"}}],\n"
            "        \"Statistic\": \"Sum\",\n"
            "        \"Period\": 300,\n"
            "        \"EvaluationPeriods\": 1,\n"
            "        \"Threshold\": 1,\n"
            "        \"ComparisonOperator\": \"GreaterThanOrEqualToThreshold\",\n"
            "        \"TreatMissingData\": \"notBreaching\",\n"
            "        \"AlarmActions\": [{\"Ref\": \"AlarmTopicArn\"}]\n"
            "      }\n"
            "    }",
            id, id, id, id, id);
}

/* ---- output --------------------------------------------------------- */

static void write_template(FILE *f, const struct gen_opts *o)
{
    if (o->json) {
        json_header(f, o);
        for (long i = 1; i <= o->secrets; i++)
            json_secret(f, i);
        fputs("\n  }\n}\n", f);
        return;
    }
    yaml_header(f, o);
    for (long i = 1; i <= o->secrets; i++)
        yaml_secret(f, o, i);
}

/* Writes one template to path ("-": stdout). Returns 0, or -1 with a message. */
static int write_file(const char *path, const struct gen_opts *o)
{
    FILE *f = strcmp(path, "-") == 0 ? stdout : fopen(path, "w");
    if (!f) {
        fprintf(stderr, "gen: %s: %s\n", path, strerror(errno));
        return -1;
    }
    write_template(f, o);
    int bad = ferror(f);
    if (f == stdout)
        bad |= fflush(f) != 0;
    else
        bad |= fclose(f) != 0;
    if (bad) {
        fprintf(stderr, "gen: %s: write failed\n", path);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    struct gen_opts o = {0};
    const char *out = "-";
    const char *dir = NULL;
    long many = 0;
    int i = 1;

    for (; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
        if (strcmp(argv[i], "--sam") == 0) {
            o.sam = 1;
        } else if (strcmp(argv[i], "--json") == 0) {
            o.json = 1;
        } else if (strcmp(argv[i], "--bare") == 0) {
            o.bare = 1;
        } else if (strcmp(argv[i], "--flawed") == 0) {
            o.flawed = 1;
        } else if (strcmp(argv[i], "--math-alarms") == 0) {
            o.math = 1;
        } else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) {
            out = argv[++i];
        } else if (strcmp(argv[i], "--many") == 0 && i + 2 < argc) {
            many = parse_count(argv[++i], GEN_MAX_FILES);
            dir = argv[++i];
            if (many < 0) {
                fprintf(stderr, "gen: --many wants a count from 1 to %ld\n", GEN_MAX_FILES);
                return 2;
            }
        } else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            usage(stdout);
            return 0;
        } else {
            usage(stderr);
            return 2;
        }
    }
    if (i + 1 != argc || o.sam + o.json + o.bare > 1 || ((o.flawed || o.math) && o.json)) {
        usage(stderr);
        return 2;
    }
    o.secrets = parse_count(argv[i], GEN_MAX_SECRETS);
    if (o.secrets < 0) {
        fprintf(stderr, "gen: N must be from 1 to %ld\n", GEN_MAX_SECRETS);
        return 2;
    }
    if (!dir)
        return write_file(out, &o) == 0 ? 0 : 1;

    long base = o.secrets;
    for (long k = 0; k < many; k++) {
        char path[4096];
        int w = snprintf(path, sizeof path, "%s/t%04ld.%s", dir, k, o.json ? "json" : "yaml");
        if (w < 0 || (size_t)w >= sizeof path) {
            fprintf(stderr, "gen: %s: path too long\n", dir);
            return 1;
        }
        o.secrets = base + k % 5;
        if (write_file(path, &o) != 0)
            return 1;
    }
    return 0;
}
