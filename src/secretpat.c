/*
 * secretpat.c - credential formats (one PCRE2 pattern, compiled once, JIT
 * when available), credential names, entropy, near-miss filters and
 * redaction. Pure text functions: no template or graph knowledge here.
 * The pattern is compiled on the first text that passes the prefilter;
 * it is immutable after pthread_once and shared by every thread; each
 * scanner allocates its own match data.
 */
#define PCRE2_CODE_UNIT_WIDTH 8

#include "secretpat.h"

#include <ctype.h>
#include <math.h>
#include <pcre2.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dynref.h"

/*
 * One alternation, one capture group per format (group numbers below).
 * Each alternative captures the secret part only, so callers can redact it.
 */
static const char sr_pat_source[] =
    /* 1: AWS access key id */
    "(?<![A-Za-z0-9/+])((?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})(?![A-Za-z0-9])"
    /* 2: private key block */
    "|(-----BEGIN[ A-Z0-9]{0,24}PRIVATE KEY(?: BLOCK)?-----)"
    /* 3: GitHub tokens */
    "|(?<![A-Za-z0-9_])(gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{82})(?![A-Za-z0-9_])"
    /* 4: Slack tokens */
    "|(?<![A-Za-z0-9])(xox[abposr]-[0-9]{6,16}-[A-Za-z0-9-]{8,160})"
    /* 5: Slack incoming webhook */
    "|(https://hooks\\.slack\\.com/(?:services|workflows)/T[A-Z0-9]{6,12}/[A-Z0-9]{6,14}/"
    "[A-Za-z0-9]{16,48})"
    /* 6: Stripe secret and restricted keys */
    "|(?<![A-Za-z0-9])((?:sk|rk)_(?:live|test)_[0-9A-Za-z]{16,128})(?![A-Za-z0-9])"
    /* 7: Google API key */
    "|(?<![A-Za-z0-9_-])(AIza[0-9A-Za-z_-]{35})(?![A-Za-z0-9_-])"
    /* 8: Google OAuth client secret */
    "|(GOCSPX-[0-9A-Za-z_-]{28})"
    /* 9: JSON Web Token */
    "|(?<![A-Za-z0-9_-])(eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{16,})"
    /* 10: URL with user:password@ (the password) */
    "|[A-Za-z][A-Za-z0-9+.-]{1,20}://[^\\s/:@'\"]{0,128}:([^\\s/@'\"]{1,128})@[A-Za-z0-9\\[]"
    /* 11: aws_secret_access_key = <40 characters> */
    "|(?i:(?:aws_?)?secret_?access_?key|aws_?secret_?key)[\"']?(?:\\s*[:=]\\s*|\\s+)[\"']?"
    "([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])"
    /* 12: password=/token:/api_key= <value> */
    "|(?<![A-Za-z0-9:/])(?i:password|passwd|pwd|secret|token|api[_-]?key|secret[_-]?key|"
    "client[_-]?secret|auth[_-]?token)[\"']?\\s*[:=]\\s*[\"']?([^\\s\"',;&]{8,256})";

/* Capture group -> pattern kind. */
static const enum sr_pat sr_group_pat[] = {
    SR_PAT_NONE,         SR_PAT_AWS_KEY_ID,    SR_PAT_PRIVATE_KEY,    SR_PAT_GITHUB,
    SR_PAT_SLACK,        SR_PAT_SLACK_WEBHOOK, SR_PAT_STRIPE,         SR_PAT_GOOGLE_API,
    SR_PAT_GOOGLE_OAUTH, SR_PAT_JWT,           SR_PAT_BASIC_AUTH_URL, SR_PAT_AWS_SECRET_KEY,
    SR_PAT_CRED_ASSIGN,
};
#define SR_NGROUPS 12

static pthread_once_t sr_pat_once = PTHREAD_ONCE_INIT;
static pcre2_code *sr_pat_code;

