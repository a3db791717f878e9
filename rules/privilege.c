/*
 * privilege.c - rule family (see rules/registry.h). Descriptors and checks.
 */
#include "registry.h"

const struct sr_rule *const sr_rules_privilege[] = {NULL};
