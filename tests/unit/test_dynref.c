/*
 * test_dynref.c - dynamic reference scanning and grammar (src/dynref.c):
 * every segment form, several references per string, ARNs with colons,
 * placeholders for computed parts, and each error with its offset.
 */
#include "check.h"
#include "dynref.h"

#include <string.h>

static struct sr_dynref d[8];
static const char *cur;

static size_t scan(const char *s)
{
    cur = s;
    memset(d, 0, sizeof(d));
    return sr_dynref_scan(s, strlen(s), d, 8);
}

/* The text of a span of the last scanned string. */
static const char *sp(struct sr_span x)
{
    static char buf[4][256];
    static int k;
    char *b = buf[k++ & 3];
    size_t n = x.len < 255 ? x.len : 255;
    memcpy(b, cur + x.off, n);
    b[n] = 0;
    return b;
}

TEST(secretsmanager_name_only)
{
    CHECK_INT(scan("{{resolve:secretsmanager:MySecret}}"), 1);
    CHECK_INT(d[0].kind, SR_DYNREF_SECRETSMANAGER);
    CHECK_INT(d[0].err, SR_DYNREF_OK);
    CHECK_STR(sp(d[0].secret_id), "MySecret");
    CHECK_INT(d[0].json_key.len, 0);
    CHECK_INT(d[0].start, 0);
    CHECK_INT(d[0].end, strlen(cur));
    CHECK(sr_dynref_is_whole(cur, strlen(cur)));
}

TEST(secretsmanager_all_segments)
{
    CHECK_INT(scan("{{resolve:secretsmanager:prod/db:SecretString:password:AWSPREVIOUS}}"), 1);
    CHECK_INT(d[0].err, SR_DYNREF_OK);
    CHECK_STR(sp(d[0].secret_id), "prod/db");
    CHECK_STR(sp(d[0].secret_string), "SecretString");
    CHECK_STR(sp(d[0].json_key), "password");
    CHECK_STR(sp(d[0].version_stage), "AWSPREVIOUS");
    CHECK_INT(d[0].version_id.len, 0);
    CHECK_INT(d[0].nsegments, 4);
}

TEST(secretsmanager_omitted_segments)
{
    /* version-id given, json-key and version-stage omitted */
    CHECK_INT(scan("{{resolve:secretsmanager:MySecret:SecretString:::a1b2c3d4-5678}}"), 1);
    CHECK_INT(d[0].err, SR_DYNREF_OK);
    CHECK_INT(d[0].json_key.len, 0);
    CHECK_INT(d[0].version_stage.len, 0);
    CHECK_STR(sp(d[0].version_id), "a1b2c3d4-5678");
    /* empty secret-string segment is accepted */
    CHECK_INT(scan("{{resolve:secretsmanager:MySecret::password}}"), 1);
    CHECK_INT(d[0].err, SR_DYNREF_OK);
    CHECK_STR(sp(d[0].json_key), "password");
}

TEST(secretsmanager_arn)
{
    const char *s = "{{resolve:secretsmanager:arn:aws:secretsmanager:us-west-2:123456789012:"
                    "secret:MySecret-a1b2c3:SecretString:password}}";
    CHECK_INT(scan(s), 1);
    CHECK_INT(d[0].err, SR_DYNREF_OK);
    CHECK(d[0].is_arn);
    static const char want[] =
        "arn:aws:secretsmanager:us-west-2:123456789012:secret:MySecret-a1b2c3";
    const char *id = sp(d[0].secret_id);
    CHECK_STR(id, want);
    CHECK_STR(sp(d[0].json_key), "password");
    /* ARN alone */
    CHECK_INT(scan("{{resolve:secretsmanager:arn:aws:secretsmanager:us-west-2:123456789012:"
                   "secret:MySecret}}"),
              1);
    CHECK_INT(d[0].err, SR_DYNREF_OK);
    CHECK_INT(d[0].nsegments, 1);
}

TEST(secretsmanager_arn_incomplete)
{
    CHECK_INT(scan("{{resolve:secretsmanager:arn:aws:secretsmanager:us-west-2}}"), 1);
    CHECK_INT(d[0].err, SR_DYNREF_E_SEGMENT);
    CHECK_INT(scan("{{resolve:secretsmanager:arn:aws:ssm:us-west-2:123456789012:secret:x}}"), 1);
    CHECK_INT(d[0].err, SR_DYNREF_E_SEGMENT);
}

