/*
 * test_secretpat.c - credential formats, names, entropy, near-misses and
 * redaction (src/secretpat.c). Every format has a trigger and a near-miss;
 * the near-misses of the product brief (ARN, base64 asset hash, UUID, S3
 * key, Sub placeholder, dynamic reference) never match anything.
 */
#include "check.h"
#include "secretpat.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

/* Deterministic fake token material: prefix + n characters from alphabet. */
static const char *mk(const char *prefix, const char *alphabet, size_t n)
{
    static char buf[8][512];
    static int k;
    char *b = buf[k++ & 7];
    size_t al = strlen(alphabet), p = strlen(prefix);
    unsigned x = 2463534242u + (unsigned)n * 7u + (unsigned)p;
    memcpy(b, prefix, p);
    for (size_t i = 0; i < n && p + i < 500; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        b[p + i] = alphabet[x % al];
    }
    b[p + n] = 0;
    return b;
}

#define ALNUM "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
#define B32 "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
#define URLSAFE ALNUM "_-"

static enum sr_pat first(const char *s)
{
    struct sr_secret_hit h[4];
    size_t n = sr_secret_scan(s, strlen(s), h, 4);
    return n ? h[0].pat : SR_PAT_NONE;
}

static size_t count(const char *s)
{
    struct sr_secret_hit h[4];
    return sr_secret_scan(s, strlen(s), h, 4);
}

TEST(aws_access_key_id)
{
    char t[128];
    snprintf(t, sizeof(t), "key=%s;", mk("AKIA", B32, 16));
    CHECK_INT(first(t), SR_PAT_AWS_KEY_ID);
    snprintf(t, sizeof(t), "%s", mk("ASIA", B32, 16));
    CHECK_INT(first(t), SR_PAT_AWS_KEY_ID);
    /* near-misses: AWS's documented example key, too short, role unique id */
    CHECK_INT(count("AKIAIOSFODNN7EXAMPLE"), 0);
    CHECK_INT(count("AKIA1234567890"), 0);
    snprintf(t, sizeof(t), "%s", mk("AROA", B32, 16));
    CHECK_INT(count(t), 0);
    snprintf(t, sizeof(t), "X%s", mk("AKIA", B32, 16)); /* part of a longer word */
    CHECK_INT(count(t), 0);
}

TEST(private_key_block)
{
    CHECK_INT(first("-----BEGIN RSA PRIVATE KEY-----\nMIIEow...\n-----END RSA PRIVATE KEY-----"),
              SR_PAT_PRIVATE_KEY);
    CHECK_INT(first("-----BEGIN OPENSSH PRIVATE KEY-----"), SR_PAT_PRIVATE_KEY);
    CHECK_INT(first("-----BEGIN PRIVATE KEY-----"), SR_PAT_PRIVATE_KEY);
    CHECK_INT(count("-----BEGIN PUBLIC KEY-----\nMIIBIj\n-----END PUBLIC KEY-----"), 0);
    CHECK_INT(count("-----BEGIN CERTIFICATE-----"), 0);
}

TEST(github_tokens)
{
    CHECK_INT(first(mk("ghp_", ALNUM, 36)), SR_PAT_GITHUB);
    CHECK_INT(first(mk("ghs_", ALNUM, 36)), SR_PAT_GITHUB);
    CHECK_INT(first(mk("github_pat_", ALNUM "_", 82)), SR_PAT_GITHUB);
    CHECK_INT(count(mk("ghp_", ALNUM, 20)), 0); /* too short */
    CHECK_INT(count(mk("ghx_", ALNUM, 36)), 0); /* unknown prefix */
}

TEST(slack_tokens)
{
    char t[200];
    snprintf(t, sizeof(t), "xoxb-%s-%s", mk("", "0123456789", 12), mk("", ALNUM, 24));
    CHECK_INT(first(t), SR_PAT_SLACK);
    snprintf(t, sizeof(t), "https://hooks.slack.com/services/T%s/B%s/%s", mk("", B32, 8),
             mk("", B32, 10), mk("", ALNUM, 24));
    CHECK_INT(first(t), SR_PAT_SLACK_WEBHOOK);
    CHECK_INT(count("xoxb-not-a-token"), 0);
    CHECK_INT(count("https://hooks.slack.com/services/"), 0);
}

TEST(stripe_keys)
{
    CHECK_INT(first(mk("sk_live_", ALNUM, 24)), SR_PAT_STRIPE);
    CHECK_INT(first(mk("rk_test_", ALNUM, 24)), SR_PAT_STRIPE);
    CHECK_INT(count(mk("pk_live_", ALNUM, 24)), 0); /* publishable keys are public */
}

