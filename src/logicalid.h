/*
 * logicalid.h - what CloudFormation accepts as a logical id.
 *
 * Logical ids of resources, parameters, outputs and mappings are 1 to 255
 * characters of A-Z, a-z and 0-9; condition names may also hold '_' and
 * '&'. The rules report any other (SR008) and the fixer never derives a
 * file path, a new id or generated code from one that is not valid.
 */
#ifndef SR_LOGICALID_H
#define SR_LOGICALID_H

#include <stddef.h>

#define SR_LOGICAL_ID_MAX 255

/* 1 when the len bytes of id are a valid logical id; 0 otherwise. */
int sr_logical_id_valid(const char *id, size_t len);

/* The same for a NUL-terminated id (NULL is not valid). */
int sr_logical_id_ok(const char *id);

/* 1 when the len bytes of name are a valid condition name: 1 to 255 of
 * A-Z, a-z, 0-9, '_' and '&' (condition names, unlike the other ids, may
 * hold those two; cfn-lint's template schema agrees). */
int sr_condition_name_valid(const char *name, size_t len);

#endif
