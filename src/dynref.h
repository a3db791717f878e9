/*
 * dynref.h - CloudFormation dynamic references inside a string.
 *
 * Finds every `{{resolve:service:key}}` in a string and splits it into its
 * segments: secretsmanager (secret-id, SecretString, json-key, version-stage,
 * version-id; the secret-id may be an ARN with colons), ssm and ssm-secure
 * (parameter name or ARN, optional version). Malformed references are
 * returned with an error code and the byte offset of the problem. Works on
 * bytes only: no allocation, no graph; where a reference sits in a template
 * and what it names is the rules' business (rules/exposure.c).
 */
#ifndef SR_DYNREF_H
#define SR_DYNREF_H

#include <stddef.h>

/* CloudFormation accepts at most this many dynamic references per template. */
#define SR_DYNREF_MAX_PER_TEMPLATE 60

/*
 * A byte a caller may put where a computed value stands (a `${Var}` of a
 * Fn::Sub, a Ref inside a Fn::Join) before scanning the flattened text. A
 * segment holding it is taken as computed: never judged malformed, and a
 * placeholder in the secret-id position stands for the whole id (an ARN
 * with its colons).
 */
#define SR_DYNREF_PLACEHOLDER '\x1a'

enum sr_dynref_kind {
    SR_DYNREF_SSM = 1,
    SR_DYNREF_SSM_SECURE,
    SR_DYNREF_SECRETSMANAGER,
    SR_DYNREF_UNKNOWN /* {{resolve:other:...}} */
};

enum sr_dynref_err {
    SR_DYNREF_OK = 0,
    SR_DYNREF_E_UNTERMINATED, /* no closing "}}" */
    SR_DYNREF_E_SPACE,        /* whitespace inside the braces: stays a literal string */
    SR_DYNREF_E_SERVICE,      /* unknown service name */
    SR_DYNREF_E_EMPTY_ID,     /* empty secret-id or parameter name */
    SR_DYNREF_E_SEGMENT,      /* second segment not SecretString, bad ARN, bad ssm name */
    SR_DYNREF_E_VERSION,      /* ssm version not a positive integer */
    SR_DYNREF_E_TOO_MANY,     /* more segments than the grammar has (a ':' in a key) */
    SR_DYNREF_E_STAGE_AND_ID, /* both version-stage and version-id */
    SR_DYNREF_E_BACKSLASH     /* the last character is a backslash */
};

/* A part of the scanned string: offset and length in bytes (len 0: absent). */
struct sr_span {
    size_t off, len;
};

struct sr_dynref {
    enum sr_dynref_kind kind;
    size_t start, end; /* "{{" .. past "}}" (end = string length if unterminated) */
    /* secretsmanager */
    struct sr_span secret_id;     /* name or full ARN */
    struct sr_span secret_string; /* "SecretString" or empty */
    struct sr_span json_key;
    struct sr_span version_stage;
    struct sr_span version_id;
    int is_arn;    /* secret-id (or ssm name) is an ARN */
    int nsegments; /* colon-separated segments after the service (ARN counts as one) */
    /* ssm, ssm-secure */
    struct sr_span name;
    struct sr_span version;
    enum sr_dynref_err err;
    size_t err_off; /* byte offset in the scanned string where the problem is */
};

/*
 * Scans s (len bytes, no NUL needed) for dynamic references, filling up to
 * max entries of out in order. Returns how many were found (which may be
 * more than max: only the first max are filled). A reference is "{{", then
 * optional whitespace, "resolve", optional whitespace, ":". Anything else
 * between braces is not a reference and is skipped. Never fails.
 */
size_t sr_dynref_scan(const char *s, size_t len, struct sr_dynref *out, size_t max);

/* 1 when s (len bytes) contains something that starts like a dynamic reference. */
int sr_dynref_present(const char *s, size_t len);

/* 1 when the whole of s (len bytes) is one dynamic reference (nothing around it). */
int sr_dynref_is_whole(const char *s, size_t len);

/* Service name as written in templates ("secretsmanager", ...). */
const char *sr_dynref_kind_name(enum sr_dynref_kind k);

/* A short lowercase description of an error, e.g. "both version-stage and version-id". */
const char *sr_dynref_err_text(enum sr_dynref_err e);

#endif
