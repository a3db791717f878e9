/*
 * test_iamaction.c - IAM pattern matching and the Secrets Manager catalogue.
 */
#include "check.h"

#include <stdio.h>
#include <ctype.h>
#include <string.h>

#include "iamaction.h"

TEST(glob_basics)
{
    CHECK(sr_iam_glob("*", "", 0));
    CHECK(sr_iam_glob("*", "anything", 0));
    CHECK(sr_iam_glob("a?c", "abc", 0));
    CHECK(!sr_iam_glob("a?c", "ac", 0));
    CHECK(!sr_iam_glob("a?c", "abbc", 0));
    CHECK(sr_iam_glob("a*c", "ac", 0));
    CHECK(sr_iam_glob("a*c", "abbbc", 0));
    CHECK(!sr_iam_glob("a*c", "abbbd", 0));
    CHECK(sr_iam_glob("*a*b*", "xxaxxbxx", 0));
    CHECK(!sr_iam_glob("*a*b*", "xxbxxaxx", 0));
    CHECK(!sr_iam_glob("abc", "ABC", 0));
    CHECK(sr_iam_glob("abc", "ABC", 1));
    CHECK(!sr_iam_glob(NULL, "a", 1));
    CHECK(!sr_iam_glob("a", NULL, 1));
}

TEST(glob_bounds)
{
    char long_name[SR_IAM_MAX_NAME + 10];
    memset(long_name, 'a', sizeof(long_name) - 1);
    long_name[sizeof(long_name) - 1] = '\0';
    CHECK(!sr_iam_glob("*", long_name, 0));
    long_name[SR_IAM_MAX_NAME] = '\0';
    CHECK(sr_iam_glob("*", long_name, 0));
    /* Many stars against a long non-matching name finishes. */
    CHECK(!sr_iam_glob("*a*a*a*a*a*a*a*a*a*a*b", long_name, 0));
}

/* The reference: glob by recursion, for short strings. */
static int ref_glob(const char *p, const char *n, int nocase)
{
    if (*p == '*')
        return ref_glob(p + 1, n, nocase) || (*n && ref_glob(p, n + 1, nocase));
    if (!*n)
        return !*p;
    char a = *p, b = *n;
    if (nocase) {
        a = (char)(a >= 'A' && a <= 'Z' ? a + 32 : a);
        b = (char)(b >= 'A' && b <= 'Z' ? b + 32 : b);
    }
    return *p && (*p == '?' || a == b) && ref_glob(p + 1, n + 1, nocase);
}

/* Literal leads, wildcards after them and mixed case agree with the
 * reference on every pattern and name drawn from a small alphabet. */
TEST(glob_matches_reference)
{
    const char alpha[] = "aAb:*?";
    unsigned x = 2463534242u;
    int bad = 0;
    for (int round = 0; round < 200000 && !bad; round++) {
        char p[9], n[9];
        x ^= x << 13, x ^= x >> 17, x ^= x << 5;
        size_t pl = x % 8, nl = (x >> 3) % 8;
        for (size_t i = 0; i < pl; i++) {
            x ^= x << 13, x ^= x >> 17, x ^= x << 5;
            p[i] = alpha[x % 6];
        }
        for (size_t i = 0; i < nl; i++) {
            x ^= x << 13, x ^= x >> 17, x ^= x << 5;
            n[i] = alpha[x % 6]; /* wildcards are bytes of a name too */
        }
        p[pl] = n[nl] = '\0';
        int nocase = (int)(x >> 7) & 1;
        if (sr_iam_glob(p, n, nocase) != ref_glob(p, n, nocase)) {
            printf("# glob('%s', '%s', %d) = %d\n", p, n, nocase, sr_iam_glob(p, n, nocase));
            bad = 1;
        }
    }
    CHECK(!bad);
    /* A literal pattern as long as the bound matches; one byte more does not. */
    char name[SR_IAM_MAX_NAME + 2];
    memset(name, 'q', sizeof(name) - 1);
    name[SR_IAM_MAX_NAME] = '\0';
    CHECK(sr_iam_glob(name, name, 1));
    name[SR_IAM_MAX_NAME] = 'q';
    name[SR_IAM_MAX_NAME + 1] = '\0';
    CHECK(!sr_iam_glob(name, name, 1));
}

