/*
 * iam.h - the IAM policy model over the resource graph.
 *
 * sr_iam_build() reads every policy a template states or implies: role
 * inline policies and trust policies, AWS::IAM::Policy / ManagedPolicy and
 * the roles they attach to, ManagedPolicyArns, secret resource policies, KMS
 * key policies, and SAM function Policies in all forms (managed policy
 * names and ARNs, inline documents, policy templates expanded from
 * schemas/sam-policy-templates.json) with the implicit <Function>Role and the
 * execution policies SAM attaches to it. Each statement keeps the nodes it
 * came from, so rules report at the Action or Resource value. Values are
 * resolved to template resources (Ref, GetAtt, Sub, Join). sr_iam_can()
 * answers "may this role do this action on that resource", Deny included.
 * It does not evaluate SCPs or session policies, and reads no policy
 * document given as a JSON string (such a role answers "maybe").
 * Everything lives in the graph's arena; the graph keeps the model (sr_iam_of()).
 */
#ifndef SR_IAM_H
#define SR_IAM_H

#include <stddef.h>

#include "graph.h"

/* Three-valued answers: NO < MAYBE < YES. */
enum sr_tri { SR_NO = 0, SR_MAYBE = 1, SR_YES = 2 };

enum sr_iam_source {
    SR_IAM_ROLE_INLINE,   /* AWS::IAM::Role Policies[i].PolicyDocument */
    SR_IAM_ROLE_TRUST,    /* AssumeRolePolicyDocument (also a SAM function's) */
    SR_IAM_POLICY,        /* AWS::IAM::Policy PolicyDocument */
    SR_IAM_MANAGED,       /* AWS::IAM::ManagedPolicy PolicyDocument */
    SR_IAM_AWS_MANAGED,   /* a known AWS managed policy (schemas/managed-policies.json) */
    SR_IAM_SAM_INLINE,    /* SAM Policies: an inline policy document */
    SR_IAM_SAM_TEMPLATE,  /* SAM Policies: a policy template, expanded */
    SR_IAM_SECRET_POLICY, /* AWS::SecretsManager::ResourcePolicy ResourcePolicy */
    SR_IAM_KEY_POLICY     /* AWS::KMS::Key KeyPolicy */
};

/* What a Resource (or Principal) value denotes. */
enum sr_iam_scope {
    SR_SCOPE_ALL,      /* "*": every resource */
    SR_SCOPE_RESOURCE, /* exactly one template resource (res) */
    SR_SCOPE_PATTERN,  /* a pattern (text) narrower than "*" */
    SR_SCOPE_UNKNOWN   /* computed: parameter, import, condition, ... */
};

enum sr_principal_type {
    SR_PRIN_NONE = 0,
    SR_PRIN_STAR, /* Principal: "*" */
    SR_PRIN_AWS,
    SR_PRIN_SERVICE,
    SR_PRIN_FEDERATED,
    SR_PRIN_CANONICAL
};

/*
 * One value of Action, Resource, Principal or a condition. text is the
 * value as a pattern: literal text, with the stack's partition, region,
 * account id and URL suffix (pseudo parameters) as SR_IAM_STACK_CHAR (they
 * match anything of this stack, but are no wildcard), and parts that cannot
 * be known (parameters, imports, other resources) as SR_IAM_UNKNOWN_CHAR.
 */
#define SR_IAM_UNKNOWN_CHAR '\x01'
#define SR_IAM_STACK_CHAR '\x02'
struct sr_iam_value {
    const char *text;           /* NULL when nothing is known */
    const struct sr_node *node; /* where it is written (for findings) */
    struct sr_resource *res;    /* SR_SCOPE_RESOURCE; for secrets, what an
                                   attachment/schedule/policy Ref denotes */
    const char *attr;           /* GetAtt / ${X.Attr} attribute, or NULL */
    uint32_t literal;           /* actions: 1 + the length of a text with no
                                   wildcard and nothing unknown, else 0 */
    /* Small fields last, in bytes: a model holds tens of thousands. */
    enum sr_iam_scope scope : 8;
    enum sr_principal_type ptype : 8; /* principals only */
    unsigned embedded : 1;            /* the reference ends an ARN prefix ("...:key/${Key}") */
};

