/*
 * iamaction.c - IAM pattern matching and the Secrets Manager action catalogue.
 *
 * Glob matching is the classic two-pointer algorithm with one backtrack
 * point (linear in practice, bounded by SR_IAM_MAX_NAME). Pattern-versus-
 * pattern questions use a small dynamic-programming table on the stack.
 * The catalogue is the list of IAM actions of Secrets Manager (Service
 * Authorization Reference) with the facts the least-privilege rules need.
 */
#include "iamaction.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Patterns compared with each other are at most this long (row size). */
#define SR_IAM_MAX_PAIR 1024

static int sr_lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

static int sr_ch_eq(char a, char b, int nocase)
{
    if (nocase)
        return sr_lower((unsigned char)a) == sr_lower((unsigned char)b);
    return a == b;
}

static size_t sr_bounded_len(const char *s, size_t max)
{
    size_t n = 0;
    while (n <= max && s[n])
        n++;
    return n;
}

int sr_iam_glob(const char *pattern, const char *name, int nocase)
{
    if (!pattern || !name)
        return 0;
    /* A pattern or name longer than SR_IAM_MAX_NAME matches nothing. The
     * bound is checked as the walk goes: a match reaches the end of both,
     * and most calls stop at the first characters (another service). */
    const char *p = pattern, *n = name;
    const char *star = NULL, *resume = NULL;
    /* The literal lead, before any wildcard: the steps the loop below
     * takes there, with less to test per byte (a NUL in n ends it, as
     * it differs from every *p the loop condition lets through). */
    if (nocase)
        while ((size_t)(n - name) < SR_IAM_MAX_NAME && *p && *p != '*' && *p != '?' &&
               sr_lower((unsigned char)*p) == sr_lower((unsigned char)*n))
            p++, n++;
    else
        while ((size_t)(n - name) < SR_IAM_MAX_NAME && *p && *p != '*' && *p != '?' && *p == *n)
            p++, n++;
    while (*n) {
        if ((size_t)(n - name) >= SR_IAM_MAX_NAME ||
            ((size_t)(p - pattern) >= SR_IAM_MAX_NAME && *p))
            return 0;
        if (*p == '*') {
            star = p++;
            resume = n;
        } else if (*p && (*p == '?' || sr_ch_eq(*p, *n, nocase))) {
            p++;
            n++;
        } else if (star) {
            p = star + 1;
            n = ++resume;
        } else {
            return 0;
        }
    }
    while (*p == '*' && (size_t)(p - pattern) < SR_IAM_MAX_NAME)
        p++;
    return *p == '\0';
}

int sr_iam_action_match(const char *pattern, const char *action)
{
    return sr_iam_glob(pattern, action, 1);
}

/* Pattern-versus-pattern questions are answered by dynamic programming
 * over suffixes: t[i][j] is the answer for p+i and q+j, filled from the
 * ends. Row i only needs row i+1, so two rows are kept. */
int sr_iam_pattern_covers(const char *p, const char *q, int nocase)
{
    if (!p || !q)
        return 0;
    /* A pattern without wildcards matches one string: it covers q only
     * when q is that same string. */
    if (!strpbrk(p, "*?")) {
        if (strpbrk(q, "*?"))
            return 0;
        return nocase ? strcasecmp(p, q) == 0 : strcmp(p, q) == 0;
    }
    size_t lp = sr_bounded_len(p, SR_IAM_MAX_PAIR), lq = sr_bounded_len(q, SR_IAM_MAX_PAIR);
    if (lp > SR_IAM_MAX_PAIR || lq > SR_IAM_MAX_PAIR)
        return 0;
    /* Every cell read is written first; zeroing lets the analyser see it. */
    unsigned char rows[2][SR_IAM_MAX_PAIR + 2] = {{0}};
    unsigned char *next = rows[0], *cur = rows[1];
    for (size_t ii = lp + 1; ii-- > 0;) {
        for (size_t jj = lq + 1; jj-- > 0;) {
            unsigned char v;
            if (jj == lq)
                v = (ii == lp) || (p[ii] == '*' && next[jj]);
            else if (ii == lp)
                v = 0;
            else if (p[ii] == '*')
                v = next[jj] || cur[jj + 1];
            else if (q[jj] == '*')
                v = 0;
            else if (q[jj] == '?')
                v = p[ii] == '?' && next[jj + 1];
            else
                v = (p[ii] == '?' || sr_ch_eq(p[ii], q[jj], nocase)) && next[jj + 1];
            cur[jj] = v;
        }
        unsigned char *t = next;
        next = cur;
        cur = t;
    }
    return next[0];
}

