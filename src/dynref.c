/*
 * dynref.c - finds and splits CloudFormation dynamic references in a string.
 *
 * Grammar (CloudFormation User Guide, "Get values stored in other services
 * using dynamic references"):
 *   {{resolve:secretsmanager:secret-id[:SecretString[:json-key[:version-stage[:version-id]]]]}}
 *   {{resolve:ssm:name[:version]}}   {{resolve:ssm-secure:name[:version]}}
 * secret-id is a name or a full ARN (seven colon-separated fields); json-key,
 * version-stage and version-id cannot contain ':'. Only bytes are read here.
 */
#include "dynref.h"

#include <string.h>

static int is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Offset of "}}" at or after i, or len. */
static size_t find_close(const char *s, size_t len, size_t i)
{
    for (; i + 1 < len; i++)
        if (s[i] == '}' && s[i + 1] == '}')
            return i;
    return len;
}

static int span_eq(const char *s, struct sr_span sp, const char *lit)
{
    size_t n = strlen(lit);
    return sp.len == n && memcmp(s + sp.off, lit, n) == 0;
}

/*
 * Splits s[from, to) at ':' into at most max fields. Returns the number of
 * fields (which may exceed max: extra ones are counted, not stored).
 */
static size_t split_fields(const char *s, size_t from, size_t to, struct sr_span *f, size_t max)
{
    size_t n = 0, start = from;
    for (size_t i = from; i <= to; i++) {
        if (i == to || s[i] == ':') {
            if (n < max) {
                f[n].off = start;
                f[n].len = i - start;
            }
            n++;
            start = i + 1;
        }
    }
    return n;
}

static int has_placeholder(const char *s, struct sr_span sp)
{
    return memchr(s + sp.off, SR_DYNREF_PLACEHOLDER, sp.len) != NULL;
}

static int ssm_name_ok(const char *s, struct sr_span sp)
{
    for (size_t i = 0; i < sp.len; i++) {
        char c = s[sp.off + i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '.' || c == '-' || c == '/' || c == SR_DYNREF_PLACEHOLDER))
            return 0;
    }
    return 1;
}

static int digits_ok(const char *s, struct sr_span sp)
{
    if (sp.len == 0 || sp.len > 19)
        return has_placeholder(s, sp) && sp.len > 0;
    if (has_placeholder(s, sp))
        return 1;
    int nonzero = 0;
    for (size_t i = 0; i < sp.len; i++) {
        char c = s[sp.off + i];
        if (c < '0' || c > '9')
            return 0;
        if (c != '0')
            nonzero = 1;
    }
    return nonzero;
}

static void set_err(struct sr_dynref *d, enum sr_dynref_err e, size_t off)
{
    if (d->err == SR_DYNREF_OK) {
        d->err = e;
        d->err_off = off;
    }
}

#define SR_MAX_FIELDS 16

/* ARN fields: arn:partition:service:region:account:resource(:more). */
static void parse_secretsmanager(const char *s, size_t from, size_t to, struct sr_dynref *d)
{
    struct sr_span f[SR_MAX_FIELDS] = {{0, 0}};
    size_t n = split_fields(s, from, to, f, SR_MAX_FIELDS);
    size_t first = 1; /* index of the field after the secret-id */

    if (n >= 1 && span_eq(s, f[0], "arn")) {
        d->is_arn = 1;
        if (n < 7) {
            set_err(d, SR_DYNREF_E_SEGMENT, from);
            d->secret_id.off = from;
            d->secret_id.len = to - from;
            d->nsegments = 1;
            return;
        }
        if ((!span_eq(s, f[2], "secretsmanager") && !has_placeholder(s, f[2])) ||
            (!span_eq(s, f[5], "secret") && !has_placeholder(s, f[5])))
            set_err(d, SR_DYNREF_E_SEGMENT, f[2].off);
        d->secret_id.off = from;
        d->secret_id.len = f[6].off + f[6].len - from;
        if (f[6].len == 0)
            set_err(d, SR_DYNREF_E_EMPTY_ID, f[6].off);
        first = 7;
    } else {
        d->secret_id = f[0];
        if (f[0].len == 0)
            set_err(d, SR_DYNREF_E_EMPTY_ID, f[0].off);
    }
    size_t rest = n - first; /* segments after the secret-id */
    d->nsegments = (int)(rest + 1);
    if (rest > 4) {
        size_t extra = first + 4; /* the first field beyond version-id */
        size_t off = extra < SR_MAX_FIELDS ? f[extra].off - 1 : to;
        set_err(d, SR_DYNREF_E_TOO_MANY, off);
        rest = 4;
    }
    struct sr_span *slots[4] = {&d->secret_string, &d->json_key, &d->version_stage, &d->version_id};
    for (size_t i = 0; i < rest && first + i < SR_MAX_FIELDS; i++)
        *slots[i] = f[first + i];
    if (rest >= 1 && d->secret_string.len > 0 && !span_eq(s, d->secret_string, "SecretString") &&
        !has_placeholder(s, d->secret_string))
        set_err(d, SR_DYNREF_E_SEGMENT, d->secret_string.off);
    if (d->version_stage.len > 0 && d->version_id.len > 0)
        set_err(d, SR_DYNREF_E_STAGE_AND_ID, d->version_id.off);
}

