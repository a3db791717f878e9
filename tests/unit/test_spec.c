/*
 * test_spec.c - the resource spec tables: loading every embedded file,
 * property lookups by path, allowed values, GetAtt attributes, the
 * "did you mean" suggester, and first use from two threads at once.
 */
#include <pthread.h>
#include <string.h>

#include "check.h"
#include "spec.h"

/* Types the rules and the fixer touch: each must have a spec. */
static const char *const needed[] = {
    "AWS::SecretsManager::Secret",
    "AWS::SecretsManager::RotationSchedule",
    "AWS::SecretsManager::SecretTargetAttachment",
    "AWS::SecretsManager::ResourcePolicy",
    "AWS::IAM::Role",
    "AWS::IAM::Policy",
    "AWS::IAM::ManagedPolicy",
    "AWS::IAM::User",
    "AWS::Lambda::Function",
    "AWS::Lambda::Permission",
    "AWS::Lambda::Alias",
    "AWS::Lambda::Version",
    "AWS::Serverless::Function",
    "AWS::Serverless::Application",
    "AWS::Serverless::Api",
    "AWS::CloudWatch::Alarm",
    "AWS::Events::Rule",
    "AWS::KMS::Key",
    "AWS::KMS::Alias",
    "AWS::RDS::DBInstance",
    "AWS::RDS::DBCluster",
    "AWS::Redshift::Cluster",
    "AWS::DocDB::DBCluster",
    "AWS::DocDB::DBInstance",
    "AWS::ElastiCache::ReplicationGroup",
    "AWS::SSM::Parameter",
    "AWS::SNS::Topic",
    "AWS::EC2::SecurityGroup",
};

static const struct sr_spec_resource *thread_seen[2];

static void *first_use(void *arg)
{
    thread_seen[*(int *)arg] = sr_spec_resource("AWS::IAM::Role");
    return NULL;
}

/* Runs first: the tables are built by whichever thread comes first. */
TEST(first_use_from_two_threads)
{
    pthread_t t[2];
    int ids[2] = {0, 1};
    for (int i = 0; i < 2; i++)
        CHECK(pthread_create(&t[i], NULL, first_use, &ids[i]) == 0);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    CHECK(thread_seen[0] != NULL);
    CHECK(thread_seen[0] == thread_seen[1]);
}

TEST(every_file_loads_and_needed_types_are_covered)
{
    CHECK_INT(sr_spec_load_errors(), 0);
    CHECK(sr_spec_count() >= sizeof(needed) / sizeof(needed[0]));
    for (size_t i = 0; i < sizeof(needed) / sizeof(needed[0]); i++) {
        const struct sr_spec_resource *r = sr_spec_resource(needed[i]);
        CHECK(r != NULL);
        if (r) {
            CHECK_STR(r->type, needed[i]);
            CHECK(r->props.nprops > 0);
        }
    }
    CHECK(!sr_spec_has_type("AWS::S3::Bucket"));
    CHECK(!sr_spec_has_type("Custom::Thing"));
    CHECK(!sr_spec_has_type(""));
    CHECK(sr_spec_resource(NULL) == NULL);
    /* Sorted, and sr_spec_at agrees with the lookup. */
    for (size_t i = 1; i < sr_spec_count(); i++)
        CHECK(strcmp(sr_spec_at(i - 1)->type, sr_spec_at(i)->type) < 0);
    CHECK(sr_spec_at(sr_spec_count()) == NULL);
    CHECK(sr_spec_resource("AWS::Serverless::Function")->sam);
    CHECK(!sr_spec_resource("AWS::Lambda::Function")->sam);
}

TEST(property_lookup_by_path)
{
    const char *rs = "AWS::SecretsManager::RotationSchedule";
    const struct sr_spec_prop *p = sr_spec_prop(rs, "SecretId");
    CHECK(p && p->required && p->type->kind == SR_SPEC_STRING);
    p = sr_spec_prop(rs, "RotationRules");
    CHECK(p && !p->required && p->type->kind == SR_SPEC_OBJECT);
    p = sr_spec_prop(rs, "RotationRules/AutomaticallyAfterDays");
    CHECK(p && p->type->kind == SR_SPEC_INTEGER);
    p = sr_spec_prop(rs, "HostedRotationLambda/RotationType");
    CHECK(p && p->required);
    CHECK(sr_spec_prop(rs, "HostedRotationLambda/NoSuch") == NULL);
    CHECK(sr_spec_prop(rs, "SecretId/Deeper") == NULL);
    CHECK(sr_spec_prop(rs, "") == NULL);
    CHECK(sr_spec_prop("AWS::S3::Bucket", "BucketName") == NULL);
    /* Lists of nested types are stepped through. */
    p = sr_spec_prop("AWS::SecretsManager::Secret", "ReplicaRegions/Region");
    CHECK(p && p->required && p->type->kind == SR_SPEC_STRING);
    p = sr_spec_prop("AWS::SecretsManager::Secret", "ReplicaRegions");
    CHECK(p && p->type->kind == SR_SPEC_LIST && p->type->elem->kind == SR_SPEC_OBJECT);
    p = sr_spec_prop("AWS::IAM::Role", "Policies/PolicyDocument");
    CHECK(p && p->required && p->type->kind == SR_SPEC_ANY);
    p = sr_spec_prop("AWS::SecretsManager::SecretTargetAttachment", "TargetType");
    CHECK(p && p->required);
    /* Lambda Code: the Code type, or a local path before packaging. */
    p = sr_spec_prop("AWS::Lambda::Function", "Code");
    CHECK(p && p->required && p->type->kind == SR_SPEC_UNION && p->type->nalts == 2);
    CHECK(sr_spec_prop("AWS::Lambda::Function", "Code/ZipFile") != NULL);
    /* Required lists are complete for a small type. */
    const struct sr_spec_resource *r =
        sr_spec_resource("AWS::SecretsManager::SecretTargetAttachment");
    size_t req = 0;
    for (size_t i = 0; r && i < r->props.nprops; i++)
        req += r->props.props[i].required != 0;
    CHECK_INT(req, 3);
}

