/*
 * run.h - the work of one command line: collect files, lint them (in
 * parallel with -j), write the report, compute the exit status.
 */
#ifndef SR_RUN_H
#define SR_RUN_H

#include <stddef.h>

#include "config.h"
#include "options.h"
#include "report.h"

/* Runs the lint described by o; returns the process exit status. */
int sr_run(const struct sr_options *o);

/*
 * The tree of a file named on the command line, where its policy search
 * ends and outside which --fix does not write through a symlink: its
 * repository (the first folder upward holding .git), else the current
 * folder when the file is below it, else the file's own folder. Heap
 * string (free()).
 */
char *sr_named_root(const char *path);

/* 1 when text that did not parse names a template section
 * (AWSTemplateFormatVersion, Resources, Transform): it is reported. */
int sr_looks_like_template(const char *text, size_t len);

#endif