static void sr_pat_compile(void)
{
    int errcode;
    PCRE2_SIZE erroff;
    pcre2_code *c = pcre2_compile((PCRE2_SPTR)sr_pat_source, PCRE2_ZERO_TERMINATED,
                                  PCRE2_USE_OFFSET_LIMIT, &errcode, &erroff, NULL);
    if (!c) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(errcode, msg, sizeof(msg));
        fprintf(stderr, "secrot-lint: internal error: credential pattern at %zu: %s\n",
                (size_t)erroff, (const char *)msg);
        return;
    }
    /* JIT is an optimisation: when unavailable, pcre2_match interprets. */
    (void)pcre2_jit_compile(c, PCRE2_JIT_COMPLETE);
    sr_pat_code = c;
}

const char *sr_secret_pat_name(enum sr_pat p)
{
    switch (p) {
    case SR_PAT_NONE:
    case SR_PAT_COUNT:
        break;
    case SR_PAT_AWS_KEY_ID:
        return "AWS access key id";
    case SR_PAT_PRIVATE_KEY:
        return "private key";
    case SR_PAT_GITHUB:
        return "GitHub token";
    case SR_PAT_SLACK:
        return "Slack token";
    case SR_PAT_SLACK_WEBHOOK:
        return "Slack webhook URL";
    case SR_PAT_STRIPE:
        return "Stripe secret key";
    case SR_PAT_GOOGLE_API:
        return "Google API key";
    case SR_PAT_GOOGLE_OAUTH:
        return "Google OAuth client secret";
    case SR_PAT_JWT:
        return "JSON Web Token";
    case SR_PAT_BASIC_AUTH_URL:
        return "password in a URL";
    case SR_PAT_AWS_SECRET_KEY:
        return "AWS secret access key";
    case SR_PAT_CRED_ASSIGN:
        return "password assigned in text";
    }
    return "credential";
}

/* ---- character helpers ---------------------------------------------------- */

static int ci_eq(const char *s, size_t len, const char *lit)
{
    size_t n = strlen(lit);
    if (n != len)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (tolower((unsigned char)s[i]) != lit[i])
            return 0;
    return 1;
}

static int has_sub(const char *s, size_t len, const char *lit)
{
    size_t n = strlen(lit);
    if (n == 0 || n > len)
        return 0;
    for (size_t i = 0; i + n <= len; i++)
        if (memcmp(s + i, lit, n) == 0)
            return 1;
    return 0;
}

/* s[i..] starts with lit (exact), within len. */
static int at(const char *s, size_t len, size_t i, const char *lit)
{
    size_t n = strlen(lit);
    return i + n <= len && memcmp(s + i, lit, n) == 0;
}

/* s[i..] starts with lit, ignoring case (lit is lower case). */
static inline int at_ci(const char *s, size_t len, size_t i, const char *lit)
{
    for (size_t k = 0; lit[k]; k++) {
        if (i + k >= len)
            return 0;
        unsigned char c = (unsigned char)s[i + k];
        if (c >= 'A' && c <= 'Z')
            c |= 0x20; /* tolower() of the C locale, without the call */
        if (c != (unsigned char)lit[k])
            return 0;
    }
    return 1;
}

#define CL_LOWER 1
#define CL_UPPER 2
#define CL_DIGIT 4
#define CL_OTHER 8

static int char_classes(const char *s, size_t len)
{
    int m = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'a' && c <= 'z')
            m |= CL_LOWER;
        else if (c >= 'A' && c <= 'Z')
            m |= CL_UPPER;
        else if (c >= '0' && c <= '9')
            m |= CL_DIGIT;
        else
            m |= CL_OTHER;
    }
    return m;
}

static int popcount4(int m)
{
    return (m & 1) + ((m >> 1) & 1) + ((m >> 2) & 1) + ((m >> 3) & 1);
}

double sr_secret_entropy(const char *s, size_t len)
{
    size_t count[256] = {0};
    if (!s || len == 0)
        return 0.0;
    for (size_t i = 0; i < len; i++)
        count[(unsigned char)s[i]]++;
    double h = 0.0;
    for (size_t c = 0; c < 256; c++) {
        if (!count[c])
            continue;
        double p = (double)count[c] / (double)len;
        h -= p * log2(p);
    }
    return h;
}

