/*
 * initconfig.h - `secrot-lint --init-config`: a commented policy file with
 * every default, and the JSON Schema beside it for editors.
 */
#ifndef SR_INITCONFIG_H
#define SR_INITCONFIG_H

#include <stdio.h>

#include "config.h"

/* The name of the schema file written beside the policy. */
#define SR_INIT_SCHEMA_NAME ".secrot-lint.schema.json"

/* Writes the commented policy file for the defaults in cfg. Returns 0, or
 * -1 when writing failed. */
int sr_init_config_write(FILE *out, const struct sr_config *cfg);

/*
 * Writes PATH (a new file: an existing one is never overwritten) and, in
 * the same folder, the schema file when it is not there yet. PATH "-"
 * writes the policy to standard output only. Returns 0, or -1 with a
 * message printed to stderr.
 */
int sr_init_config(const char *path);

#endif
