/*
 * scaffold.h - the resources a rotated secret needs, as fix operations.
 *
 * DESIGN §6.2: a secret of a database AWS hosts rotation for gets a
 * RotationSchedule with HostedRotationLambda and the AWS::SecretsManager
 * transform; any other secret gets a rotation function (SAM or plain
 * Lambda, as the template is), its least-privilege role, the invoke
 * permission with SourceAccount, the schedule with the policy's interval,
 * a failure alarm, and a Python handler skeleton written beside the
 * template. Values that cannot be known become parameters. New logical
 * ids derive from the secret's id and never collide. The operations are
 * added to a fix; nothing is written here.
 */
#ifndef SR_SCAFFOLD_H
#define SR_SCAFFOLD_H

#include "fixplan.h"

struct sr_scaffold {
    const char *secret;           /* logical id of the secret */
    const char *condition;        /* its Condition, or NULL */
    const struct sr_resource *db; /* database whose credentials it holds, or NULL */
    const char *engine;           /* engine when db is NULL (add-secret --engine), or NULL */
    struct sr_fv *kms_arn;        /* ARN of its customer managed key, or NULL */
    const char *cls;              /* class name, for the interval */
    int days;                     /* interval in days; 0: the policy's */
    const char *attachment;       /* SecretTargetAttachment the schedule waits for, or NULL */
    const char *function;         /* id for the rotation function (a name the template
                                     refers to but does not define), or NULL: a new id */
};

/*
 * Adds the rotation of o->secret to fix and sets fix->what. Returns 0, or
 * -1 with fix->refused set.
 */
int sr_scaffold_rotation(struct sr_fixer *fx, struct sr_fix *fix, const struct sr_scaffold *o);

/*
 * Adds the rotation function of o->secret (and its role in plain
 * CloudFormation) and the handler skeleton, named o->function or a new id.
 * Returns the function's id; *role the role's id (SAM: the implicit one).
 * Returns NULL (fix->refused set) when the secret's id is not a valid
 * logical id: no handler path or code is made from it.
 */
const char *sr_scaffold_function(struct sr_fixer *fx, struct sr_fix *fix,
                                 const struct sr_scaffold *o, const char **role);

/* The parameter (Default "false", AllowedValues true/false) and condition
 * that switch scaffolded rotation schedules on. */
#define SR_SCAFFOLD_SWITCH "EnableSecretRotation"
#define SR_SCAFFOLD_SWITCH_COND "SecretRotationEnabled"
/* Adds the switch (shared between fixes) and returns the condition a new
 * schedule takes: the switch's, or <condition>AndSecretRotationEnabled
 * when the secret has a condition of its own. */
const char *sr_scaffold_switch(struct sr_fixer *fx, struct sr_fix *fix, const char *condition);

/*
 * The network of database db for its hosted rotation function, as the
 * comma-separated strings HostedRotationLambda takes: the subnets of its
 * subnet group and its security groups, built from what the template gives
 * them (the DBSubnetGroup's SubnetIds, VpcSecurityGroupIds, or the
 * parameters that feed them). Both NULL when db is in no VPC the template
 * names. Returns 0, or -1 with *why when the template does not show them.
 */
int sr_scaffold_db_network(struct sr_fixer *fx, const struct sr_resource *db,
                           struct sr_fv **subnets, struct sr_fv **groups, const char **why);

/* Marks fix unsafe as one that adds a handler skeleton still to finish
 * (on plain CloudFormation the fixer adds that its file needs `package`). */
void sr_scaffold_skeleton_unsafe(struct sr_fixer *fx, struct sr_fix *fix);

/* Adds <base>RotationPermission for function fn (invoke by Secrets Manager,
 * SourceAccount); returns its id. */
const char *sr_scaffold_permission(struct sr_fixer *fx, struct sr_fix *fix, const char *base,
                                   const char *fn, const char *condition);
/* Adds <base>RotationAlarm on the Errors of function fn; returns its id. */
const char *sr_scaffold_alarm(struct sr_fixer *fx, struct sr_fix *fix, const char *base,
                              const char *fn, const char *condition);