TEST(allowed_values)
{
    const struct sr_spec_prop *p =
        sr_spec_prop("AWS::SecretsManager::RotationSchedule", "HostedRotationLambda/RotationType");
    CHECK(p && p->nenums >= 14);
    CHECK(sr_spec_enum_has(p, "MySQLSingleUser"));
    CHECK(sr_spec_enum_has(p, "SQLServerMultiUser"));
    CHECK(!sr_spec_enum_has(p, "MySqlSingleUser"));
    CHECK(!sr_spec_enum_has(p, ""));
    CHECK(!sr_spec_enum_has(p, NULL));
    p = sr_spec_prop("AWS::SecretsManager::SecretTargetAttachment", "TargetType");
    CHECK(sr_spec_enum_has(p, "AWS::RDS::DBCluster"));
    CHECK(sr_spec_enum_has(p, "AWS::DocDB::DBInstance"));
    CHECK(!sr_spec_enum_has(p, "AWS::RDS::DBSubnetGroup"));
    p = sr_spec_prop("AWS::Lambda::Function", "Runtime");
    CHECK(sr_spec_enum_has(p, "python3.12") && sr_spec_enum_has(p, "nodejs20.x"));
    CHECK(!sr_spec_enum_has(p, "python3"));
    p = sr_spec_prop("AWS::Serverless::Function", "Runtime");
    CHECK(sr_spec_enum_has(p, "provided.al2023") && !sr_spec_enum_has(p, "cobol"));
    p = sr_spec_prop("AWS::Lambda::Function", "Architectures");
    CHECK(p && p->type->kind == SR_SPEC_LIST && sr_spec_enum_has(p, "arm64"));
    p = sr_spec_prop("AWS::SSM::Parameter", "Type");
    CHECK(sr_spec_enum_has(p, "String") && !sr_spec_enum_has(p, "SecureString"));
    /* A property without an enum takes anything. */
    p = sr_spec_prop("AWS::SecretsManager::Secret", "Name");
    CHECK(p && p->nenums == 0 && sr_spec_enum_has(p, "whatever"));
}

TEST(sam_property_lists)
{
    CHECK(sr_spec_prop("AWS::Serverless::Function", "LoggingConfig") != NULL);
    CHECK(sr_spec_prop("AWS::Serverless::Function", "Policies") != NULL);
    CHECK(sr_spec_prop("AWS::Serverless::Function", "Events") != NULL);
    CHECK(sr_spec_prop("AWS::Serverless::Application", "NotificationARNs") != NULL);
    CHECK(sr_spec_prop("AWS::Serverless::Application", "NotificationArns") == NULL);
    const struct sr_spec_prop *p = sr_spec_prop("AWS::Serverless::Application", "Location");
    CHECK(p && p->required);
    p = sr_spec_prop("AWS::Serverless::Api", "StageName");
    CHECK(p && p->required);
}