int sr_secret_high_entropy(const char *s, size_t len)
{
    if (!s || len < SR_SECRET_MIN_LEN)
        return 0;
    if (popcount4(char_classes(s, len)) < 2)
        return 0;
    return sr_secret_entropy(s, len) >= SR_SECRET_MIN_ENTROPY;
}

int sr_secret_aws_secret_key_shape(const char *s, size_t len)
{
    if (!s || len != 40)
        return 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!isalnum(c) && c != '/' && c != '+')
            return 0;
    }
    int m = char_classes(s, len);
    return (m & CL_LOWER) && (m & CL_UPPER) && (m & CL_DIGIT) && sr_secret_entropy(s, len) >= 4.0;
}

/* 8-4-4-4-12 hexadecimal. */
static int is_uuid(const char *s, size_t len)
{
    static const int groups[] = {8, 4, 4, 4, 12};
    size_t i = 0;
    if (len != 36)
        return 0;
    for (int g = 0; g < 5; g++) {
        for (int k = 0; k < groups[g]; k++, i++)
            if (!isxdigit((unsigned char)s[i]))
                return 0;
        if (g < 4 && s[i++] != '-')
            return 0;
    }
    return 1;
}

/* "prod/app/db", "assets/build-12.zip", "/app/config": word-like segments joined by '/'. */
static int is_path_like(const char *s, size_t len)
{
    size_t seg = 0, nseg = 0;
    if (!memchr(s, '/', len))
        return 0;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || s[i] == '/') {
            if (seg > 0)
                nseg++;
            else if (i != 0 && i != len)
                return 0; /* "a//b" */
            seg = 0;
            continue;
        }
        unsigned char c = (unsigned char)s[i];
        if (!isalnum(c) && c != '_' && c != '-' && c != '.')
            return 0;
        seg++;
    }
    int m = char_classes(s, len);
    /* Random keys mix all three; names rarely do. */
    if ((m & CL_LOWER) && (m & CL_UPPER) && (m & CL_DIGIT))
        return 0;
    return nseg >= 2;
}

/* A URL whose authority has no "user:password@". */
static int is_plain_url(const char *s, size_t len)
{
    const char *p = NULL;
    for (size_t i = 0; i + 3 <= len; i++)
        if (memcmp(s + i, "://", 3) == 0) {
            p = s + i + 3;
            break;
        }
    if (!p)
        return 0;
    const char *end = s + len;
    const char *auth_end = p;
    while (auth_end < end && *auth_end != '/' && *auth_end != '?' && *auth_end != '#')
        auth_end++;
    const char *at = NULL;
    for (const char *q = p; q < auth_end; q++)
        if (*q == '@')
            at = q;
    if (!at)
        return 1;
    return memchr(p, ':', (size_t)(at - p)) == NULL;
}

static int is_number(const char *s, size_t len)
{
    size_t i = 0, digits = 0;
    if (i < len && (s[i] == '-' || s[i] == '+'))
        i++;
    for (; i < len; i++) {
        if (isdigit((unsigned char)s[i]))
            digits++;
        else if (s[i] != '.')
            return 0;
    }
    return digits > 0;
}

int sr_secret_placeholder(const char *s, size_t len)
{
    static const char *const prefixes[] = {"REPLACE", "YOUR",  "ENTER",       "INSERT",
                                           "TODO",    "FIXME", "PLACEHOLDER", "EXAMPLE"};
    /* Words that say the value is filled in later: "ThisWillLoadAtRunTime", "set-at-runtime". */
    static const char *const later[] = {"placeholder", "runtime", "run-time", "run_time"};
    if (len >= 2 && s[0] == '<' && s[len - 1] == '>')
        return 1;
    for (size_t k = 0; k < sizeof(later) / sizeof(later[0]); k++)
        for (size_t i = 0; i < len; i++)
            if (at_ci(s, len, i, later[k]))
                return 1;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!(isupper(c) || isdigit(c) || c == '_' || c == '-'))
            return 0;
    }
    for (size_t k = 0; k < sizeof(prefixes) / sizeof(prefixes[0]); k++) {
        size_t n = strlen(prefixes[k]);
        if (len >= n && memcmp(s, prefixes[k], n) == 0)
            return 1;
    }
    return 0;
}

