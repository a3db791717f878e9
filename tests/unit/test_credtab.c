/*
 * test_credtab.c - the credential-property table (src/credtab.c): every
 * section of schemas/credential-properties.json is read, whichever part is
 * asked for first, and from parallel threads.
 */
#include "check.h"
#include "credtab.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

static void check_sections(void)
{
    size_t n;
    const struct sr_place *env = sr_credtab_envs(&n);
    CHECK(n >= 8);
    CHECK_STR(env[0].type, "AWS::Lambda::Function");
    CHECK_STR(env[0].path, "Environment/Variables");
    CHECK(!env[0].list_form);
    int list = 0;
    for (size_t i = 0; i < n; i++)
        list |= env[i].list_form;
    CHECK(list); /* ECS container environments are [{Name, Value}] */
    const struct sr_place *ud = sr_credtab_user_data(&n);
    CHECK(n >= 3);
    CHECK_STR(ud[0].type, "AWS::EC2::Instance");
    CHECK(sr_credtab_is_user_data("AWS::EC2::Instance", "UserData"));
    CHECK(!sr_credtab_is_user_data("AWS::EC2::Instance", "ImageId"));
    CHECK(sr_credtab_secret_attr("AWS::IAM::AccessKey", "SecretAccessKey"));
    CHECK(sr_credtab_secret_attr("AWS::AppSync::ApiKey", "ApiKey"));
    CHECK(!sr_credtab_secret_attr("AWS::IAM::AccessKey", "Arn"));
    CHECK_STR(sr_credtab_echo_prop("AWS::SSM::Parameter", "Value"), "Value");
    CHECK(sr_credtab_echo_prop("AWS::SSM::Parameter", "Type") == NULL);
    CHECK(sr_credtab_arn_prop("SecretArn"));
    CHECK(sr_credtab_arn_prop("SecretsManagerSecretId"));
    CHECK(!sr_credtab_arn_prop("SecretString"));
    const struct sr_cred_prop *p = sr_credtab_props("AWS::RDS::DBInstance", &n);
    CHECK(n >= 2);
    CHECK(p != NULL && strcmp(p[0].path, "MasterUserPassword") == 0 && p[0].ssm_secure);
    CHECK(p != NULL && p[0].managed_by && strcmp(p[0].managed_by, "ManageMasterUserPassword") == 0);
    CHECK(sr_credtab_find("AWS::RDS::DBInstance", "TdeCredentialPassword") != NULL);
    CHECK(sr_credtab_props("AWS::S3::Bucket", &n) == NULL && n == 0);
}

static void *worker(void *arg)
{
    (void)arg;
    check_sections();
    return NULL;
}

TEST(every_section_is_read_from_any_thread)
{
    /* Threads ask at once: each part is read once (pthread_once). */
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        CHECK(pthread_create(&t[i], NULL, worker, NULL) == 0);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    check_sections();
}

/* The rows of a type are remembered by its text: the same answer however
 * often, in whatever order, and from whatever buffer it is asked. */
TEST(props_by_text_whatever_the_buffer)
{
    static const char *const types[] = {
        "AWS::RDS::DBInstance",
        "AWS::S3::Bucket",
        "AWS::RDS::DBCluster",
        "AWS::Lambda::Function",
        "AWS::DocDB::DBCluster",
        "AWS::IAM::User",
        "AWS::Redshift::Cluster",
        "AWS::MQ::Broker",
        "AWS::Elasticsearch::Domain",
        "AWS::DMS::Endpoint",
        "AWS::RDS::DBInstanceX",
        "",
        "AWS::RDS::DBInstanc",
        ("AWS::A-type-name-longer-than-the-memo-keeps-"
         "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")};
    enum { NT = sizeof(types) / sizeof(types[0]) };
    const struct sr_cred_prop *want[NT];
    size_t wantn[NT];
    for (size_t i = 0; i < NT; i++)
        want[i] = sr_credtab_props(types[i], &wantn[i]);
    CHECK(wantn[0] >= 2 && wantn[1] == 0 && wantn[10] == 0 && wantn[11] == 0 && wantn[12] == 0);
    char buf[128];
    for (size_t round = 0; round < 5; round++)
        for (size_t j = 0; j < NT; j++) {
            size_t i = (j * 7 + round * 3) % NT; /* another order each round */
            snprintf(buf, sizeof(buf), "%s", types[i]);
            size_t n = 99;
            const struct sr_cred_prop *p = sr_credtab_props(buf, &n);
            CHECK(p == want[i] && n == wantn[i]);
        }
}

int main(void)
{
    RUN(every_section_is_read_from_any_thread);
    RUN(props_by_text_whatever_the_buffer);
    return CHECK_DONE();
}