TEST(secretsmanager_bad_second_segment)
{
    CHECK_INT(scan("{{resolve:secretsmanager:MySecret:SecretBinary:password}}"), 1);
    CHECK_INT(d[0].err, SR_DYNREF_E_SEGMENT);
    CHECK_INT(d[0].err_off, strlen("{{resolve:secretsmanager:MySecret:"));
}

TEST(secretsmanager_stage_and_id)
{
    const char *s = "{{resolve:secretsmanager:MySecret:SecretString:pw:AWSCURRENT:abc-123}}";
    CHECK_INT(scan(s), 1);
    CHECK_INT(d[0].err, SR_DYNREF_E_STAGE_AND_ID);
    CHECK_INT(d[0].err_off, (size_t)(strstr(s, "abc-123") - s));
}

TEST(secretsmanager_too_many)
{
    const char *s = "{{resolve:secretsmanager:MySecret:SecretString:a:b::c}}";
    CHECK_INT(scan(s), 1);
    CHECK_INT(d[0].err, SR_DYNREF_E_TOO_MANY);
    CHECK_INT(d[0].err_off, (size_t)(strrchr(s, ':') - s));
}

TEST(secretsmanager_empty_id)
{
    CHECK_INT(scan("{{resolve:secretsmanager:}}"), 1);
    CHECK_INT(d[0].err, SR_DYNREF_E_EMPTY_ID);
    CHECK_INT(scan("{{resolve:secretsmanager}}"), 1); /* no key at all */
    CHECK_INT(d[0].err, SR_DYNREF_E_EMPTY_ID);
}

TEST(whitespace_inside_braces)
{
    const char *s = "x {{ resolve:ssm:Name:1}}";
    CHECK_INT(scan(s), 1);
    CHECK_INT(d[0].err, SR_DYNREF_E_SPACE);
    CHECK_INT(d[0].err_off, 4);
    CHECK_INT(scan("{{resolve:secretsmanager:MySecret }}"), 1);
    CHECK_INT(d[0].err, SR_DYNREF_E_SPACE);
    CHECK_INT(scan("{{resolve: ssm:Name}}"), 1);
    CHECK_INT(d[0].err, SR_DYNREF_E_SPACE);
}

TEST(trailing_backslash)
{
    const char *s = "{{resolve:secretsmanager:MySecret:SecretString:key\\}}";
    CHECK_INT(scan(s), 1);
    CHECK_INT(d[0].err, SR_DYNREF_E_BACKSLASH);
    CHECK_INT(d[0].err_off, strlen(s) - 3);
}

TEST(unterminated)
{
    CHECK_INT(scan("prefix {{resolve:ssm:Name:1"), 1);
    CHECK_INT(d[0].err, SR_DYNREF_E_UNTERMINATED);
    CHECK_INT(d[0].err_off, 7);
    CHECK_INT(d[0].end, strlen(cur));
}

TEST(unknown_service)
{
    CHECK_INT(scan("{{resolve:vault:x}}"), 1);
    CHECK_INT(d[0].kind, SR_DYNREF_UNKNOWN);
    CHECK_INT(d[0].err, SR_DYNREF_E_SERVICE);
    CHECK_INT(d[0].err_off, 10);
}

TEST(ssm_forms)
{
    CHECK_INT(scan("{{resolve:ssm:/app/db/host:3}}"), 1);
    CHECK_INT(d[0].kind, SR_DYNREF_SSM);
    CHECK_INT(d[0].err, SR_DYNREF_OK);
    CHECK_STR(sp(d[0].name), "/app/db/host");
    CHECK_STR(sp(d[0].version), "3");
    CHECK_INT(scan("{{resolve:ssm:S3AccessControl}}"), 1); /* version optional: latest */
    CHECK_INT(d[0].err, SR_DYNREF_OK);
    CHECK_INT(d[0].version.len, 0);
    CHECK_INT(scan("{{resolve:ssm-secure:IAMUserPassword:10}}"), 1);
    CHECK_INT(d[0].kind, SR_DYNREF_SSM_SECURE);
    CHECK_INT(d[0].err, SR_DYNREF_OK);
    CHECK_INT(scan("{{resolve:ssm:arn:aws:ssm:us-east-1:123456789012:parameter/shared/x:2}}"), 1);
    CHECK_INT(d[0].err, SR_DYNREF_OK);
    CHECK(d[0].is_arn);
    CHECK_STR(sp(d[0].version), "2");
}