static void parse_ssm(const char *s, size_t from, size_t to, struct sr_dynref *d)
{
    struct sr_span f[SR_MAX_FIELDS] = {{0, 0}};
    size_t n = split_fields(s, from, to, f, SR_MAX_FIELDS);
    size_t first = 1;

    if (n >= 1 && span_eq(s, f[0], "arn")) {
        /* A parameter shared from another account: arn:partition:ssm:region:account:parameter/name
         */
        d->is_arn = 1;
        if (n < 6) {
            set_err(d, SR_DYNREF_E_SEGMENT, from);
            d->name.off = from;
            d->name.len = to - from;
            d->nsegments = 1;
            return;
        }
        if ((!span_eq(s, f[2], "ssm") && !has_placeholder(s, f[2])) ||
            (f[5].len < 10 || memcmp(s + f[5].off, "parameter/", 10) != 0))
            if (!has_placeholder(s, f[5]))
                set_err(d, SR_DYNREF_E_SEGMENT, f[2].off);
        d->name.off = from;
        d->name.len = f[5].off + f[5].len - from;
        first = 6;
    } else {
        d->name = f[0];
        if (f[0].len == 0)
            set_err(d, SR_DYNREF_E_EMPTY_ID, f[0].off);
        else if (!ssm_name_ok(s, f[0]))
            set_err(d, SR_DYNREF_E_SEGMENT, f[0].off);
    }
    size_t rest = n - first;
    d->nsegments = (int)(rest + 1);
    if (rest >= 1) {
        d->version = f[first];
        if (!digits_ok(s, d->version))
            set_err(d, SR_DYNREF_E_VERSION, d->version.off);
    }
    if (rest > 1) {
        size_t extra = first + 1;
        set_err(d, SR_DYNREF_E_TOO_MANY, extra < SR_MAX_FIELDS ? f[extra].off - 1 : to);
    }
}

/*
 * If a reference starts at s[i] ("{{"), parses it into d and returns 1,
 * else returns 0.
 */