TEST(google_keys)
{
    CHECK_INT(first(mk("AIza", URLSAFE, 35)), SR_PAT_GOOGLE_API);
    CHECK_INT(first(mk("GOCSPX-", URLSAFE, 28)), SR_PAT_GOOGLE_OAUTH);
    CHECK_INT(count(mk("AIza", URLSAFE, 20)), 0);
}

TEST(jwt)
{
    char t[300];
    snprintf(t, sizeof(t), "Bearer eyJ%s.eyJ%s.%s", mk("", URLSAFE, 30), mk("", URLSAFE, 40),
             mk("", URLSAFE, 43));
    CHECK_INT(first(t), SR_PAT_JWT);
    snprintf(t, sizeof(t), "eyJ%s.eyJ%s.", mk("", URLSAFE, 30), mk("", URLSAFE, 40));
    CHECK_INT(count(t), 0);                      /* unsigned: no signature part */
    CHECK_INT(count("eyJhbGciOiJIUzI1NiJ9"), 0); /* a header alone */
}

TEST(basic_auth_url)
{
    struct sr_secret_hit h[2];
    const char *s = "postgres://admin:Tr0ub4dor3x@db.example.com:5432/app";
    CHECK_INT(sr_secret_scan(s, strlen(s), h, 2), 1);
    CHECK_INT(h[0].pat, SR_PAT_BASIC_AUTH_URL);
    CHECK_INT(h[0].len, strlen("Tr0ub4dor3x")); /* the password only */
    CHECK_INT(h[0].off, strlen("postgres://admin:"));
    CHECK_INT(first("redis://:s3cretValue9@cache.internal:6379"), SR_PAT_BASIC_AUTH_URL);
    /* near-misses: placeholders, no password, documentation words */
    CHECK_INT(count("postgres://admin:${DbPassword}@${DbHost}:5432/app"), 0);
    CHECK_INT(count("postgres://admin:{{resolve:secretsmanager:Db:SecretString:pw}}@h/app"), 0);
    CHECK_INT(count("https://user@example.com/repo.git"), 0);
    CHECK_INT(count("https://user:password@example.com/"), 0);
    CHECK_INT(count("https://user:PASSWORD@example.com/"), 0);
    CHECK_INT(count("https://example.com:8443/path"), 0);
    CHECK_INT(count("mongodb://user:$MONGO_PW@host/db"), 0);
}

TEST(aws_secret_key_assignment)
{
    char t[200];
    snprintf(t, sizeof(t), "export AWS_SECRET_ACCESS_KEY=%s\n", mk("", ALNUM "/+", 40));
    CHECK_INT(first(t), SR_PAT_AWS_SECRET_KEY);
    snprintf(t, sizeof(t), "aws_secret_access_key = %s", mk("", ALNUM "/+", 40));
    CHECK_INT(first(t), SR_PAT_AWS_SECRET_KEY);
    /* the documentation key, a hex hash and a base64 value with no key name */
    CHECK_INT(count("aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"), 0);
    CHECK_INT(count("aws_secret_access_key=da39a3ee5e6b4b0d3255bfef95601890afd80709"), 0);
    snprintf(t, sizeof(t), "hash %s", mk("", ALNUM "/+", 40));
    CHECK_INT(count(t), 0);
}

TEST(credential_assignment_in_text)
{
    CHECK_INT(first("mysql -u root --password=Xk9#mP2vL5qZ8w"), SR_PAT_CRED_ASSIGN);
    CHECK_INT(first("Server=db;Uid=app;Pwd=Gh7!kQ2zR9vX4m;"), SR_PAT_CRED_ASSIGN);
    CHECK_INT(first("{\"api_key\": \"9f8e7d6c5b4a39281706f5e4\"}"), SR_PAT_CRED_ASSIGN);
    /* near-misses: placeholders, low entropy, references */
    CHECK_INT(count("--password=${DBPassword}"), 0);
    CHECK_INT(count("password=$(aws secretsmanager get-secret-value --secret-id x)"), 0);
    CHECK_INT(count("password=passwordpassword"), 0);
    CHECK_INT(count("PasswordLength: 32"), 0);
    CHECK_INT(count("token: {{resolve:secretsmanager:Tok}}"), 0);
}

