/*
 * test_secret.c - the secret model: what each secret holds, judged from what
 * the template does with it, with the evidence; the schedules that target a
 * secret in any form; the class.
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "iam.h"
#include "graph.h"
#include "secret.h"

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

static const struct sr_secret *secret(const char *id)
{
    return sr_secret_get(&G, sr_graph_find(&G, id));
}

/* The kind name of secret id, and its evidence holds want. */
#define CHECK_KIND(id_, kind_, want_)                                                              \
    do {                                                                                           \
        const struct sr_secret *s_ = secret(id_);                                                  \
        CHECK(s_ != NULL);                                                                         \
        if (s_) {                                                                                  \
            CHECK_STR(sr_secret_kind_name(s_->kind), kind_);                                       \
            CHECK(s_->why &&strstr(s_->why, want_));                                               \
        }                                                                                          \
    } while (0)

static const char kinds[] =
    "Parameters:\n"
    "  GitHubToken: {Type: String, NoEcho: true}\n"
    "  DbPassword: {Type: String, NoEcho: true}\n"
    "  EventBusName: {Type: String}\n"
    "  SshKey: {Type: String, NoEcho: true, Description: private key of the deploy user}\n"
    "  Blob: {Type: String, NoEcho: true}\n"
    "Resources:\n"
    "  Db:\n"
    "    Type: AWS::RDS::DBInstance\n"
    "    Properties: {Engine: mysql, MasterUsername: app, MasterUserPassword: !Ref DbPassword}\n"
    "  Token:\n"
    "    Type: AWS::SecretsManager::Secret\n"
    "    Properties: {SecretString: !Ref GitHubToken}\n"
    "  DbCopy:\n"
    "    Type: AWS::SecretsManager::Secret\n"
    "    Properties:\n"
    "      SecretString: !Sub '{\"username\": \"app\", \"password\": \"${DbPassword}\"}'\n"
    "  Bus:\n"
    "    Type: AWS::SecretsManager::Secret\n"
    "    Properties: {SecretString: !Ref EventBusName}\n"
    "  User:\n"
    "    Type: AWS::SecretsManager::Secret\n"
    "    Properties: {SecretString: '{\"username\": \"app\", \"host\": \"db\"}'}\n"
    "  Deploy:\n"
    "    Type: AWS::SecretsManager::Secret\n"
    "    Properties: {SecretString: !Ref SshKey}\n"
    "  Generated:\n"
    "    Type: AWS::SecretsManager::Secret\n"
    "    Properties: {GenerateSecretString: {PasswordLength: 40}}\n"
    "  Empty:\n"
    "    Type: AWS::SecretsManager::Secret\n"
    "  Opaque:\n"
    "    Type: AWS::SecretsManager::Secret\n"
    "    Properties: {SecretString: !Ref Blob}\n"
    "  Hook:\n"
    "    Type: AWS::SecretsManager::Secret\n"
    "    Properties: {SecretString: 'https://hooks.example.com/services/T0/B0/x'}\n"
    "  Cert:\n"
    "    Type: AWS::SecretsManager::Secret\n"
    "    Properties: {SecretString: \"-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END "
    "CERTIFICATE-----\\n\"}\n";

TEST(kinds_and_their_evidence)
{
    CHECK_INT(build(kinds), 0);
    CHECK_KIND("Token", "vendor", "parameter GitHubToken");
    CHECK_KIND("DbCopy", "database", "which Db also takes as MasterUserPassword");
    CHECK(secret("DbCopy") && secret("DbCopy")->db == sr_graph_find(&G, "Db"));
    CHECK_STR(secret("DbCopy") ? secret("DbCopy")->cls : NULL, "database");
    CHECK_KIND("Bus", "value", "parameter EventBusName");
    CHECK_KIND("User", "value", "only username, host");
    CHECK_KIND("Deploy", "key", "parameter SshKey");
    CHECK_KIND("Generated", "service", "generated");
    CHECK_STR(secret("Generated") ? secret("Generated")->cls : NULL, "default");
    CHECK_KIND("Empty", "unknown", "created empty");
    CHECK_KIND("Opaque", "unknown", "NoEcho parameter Blob");
    CHECK_KIND("Hook", "vendor", "webhook URL");
    CHECK_KIND("Cert", "value", "certificate");
    CHECK(!sr_secret_kind_rotatable(SR_SECRET_VENDOR));
    CHECK(sr_secret_kind_rotatable(SR_SECRET_DATABASE));
}