int sr_secret_benign(const char *s, size_t len)
{
    if (!s)
        return 1;
    while (len > 0 && isspace((unsigned char)s[0])) {
        s++;
        len--;
    }
    while (len > 0 && isspace((unsigned char)s[len - 1]))
        len--;
    if (len == 0)
        return 1;
    if (memchr(s, SR_DYNREF_PLACEHOLDER, len) || has_sub(s, len, "${") || sr_dynref_present(s, len))
        return 1;
    if (s[0] == '$' || s[0] == '%' || s[0] == '`')
        return 1; /* $VAR, $(cmd), %VAR%, `cmd` */
    static const char *const words[] = {"true", "false", "yes", "no",      "on",      "off",
                                        "null", "none",  "~",   "enabled", "disabled"};
    for (size_t k = 0; k < sizeof(words) / sizeof(words[0]); k++)
        if (ci_eq(s, len, words[k]))
            return 1;
    if (is_number(s, len) && len < 6)
        return 1;
    if (len > 4 && memcmp(s, "arn:", 4) == 0)
        return 1;
    if (len > 6 && memcmp(s, "alias/", 6) == 0)
        return 1;
    if (is_uuid(s, len))
        return 1;
    if (is_plain_url(s, len))
        return 1;
    if (is_path_like(s, len))
        return 1;
    if (sr_secret_placeholder(s, len))
        return 1;
    return 0;
}

/* ---- credential names ----------------------------------------------------- */

#define SR_NAME_WORDS 16
#define SR_WORD_LEN 24

/* Splits a name into lowercase words at separators and case changes. */
static size_t split_words(const char *name, char w[][SR_WORD_LEN], size_t max)
{
    size_t n = 0, k = 0;
    size_t len = strlen(name);
    for (size_t i = 0; i <= len && n < max; i++) {
        unsigned char c = i < len ? (unsigned char)name[i] : 0;
        int boundary = 0;
        if (!isalnum(c)) {
            boundary = 1;
        } else if (i > 0 && k > 0) {
            unsigned char p = (unsigned char)name[i - 1];
            unsigned char nx = i + 1 < len ? (unsigned char)name[i + 1] : 0;
            if (isupper(c) && (islower(p) || isdigit(p)))
                boundary = 1; /* fooBar, foo2Bar */
            else if (isupper(c) && isupper(p) && islower(nx))
                boundary = 1; /* DBPassword: DB|Password */
            else if (isdigit(c) != isdigit(p))
                boundary = 1; /* password2 */
        }
        if (boundary && k > 0) {
            w[n][k < SR_WORD_LEN ? k : SR_WORD_LEN - 1] = 0;
            n++;
            k = 0;
        }
        if (isalnum(c) && n < max) {
            if (k < SR_WORD_LEN - 1)
                w[n][k] = (char)tolower(c);
            k++;
        }
    }
    return n;
}

static int word_in(const char *w, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(w, list[i]) == 0)
            return 1;
    return 0;
}

