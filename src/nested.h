/*
 * nested.h - the local child templates of nested stacks.
 *
 * A parent template names a child with AWS::CloudFormation::Stack
 * (TemplateURL), AWS::Serverless::Application (Location) or, in CDK output,
 * the aws:asset:path metadata of a nested stack (the file beside the parent
 * in cdk.out). Before `aws cloudformation package` or `sam package` that
 * location is a path relative to the parent's folder: such a child is
 * local, and it is read so that the parent's secrets can be judged by what
 * the child does with them (a secret passed in as a parameter and rotated
 * there is rotated). An https or s3 URL, an application of the Serverless
 * Application Repository, or a location computed at deploy time is not
 * local: the child cannot be seen.
 *
 * Reading is confined to the tree of the template being linted: the
 * folder of the first template, and below it. Absolute paths, paths that
 * climb out of that folder, and symbolic links anywhere on the way are not
 * followed; only regular files are read. Each file is at most
 * SR_NESTED_MAX_FILE bytes, at most SR_NESTED_MAX_FILES children are read
 * per linted template, children nest at most SR_NESTED_MAX_DEPTH deep, and
 * a child that leads back to one of its ancestors is not read again. Each
 * child is read once per linted template, on first use, and lives with
 * its graph in the parent graph's arena. Reading never fails the lint: a
 * child that cannot be read is reported as such, with the reason.
 */
#ifndef SR_NESTED_H
#define SR_NESTED_H

#include <stddef.h>

#include "graph.h"

#define SR_NESTED_MAX_FILE ((size_t)8 * 1024 * 1024)
#define SR_NESTED_MAX_FILES 32
#define SR_NESTED_MAX_DEPTH 4

enum sr_child_state {
    SR_CHILD_LOADED = 1, /* read and parsed: graph is set */
    SR_CHILD_REMOTE,     /* not a local file: a URL, an application id, a computed value */
    SR_CHILD_UNREAD      /* a local path that was not read (see why) */
};

struct sr_child {
    enum sr_child_state state;
    const char *where;            /* the location as written, or "a computed TemplateURL" */
    const char *why;              /* REMOTE / UNREAD: a relative clause about the stack for
                                     messages ("whose template ... is not a local file") */
    const char *path;             /* LOADED: the file, relative to the tree's folder (its
                                     document's path opens from the current folder) */
    const struct sr_graph *graph; /* LOADED: its graph (lives in the parent's arena) */
};

/* Per linted template: the children read so far and the limits. */
struct sr_nested;

/*
 * The nested-stack reader for g, a template read from file path (as
 * given; NULL or "<stdin>" when it has no folder: no child is local then).
 * Allocated in g's arena; nothing is read until a child is asked for.
 */
struct sr_nested *sr_nested_new(const struct sr_graph *g, const char *path);

/* 1 when r is a nested stack: AWS::CloudFormation::Stack or
 * AWS::Serverless::Application. */
int sr_nested_is_stack(const struct sr_resource *r);

/* The child of nested stack r, read on first use; NULL when r is not a
 * nested stack. */
const struct sr_child *sr_nested_child(struct sr_nested *n, const struct sr_resource *r);

/* The reader for the loaded child of r's own children (the one to use for
 * the child's graph: it shares the tree and the limits), or NULL. */
struct sr_nested *sr_nested_sub(struct sr_nested *n, const struct sr_resource *r);

/*
 * What the child of nested stack r does with its parameter param (a secret
 * passed in by the parent):
 *   1  it rotates it: a RotationSchedule of the child, or of a child of
 *      the child it passes the parameter on to, has the parameter as its
 *      SecretId; *how names the schedule and the file;
 *   0  the child (and every child it passes the parameter to) was read and
 *      does not;
 *  -1  that could not be seen; *how says why, as a relative clause about
 *      the stack ("whose template ... is not a local file").
 * *how is NULL for 0; strings live in the parent graph's arena.
 */
int sr_nested_rotates(struct sr_nested *n, const struct sr_resource *r, const char *param,
                      const char **how);

/*
 * The Value node of output name of the child of nested stack r (what
 * `!GetAtt r.Outputs.name` returns), with the child's graph in *child;
 * NULL when the child is not loaded or has no such output.
 */
const struct sr_node *sr_nested_output(struct sr_nested *n, const struct sr_resource *r,
                                       const char *name, const struct sr_graph **child);

#endif
