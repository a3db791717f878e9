/*
 * flow.h - the value-flow model: where secret values go in a template.
 *
 * Sources are what makes a value secret: a {{resolve:secretsmanager:...}}
 * or {{resolve:ssm-secure:...}} reference in any form (plain text, Fn::Sub,
 * Fn::Join), a Ref of a NoEcho parameter or of a parameter that holds a
 * credential (judged by its use: it feeds a credential property or a
 * secret's value; or by its name), and a GetAtt of an attribute that
 * returns a secret value (directly, or through an attribute that echoes a
 * property holding one). Sinks are the places values end up: function and
 * container environments (Lambda, SAM with Globals, ECS, Batch, CodeBuild,
 * App Runner), UserData, Outputs, Metadata, Tags, resource names,
 * credential properties and secrets' SecretString. Flows follow Fn::If
 * (each branch), Fn::Sub, Fn::Join, Fn::Select, Fn::FindInMap and
 * Fn::Base64. One walk of the document builds the model, on first use; it
 * lives in the graph's arena and every rule reads the same one.
 */
#ifndef SR_FLOW_H
#define SR_FLOW_H

#include <stddef.h>

#include "credtab.h"
#include "dynref.h"
#include "graph.h"
#include "secretref.h"
#include "value.h"

enum sr_sink_kind {
    SR_SINK_ENV = 1,      /* an environment variable (deploy-time value, shown in plain text) */
    SR_SINK_USER_DATA,    /* EC2 / launch template UserData */
    SR_SINK_OUTPUT,       /* an Output (the whole entry) */
    SR_SINK_METADATA,     /* template or resource Metadata */
    SR_SINK_TAG,          /* a tag value */
    SR_SINK_NAME,         /* a resource name or identifier property */
    SR_SINK_CRED_PROP,    /* a property that holds a credential (credtab.h) */
    SR_SINK_SECRET_STRING /* the SecretString of a secret */
};

/* "environment", "UserData", "output", "Metadata", "tag", "name",
 * "credential property", "SecretString". */
const char *sr_sink_kind_name(enum sr_sink_kind k);

/* One value a sink can take (a branch of its Fn::Ifs), as flat text. */
struct sr_branch {
    const struct sr_node *v;
    struct sr_flat flat;
};

struct sr_sink {
    enum sr_sink_kind kind;
    struct sr_resource *res;         /* owner; NULL for Globals, Outputs, template Metadata */
    const char *owner;               /* "Function F", "Globals Function", "output O", ... */
    const char *name;                /* variable name (NULL when computed), "tag K", property
                                        path, output name */
    const struct sr_node *value;     /* the value as written */
    const struct sr_cred_prop *cred; /* CRED_PROP: the table entry (NULL for metadata creds) */
    struct sr_branch *branches;      /* not for OUTPUT and METADATA (walked as structures) */
    size_t nbranches;
};

enum sr_source_kind {
    SR_SRC_DYNREF = 1, /* a dynamic reference (any service) */
    SR_SRC_NOECHO,     /* Ref of a NoEcho parameter */
    SR_SRC_CRED_PARAM, /* Ref of a parameter that holds a credential, not NoEcho */
    SR_SRC_SECRET_ATTR /* GetAtt of a secret-valued attribute */
};

struct sr_flow {
    const struct sr_sink *sink;
    enum sr_source_kind kind;
    const struct sr_node *value; /* the branch or sub-value it was found in */
    const struct sr_node *at;    /* where the source is written */
    const char *path;            /* OUTPUT / METADATA: the way to it ("Outputs/X -> Fn::If") */
    const char *label;           /* "NoEcho parameter P", "a secretsmanager dynamic reference" */
    /* DYNREF */
    enum sr_dynref_kind dynref;
    int malformed;               /* the reference does not parse (SR306 reports it) */
    int secret_value;            /* it resolves to a secret value (not a username key) */
    const char *ref_text;        /* excerpt of the secret id or parameter name */
    const char *json_key;        /* secretsmanager json-key, or NULL */
    struct sr_secret_ref secret; /* secretsmanager: the secret it reads, when known */
    /* NOECHO, CRED_PARAM */
    const char *param;
    /* SECRET_ATTR */
    const char *ref_name; /* "Key.SecretAccessKey" as written */
};

/* What the template does with each parameter. */
struct sr_param {
    const char *name;
    const struct sr_node *key, *def;
    const char *type; /* "String" when not given */
    int noecho;
    int textual;       /* String or CommaDelimitedList */
    int allowed;       /* has AllowedValues */
    int flag;          /* AllowedValues of true/false, yes/no, enabled/disabled */
    int cred_name;     /* its name says credential (secretpat.h) */
    const char *feeds; /* "Db MasterUserPassword": the credential property it is the
                          whole value of, or NULL */
    int feeds_secret;  /* it is the whole SecretString of a secret */
    int in_text;       /* it is part of a longer text (an ARN, a name, a key) somewhere */
    int secret_id;     /* it names a secret (SecretId, secret-id of a reference) */
    int cred;          /* judged to hold a credential (by use, else by name) */
};

struct sr_flows {
    struct sr_sink **sinks;
    size_t nsinks;
    struct sr_flow **flows;
    size_t nflows;
    struct sr_param *params;
    size_t nparams;
    struct sr_ptrset *covered; /* private */
};

/* The model of g, built on first use. */
const struct sr_flows *sr_graph_flows(const struct sr_graph *g);
/* The parameter entry of name, or NULL. */
const struct sr_param *sr_flows_param(const struct sr_flows *fl, const char *name);
/*
 * 1 when n or one of its ancestors is the value of a credential property,
 * an environment variable, a SecretString or a NoEcho parameter's Default:
 * places whose literal credentials the rules judge where they stand.
 */
int sr_flows_covers(const struct sr_flows *fl, const struct sr_node *n);
/* 1 when a secretsmanager or ssm-secure reference at d of text s resolves to
 * a secret value: ssm-secure, a whole secret, or a credential json-key. */
int sr_dynref_secret_value(const char *s, const struct sr_dynref *d);

#endif