TEST(near_misses_of_the_brief)
{
    CHECK_INT(count("arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf"), 0);
    CHECK_INT(count("arn:aws:iam::123456789012:role/service-role/AKIAROLE"), 0);
    /* CDK asset hash (hex) and a base64 S3 object key */
    CHECK_INT(count("cdk-hnb659fds-assets-123456789012-us-east-1/"
                    "3f1e2d4c5b6a79881726354433221100ffeeddccbbaa99887766554433221100.zip"),
              0);
    CHECK_INT(count("assets/qL6x+Zb3fT9/Ra2mQ8wXeC1vB7nK0pJ4sD5hG2yU=.zip"), 0);
    CHECK_INT(count("550e8400-e29b-41d4-a716-446655440000"), 0);
    CHECK_INT(count("s3://my-bucket/releases/app-1.2.3.zip"), 0);
    CHECK_INT(count("arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:alerts"), 0);
    CHECK_INT(count("{{resolve:secretsmanager:prod/api:SecretString:token}}"), 0);
}

TEST(credential_names)
{
    static const char *const yes[] = {"DB_PASSWORD",
                                      "dbPassword",
                                      "MasterUserPassword",
                                      "db-password",
                                      "API_KEY",
                                      "ApiKey",
                                      "apikey",
                                      "GITHUB_TOKEN",
                                      "ClientSecret",
                                      "SECRET",
                                      "AWS_SECRET_ACCESS_KEY",
                                      "PrivateKey",
                                      "Password2",
                                      "DBPass",
                                      "HECToken",
                                      "SigningKey",
                                      "auth_token",
                                      "Credentials",
                                      "TokenKey",
                                      "SlackWebhookUrl",
                                      "TEAMS_WEBHOOK_URL",
                                      "DiscordWebhook",
                                      "LicenceKey",
                                      "IngestKey",
                                      "SplunkHecKey"};
    static const char *const no[] = {"DB_PASSWORD_SECRET_ARN",
                                     "SecretArn",
                                     "SECRET_NAME",
                                     "PasswordLength",
                                     "TOKEN_TABLE",
                                     "ApiKeyRequired",
                                     "SecretString",
                                     "KmsKeyId",
                                     "AWS_ACCESS_KEY_ID",
                                     "SecretId",
                                     "PasswordParameterName",
                                     "KeyName",
                                     "",
                                     "Bypass",
                                     "TokenTTL",
                                     "WebhookFunction",
                                     "WebHookApi",
                                     "WebhookRole",
                                     "WebhookUrlParameterName",
                                     "SQLLicenseProvided"};
    for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
        if (!sr_cred_name(yes[i]))
            printf("# expected credential name: %s\n", yes[i]);
        CHECK(sr_cred_name(yes[i]));
    }
    for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
        if (sr_cred_name(no[i]))
            printf("# expected no credential name: %s\n", no[i]);
        CHECK(!sr_cred_name(no[i]));
    }
}

TEST(entropy_threshold)
{
    CHECK(sr_secret_entropy("aaaa", 4) < 0.001);
    CHECK(sr_secret_entropy("ab", 2) > 0.99 && sr_secret_entropy("ab", 2) < 1.01);
    CHECK(sr_secret_high_entropy("Xk9#mP2vL5qZ8w", 14));
    CHECK(!sr_secret_high_entropy("passwordpassword", 16));
    CHECK(!sr_secret_high_entropy("Sh0rt!", 6));            /* under the minimum length */
    CHECK(!sr_secret_high_entropy("abcdefghijklmnop", 16)); /* one class only */
    CHECK(sr_secret_aws_secret_key_shape(mk("", ALNUM "/+", 40), 40));
    CHECK(!sr_secret_aws_secret_key_shape("da39a3ee5e6b4b0d3255bfef95601890afd80709", 40));
}

TEST(benign_values)
{
    static const char *const benign[] = {"",
                                         "  ",
                                         "true",
                                         "False",
                                         "8080",
                                         "arn:aws:secretsmanager:us-east-1:123456789012:secret:x",
                                         "550e8400-e29b-41d4-a716-446655440000",
                                         "${DbPassword}",
                                         "$PASSWORD",
                                         "{{resolve:secretsmanager:x}}",
                                         "https://example.com/x",
                                         "prod/app/db",
                                         "/app/db/password",
                                         "alias/aws/secretsmanager",
                                         "<your-password>",
                                         "REPLACE_ME"};
    static const char *const secret[] = {
        "hunter2hunter2", "Xk9#mP2vL5qZ8w",          "changeme",
        "12345678",       "wJalr/XUtnF9EMI/K7MDENG", "postgres://u:pw1234@h/db"};
    for (size_t i = 0; i < sizeof(benign) / sizeof(benign[0]); i++)
        CHECK(sr_secret_benign(benign[i], strlen(benign[i])));
    for (size_t i = 0; i < sizeof(secret) / sizeof(secret[0]); i++)
        CHECK(!sr_secret_benign(secret[i], strlen(secret[i])));
}

