/*
 * arn.c - finding and reading ARNs in template text (arn.h).
 */
#include "arn.h"

#include <string.h>

static int sr_is_word(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

int sr_arn_next(const char *s, size_t len, size_t from, int sub, char opaque, struct sr_arn *out)
{
    for (size_t i = from; i + 4 <= len; i++) {
        if (s[i] != 'a' || memcmp(s + i, "arn:", 4) != 0)
            continue;
        if (i > 0 && (sr_is_word((unsigned char)s[i - 1]) || (opaque && s[i - 1] == opaque)))
            continue;
        size_t j = i + 4, k = 0;
        while (k < 4) {
            out->field[k] = j;
            while (j < len && s[j] != ':' && s[j] != '/' && s[j] != '"' && s[j] != ' ') {
                if (sub && s[j] == '$' && j + 1 < len && s[j + 1] == '{') {
                    const char *close = memchr(s + j, '}', len - j);
                    j = close ? (size_t)(close - s) + 1 : len;
                    continue;
                }
                j++;
            }
            out->flen[k] = j - out->field[k];
            k++;
            if (k < 4 && (j >= len || s[j] != ':'))
                break;
            if (k < 4)
                j++;
        }
        if (k < 4)
            continue;
        out->start = i;
        out->end = j;
        return 1;
    }
    return 0;
}

int sr_arn_is_region(const char *s, size_t n)
{
    size_t dashes = 0;
    if (n < 9 || n > 20 || s[n - 1] < '0' || s[n - 1] > '9' || s[n - 2] != '-')
        return 0;
    for (size_t i = 0; i < n - 1; i++) {
        if (s[i] == '-')
            dashes++;
        else if (s[i] < 'a' || s[i] > 'z')
            return 0;
    }
    return dashes >= 2 && dashes <= 3;
}

int sr_arn_is_account(const char *s, size_t n)
{
    if (n != 12)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

int sr_arn_literal_partition(const char *s, const struct sr_arn *a, int sub, char opaque)
{
    const char *f = s + a->field[0];
    size_t n = a->flen[0];
    if (n < 3 || memcmp(f, "aws", 3) != 0)
        return 0;
    if (sub && memchr(f, '$', n))
        return 0;
    return !(opaque && memchr(f, opaque, n));
}

/* The resource part of a whole-string ARN of service svc, or NULL. */
static const char *sr_arn_resource(const char *s, const char *svc)
{
    struct sr_arn a;
    size_t n = s ? strlen(s) : 0;
    if (!n || !sr_arn_next(s, n, 0, 0, 0, &a) || a.start != 0)
        return NULL;
    size_t sl = strlen(svc);
    if (a.flen[1] != sl || memcmp(s + a.field[1], svc, sl) != 0)
        return NULL;
    return a.end < n && s[a.end] == ':' ? s + a.end + 1 : NULL;
}

int sr_arn_is_secret(const char *s)
{
    const char *r = sr_arn_resource(s, "secretsmanager");
    return r && !strncmp(r, "secret:", 7) && r[7];
}

int sr_arn_is_kms_key(const char *s)
{
    const char *r = sr_arn_resource(s, "kms");
    return r && !strncmp(r, "key/", 4) && r[4];
}

int sr_arn_is_kms_alias(const char *s)
{
    if (!s)
        return 0;
    if (!strncmp(s, "alias/", 6))
        return 1;
    const char *r = sr_arn_resource(s, "kms");
    return r && !strncmp(r, "alias/", 6);
}

const char *sr_arn_managed_secret(const char *s)
{
    if (!s)
        return NULL;
    const char *r = sr_arn_resource(s, "secretsmanager");
    const char *name = r ? (!strncmp(r, "secret:", 7) ? r + 7 : NULL) : s;
    if (!name)
        return NULL;
    if (!strncmp(name, "rds!", 4))
        return "RDS";
    if (!strncmp(name, "redshift!", 9))
        return "Redshift";
    return NULL;
}

/*
 * Accounts AWS publishes from. Serverless Application Repository: the
 * AWS-published rotation applications (297356227824). Lambda layers: AWS
 * Parameters and Secrets Lambda Extension (177933569100, 200266452380,
 * 133256977650, 738900069198 and others per Region), Lambda Insights
 * (580247275435), AWS Distro for OpenTelemetry (901920570463), Powertools
 * for AWS Lambda (017000801446, 094274105915), AppConfig extension
 * (027255383542, 728743619870), Datadog and other vendors are not AWS and
 * are not listed.
 */
static const char *const sr_aws_accounts[] = {
    "017000801446", "027255383542", "094274105915", "133256977650", "177933569100", "200266452380",
    "297356227824", "580247275435", "728743619870", "738900069198", "901920570463",
};

int sr_arn_aws_owned_account(const char *s, size_t n)
{
    if (n != 12)
        return 0;
    for (size_t i = 0; i < sizeof(sr_aws_accounts) / sizeof(sr_aws_accounts[0]); i++)
        if (!memcmp(sr_aws_accounts[i], s, 12))
            return 1;
    return 0;
}
