/*
 * schema_rules.h - internal: how the anonymizer reads an export schema.
 * A rule is a borrowed node of the schema's "export" tree, valid while the
 * schema lives; NULL means "not named here" (anon.c drops such a key).
 */
#ifndef BEACON_SCHEMA_RULES_H
#define BEACON_SCHEMA_RULES_H

#include <jansson.h>
#include <stddef.h>

#include "beacon/anon.h"

typedef enum schema_rule_kind {
	SCHEMA_RULE_NONE = 0, /* not named: the key is dropped */
	SCHEMA_RULE_OBJECT,   /* exported object: walk */
	SCHEMA_RULE_KEEP,     /* exported leaf */
	SCHEMA_RULE_REDACT,   /* anonymized like a non-exported value */
	SCHEMA_RULE_DROP      /* removed with its key */
} schema_rule_kind;

/* The rule of the document root (an object rule). */
const json_t *schema_rule_root(const beacon_export_schema *schema);

schema_rule_kind schema_rule_kind_of(const json_t *rule);

/* Rule of member key (case-insensitive), else of "*", else NULL. */
const json_t *schema_rule_member(const json_t *rule, const char *key,
				 size_t key_len);

/* Rule of the elements of an array ("[]"), else NULL. */
const json_t *schema_rule_element(const json_t *rule);

#endif /* BEACON_SCHEMA_RULES_H */
