/*
 * iamaction.h - IAM action names and patterns.
 *
 * Matches IAM patterns with `*` and `?` against names (actions compare
 * case-insensitively, as IAM does; ARNs case-sensitively), compares two
 * patterns (does one cover, or overlap, the other), and knows the catalogue
 * of Secrets Manager actions with the sets rotation needs. Pure functions
 * over strings: no allocation, no global state. Parsing policies is iam.c.
 */
#ifndef SR_IAMACTION_H
#define SR_IAMACTION_H

#include <stddef.h>

/* Names and patterns longer than this never match (hostile input bound). */
#define SR_IAM_MAX_NAME 1024

/*
 * Glob match of name against pattern: `*` matches any run of characters
 * (also empty), `?` exactly one. nocase: ASCII case-insensitive. Returns 1
 * or 0; NULL or over-long arguments give 0.
 */
int sr_iam_glob(const char *pattern, const char *name, int nocase);

/* 1 when the IAM action pattern ("secretsmanager:Get*", "*") matches the
 * action ("secretsmanager:GetSecretValue"), case-insensitively. */
int sr_iam_action_match(const char *pattern, const char *action);

/*
 * 1 when every name matched by pattern q is also matched by pattern p
 * ("secretsmanager:*" covers "secretsmanager:Get*"; "*" covers anything).
 * Sound: 1 is always right; a few exotic pairs that do cover may give 0.
 */
int sr_iam_pattern_covers(const char *p, const char *q, int nocase);

/* 1 when some name is matched by both patterns ("s3:Get*" and "*Object"). */
int sr_iam_pattern_overlaps(const char *p, const char *q, int nocase);

/* 1 when pattern is "*" or "<service>:*" (possibly "**", any case). */
int sr_iam_action_is_service_wide(const char *pattern);
/* 1 when the pattern's service part is exactly service (case-insensitive),
 * or the pattern's service part is a wildcard that matches it. */
int sr_iam_action_in_service(const char *pattern, const char *service);

/* What an action of the catalogue is. */
enum sr_sm_flag {
    SR_SMA_ROTATION = 1u << 0,     /* needed by a rotation function on the secret */
    SR_SMA_ROTATION_ANY = 1u << 1, /* needed by a rotation function on "*" */
    SR_SMA_NO_RESOURCE = 1u << 2,  /* takes no resource ARN: only "*" applies */
    SR_SMA_VALUE = 1u << 3,        /* reveals a secret value */
    SR_SMA_WRITE = 1u << 4,        /* changes a secret or its versions */
    SR_SMA_PERMISSIONS = 1u << 5,  /* changes who can access the secret */
    SR_SMA_DESTRUCTIVE = 1u << 6,  /* deletes or stops replicating data */
    SR_SMA_TAGGING = 1u << 7
};

struct sr_iam_action {
    const char *name; /* "secretsmanager:GetSecretValue" */
    unsigned flags;   /* enum sr_sm_flag bits */
};

/* Every Secrets Manager IAM action, sorted by name; *n set to the count. */
const struct sr_iam_action *sr_iam_sm_actions(size_t *n);
/* The catalogue entry for action (case-insensitive), or NULL. */
const struct sr_iam_action *sr_iam_sm_action(const char *action);

/*
 * Bit set of catalogue actions (bit i = entry i of sr_iam_sm_actions())
 * matched by pattern. 0 for patterns of other services.
 */
unsigned long sr_iam_sm_expand(const char *pattern);
/* The bits of the catalogue actions having any of flags. */
unsigned long sr_iam_sm_with(unsigned flags);
/* Writes the short names ("DescribeSecret, PutSecretValue") of the actions
 * in set into buf (always NUL-terminated, truncated with "..."). Returns buf. */
char *sr_iam_sm_names(unsigned long set, char *buf, size_t size);

#endif