static int parse_one(const char *s, size_t len, size_t i, struct sr_dynref *d)
{
    size_t j = i + 2;
    int ws_before = 0;
    size_t ws_off = 0;

    while (j < len && is_ws(s[j])) {
        if (!ws_before)
            ws_off = j;
        ws_before = 1;
        j++;
    }
    if (len - j < 7 || memcmp(s + j, "resolve", 7) != 0)
        return 0;
    j += 7;
    while (j < len && is_ws(s[j])) {
        if (!ws_before)
            ws_off = j;
        ws_before = 1;
        j++;
    }
    if (j >= len || s[j] != ':')
        return 0;
    j++;

    memset(d, 0, sizeof(*d));
    d->start = i;
    size_t close = find_close(s, len, j);
    size_t body_end = close;
    d->end = close < len ? close + 2 : len;
    if (close >= len)
        set_err(d, SR_DYNREF_E_UNTERMINATED, i);
    if (ws_before)
        set_err(d, SR_DYNREF_E_SPACE, ws_off);
    /* Whitespace at the start of the service or before the closing braces. */
    if (j < body_end && is_ws(s[j]))
        set_err(d, SR_DYNREF_E_SPACE, j);
    if (body_end > j && is_ws(s[body_end - 1]))
        set_err(d, SR_DYNREF_E_SPACE, body_end - 1);

    size_t svc_end = j;
    while (svc_end < body_end && s[svc_end] != ':')
        svc_end++;
    size_t svc_len = svc_end - j;
    size_t key = svc_end < body_end ? svc_end + 1 : body_end;

    if (svc_len == 14 && memcmp(s + j, "secretsmanager", 14) == 0) {
        d->kind = SR_DYNREF_SECRETSMANAGER;
        parse_secretsmanager(s, key, body_end, d);
    } else if (svc_len == 3 && memcmp(s + j, "ssm", 3) == 0) {
        d->kind = SR_DYNREF_SSM;
        parse_ssm(s, key, body_end, d);
    } else if (svc_len == 10 && memcmp(s + j, "ssm-secure", 10) == 0) {
        d->kind = SR_DYNREF_SSM_SECURE;
        parse_ssm(s, key, body_end, d);
    } else {
        d->kind = SR_DYNREF_UNKNOWN;
        set_err(d, SR_DYNREF_E_SERVICE, j);
        return 1;
    }
    if (svc_end >= body_end)
        set_err(d, SR_DYNREF_E_EMPTY_ID, body_end);
    if (body_end > key && s[body_end - 1] == '\\')
        set_err(d, SR_DYNREF_E_BACKSLASH, body_end - 1);
    return 1;
}

size_t sr_dynref_scan(const char *s, size_t len, struct sr_dynref *out, size_t max)
{
    size_t count = 0;
    size_t i = 0;
    if (!s)
        return 0;
    while (i + 1 < len) {
        /* To the next '{' that has a byte after it, at once. */
        const char *brace = memchr(s + i, '{', len - 1 - i);
        if (!brace)
            break;
        i = (size_t)(brace - s);
        if (s[i + 1] == '{') {
            struct sr_dynref d;
            if (parse_one(s, len, i, &d)) {
                if (count < max)
                    out[count] = d;
                count++;
                i = d.end > i ? d.end : i + 1;
                continue;
            }
        }
        i++;
    }
    return count;
}

int sr_dynref_present(const char *s, size_t len)
{
    struct sr_dynref d;
    return sr_dynref_scan(s, len, &d, 1) > 0;
}

int sr_dynref_is_whole(const char *s, size_t len)
{
    struct sr_dynref d;
    size_t n = sr_dynref_scan(s, len, &d, 1);
    return n == 1 && d.start == 0 && d.end == len;
}

const char *sr_dynref_kind_name(enum sr_dynref_kind k)
{
    switch (k) {
    case SR_DYNREF_SSM:
        return "ssm";
    case SR_DYNREF_SSM_SECURE:
        return "ssm-secure";
    case SR_DYNREF_SECRETSMANAGER:
        return "secretsmanager";
    case SR_DYNREF_UNKNOWN:
        break;
    }
    return "unknown";
}

const char *sr_dynref_err_text(enum sr_dynref_err e)
{
    switch (e) {
    case SR_DYNREF_OK:
        return "no error";
    case SR_DYNREF_E_UNTERMINATED:
        return "no closing '}}'";
    case SR_DYNREF_E_SPACE:
        return "whitespace inside the braces, so CloudFormation keeps it as literal text";
    case SR_DYNREF_E_SERVICE:
        return "unknown service (expected ssm, ssm-secure or secretsmanager)";
    case SR_DYNREF_E_EMPTY_ID:
        return "empty secret id or parameter name";
    case SR_DYNREF_E_SEGMENT:
        return "malformed segment (the second segment must be SecretString; ARNs must be "
               "complete)";
    case SR_DYNREF_E_VERSION:
        return "parameter version is not a positive integer";
    case SR_DYNREF_E_TOO_MANY:
        return "too many segments (json-key, version-stage and version-id cannot contain ':')";
    case SR_DYNREF_E_STAGE_AND_ID:
        return "both version-stage and version-id are given; use one";
    case SR_DYNREF_E_BACKSLASH:
        return "ends with a backslash, which CloudFormation cannot resolve";
    }
    return "unknown error";
}