static const char uses[] = "Resources:\n"
                           "  Ca:\n"
                           "    Type: AWS::SecretsManager::Secret\n"
                           "  Login:\n"
                           "    Type: AWS::SecretsManager::Secret\n"
                           "  Proxied:\n"
                           "    Type: AWS::SecretsManager::Secret\n"
                           "  Conn:\n"
                           "    Type: AWS::SecretsManager::Secret\n"
                           "    Properties: {GenerateSecretString: {}}\n"
                           "  Source:\n"
                           "    Type: AWS::Lambda::EventSourceMapping\n"
                           "    Properties:\n"
                           "      FunctionName: f\n"
                           "      SourceAccessConfigurations:\n"
                           "        - {Type: SERVER_ROOT_CA_CERTIFICATE, URI: !Ref Ca}\n"
                           "        - {Type: BASIC_AUTH, URI: !Ref Login}\n"
                           "  Proxy:\n"
                           "    Type: AWS::RDS::DBProxy\n"
                           "    Properties:\n"
                           "      Auth: [{SecretArn: !Ref Proxied}]\n"
                           "  Partner:\n"
                           "    Type: AWS::Events::Connection\n"
                           "    Properties:\n"
                           "      AuthParameters:\n"
                           "        ApiKeyAuthParameters:\n"
                           "          ApiKeyValue: !Sub '{{resolve:secretsmanager:${Conn}}}'\n";

TEST(what_the_template_does_with_it)
{
    CHECK_INT(build(uses), 0);
    CHECK_KIND("Ca", "value", "root CA certificate");
    CHECK_KIND("Login", "service", "BASIC_AUTH");
    CHECK_KIND("Proxied", "database", "RDS proxy Proxy");
    /* A vendor property, but the template generated the value itself. */
    CHECK_KIND("Conn", "service", "generated");
}

/* A dynamic reference inside a function written as a tag (!If) makes the
 * resource a consumer, as it does in the long form. */
TEST(dynamic_reference_inside_a_tag)
{
    static const char *const forms[] = {
        "      MasterUserPassword: !If [C, '{{resolve:secretsmanager:prod-db:SecretString:pw}}', "
        "!Ref AWS::NoValue]\n",
        "      MasterUserPassword:\n        Fn::If: [C, "
        "'{{resolve:secretsmanager:prod-db:SecretString:pw}}', !Ref AWS::NoValue]\n",
    };
    for (size_t f = 0; f < 2; f++) {
        char text[1024];
        snprintf(text, sizeof(text),
                 "Conditions:\n  C: !Equals [a, b]\nResources:\n"
                 "  S:\n    Type: AWS::SecretsManager::Secret\n    Properties: {Name: prod-db}\n"
                 "  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n%s",
                 forms[f]);
        CHECK_INT(build(text), 0);
        const struct sr_secret *s = secret("S");
        CHECK(s != NULL && s->consumers.n == 1);
    }
}

static const char forms[] =
    "Resources:\n"
    "  Named:\n"
    "    Type: AWS::SecretsManager::Secret\n"
    "    Properties: {Name: app/key, GenerateSecretString: {}}\n"
    "  ByName:\n"
    "    Type: AWS::SecretsManager::RotationSchedule\n"
    "    Properties: {SecretId: app/key}\n"
    "  BySub:\n"
    "    Type: AWS::SecretsManager::RotationSchedule\n"
    "    Properties:\n"
    "      SecretId: !Sub 'arn:${AWS::Partition}:secretsmanager:${AWS::Region}:"
    "${AWS::AccountId}:secret:app/key-AbCdEf'\n"
    "  ByRef:\n"
    "    Type: AWS::SecretsManager::RotationSchedule\n"
    "    Properties: {SecretId: !Ref Named}\n";

TEST(schedules_in_any_form)
{
    CHECK_INT(build(forms), 0);
    const struct sr_secret *s = secret("Named");
    CHECK(s != NULL);
    if (!s)
        return;
    CHECK_INT(s->schedules.n, 3);
    CHECK_INT(s->res->schedules.n, 1); /* the graph indexes the Ref only */
    CHECK(s->schedules.n == 3 && s->schedules.v[0] == sr_graph_find(&G, "ByName"));
}

int main(void)
{
    sr_arena_init(&A);
    RUN(kinds_and_their_evidence);
    RUN(what_the_template_does_with_it);
    RUN(dynamic_reference_inside_a_tag);
    RUN(schedules_in_any_form);
    sr_iam_drop(&G);
    sr_arena_release(&A);
    return CHECK_DONE();
}
