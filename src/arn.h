/*
 * arn.h - Amazon Resource Names in template text.
 *
 * Finds ARNs inside strings (literal text, Fn::Sub strings with ${...}
 * parts, or text flattened with a placeholder byte for computed parts),
 * splits their partition, service, region and account fields, and answers
 * the questions the rules and the fixer ask of them: is this a region or an
 * account id, is this a secret's ARN, does Secrets Manager's name say a
 * service manages the secret. Pure functions over the caller's bytes.
 */
#ifndef SR_ARN_H
#define SR_ARN_H

#include <stddef.h>

/* An ARN found in text: byte offsets into the text searched. */
struct sr_arn {
    size_t start;             /* offset of "arn:" */
    size_t field[4], flen[4]; /* partition, service, region, account */
    size_t end;               /* just past the account field */
};

/*
 * Finds the first ARN at or after offset from in s (len bytes): "arn:" not
 * preceded by a letter, a digit or the opaque byte, then four fields
 * separated by ':' (a field ends at ':', '/', '"' or ' '). With sub set,
 * `${...}` is an opaque part of a field (an Fn::Sub string). opaque is a
 * byte that stands for a computed part (0: none). Returns 1 with *out set,
 * else 0.
 */
int sr_arn_next(const char *s, size_t len, size_t from, int sub, char opaque, struct sr_arn *out);

/* us-east-1, eu-central-2, us-gov-west-1, cn-north-1 ... (shape, not a list). */
int sr_arn_is_region(const char *s, size_t n);
/* Twelve digits. */
int sr_arn_is_account(const char *s, size_t n);
/* The partition field is written literally ("aws", "aws-cn", "aws-us-gov"). */
int sr_arn_literal_partition(const char *s, const struct sr_arn *a, int sub, char opaque);

/* 1 when s (a whole string) is the ARN of a Secrets Manager secret. */
int sr_arn_is_secret(const char *s);
/* 1 when s is the ARN of a KMS key (not an alias). */
int sr_arn_is_kms_key(const char *s);
/* 1 when s names a KMS alias ("alias/x" or an alias ARN). */
int sr_arn_is_kms_alias(const char *s);
/*
 * The service that manages a secret, by the name Secrets Manager gives its
 * managed secrets ("rds!db-...", "redshift!cluster-..."), in a secret ARN
 * or a bare name: "RDS" or "Redshift", else NULL.
 */
const char *sr_arn_managed_secret(const char *s);

/*
 * 1 when account is one that AWS itself publishes from, so an ARN naming it
 * is meant to be literal: the Serverless Application Repository's
 * AWS-published applications and the accounts of AWS-owned Lambda layers.
 */
int sr_arn_aws_owned_account(const char *s, size_t n);

#endif