TEST(action_match_case_insensitive)
{
    CHECK(sr_iam_action_match("secretsmanager:GetSecretValue", "SecretsManager:getsecretvalue"));
    CHECK(sr_iam_action_match("SECRETSMANAGER:Get*", "secretsmanager:GetSecretValue"));
    CHECK(sr_iam_action_match("*", "kms:Decrypt"));
    CHECK(sr_iam_action_match("secretsmanager:*", "secretsmanager:DeleteSecret"));
    CHECK(!sr_iam_action_match("secretsmanager:Get*", "secretsmanager:PutSecretValue"));
    CHECK(sr_iam_action_match("kms:?ecrypt", "kms:Decrypt"));
    CHECK(!sr_iam_action_match("kms:?ecrypt", "kms:ReEncrypt"));
    CHECK(!sr_iam_action_match("s3:*", "secretsmanager:GetSecretValue"));
}

TEST(pattern_covers)
{
    CHECK(sr_iam_pattern_covers("*", "secretsmanager:Get*", 1));
    CHECK(sr_iam_pattern_covers("secretsmanager:*", "secretsmanager:Get*", 1));
    CHECK(sr_iam_pattern_covers("secretsmanager:*", "SecretsManager:GetSecretValue", 1));
    CHECK(!sr_iam_pattern_covers("secretsmanager:Get*", "secretsmanager:*", 1));
    CHECK(!sr_iam_pattern_covers("a?c", "a*c", 0));
    CHECK(sr_iam_pattern_covers("a*c", "a?c", 0));
    CHECK(sr_iam_pattern_covers("*a*", "*a*", 0));
    CHECK(sr_iam_pattern_covers("x", "x", 0));
    CHECK(!sr_iam_pattern_covers("x", "X", 0));
    CHECK(sr_iam_pattern_covers("x", "X", 1));
    CHECK(sr_iam_pattern_covers("arn:aws:secretsmanager:*",
                                "arn:aws:secretsmanager:us-east-1:1:secret:A-*", 0));
}

TEST(pattern_long)
{
    /* Secret names may be 512 characters: long ARNs still compare. */
    char name[700], pat[700];
    memset(name, 'n', sizeof(name));
    memcpy(name, "secret:", 7);
    memcpy(name + 600, "-abcdef", 8);
    snprintf(pat, sizeof(pat), "%.600s-*", name);
    CHECK(sr_iam_pattern_covers(pat, name, 0));
    CHECK(sr_iam_pattern_overlaps(pat, name, 0));
    CHECK(sr_iam_glob(pat, name, 0));
    pat[10] = 'x';
    CHECK(!sr_iam_pattern_covers(pat, name, 0));
    CHECK(!sr_iam_pattern_overlaps(pat, name, 0));
    char huge[SR_IAM_MAX_NAME + 50];
    memset(huge, '*', sizeof(huge) - 1);
    huge[sizeof(huge) - 1] = '\0';
    CHECK(!sr_iam_pattern_covers(huge, "a", 0)); /* over the bound: no answer */
}

TEST(pattern_overlaps)
{
    CHECK(sr_iam_pattern_overlaps("s3:Get*", "*Object", 1));
    CHECK(sr_iam_pattern_overlaps("*", "abc", 0));
    CHECK(!sr_iam_pattern_overlaps("*a", "*b", 0));
    CHECK(sr_iam_pattern_overlaps("a*", "*b", 0));
    CHECK(!sr_iam_pattern_overlaps("a?", "abc", 0));
    CHECK(sr_iam_pattern_overlaps("a??", "abc", 0));
    CHECK(!sr_iam_pattern_overlaps("secretsmanager:Get*", "secretsmanager:Put*", 1));
    CHECK(sr_iam_pattern_overlaps("secretsmanager:Get*", "secretsmanager:*Value", 1));
}

TEST(service_helpers)
{
    CHECK(sr_iam_action_is_service_wide("*"));
    CHECK(sr_iam_action_is_service_wide("secretsmanager:*"));
    CHECK(sr_iam_action_is_service_wide("SecretsManager:**"));
    CHECK(!sr_iam_action_is_service_wide("secretsmanager:Get*"));
    CHECK(!sr_iam_action_is_service_wide("secretsmanager:"));
    CHECK(sr_iam_action_in_service("*", "secretsmanager"));
    CHECK(sr_iam_action_in_service("secretsmanager:Get*", "secretsmanager"));
    CHECK(sr_iam_action_in_service("Secrets*:Get*", "secretsmanager"));
    CHECK(!sr_iam_action_in_service("kms:*", "secretsmanager"));
}

