/*
 * registry.h - the rule families. Each family file (rules/NAME.c) defines
 * one NULL-terminated table of its descriptors; rules/registry.c merges them
 * into sr_rules[] sorted by id. To add a rule: add its descriptor to its
 * family's table, give it fixtures in fixtures/lint/<ID>/ (a trigger and a
 * near-miss), and run `make docs`.
 */
#ifndef SR_REGISTRY_H
#define SR_REGISTRY_H

#include "rule.h"

extern const struct sr_rule *const sr_rules_template[];  /* SR001-SR0xx: rules/template.c */
extern const struct sr_rule *const sr_rules_schema[];    /* SR005: rules/schema.c */
extern const struct sr_rule *const sr_rules_rotation[];  /* SR1xx: rules/rotation.c */
extern const struct sr_rule *const sr_rules_privilege[]; /* SR2xx: rules/privilege.c */
extern const struct sr_rule *const sr_rules_exposure[];  /* SR3xx: rules/exposure.c */
extern const struct sr_rule *const sr_rules_consumer[];  /* SR215-SR216: rules/consumer.c */
extern const struct sr_rule *const sr_rules_kms[];       /* SR315-SR317: rules/kms.c */
extern const struct sr_rule *const sr_rules_keypolicy[]; /* SR217: rules/kms.c */
extern const struct sr_rule *const sr_rules_lifecycle[]; /* SR113/114/218/319/320: lifecycle.c */
extern const struct sr_rule *const sr_rules_stores[];    /* SR318: rules/stores.c */
extern const struct sr_rule *const sr_rules_respond[];   /* SR323: rules/respond.c */

#endif
