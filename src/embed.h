/*
 * embed.h - data files from schemas/ compiled into the binary.
 *
 * The build turns every JSON file below schemas/ into a C array (build/embed.c made
 * by tools/embed.sh), so the installed binary is one file.
 */
#ifndef SR_EMBED_H
#define SR_EMBED_H

#include <stddef.h>

/* Contents of schemas/NAME (e.g. "sam-policy-templates.json",
 * "resources/AWS_SecretsManager_Secret.json"), NUL-terminated, or NULL. */
const char *sr_embed_get(const char *name, size_t *len);
/* Number of embedded files and the name of file i, for listing. */
size_t sr_embed_count(void);
const char *sr_embed_name(size_t i);

#endif