TEST(ssm_errors)
{
    CHECK_INT(scan("{{resolve:ssm:Name:latest}}"), 1);
    CHECK_INT(d[0].err, SR_DYNREF_E_VERSION);
    CHECK_INT(scan("{{resolve:ssm-secure:Name:1:2}}"), 1);
    CHECK_INT(d[0].err, SR_DYNREF_E_TOO_MANY);
    CHECK_INT(scan("{{resolve:ssm:bad name!:1}}"), 1);
    CHECK_INT(d[0].err, SR_DYNREF_E_SEGMENT);
    CHECK_INT(scan("{{resolve:ssm:Name:0}}"), 1);
    CHECK_INT(d[0].err, SR_DYNREF_E_VERSION);
}

TEST(several_per_string)
{
    const char *s = "postgres://{{resolve:secretsmanager:Db:SecretString:username}}:"
                    "{{resolve:secretsmanager:Db:SecretString:password}}@host/{{resolve:ssm:db:1}}";
    CHECK_INT(scan(s), 3);
    CHECK_STR(sp(d[0].json_key), "username");
    CHECK_STR(sp(d[1].json_key), "password");
    CHECK_INT(d[2].kind, SR_DYNREF_SSM);
    CHECK(d[1].start > d[0].end - 1);
    CHECK(!sr_dynref_is_whole(s, strlen(s)));
    CHECK(sr_dynref_present(s, strlen(s)));
}

TEST(placeholders_from_sub)
{
    /* "{{resolve:secretsmanager:${MySecret}:SecretString:password}}" flattened */
    const char *s = "{{resolve:secretsmanager:\x1a:SecretString:password}}";
    CHECK_INT(scan(s), 1);
    CHECK_INT(d[0].err, SR_DYNREF_OK);
    CHECK_STR(sp(d[0].secret_id), "\x1a");
    CHECK_STR(sp(d[0].json_key), "password");
    /* ARN built from pseudo parameters */
    s = "{{resolve:secretsmanager:arn:\x1a:secretsmanager:\x1a:\x1a:secret:app}}";
    CHECK_INT(scan(s), 1);
    CHECK_INT(d[0].err, SR_DYNREF_OK);
    CHECK(d[0].is_arn);
}

TEST(not_references)
{
    CHECK_INT(scan("{{ other }} {{resolved}} {resolve:ssm:x} {{resolve}}"), 0);
    CHECK_INT(scan(""), 0);
    CHECK(!sr_dynref_present("${AWS::Region}", 14));
    CHECK_INT(scan("{{{resolve:ssm:x}}"), 1); /* the reference starts at the second brace */
    CHECK_INT(d[0].start, 1);
}

TEST(names_and_errors_text)
{
    CHECK_STR(sr_dynref_kind_name(SR_DYNREF_SSM_SECURE), "ssm-secure");
    CHECK(strstr(sr_dynref_err_text(SR_DYNREF_E_STAGE_AND_ID), "version-id") != NULL);
}

/* Braces next to the ends of the string and runs of them: the scan jumps
 * from one '{' to the next and must find what the byte walk found. */
TEST(braces_at_the_edges)
{
    CHECK_INT(scan("{"), 0);
    CHECK_INT(scan("a{"), 0);
    CHECK_INT(scan("{{"), 0);
    CHECK_INT(scan("{{resolve:ssm:p}}"), 1);
    CHECK_INT((long)d[0].start, 0);
    CHECK_INT(scan("x{ {{resolve:ssm:p}}"), 1);
    CHECK_INT((long)d[0].start, 3);
    CHECK_INT(scan("{{{resolve:ssm:p}}"), 1);
    CHECK_INT((long)d[0].start, 1);
    CHECK_INT(scan("{{resolve:ssm:a}}{{resolve:ssm:b}}{"), 2);
    CHECK_INT((long)d[1].start, 17);
    /* The length bounds it: the cut reference is unterminated. */
    CHECK_INT(sr_dynref_scan("{{resolve:ssm:p}}", 16, d, 8), 1);
    CHECK(d[0].err != 0 && d[0].end <= 16);
}

int main(void)
{
    RUN(braces_at_the_edges);
    RUN(secretsmanager_name_only);
    RUN(secretsmanager_all_segments);
    RUN(secretsmanager_omitted_segments);
    RUN(secretsmanager_arn);
    RUN(secretsmanager_arn_incomplete);
    RUN(secretsmanager_bad_second_segment);
    RUN(secretsmanager_stage_and_id);
    RUN(secretsmanager_too_many);
    RUN(secretsmanager_empty_id);
    RUN(whitespace_inside_braces);
    RUN(trailing_backslash);
    RUN(unterminated);
    RUN(unknown_service);
    RUN(ssm_forms);
    RUN(ssm_errors);
    RUN(several_per_string);
    RUN(placeholders_from_sub);
    RUN(not_references);
    RUN(names_and_errors_text);
    return CHECK_DONE();
}
