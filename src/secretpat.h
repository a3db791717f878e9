/*
 * secretpat.h - what a credential looks like: token formats, credential
 * names, entropy, and redaction for messages.
 *
 * The token formats are PCRE2 patterns compiled once per process (JIT when
 * the library has it) and shared read-only by every thread; each scan uses
 * its own match data, so scanning is thread-safe. This module judges text
 * only; where a value comes from (literal, Ref, parameter, dynamic
 * reference) is judged by the rules before they ask it.
 *
 * High-entropy threshold (used next to credential names, SR303): a value is
 * "high entropy" when it has at least SR_SECRET_MIN_LEN (12) characters, a
 * Shannon entropy of at least SR_SECRET_MIN_ENTROPY (3.0) bits per
 * character, and characters of at least two classes (lowercase, uppercase,
 * digit, other). Random 12-character passwords score about 3.5; words,
 * repeated characters and "changeme"-style text stay below 3.0.
 */
#ifndef SR_SECRETPAT_H
#define SR_SECRETPAT_H

#include <stddef.h>

#define SR_SECRET_MIN_LEN 12
#define SR_SECRET_MIN_ENTROPY 3.0

enum sr_pat {
    SR_PAT_NONE = 0,
    SR_PAT_AWS_KEY_ID,     /* AKIA/ASIA/ABIA/ACCA + 16 base32 characters */
    SR_PAT_PRIVATE_KEY,    /* -----BEGIN ... PRIVATE KEY----- */
    SR_PAT_GITHUB,         /* ghp_/gho_/ghu_/ghs_/ghr_ tokens, github_pat_ */
    SR_PAT_SLACK,          /* xoxb-/xoxp-/xoxa-/... tokens */
    SR_PAT_SLACK_WEBHOOK,  /* https://hooks.slack.com/services/T../B../... */
    SR_PAT_STRIPE,         /* sk_live_/sk_test_/rk_live_/rk_test_ */
    SR_PAT_GOOGLE_API,     /* AIza + 35 characters */
    SR_PAT_GOOGLE_OAUTH,   /* GOCSPX- client secrets */
    SR_PAT_JWT,            /* header.payload.signature, both starting eyJ */
    SR_PAT_BASIC_AUTH_URL, /* scheme://user:password@host */
    SR_PAT_AWS_SECRET_KEY, /* aws_secret_access_key = <40 characters> */
    SR_PAT_CRED_ASSIGN,    /* password=/token:/api_key= <high-entropy value> in text */
    SR_PAT_COUNT
};

/* One credential found in a text: the span is the secret part only. */
struct sr_secret_hit {
    enum sr_pat pat;
    size_t off, len;
};

/*
 * Scans s (len bytes) for credential formats. Fills up to max hits in
 * order of offset and returns how many were found (possibly more than max).
 * Near-misses (ARNs, UUIDs, hashes, S3 keys, `${...}` placeholders, dynamic
 * references, AWS's documented EXAMPLE keys) are not hits. Returns 0 when
 * the patterns could not be compiled (reported once on stderr).
 */
size_t sr_secret_scan(const char *s, size_t len, struct sr_secret_hit *out, size_t max);

/*
 * A scanner owns PCRE2 match data, so a walk over many strings allocates
 * once. Use one per thread (or per walk); never share one between threads.
 * The patterns are compiled (once per process, thread-safe) by the first
 * scan of a text that passes the prefilter. sr_secret_scanner_new()
 * returns NULL when memory ran out; scanning with NULL, or when the
 * patterns could not be compiled, finds nothing. The result
 * of sr_secret_scanner_scan() is as for sr_secret_scan().
 */
struct sr_secret_scanner;
struct sr_secret_scanner *sr_secret_scanner_new(void);
void sr_secret_scanner_free(struct sr_secret_scanner *sc);
size_t sr_secret_scanner_scan(struct sr_secret_scanner *sc, const char *s, size_t len,
                              struct sr_secret_hit *out, size_t max);
/* The same answer from a search of the whole text (the windowed search's
 * reference, for tests). */
size_t sr_secret_scanner_scan_full(struct sr_secret_scanner *sc, const char *s, size_t len,
                                   struct sr_secret_hit *out, size_t max);

/* Human name of a pattern ("AWS access key id"). */
const char *sr_secret_pat_name(enum sr_pat p);

/*
 * 1 when name (a property, variable or parameter name in any case style:
 * DB_PASSWORD, dbPassword, db-password, MasterUserPassword) ends with a
 * credential noun: password, passwd, pwd, pass, passphrase, secret, token,
 * credential(s), api key, secret key, private key, access key, signing key,
 * encryption key, client secret, auth token. Names ending in Arn, Name, Id,
 * Path, Length, ... are not credential names (they name or describe one).
 */
int sr_cred_name(const char *name);

/* 1 when s is shaped like an AWS secret access key (40 base64 characters, mixed case). */
int sr_secret_aws_secret_key_shape(const char *s, size_t len);

/* Shannon entropy of s in bits per byte (0 for empty). */
double sr_secret_entropy(const char *s, size_t len);

/* 1 when s passes the documented high-entropy threshold (see top of file). */
int sr_secret_high_entropy(const char *s, size_t len);

/*
 * 1 when a literal is certainly not a credential even under a credential
 * name: empty or blank, booleans, numbers, ARNs, UUIDs, URLs without
 * credentials, `${...}` or `$VAR` placeholders, dynamic references, KMS
 * aliases, and names shaped like a path ("prod/app/db"), placeholders such
 * as "<password>" or "REPLACE_ME".
 */
int sr_secret_benign(const char *s, size_t len);

/*
 * 1 when s is a documentation placeholder rather than a value: "<...>", or
 * an uppercase word starting with REPLACE, YOUR, ENTER, INSERT, TODO, FIXME,
 * PLACEHOLDER or EXAMPLE.
 */
int sr_secret_placeholder(const char *s, size_t len);

/*
 * Writes a redacted description of a secret into buf (size n, always
 * NUL-terminated): at most the first 4 characters, never more than a third
 * of the value, then its length, e.g. "'AKIA...' (20 characters)".
 * Control characters are written as '?'. Returns buf.
 */
char *sr_secret_redact(char *buf, size_t n, const char *s, size_t len);

#endif