TEST(catalogue_sorted_and_complete)
{
    size_t n;
    const struct sr_iam_action *a = sr_iam_sm_actions(&n);
    CHECK_INT(n, 23);
    for (size_t i = 1; i < n; i++)
        CHECK(strcmp(a[i - 1].name, a[i].name) < 0);
    CHECK(sr_iam_sm_action("secretsmanager:getsecretvalue") != NULL);
    CHECK(sr_iam_sm_action("secretsmanager:Nope") == NULL);
    CHECK(sr_iam_sm_action("secretsmanager:GetRandomPassword")->flags & SR_SMA_NO_RESOURCE);
}

/* Names of a set, compared through short locals (CHECK_STR quotes its
 * arguments' text into a fixed buffer). */
#define CHECK_NAMES(set, text)                                                                     \
    do {                                                                                           \
        char got_[512];                                                                            \
        const char *want_ = (text);                                                                \
        sr_iam_sm_names((set), got_, sizeof(got_));                                                \
        CHECK_STR(got_, want_);                                                                    \
    } while (0)

TEST(rotation_sets)
{
    unsigned long rot = sr_iam_sm_with(SR_SMA_ROTATION);
    CHECK_NAMES(rot, "DescribeSecret, GetSecretValue, PutSecretValue, UpdateSecretVersionStage");
    CHECK_NAMES(sr_iam_sm_with(SR_SMA_ROTATION_ANY), "GetRandomPassword");
    CHECK_NAMES(sr_iam_sm_with(SR_SMA_NO_RESOURCE),
                "BatchGetSecretValue, GetRandomPassword, ListSecrets");
}

TEST(expand)
{
    CHECK_INT(__builtin_popcountl(sr_iam_sm_expand("secretsmanager:*")), 23);
    CHECK_INT(__builtin_popcountl(sr_iam_sm_expand("*")), 23);
    CHECK_INT(sr_iam_sm_expand("kms:*"), 0);
    CHECK_NAMES(sr_iam_sm_expand("secretsmanager:Get*"),
                "GetRandomPassword, GetResourcePolicy, GetSecretValue");
    CHECK_NAMES(sr_iam_sm_expand("secretsmanager:*Secret"),
                "CancelRotateSecret, CreateSecret, DeleteSecret, DescribeSecret, RestoreSecret, "
                "RotateSecret, UpdateSecret");
    /* A name without wildcards: any case, every entry, nothing near it. */
    size_t nsm;
    const struct sr_iam_action *sm = sr_iam_sm_actions(&nsm);
    for (size_t i = 0; i < nsm; i++) {
        char upper[64];
        size_t k = 0;
        for (; sm[i].name[k] && k + 1 < sizeof(upper); k++)
            upper[k] = (char)toupper((unsigned char)sm[i].name[k]);
        upper[k] = '\0';
        CHECK(sr_iam_sm_expand(sm[i].name) == 1ul << i);
        CHECK(sr_iam_sm_expand(upper) == 1ul << i);
    }
    CHECK_INT(sr_iam_sm_expand("secretsmanager:"), 0);
    CHECK_INT(sr_iam_sm_expand("secretsmanager"), 0);
    CHECK_INT(sr_iam_sm_expand("secretsmanager:GetSecretValu"), 0);
    CHECK_INT(sr_iam_sm_expand("secretsmanager:GetSecretValues"), 0);
    CHECK_INT(sr_iam_sm_expand("secretsmanagerX:GetSecretValue"), 0);
    CHECK_NAMES(sr_iam_sm_expand("SecretsManager:listsecrets"), "ListSecrets");
    /* Truncation keeps the buffer terminated and marks it. */
    char small[12];
    sr_iam_sm_names(sr_iam_sm_expand("*"), small, sizeof(small));
    CHECK_INT(strlen(small), sizeof(small) - 1);
    CHECK(strcmp(small + sizeof(small) - 4, "...") == 0);
}

int main(void)
{
    RUN(glob_basics);
    RUN(glob_bounds);
    RUN(glob_matches_reference);
    RUN(action_match_case_insensitive);
    RUN(pattern_covers);
    RUN(pattern_long);
    RUN(pattern_overlaps);
    RUN(service_helpers);
    RUN(catalogue_sorted_and_complete);
    RUN(rotation_sets);
    RUN(expand);
    return CHECK_DONE();
}