struct sr_iam_cond {
    const char *op;             /* "StringEquals", "ArnLike", ... */
    const char *key;            /* "aws:SourceAccount", ... */
    const struct sr_node *node; /* the key node, or the expanded template's entry */
    struct sr_iam_value *values;
    size_t nvalues;
};

struct sr_iam_policy;

struct sr_iam_stmt {
    struct sr_iam_policy *policy;
    const struct sr_node *node; /* the statement map; for expanded or managed
                                   policies, the node that brought it in */
    const char *sid;
    const struct sr_node *action_key; /* "Action"/"NotAction" key node (or node) */
    const struct sr_node *resource_key;
    const struct sr_node *principal_key;
    struct sr_iam_value *actions;
    size_t nactions;
    struct sr_iam_value *resources;
    size_t nresources;
    struct sr_iam_value *principals;
    size_t nprincipals;
    struct sr_iam_cond *conds;
    size_t nconds;
    unsigned char deny;
    unsigned char not_action, not_resource, not_principal;
    unsigned char conditional; /* under a Fn::If branch: may not exist */
};

struct sr_iam_policy {
    enum sr_iam_source source;
    struct sr_resource *owner;  /* resource whose properties state it (Role, Policy,
                                   function, ResourcePolicy, Key); NULL never */
    const char *name;           /* PolicyName, template or managed policy name, or NULL */
    const struct sr_node *at;   /* the policy's node (document, template entry, ARN) */
    int broad;                  /* AWS managed policy marked broad in the data */
    const char *why;            /* AWS managed: what makes it broad */
    struct sr_resource *target; /* SECRET_POLICY: the secret; KEY_POLICY: the key */
    struct sr_ptrvec stmts;     /* struct sr_iam_stmt * */
};

/* The identity policies of one role. */
struct sr_iam_role {
    struct sr_resource *role;
    struct sr_ptrvec policies; /* struct sr_iam_policy *, trust policy excluded */
    struct sr_iam_policy *trust;
    int unknown;  /* some policy could not be read: a NO becomes MAYBE */
    int boundary; /* PermissionsBoundary set: a YES becomes MAYBE */
};

struct sr_iam_resinfo; /* private: per-resource lookups of the model */

struct sr_iam_model {
    const struct sr_graph *g;
    struct sr_ptrvec policies;    /* every policy, in document order */
    struct sr_ptrvec roles;       /* struct sr_iam_role *, one per AWS::IAM::Role */
    struct sr_iam_resinfo **rmap; /* open addressing by resource, size rcap */
    size_t rcap;
    struct sr_arena arena; /* everything of the model, the model included */
};

/* What an action is asked on: a template resource, a literal ARN, or "*"
 * (both NULL: an action that takes no resource, like GetRandomPassword). */
struct sr_iam_target {
    struct sr_resource *res;
    const char *arn;
};

/*
 * Builds the model of g in an arena of its own (sr_iam_free). Never fails: what cannot be read is
 * left out and the roles concerned are marked unknown.
 */
struct sr_iam_model *sr_iam_build(const struct sr_graph *g);
/* The model of g, built on first use and kept by the graph (g->iam). */
const struct sr_iam_model *sr_iam_of(const struct sr_graph *g);
/* Releases a model of sr_iam_build (NULL: nothing). */
void sr_iam_free(struct sr_iam_model *m);
/* Releases g's model, if built: the next sr_iam_of builds it again. No
 * pointer into the model may be held across the call. */
void sr_iam_drop(struct sr_graph *g);
/* Models built by sr_iam_of so far, in this process (for tests). */
size_t sr_iam_build_count(void);