int sr_cred_name(const char *name)
{
    static const char *const nouns[] = {"password",   "passwd",   "pwd",        "pass",
                                        "passphrase", "passcode", "secret",     "secrets",
                                        "token",      "tokens",   "credential", "credentials",
                                        "creds",      "apikey",   "privatekey", "secretkey",
                                        "accesskey",  "hectoken", "authtoken",  "clientsecret"};
    static const char *const key_qualifiers[] = {
        "api",     "secret",      "private", "access",  "signing", "encryption", "master",
        "app",     "client",      "auth",    "webhook", "hmac",    "session",    "token",
        "license", "application", "licence", "ingest",  "hec"};
    char w[SR_NAME_WORDS][SR_WORD_LEN];
    if (!name)
        return 0;
    /* Every noun above, and "key", holds one of these pieces: most names
     * (Type, Properties, FunctionName, ...) are rejected here. */
    static const char *const pieces[] = {"pass", "pwd", "secret", "token",
                                         "cred", "key", "webhook"};
    size_t nlen = strlen(name);
    int maybe = 0;
    for (size_t i = 0; i < nlen && !maybe; i++) {
        char c = (char)tolower((unsigned char)name[i]);
        if (c != 'p' && c != 's' && c != 't' && c != 'c' && c != 'k' && c != 'w')
            continue;
        for (size_t k = 0; k < sizeof(pieces) / sizeof(pieces[0]) && !maybe; k++)
            maybe = pieces[k][0] == c && at_ci(name, nlen, i, pieces[k]);
    }
    if (!maybe)
        return 0;
    size_t n = split_words(name, w, SR_NAME_WORDS);
    while (n > 0 && isdigit((unsigned char)w[n - 1][0]))
        n--; /* Password2 */
    if (n == 0)
        return 0;
    const char *last = w[n - 1];
    if (word_in(last, nouns, sizeof(nouns) / sizeof(nouns[0])))
        return 1;
    /* A webhook URL is a bearer credential: whoever holds it may post. */
    if (!strcmp(last, "webhook") || !strcmp(last, "webhooks") ||
        ((!strcmp(last, "url") || !strcmp(last, "uri")) && n >= 2 && !strcmp(w[n - 2], "webhook")))
        return 1;
    if ((strcmp(last, "key") == 0 || strcmp(last, "keys") == 0) && n >= 2 &&
        word_in(w[n - 2], key_qualifiers, sizeof(key_qualifiers) / sizeof(key_qualifiers[0])))
        return 1;
    return 0;
}

/* ---- scanning ------------------------------------------------------------- */

static int basic_auth_password_ok(const char *p, size_t len)
{
    static const char *const fake[] = {"password", "passwd", "pass", "pwd", "secret", "pw", "x"};
    for (size_t i = 0; i < len; i++) {
        char c = p[i];
        if (c == '$' || c == '{' || c == '}' || c == '%' || c == '<' || c == '>' || c == '*' ||
            c == SR_DYNREF_PLACEHOLDER)
            return 0;
    }
    for (size_t k = 0; k < sizeof(fake) / sizeof(fake[0]); k++)
        if (ci_eq(p, len, fake[k]))
            return 0;
    int all_x = 1, upper_word = 1;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c != 'x' && c != 'X')
            all_x = 0;
        if (!(isupper(c) || c == '_' || isdigit(c)))
            upper_word = 0;
    }
    if (all_x || (upper_word && len > 2 && isupper((unsigned char)p[0])))
        return 0; /* xxxx, PASSWORD, DB_PASS: documentation placeholders */
    return 1;
}

/* Decides whether the match of group g at [off, off+len) is a real hit. */
static int keep_hit(enum sr_pat pat, const char *s, size_t off, size_t len)
{
    const char *v = s + off;
    switch (pat) {
    case SR_PAT_AWS_KEY_ID:
        /* AWS documentation keys (AKIAIOSFODNN7EXAMPLE) are not credentials. */
        return !(len >= 7 && memcmp(v + len - 7, "EXAMPLE", 7) == 0);
    case SR_PAT_BASIC_AUTH_URL:
        return basic_auth_password_ok(v, len);
    case SR_PAT_AWS_SECRET_KEY:
        return sr_secret_aws_secret_key_shape(v, len) && !has_sub(v, len, "EXAMPLEKEY");
    case SR_PAT_CRED_ASSIGN:
        return !sr_secret_benign(v, len) && sr_secret_high_entropy(v, len);
    default:
        return 1;
    }
}