TEST(getatt_attributes)
{
    CHECK_INT(sr_spec_has_attribute("AWS::Lambda::Function", "Arn"), 1);
    CHECK_INT(sr_spec_has_attribute("AWS::Lambda::Function", "FunctionName"), 0);
    CHECK_INT(sr_spec_has_attribute("AWS::Lambda::Function", "arn"), 0);
    CHECK_INT(sr_spec_has_attribute("AWS::Serverless::Function", "Arn"), 1);
    CHECK_INT(sr_spec_has_attribute("AWS::RDS::DBInstance", "Endpoint.Address"), 1);
    CHECK_INT(sr_spec_has_attribute("AWS::RDS::DBCluster", "MasterUserSecret.SecretArn"), 1);
    CHECK_INT(sr_spec_has_attribute("AWS::SecretsManager::Secret", "Id"), 1);
    CHECK_INT(sr_spec_has_attribute("AWS::KMS::Alias", "Arn"), 0);
    CHECK_INT(sr_spec_has_attribute("AWS::S3::Bucket", "Arn"), -1);
    CHECK_INT(sr_spec_has_attribute("AWS::Serverless::Application", "Outputs.DbArn"), 1);
    CHECK_INT(sr_spec_has_attribute("AWS::Serverless::Application", "Outputs."), 0);
    CHECK_INT(sr_spec_has_attribute("AWS::Serverless::Application", "Outputs"), 0);
    CHECK_INT(sr_spec_has_attribute("AWS::Serverless::Application", "Arn"), 0);
    CHECK_INT(sr_spec_has_attribute("AWS::Lambda::Function", NULL), 0);

    const char *const *names;
    size_t n = sr_spec_attributes("AWS::IAM::Role", &names);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_STR(names[0], "Arn");
        CHECK_STR(names[1], "RoleId");
    }
    CHECK_INT(sr_spec_attributes("AWS::S3::Bucket", &names), 0);
    CHECK(names == NULL);

    char buf[256];
    CHECK_INT(sr_spec_format_attributes("AWS::IAM::Role", buf, sizeof(buf)), 2);
    CHECK_STR(buf, "Arn, RoleId");
    CHECK_INT(sr_spec_format_attributes("AWS::KMS::Alias", buf, sizeof(buf)), 0);
    CHECK_STR(buf, "");
    CHECK_INT(sr_spec_format_attributes("AWS::S3::Bucket", buf, sizeof(buf)), -1);
    CHECK_STR(buf, "");
    /* Cut short: never overflows, ends in "...". */
    char small[12];
    memset(small, 'x', sizeof(small));
    int k = sr_spec_format_attributes("AWS::RDS::DBInstance", small, sizeof(small));
    CHECK(k > 3);
    CHECK(strlen(small) < sizeof(small));
    CHECK(strstr(small, "...") != NULL);
    char tiny[2];
    sr_spec_format_attributes("AWS::RDS::DBInstance", tiny, sizeof(tiny));
    CHECK(strlen(tiny) < sizeof(tiny));
}

TEST(did_you_mean)
{
    const struct sr_spec_object *o =
        &sr_spec_resource("AWS::SecretsManager::RotationSchedule")->props;
    CHECK_STR(sr_spec_suggest_prop(o, "SecretID"), "SecretId");
    CHECK_STR(sr_spec_suggest_prop(o, "secretid"), "SecretId");
    CHECK_STR(sr_spec_suggest_prop(o, "RotationLamdaARN"), "RotationLambdaARN");
    CHECK_STR(sr_spec_suggest_prop(o, "RotationLambdaArn"), "RotationLambdaARN");
    CHECK_STR(sr_spec_suggest_prop(o, "RoationRules"), "RotationRules");
    CHECK(sr_spec_suggest_prop(o, "Description") == NULL);
    CHECK(sr_spec_suggest_prop(o, "X") == NULL);
    CHECK(sr_spec_suggest_prop(o, "") == NULL);
    CHECK(sr_spec_suggest_prop(NULL, "SecretId") == NULL);
    /* Transposed neighbours count once. */
    static const char *const c1[] = {"Timeout", "Runtime"};
    CHECK_STR(sr_spec_suggest("Timeuot", c1, 2), "Timeout");
    /* Equally close candidates: no guess. */
    static const char *const c2[] = {"Abcd", "Abce"};
    CHECK(sr_spec_suggest("Abcf", c2, 2) == NULL);
    /* Far too long names are not compared. */
    char longname[300];
    memset(longname, 'a', sizeof(longname) - 1);
    longname[sizeof(longname) - 1] = '\0';
    CHECK(sr_spec_suggest(longname, c1, 2) == NULL);
}

TEST(type_names_for_messages)
{
    char buf[128];
    const struct sr_spec_prop *p = sr_spec_prop("AWS::SecretsManager::Secret", "Tags");
    CHECK_STR(sr_spec_type_name(p->type, buf, sizeof(buf)), "list of tag (Key, Value)");
    p = sr_spec_prop("AWS::SecretsManager::Secret", "GenerateSecretString");
    CHECK_STR(sr_spec_type_name(p->type, buf, sizeof(buf)), "GenerateSecretString");
    p = sr_spec_prop("AWS::Serverless::Function", "Tags");
    CHECK_STR(sr_spec_type_name(p->type, buf, sizeof(buf)), "mapping of string");
    p = sr_spec_prop("AWS::Serverless::Function", "Timeout");
    CHECK_STR(sr_spec_type_name(p->type, buf, sizeof(buf)), "number");
    p = sr_spec_prop("AWS::Lambda::Function", "Code");
    CHECK_STR(sr_spec_type_name(p->type, buf, sizeof(buf)), "Code or string");
    CHECK_STR(sr_spec_type_name(NULL, buf, sizeof(buf)), "");
}

int main(void)
{
    RUN(first_use_from_two_threads);
    RUN(every_file_loads_and_needed_types_are_covered);
    RUN(property_lookup_by_path);
    RUN(allowed_values);
    RUN(sam_property_lists);
    RUN(getatt_attributes);
    RUN(did_you_mean);
    RUN(type_names_for_messages);
    return CHECK_DONE();
}
