/*
 * credtab.h - the credential-property table (schemas/credential-properties.json).
 *
 * Which resource properties hold credentials (and whether they accept
 * ssm-secure, and which boolean lets the service manage the secret
 * instead), which resource attributes return a secret value, which
 * attributes echo a property back, which property names take a secret's
 * ARN, and the places that freeze a value at deploy time (environments) or
 * never resolve dynamic references (UserData). Read once per process from
 * the embedded JSON, on first use; thread-safe; never freed.
 */
#ifndef SR_CREDTAB_H
#define SR_CREDTAB_H

#include <stddef.h>

struct sr_cred_prop {
    const char *type;       /* "AWS::RDS::DBInstance" */
    const char *path;       /* "MasterUserPassword", "Users/[]/Password" ('*': any one key) */
    int ssm_secure;         /* accepts {{resolve:ssm-secure:...}} */
    const char *managed_by; /* "ManageMasterUserPassword", or NULL */
    int sets;               /* the resource creates the credential: the template may choose
                               (generate) its value; else it uses one issued elsewhere */
};

struct sr_place {
    const char *type;
    const char *path;
    int list_form; /* [{Name, Value}] rather than {NAME: value} */
};

/* The credential properties of a resource type: *n entries (0 and NULL for
 * types the table does not know), in the table's order. */
const struct sr_cred_prop *sr_credtab_props(const char *type, size_t *n);
/* The entry whose path pattern matches path ("Users/[]/Password"), or NULL. */
const struct sr_cred_prop *sr_credtab_find(const char *type, const char *path);
/* Segment-wise match of a property path against a table pattern ('*' matches
 * any one segment). */
int sr_credtab_path_match(const char *pattern, const char *path);
/* 1 when GetAtt type.attr returns a secret value. */
int sr_credtab_secret_attr(const char *type, const char *attr);
/* The property GetAtt type.attr returns, or NULL. */
const char *sr_credtab_echo_prop(const char *type, const char *attr);
/* 1 when a property of that name takes a secret's ARN (SecretArn, ...). */
int sr_credtab_arn_prop(const char *name);
/* Places that hold UserData / environment variables: *n entries. */
const struct sr_place *sr_credtab_user_data(size_t *n);
const struct sr_place *sr_credtab_envs(size_t *n);
/* 1 when type/path is a UserData place. */
int sr_credtab_is_user_data(const char *type, const char *path);

#endif