/* The entry of role, or NULL when r is not a role of the graph. */
const struct sr_iam_role *sr_iam_role_of(const struct sr_iam_model *m, const struct sr_resource *r);

/* 1 when the statement's Action/NotAction can match action (wildcards,
 * case-insensitive); unknown (computed) action values give MAYBE. */
enum sr_tri sr_iam_stmt_action(const struct sr_iam_stmt *s, const char *action);
/* Does a resource value / the statement's Resource/NotResource cover t. */
enum sr_tri sr_iam_value_covers(const struct sr_iam_value *v, const struct sr_iam_target *t);
enum sr_tri sr_iam_stmt_resource(const struct sr_iam_stmt *s, const struct sr_iam_target *t);
/*
 * 1 when v surely covers every resource of one type of a service: "*", or
 * an ARN pattern whose service and resource part are wildcards over the type
 * (type like "secret:*"). Unknown parts never count as wildcards.
 */
int sr_iam_value_is_all(const struct sr_iam_value *v, const char *service, const char *type);

/*
 * May role do action on t? Allow statements of its identity policies, the
 * target secret's resource policies and the target key's key policy; Deny
 * statements win. Conditions: secretsmanager:resource/AllowRotationLambdaArn
 * is evaluated against the target secret's rotation function; other
 * conditions turn YES into MAYBE. role NULL (not in the template): MAYBE.
 */
enum sr_tri sr_iam_can(const struct sr_iam_model *m, const struct sr_resource *role,
                       const char *action, const struct sr_iam_target *t);
/* Same for a function: its role (explicit, or SAM's implicit one). */
enum sr_tri sr_iam_function_can(const struct sr_iam_model *m, const struct sr_resource *fn,
                                const char *action, const struct sr_iam_target *t);

/*
 * The condition secretsmanager:resource/AllowRotationLambdaArn of s, if any:
 * YES when its value names fn (the function rotating the secret), NO when it
 * names something else, MAYBE when it cannot be told. *found set to 1 when
 * the statement has such a condition.
 */
enum sr_tri sr_iam_rotation_cond(const struct sr_iam_stmt *s, const struct sr_resource *fn,
                                 int *found);

/*
 * What a rotation function surely lacks to rotate secret: the bits (entries
 * of sr_iam_sm_actions()) of the rotation actions it cannot do on the secret,
 * plus GetRandomPassword when it cannot do that on "*". An action granted
 * only by an AWSSecretsManagerRotationPolicy that names another function is
 * not counted (that is a wrong FunctionName, not a missing grant). 0 when
 * nothing is surely missing, or fn's role is not in the template.
 */
unsigned long sr_iam_rotation_missing(const struct sr_iam_model *m, const struct sr_resource *fn,
                                      const struct sr_resource *secret);
/*
 * The KMS actions a rotation function surely lacks on the customer managed
 * key of secret (a key of the template, or a literal key ARN in KmsKeyId):
 * bit 1 kms:Decrypt, bit 2 kms:GenerateDataKey. *key_res / *key_arn (may
 * be NULL) receive the key. 0 for the AWS managed key, aliases and computed
 * key ids.
 */
unsigned sr_iam_rotation_kms_missing(const struct sr_iam_model *m, const struct sr_resource *fn,
                                     const struct sr_resource *secret,
                                     const struct sr_resource **key_res, const char **key_arn);

/* The function's real name when it is known (a literal FunctionName), else NULL. */
const char *sr_iam_function_name(const struct sr_resource *fn);

/* A known AWS managed policy by name or ARN (any partition, with or without
 * ${AWS::Partition}); returns its name, *broad and *why, or NULL. */
const char *sr_iam_managed_lookup(const char *name_or_arn, int *broad, const char **why);

/* The names of the SAM policy templates the data knows, for tests: count,
 * and 1 when name is one of them. */
size_t sr_iam_sam_template_count(void);
int sr_iam_sam_template_known(const char *name);

#endif