int sr_iam_pattern_overlaps(const char *p, const char *q, int nocase)
{
    if (!p || !q)
        return 0;
    size_t lp = sr_bounded_len(p, SR_IAM_MAX_PAIR), lq = sr_bounded_len(q, SR_IAM_MAX_PAIR);
    if (lp > SR_IAM_MAX_PAIR || lq > SR_IAM_MAX_PAIR)
        return 0;
    /* Every cell read is written first; zeroing lets the analyser see it. */
    unsigned char rows[2][SR_IAM_MAX_PAIR + 2] = {{0}};
    unsigned char *next = rows[0], *cur = rows[1];
    for (size_t ii = lp + 1; ii-- > 0;) {
        for (size_t jj = lq + 1; jj-- > 0;) {
            unsigned char v;
            if (ii == lp && jj == lq)
                v = 1;
            else if (ii == lp)
                v = q[jj] == '*' && cur[jj + 1];
            else if (jj == lq)
                v = p[ii] == '*' && next[jj];
            else if (p[ii] == '*' || q[jj] == '*')
                v = next[jj] || cur[jj + 1];
            else
                v = (p[ii] == '?' || q[jj] == '?' || sr_ch_eq(p[ii], q[jj], nocase)) &&
                    next[jj + 1];
            cur[jj] = v;
        }
        unsigned char *t = next;
        next = cur;
        cur = t;
    }
    return next[0];
}

int sr_iam_action_is_service_wide(const char *pattern)
{
    if (!pattern || !*pattern)
        return 0;
    const char *colon = strrchr(pattern, ':');
    const char *act = colon ? colon + 1 : pattern;
    if (!*act)
        return 0;
    for (; *act; act++)
        if (*act != '*')
            return 0;
    return 1;
}

int sr_iam_action_in_service(const char *pattern, const char *service)
{
    if (!pattern || !service)
        return 0;
    char any[SR_IAM_MAX_PAIR + 1];
    int n = snprintf(any, sizeof(any), "%s:*", service);
    if (n < 0 || (size_t)n >= sizeof(any))
        return 0;
    return sr_iam_pattern_overlaps(pattern, any, 1);
}

/*
 * The Secrets Manager actions. Sources: botocore's secretsmanager service
 * model (operation names) and the Service Authorization Reference page
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecretsmanager.html
 * (resource types: BatchGetSecretValue, GetRandomPassword and ListSecrets
 * take none). Rotation needs: rotating-secrets-required-permissions-function
 * in the Secrets Manager user guide. Keep sorted by name.
 */