struct sr_secret_scanner {
    pcre2_match_data *md;
    pcre2_match_context *mc; /* carries the offset limit of a windowed search */
};

/* The pattern is compiled (and JIT-compiled) by the first scan whose text
 * passes the prefilter, not when a scanner is made: most templates have no
 * string that could hold a credential. */
struct sr_secret_scanner *sr_secret_scanner_new(void)
{
    return calloc(1, sizeof(struct sr_secret_scanner));
}

/* The match data of sc, made with the pattern on first use; NULL when the
 * pattern does not compile or memory runs out. */
static pcre2_match_data *sr_scanner_md(struct sr_secret_scanner *sc)
{
    if (!sc->md) {
        pthread_once(&sr_pat_once, sr_pat_compile);
        if (sr_pat_code) {
            sc->md = pcre2_match_data_create(SR_NGROUPS + 2, NULL);
            sc->mc = pcre2_match_context_create(NULL);
        }
    }
    return sc->md && sc->mc ? sc->md : NULL;
}

void sr_secret_scanner_free(struct sr_secret_scanner *sc)
{
    if (!sc)
        return;
    if (sc->md)
        pcre2_match_data_free(sc->md);
    if (sc->mc)
        pcre2_match_context_free(sc->mc);
    free(sc);
}

/* 1 when the bytes before s[i] spell the lower-case word w, in any case. */
static int sr_ends_ci(const char *s, size_t i, const char *w)
{
    size_t n = strlen(w);
    if (i < n)
        return 0;
    for (size_t k = 0; k < n; k++)
        if (tolower((unsigned char)s[i - n + k]) != w[k])
            return 0;
    return 1;
}

/*
 * Alternative 11 with spaces only between the name and the value: "key"
 * at s[i] ends "...access_key" or "...secret_key" (an underscore or not),
 * and the value at s[k] is 40 key characters after an optional quote.
 */
static int sr_aws_key_at(const char *s, size_t len, size_t i, size_t k)
{
    size_t b = i > 0 && s[i - 1] == '_' ? i - 1 : i;
    if (!sr_ends_ci(s, b, "access") && !sr_ends_ci(s, b, "secret"))
        return 0;
    if (k < len && (s[k] == '"' || s[k] == '\''))
        k++;
    size_t n = 0;
    while (k + n < len && n < 40 &&
           (isalnum((unsigned char)s[k + n]) || s[k + n] == '/' || s[k + n] == '+'))
        n++;
    return n == 40;
}

/*
 * Alternatives 11 and 12: a credential word (password, passwd, pwd, secret,
 * token, ...key) ending right before an optional quote, spaces and ':' or
 * '=' (or, after "key", spaces). "SecretId" or "secretsmanager:" do not.
 */
static int sr_cred_word_at(const char *s, size_t len, size_t i)
{
    static const char *const words[] = {"password", "passwd", "pwd", "secret", "token", "key"};
    char c = (char)tolower((unsigned char)s[i]);
    if (c != 'p' && c != 's' && c != 't' && c != 'k')
        return 0;
    for (size_t w = 0; w < sizeof(words) / sizeof(words[0]); w++) {
        if (words[w][0] != c)
            continue;
        if (!at_ci(s, len, i, words[w]))
            continue;
        size_t j = i + strlen(words[w]);
        if (j < len && (s[j] == '"' || s[j] == '\''))
            j++;
        size_t k = j;
        while (k < len && isspace((unsigned char)s[k]))
            k++;
        if (k < len && (s[k] == ':' || s[k] == '='))
            return 1;
        if (w == 5 && k > j && k < len && sr_aws_key_at(s, len, i, k))
            return 1;
    }
    return 0;
}

/* A byte that ends the user or password part of a URL (alternative 10). */
static int sr_url_stop(char c, int user)
{
    return isspace((unsigned char)c) || c == '/' || c == '@' || c == '\'' || c == '"' ||
           (user && c == ':');
}

/*
 * Alternative 10 after its "://": a user part, ':', a password of at least
 * one byte and '@'. Looser than the expression (no length limits), so a URL
 * that can match is always a candidate; one without a password is not.
 */