/* The parameter alarms notify: the template's alert-topic parameter (by the
 * configured name, or a name or description about an alert/alarm topic),
 * else a new parameter added to fix. */
const char *sr_scaffold_topic(struct sr_fixer *fx, struct sr_fix *fix);

/*
 * The customer managed key for a new secret: named (a KMS key resource or a
 * parameter of the template), else the template's only AWS::KMS::Key, else
 * a parameter about a KMS key, else a new parameter SecretsKmsKeyArn.
 * *kms is the KmsKeyId value, *arn the key's ARN for policies. Returns 0,
 * or -1 with *err when named names nothing usable.
 */
int sr_scaffold_secret_key(struct sr_fixer *fx, struct sr_fix *fix, const char *named,
                           struct sr_fv **kms, struct sr_fv **arn, const char **err);

/* The interval the fixer writes for a class (config fix_days, else the
 * class limit, else 30). */
int sr_scaffold_days(const struct sr_config *cfg, const char *cls);
/* The ARN of the key in a secret's KmsKeyId as a value for an IAM
 * Resource, or NULL (no key, or the AWS managed one). */
struct sr_fv *sr_scaffold_kms_arn(struct sr_fixer *fx, const struct sr_resource *secret);
/* {Effect: Allow, Action: actions, Resource: resource}. */
struct sr_fv *sr_scaffold_allow(struct sr_arena *a, struct sr_fv *actions, struct sr_fv *resource);
/*
 * Adds statements to the policies of function fn's role: a SAM function
 * with its implicit role gets a Policies entry, a role of the template a new
 * inline policy named policy_name (numbered when taken). Returns 0, or -1
 * with fix->refused set (the role is not in the template, Policies is not a
 * list).
 */
int sr_scaffold_grant(struct sr_fixer *fx, struct sr_fix *fix, const struct sr_resource *fn,
                      const char *policy_name, struct sr_fv *statements);
/* Lets fn read secret (GetSecretValue) and decrypt with kms_arn (may be NULL). */
int sr_scaffold_grant_read(struct sr_fixer *fx, struct sr_fix *fix, const struct sr_resource *fn,
                           const char *secret, struct sr_fv *kms_arn);

/* Characters a generated password leaves out: safe inside a connection
 * string or URL, a shell and JSON. */
#define SR_SCAFFOLD_EXCLUDE "\"'@/\\:;?#%&+=,`"
/* The password length the fixer writes: the policy's minimum, at least 32. */
int sr_scaffold_password_length(const struct sr_config *cfg);
/* A GenerateSecretString value: a password (token: letters and digits
 * only), under key in the JSON tmpl when both are given. */
struct sr_fv *sr_scaffold_generate(struct sr_fixer *fx, int token, const char *tmpl,
                                   const char *key);

/* A new secret of the template. */
struct sr_new_secret {
    const char *id;
    const char *description;
    const char *condition;  /* or NULL */
    struct sr_fv *kms;      /* KmsKeyId */
    struct sr_fv *generate; /* GenerateSecretString (sr_scaffold_generate()) */
    const char *cls_tag;    /* value of the secrot-lint:class tag, or NULL */
};
/* Adds the secret (Retain on delete and replace) to fix. */
void sr_scaffold_secret(struct sr_fixer *fx, struct sr_fix *fix, const struct sr_new_secret *o);
/*
 * Adds a generated secret id (the template's customer managed key, the
 * policy's length; token: an API key, class api-key) and its rotation;
 * *arn gets its key's ARN for grants. Returns 0 with fix->what describing
 * the rotation, or -1 with fix->refused.
 */
int sr_scaffold_rotated_secret(struct sr_fixer *fx, struct sr_fix *fix, const char *id,
                               const char *desc, const char *condition, int token,
                               struct sr_fv **arn);

/* The Python rotation handler skeleton for secret id (arena text). */
const char *sr_scaffold_handler(struct sr_arena *a, const char *secret);
/* Where the handler of a secret goes, relative to the template. */
const char *sr_scaffold_handler_dir(struct sr_arena *a, const char *secret);

#endif