TEST(redaction)
{
    char b[64];
    CHECK_STR(sr_secret_redact(b, sizeof(b), "AKIAABCDEFGHIJKLMNOP", 20),
              "'AKIA...' (20 characters)");
    CHECK_STR(sr_secret_redact(b, sizeof(b), "hunter2", 7), "'hu...' (7 characters)");
    CHECK_STR(sr_secret_redact(b, sizeof(b), "ab", 2), "(2 characters)");
    /* multi-byte characters count once and are never cut in half */
    CHECK_STR(
        sr_secret_redact(b, sizeof(b), "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 12),
        "'\xc3\xa9\xc3\xa9...' (6 characters)");
    CHECK_STR(sr_secret_redact(b, sizeof(b), "a\nb'cdefghijklm", 15), "'a?b?...' (15 characters)");
    /* small buffers stay terminated */
    char tiny[6];
    sr_secret_redact(tiny, sizeof(tiny), "AKIAABCDEFGHIJKLMNOP", 20);
    CHECK_INT(strlen(tiny), 5);
}

static void *scan_many(void *arg)
{
    const char *t = arg;
    size_t ok = 0;
    for (int i = 0; i < 2000; i++) {
        struct sr_secret_hit h[2];
        ok += sr_secret_scan(t, strlen(t), h, 2) == 1;
    }
    return (void *)ok;
}

TEST(threads_share_the_compiled_pattern)
{
    char t[64];
    snprintf(t, sizeof(t), "k=%s", mk("AKIA", B32, 16));
    pthread_t th[4];
    for (int i = 0; i < 4; i++)
        pthread_create(&th[i], NULL, scan_many, t);
    for (int i = 0; i < 4; i++) {
        void *r;
        pthread_join(th[i], &r);
        CHECK_INT((size_t)r, 2000);
    }
}

TEST(scanner_reuses_match_data)
{
    struct sr_secret_scanner *sc = sr_secret_scanner_new();
    CHECK(sc != NULL);
    struct sr_secret_hit h[2];
    const char *t = mk("ghp_", ALNUM, 36);
    for (int i = 0; i < 100; i++)
        CHECK_INT(sr_secret_scanner_scan(sc, t, strlen(t), h, 2), 1);
    CHECK_INT(h[0].pat, SR_PAT_GITHUB);
    CHECK_INT(sr_secret_scanner_scan(sc, "nothing here at all", 19, h, 2), 0);
    sr_secret_scanner_free(sc);
    CHECK_INT(sr_secret_scanner_scan(NULL, t, strlen(t), h, 2), 0);
    sr_secret_scanner_free(NULL);
}

TEST(placeholders_and_commands)
{
    CHECK(sr_secret_placeholder("<password>", 10));
    CHECK(sr_secret_placeholder("<>", 2));
    CHECK(sr_secret_placeholder("REPLACE_WITH_TOKEN", 18));
    CHECK(!sr_secret_placeholder("REALVALUE", 9));
    CHECK(!sr_secret_placeholder("hunter2", 7));
    CHECK(sr_secret_benign("`getsecretvalue $1`", 19));
    CHECK(sr_secret_benign("$(aws secretsmanager get-secret-value)", 38));
    CHECK_INT(count("secret=`getsecretvalue $1`"), 0);
    /* an ARN segment "secret:" is not an assignment */
    CHECK_INT(count("arn:aws:secretsmanager:us-east-1:123456789012:secret:mq_secret_01-9T06KM"), 0);
}

TEST(pattern_names)
{
    CHECK_STR(sr_secret_pat_name(SR_PAT_AWS_KEY_ID), "AWS access key id");
    for (int p = SR_PAT_AWS_KEY_ID; p < SR_PAT_COUNT; p++)
        CHECK(strcmp(sr_secret_pat_name((enum sr_pat)p), "credential") != 0);
}

/* The windowed search (runs of the expression only before candidates)
 * finds exactly what a search of the whole text finds, on texts made of
 * every format, their near-misses and the separators between them. */
TEST(windowed_scan_equals_full_scan)
{
    const char *frag[] = {
        mk("AKIA", "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16),
        "-----BEGIN RSA PRIVATE KEY-----",
        mk("ghp_", "abcdefghijklmnopqrstuvwxyzABCDEFGH0123456789", 36),
        "xoxb-123456789-abcdefghijkl",
        "https://hooks.slack.com/services/T0ABCDEF1/B0ABCDEF1/abcdefghijklmnopqrstuvwx",
        mk("sk_live_", "abcdefghijklmnopqrstuvwxyz0123456789", 24),
        mk("AIza", "abcdefghijklmnopqrstuvwxyzABCDEF0123_-", 35),
        mk("GOCSPX-", "abcdefghijklmnopqrstuvwxyz0123", 28),
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefghijklmnopqrstuv",
        "postgres://app:Zq8vLm2pRt6w@db.example.com",
        "averyveryverylongsch+x://u:Pq9zLm3vXt@host",
        "aws_secret_access_key = ",
        mk("", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij0123456789/+", 40),
        "AWS_SECRET_KEY\" ",
        "password=Hx7vQ2mLp9Zt",
        "client-secret: Wq3zP8mLx2",
        "api_key = 'Tz4nW8qLp2Xv'",
        "auth_token:Rv5mQ9zLk3",
        "secret_key=Lm2pQ8zWx4",
        "the key is here",
        "KEY ",
        "passwd ",
        "token",
        "://",
        "gh",
        "A",
        " ",
        "=",
        ":",
        "'",
        "\"",
        "\n",
        "_",
        "-",
        "x",
        "ordinary words of a description ",
        "https://secretsmanager.${AWS::Region}.${AWS::URLSuffix}/x",
        "http://user@host",
        "ftp://u:@host",
        "s3://bucket:key",
        "API key secrets ",
        "access_key ",
        "SecretKey\t",
        "secret_access",
        "SECRET_ACCESS_KEY ",
        "aws_secret_key '",
        "Zq8vLm2pRt6wXk4nB7yH3sJ9dF1gC5aQ0eU2iO8r",
        "x_ACCESS",
        "PWD=Hx7vQ2mLp9Zt",
        "Token: Rv5mQ9zLk3",
        "PassWord = 'Tz4nW8qLp2Xv'",
        "sEcReT:Lm2pQ8zWx4",
        mk("ASIA", "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16),
        mk("rk_live_", "abcdefghijklmnopqrstuvwxyz0123456789", 24),
        "Ak",
        "github_pat_11ABCDEFG0abcdefghijkl_mnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcd",
        "pA",
        "tO",
        "kE",
        "+/",
        "@",
        "/",
    };
    size_t nf = sizeof(frag) / sizeof(frag[0]);
    struct sr_secret_scanner *sc = sr_secret_scanner_new();
    unsigned x = 88172645u;
    char text[4096];
    int bad = 0;
    for (int round = 0; round < 20000 && !bad; round++) {
        size_t len = 0;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        int parts = 1 + (int)(x % 14);
        for (int k = 0; k < parts; k++) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            const char *f = frag[x % nf];
            size_t fl = strlen(f);
            if (len + fl >= sizeof(text))
                break;
            memcpy(text + len, f, fl);
            len += fl;
        }
        struct sr_secret_hit a[16], b[16];
        size_t na = sr_secret_scanner_scan(sc, text, len, a, 16);
        size_t nb = sr_secret_scanner_scan_full(sc, text, len, b, 16);
        int same = na == nb;
        for (size_t i = 0; same && i < na && i < 16; i++)
            same = a[i].pat == b[i].pat && a[i].off == b[i].off && a[i].len == b[i].len;
        if (!same) {
            printf("# windowed %zu hits, full %zu hits: %.*s\n", na, nb, (int)len, text);
            bad = 1;
        }
    }
    CHECK(!bad);
    sr_secret_scanner_free(sc);
}

int main(void)
{
    RUN(aws_access_key_id);
    RUN(windowed_scan_equals_full_scan);
    RUN(private_key_block);
    RUN(github_tokens);
    RUN(slack_tokens);
    RUN(stripe_keys);
    RUN(google_keys);
    RUN(jwt);
    RUN(basic_auth_url);
    RUN(aws_secret_key_assignment);
    RUN(credential_assignment_in_text);
    RUN(near_misses_of_the_brief);
    RUN(credential_names);
    RUN(entropy_threshold);
    RUN(benign_values);
    RUN(redaction);
    RUN(threads_share_the_compiled_pattern);
    RUN(scanner_reuses_match_data);
    RUN(placeholders_and_commands);
    RUN(pattern_names);
    return CHECK_DONE();
}
