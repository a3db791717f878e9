/*
 * secretref.h - which secret a value of the template denotes.
 *
 * A secret is named in many ways: `!Ref S` or `!GetAtt S.Id` of an
 * AWS::SecretsManager::Secret, the Ref of its RotationSchedule,
 * SecretTargetAttachment or ResourcePolicy (all return its ARN), an Fn::Sub
 * or Fn::Join that embeds one of those, the secret's literal Name or ARN,
 * the secret-id of a {{resolve:secretsmanager:...}} reference in any of
 * those forms, or a secret that a service manages (`!GetAtt
 * DB.MasterUserSecret.SecretArn`, an `rds!...` or `redshift!...` name).
 * This is the one place that answers it; rules and the fixer ask here.
 */
#ifndef SR_SECRETREF_H
#define SR_SECRETREF_H

#include <stddef.h>

#include "graph.h"
#include "value.h"

struct sr_secret_ref {
    struct sr_resource *secret; /* the template's AWS::SecretsManager::Secret, or NULL */
    struct sr_resource *db;     /* a database of the template whose managed master secret
                                   it is (GetAtt DB.MasterUserSecret.SecretArn), or NULL */
    const char *managed_by;     /* "RDS" / "Redshift": a secret a service manages, or NULL */
    const char *label;          /* how messages name it (logical id, or an excerpt) */
    int literal;                /* written as a literal name or ARN */
    /* A secret of a local child template that the value gets through the
     * child's output (`!GetAtt Stack.Outputs.SecretArn`, nested.h): the
     * child's resource and graph. Never set in secret, which is always a
     * resource of the template itself. */
    struct sr_resource *child_secret;
    const struct sr_graph *child;
};

/* The template secret r stands for: r itself, or the secret of a schedule,
 * attachment or resource policy (their Ref is its ARN); else NULL. */
struct sr_resource *sr_secret_of_resource(struct sr_resource *r);

/*
 * The secret a resolved reference denotes (the kind of sr_graph_value() or
 * of a flattened placeholder): Ref/GetAtt Id of a secret or Ref of its
 * schedule/attachment/policy, a managed master secret attribute, or a
 * literal name or ARN. Returns 1 with *out filled when it denotes a secret
 * (of the template or not), else 0 (out zeroed).
 */
int sr_secret_ref_val(const struct sr_graph *g, const struct sr_val *v, struct sr_secret_ref *out);
/* The same for a value node (aliases followed; Sub/Join of a secret's ARN). */
int sr_secret_ref_node(const struct sr_graph *g, const struct sr_node *v,
                       struct sr_secret_ref *out);
/*
 * The secret named by the secret-id of a dynamic reference found in flat
 * text: id_off/id_len its span in f->s, is_arn from the scanner. A
 * placeholder stands for a reference (`${Secret}`, a Join's Ref). Always
 * sets out->label; returns 1 when the secret is known (template or managed).
 */
int sr_secret_ref_dynref(struct sr_arena *a, const struct sr_graph *g, const struct sr_flat *f,
                         size_t id_off, size_t id_len, int is_arn, struct sr_secret_ref *out);

/* The template secret whose Name property is name (len bytes), or NULL. */
struct sr_resource *sr_secret_by_name(const struct sr_graph *g, const char *name, size_t len);

/* 1 when the secret rotates: a template secret with a RotationSchedule, or
 * one a service manages. */
int sr_secret_ref_rotates(const struct sr_secret_ref *r);

/* Printable excerpt of text for messages (placeholders as "${..}", at most
 * 60 bytes, control bytes as '?'). */
const char *sr_excerpt(struct sr_arena *a, const char *s, size_t len);

#endif
