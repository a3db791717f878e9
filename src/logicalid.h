/*
 * logicalid.h - what CloudFormation accepts as a logical id.
 *
 * Logical ids of resources, parameters, outputs, conditions and mappings
 * are 1 to 255 characters of A-Z, a-z and 0-9. The rules report any other
 * (SR008) and the fixer never derives a file path, a new id or generated
 * code from one that is not valid.
 */
#ifndef SR_LOGICALID_H
#define SR_LOGICALID_H

#include <stddef.h>

#define SR_LOGICAL_ID_MAX 255

/* 1 when the len bytes of id are a valid logical id; 0 otherwise. */
int sr_logical_id_valid(const char *id, size_t len);

/* The same for a NUL-terminated id (NULL is not valid). */
int sr_logical_id_ok(const char *id);

#endif