static int sr_url_cred_at(const char *s, size_t len, size_t i)
{
    while (i < len && !sr_url_stop(s[i], 1))
        i++;
    if (i >= len || s[i] != ':')
        return 0;
    size_t p = ++i;
    while (i < len && !sr_url_stop(s[i], 0))
        i++;
    return i < len && i > p && s[i] == '@';
}

/*
 * 1 when s[i] starts a candidate: every alternative of the pattern holds
 * one of a few literal pieces (AKIA, -----BEGIN, gh, xox, ://, eyJ, ...)
 * or a credential word (password, pwd, secret, token, ...key), at most
 * SR_PAT_LEAD characters after the start of its match. Most scalars of a
 * template (names, types, ARNs) have none and skip the expression.
 */
static int sr_candidate_at(const char *s, size_t len, size_t i)
{
    switch (s[i]) {
    case 'A':
        if (at(s, len, i, "AKIA") || at(s, len, i, "ASIA") || at(s, len, i, "ABIA") ||
            at(s, len, i, "ACCA") || at(s, len, i, "AIza"))
            return 1;
        break;
    case '-':
        if (at(s, len, i, "-----BEGIN"))
            return 1;
        break;
    case 'g':
        if (at(s, len, i, "gh") || at(s, len, i, "github_pat_"))
            return 1;
        break;
    case 'x':
        if (at(s, len, i, "xox"))
            return 1;
        break;
    case 'h':
        if (at(s, len, i, "hooks.slack.com"))
            return 1;
        break;
    case 's':
        if (at(s, len, i, "sk_"))
            return 1;
        break;
    case 'r':
        if (at(s, len, i, "rk_"))
            return 1;
        break;
    case 'G':
        if (at(s, len, i, "GOCSPX-"))
            return 1;
        break;
    case 'e':
        if (at(s, len, i, "eyJ"))
            return 1;
        break;
    case ':':
        if (at(s, len, i, "://") && sr_url_cred_at(s, len, i + 3))
            return 1;
        break;
    default:
        break;
    }
    if (sr_cred_word_at(s, len, i))
        return 1;
    return 0;
}

/*
 * 1 when the two bytes c d can open a candidate: every literal piece and
 * credential word above has at least two characters, so a first byte
 * whose second does not fit is passed over without the full test.
 */
static int sr_candidate_pair(unsigned char c, unsigned char d)
{
    /* d in either case, for the letters compared with l below ('a',
     * 'e', 'o', 'w': a byte ORed with 0x20 is one of them only when it is
     * that letter or its capital). */
    unsigned char l = (unsigned char)(d | 0x20);
    switch (c) {
    case 'A':
        return d == 'K' || d == 'S' || d == 'B' || d == 'C' || d == 'I';
    case '-':
        return d == '-';
    case 'g':
        return d == 'h' || d == 'i'; /* gh, github_pat_ */
    case 'x':
    case 'h':
        return d == 'o';
    case 'r':
        return d == 'k';
    case 'G':
        return d == 'O';
    case 'e':
        return d == 'y';
    case ':':
        return d == '/';
    case 's':
        return d == 'k' || l == 'e';
    case 'S':
        return l == 'e';
    case 'p':
    case 'P':
        return l == 'a' || l == 'w';
    case 't':
    case 'T':
        return l == 'o';
    case 'k':
    case 'K':
        return l == 'e';
    default:
        return 0;
    }
}

/* The first candidate at or after from, or len. */
static size_t sr_next_candidate(const char *s, size_t len, size_t from)
{
    for (size_t i = from; i + 1 < len; i++)
        if (sr_candidate_pair((unsigned char)s[i], (unsigned char)s[i + 1]) &&
            sr_candidate_at(s, len, i))
            return i;
    return len;
}