#define SR_SM "secretsmanager:"
static const struct sr_iam_action sr_sm_table[] = {
    {SR_SM "BatchGetSecretValue", SR_SMA_NO_RESOURCE | SR_SMA_VALUE},
    {SR_SM "CancelRotateSecret", SR_SMA_WRITE},
    {SR_SM "CreateSecret", SR_SMA_WRITE},
    {SR_SM "DeleteResourcePolicy", SR_SMA_PERMISSIONS},
    {SR_SM "DeleteSecret", SR_SMA_WRITE | SR_SMA_DESTRUCTIVE},
    {SR_SM "DescribeSecret", SR_SMA_ROTATION},
    {SR_SM "GetRandomPassword", SR_SMA_ROTATION_ANY | SR_SMA_NO_RESOURCE},
    {SR_SM "GetResourcePolicy", 0},
    {SR_SM "GetSecretValue", SR_SMA_ROTATION | SR_SMA_VALUE},
    {SR_SM "ListSecretVersionIds", 0},
    {SR_SM "ListSecrets", SR_SMA_NO_RESOURCE},
    {SR_SM "PutResourcePolicy", SR_SMA_PERMISSIONS},
    {SR_SM "PutSecretValue", SR_SMA_ROTATION | SR_SMA_WRITE},
    {SR_SM "RemoveRegionsFromReplication", SR_SMA_WRITE | SR_SMA_DESTRUCTIVE},
    {SR_SM "ReplicateSecretToRegions", SR_SMA_WRITE},
    {SR_SM "RestoreSecret", SR_SMA_WRITE},
    {SR_SM "RotateSecret", SR_SMA_WRITE},
    {SR_SM "StopReplicationToReplica", SR_SMA_WRITE | SR_SMA_DESTRUCTIVE},
    {SR_SM "TagResource", SR_SMA_TAGGING},
    {SR_SM "UntagResource", SR_SMA_TAGGING},
    {SR_SM "UpdateSecret", SR_SMA_WRITE},
    {SR_SM "UpdateSecretVersionStage", SR_SMA_ROTATION | SR_SMA_WRITE},
    {SR_SM "ValidateResourcePolicy", 0},
};
#define SR_SM_COUNT (sizeof(sr_sm_table) / sizeof(sr_sm_table[0]))

const struct sr_iam_action *sr_iam_sm_actions(size_t *n)
{
    *n = SR_SM_COUNT;
    return sr_sm_table;
}

const struct sr_iam_action *sr_iam_sm_action(const char *action)
{
    if (!action)
        return NULL;
    for (size_t i = 0; i < SR_SM_COUNT; i++)
        if (sr_iam_glob(sr_sm_table[i].name, action, 1))
            return &sr_sm_table[i];
    return NULL;
}

unsigned long sr_iam_sm_expand(const char *pattern)
{
    unsigned long set = 0;
    if (!pattern)
        return 0;
    /* Fast paths: an exact action name, or a pattern of another service. */
    const char *colon = strchr(pattern, ':');
    size_t svc = colon ? (size_t)(colon - pattern) : strlen(pattern);
    int svc_wild = memchr(pattern, '*', svc) || memchr(pattern, '?', svc);
    if (!svc_wild && (svc != 14 || strncasecmp(pattern, "secretsmanager", 14) != 0))
        return 0;
    if (!strpbrk(pattern, "*?")) {
        /* "secretsmanager:" then a name: its first letter picks the
         * entries worth comparing. */
        size_t pre = sizeof(SR_SM) - 1;
        if (pattern[pre - 1] != ':' || !pattern[pre])
            return 0;
        int first = sr_lower((unsigned char)pattern[pre]);
        for (size_t i = 0; i < SR_SM_COUNT; i++)
            if (sr_lower((unsigned char)sr_sm_table[i].name[pre]) == first &&
                strcasecmp(pattern + pre, sr_sm_table[i].name + pre) == 0)
                return 1ul << i;
        return 0;
    }
    for (size_t i = 0; i < SR_SM_COUNT; i++)
        if (sr_iam_action_match(pattern, sr_sm_table[i].name))
            set |= 1ul << i;
    return set;
}

unsigned long sr_iam_sm_with(unsigned flags)
{
    unsigned long set = 0;
    for (size_t i = 0; i < SR_SM_COUNT; i++)
        if (sr_sm_table[i].flags & flags)
            set |= 1ul << i;
    return set;
}

char *sr_iam_sm_names(unsigned long set, char *buf, size_t size)
{
    size_t used = 0;
    if (!buf || size == 0)
        return buf;
    buf[0] = '\0';
    for (size_t i = 0; i < SR_SM_COUNT; i++) {
        if (!(set & (1ul << i)))
            continue;
        const char *shortname = sr_sm_table[i].name + strlen(SR_SM);
        int n = snprintf(buf + used, size - used, "%s%s", used ? ", " : "", shortname);
        if (n < 0 || (size_t)n >= size - used) {
            /* Truncated: end with "..." when there is room for it. */
            if (size >= 4)
                memcpy(buf + size - 4, "...", 4);
            return buf;
        }
        used += (size_t)n;
    }
    return buf;
}
