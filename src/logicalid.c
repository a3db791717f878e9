/*
 * logicalid.c - the logical id alphabet (logicalid.h).
 */
#include "logicalid.h"

#include <string.h>

int sr_logical_id_valid(const char *id, size_t len)
{
    if (!id || len == 0 || len > SR_LOGICAL_ID_MAX)
        return 0;
    for (size_t i = 0; i < len; i++) {
        char c = id[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
            return 0;
    }
    return 1;
}

int sr_logical_id_ok(const char *id)
{
    return id && sr_logical_id_valid(id, strlen(id));
}

int sr_condition_name_valid(const char *name, size_t len)
{
    if (!name || len == 0 || len > SR_LOGICAL_ID_MAX)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (name[i] != '_' && name[i] != '&' && !sr_logical_id_valid(name + i, 1))
            return 0;
    return 1;
}