/*
 * Every match starts at most SR_PAT_LEAD characters before a candidate
 * (sr_candidate_at: the literal piece or credential word of its
 * alternative; a URL's scheme is the longest lead, 21 characters before
 * "://", then "aws_secret_access_" before "key"). So the expression is
 * run only in a window before each candidate, as an unanchored search
 * whose start may not pass the candidate (an offset limit): the leftmost
 * match is the same as a search of the whole text, and text with no
 * candidate costs one pass of the candidate test. full: search the whole
 * text instead (the reference the tests compare against).
 */
#define SR_PAT_LEAD 24

static size_t sr_scan(struct sr_secret_scanner *sc, const char *s, size_t len,
                      struct sr_secret_hit *out, size_t max, int full)
{
    size_t count = 0;
    if (!sc || !s || len < 8 || (full && !sr_scanner_md(sc)))
        return 0;
    size_t start = 0, tried = 0; /* no match starts in [start, tried) */
    while (start < len) {
        size_t from = start;
        pcre2_match_context *mc = NULL;
        if (!full) {
            size_t c = sr_next_candidate(s, len, tried > start ? tried : start);
            if (c >= len || !sr_scanner_md(sc))
                break;
            from = c > SR_PAT_LEAD ? c - SR_PAT_LEAD : 0;
            if (from < start)
                from = start;
            if (from < tried)
                from = tried;
            pcre2_set_offset_limit(sc->mc, c);
            mc = sc->mc;
            tried = c + 1;
        }
        int rc = pcre2_match(sr_pat_code, (PCRE2_SPTR)s, len, from, 0, sc->md, mc);
        if (rc == PCRE2_ERROR_NOMATCH && !full)
            continue;
        if (rc < 0)
            break;
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(sc->md);
        size_t mend = ov[1];
        for (int g = 1; g < rc && g <= SR_NGROUPS; g++) {
            if (ov[2 * (size_t)g] == PCRE2_UNSET || sr_group_pat[g] == SR_PAT_NONE)
                continue;
            size_t off = ov[2 * (size_t)g], glen = ov[2 * (size_t)g + 1] - off;
            if (keep_hit(sr_group_pat[g], s, off, glen)) {
                if (count < max) {
                    out[count].pat = sr_group_pat[g];
                    out[count].off = off;
                    out[count].len = glen;
                }
                count++;
            }
            break;
        }
        start = mend > ov[0] ? mend : ov[0] + 1;
        tried = start;
    }
    return count;
}

size_t sr_secret_scanner_scan(struct sr_secret_scanner *sc, const char *s, size_t len,
                              struct sr_secret_hit *out, size_t max)
{
    return sr_scan(sc, s, len, out, max, 0);
}

size_t sr_secret_scanner_scan_full(struct sr_secret_scanner *sc, const char *s, size_t len,
                                   struct sr_secret_hit *out, size_t max)
{
    return sr_scan(sc, s, len, out, max, 1);
}

size_t sr_secret_scan(const char *s, size_t len, struct sr_secret_hit *out, size_t max)
{
    if (!s || len < 8)
        return 0;
    struct sr_secret_scanner *sc = sr_secret_scanner_new();
    size_t n = sr_secret_scanner_scan(sc, s, len, out, max);
    sr_secret_scanner_free(sc);
    return n;
}

/* ---- redaction ------------------------------------------------------------ */

char *sr_secret_redact(char *buf, size_t n, const char *s, size_t len)
{
    size_t chars = 0;
    if (!buf || n == 0)
        return buf;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            chars++;
    size_t show = chars / 3;
    if (show > 4)
        show = 4;
    char head[32];
    size_t h = 0, shown = 0;
    for (size_t i = 0; i < len && h + 5 < sizeof(head); i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c & 0xC0) != 0x80) {
            if (shown == show)
                break;
            shown++;
        }
        head[h++] = (c < 0x20 || c == 0x7f || c == '\'') ? '?' : (char)c;
    }
    head[h] = 0;
    if (show > 0)
        snprintf(buf, n, "'%s...' (%zu characters)", head, chars);
    else
        snprintf(buf, n, "(%zu characters)", chars);
    return buf;
}
