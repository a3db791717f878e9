/*
 * test_ci.c - logical paths (lpath.c), exclusion globs and shards
 * (pathsel.c) and finding fingerprints (baseline.c).
 */
#include <stdlib.h>
#include <string.h>

#include "baseline.h"
#include "check.h"
#include "config.h"
#include "lint.h"
#include "lpath.h"
#include "pathsel.h"

static struct sr_arena A;
static struct sr_doc D;

static const struct sr_node *load(const char *text)
{
    struct sr_error e;
    sr_arena_release(&A);
    sr_arena_init(&A);
    if (sr_load(&A, "t.yaml", text, strlen(text), &D, &e) < 0)
        return NULL;
    return D.root;
}

/* The value node at a chain of keys / indexes ("Resources", "Db", ...). */
static const struct sr_node *at(const struct sr_node *n, const char *const *steps, size_t k)
{
    for (size_t i = 0; n && i < k; i++) {
        if (n->kind == SR_SEQ) {
            size_t idx = (size_t)strtoul(steps[i], NULL, 10);
            n = idx < n->n ? n->items[idx] : NULL;
            continue;
        }
        const struct sr_node *next = NULL;
        for (size_t j = 0; n->kind == SR_MAP && j < n->n; j++)
            if (sr_node_str(n->items[2 * j]) && strcmp(sr_node_str(n->items[2 * j]), steps[i]) == 0)
                next = n->items[2 * j + 1];
        n = next;
    }
    return n;
}

TEST(lpath_keys_indexes_and_escapes)
{
    const struct sr_node *root = load("Resources:\n"
                                      "  Db:\n"
                                      "    Properties:\n"
                                      "      Tags:\n"
                                      "        - Key: a\n"
                                      "        - Key: b\n"
                                      "  \"x/y~z\": {A: 1}\n");
    CHECK(root != NULL);
    const char *p1[] = {"Resources", "Db", "Properties", "Tags", "1", "Key"};
    CHECK_STR(sr_lpath(&A, at(root, p1, 6)), "/Resources/Db/Properties/Tags/1/Key");
    const char *p2[] = {"Resources", "x/y~z", "A"};
    CHECK_STR(sr_lpath(&A, at(root, p2, 3)), "/Resources/x~1y~0z/A");
    CHECK_STR(sr_lpath(&A, root), "");
    CHECK_STR(sr_lpath(&A, NULL), "");
    /* A key node has the path of its value. */
    const struct sr_node *res = at(root, p1, 1);
    CHECK_STR(sr_lpath(&A, res->items[0]), "/Resources/Db");
}

TEST(lpath_same_when_lines_move)
{
    const struct sr_node *r1 = load("Resources:\n  Db:\n    Properties: {Password: hunter2}\n");
    const char *p[] = {"Resources", "Db", "Properties", "Password"};
    char a[128];
    snprintf(a, sizeof(a), "%s", sr_lpath(&A, at(r1, p, 4)));
    const struct sr_node *r2 = load("# moved\n\nResources:\n\n    Other: {Type: X}\n"
                                    "    Db:\n        Properties:\n          Password: hunter2\n");
    CHECK_STR(sr_lpath(&A, at(r2, p, 4)), a);
}

TEST(lpath_truncates_like_snprintf)
{
    const struct sr_node *root = load("Resources: {Database: {Properties: {P: 1}}}\n");
    const char *p[] = {"Resources", "Database", "Properties", "P"};
    char small[8];
    size_t need = sr_lpath_write(at(root, p, 4), small, sizeof(small));
    CHECK_INT(need, strlen("/Resources/Database/Properties/P"));
    CHECK_STR(small, "/Resour");
}

TEST(glob_segments_and_double_star)
{
    CHECK(sr_glob_match("*.yaml", "t.yaml"));
    CHECK(!sr_glob_match("*.yaml", "a/t.yaml"));
    CHECK(sr_glob_match("a/*/c.json", "a/b/c.json"));
    CHECK(!sr_glob_match("a/*/c.json", "a/b/x/c.json"));
    CHECK(sr_glob_match("a/**/c.json", "a/c.json"));
    CHECK(sr_glob_match("a/**/c.json", "a/b/x/c.json"));
    CHECK(sr_glob_match("**/gen-*.yaml", "x/y/gen-1.yaml"));
    CHECK(sr_glob_match("a/**", "a/b/c"));
    CHECK(sr_glob_match("t?.yml", "t1.yml"));
    CHECK(!sr_glob_match("t?.yml", "t12.yml"));
    CHECK(sr_glob_match("[ab]*.json", "b1.json"));
    CHECK(!sr_glob_match("[!ab]*.json", "b1.json"));
    CHECK(sr_glob_match("[a-c]x", "bx"));
    CHECK(sr_glob_match("[x", "[x")); /* an unclosed class is a literal */
    /* Many stars on a long name still answer (no exponential backtracking). */
    CHECK(!sr_glob_match("**/**/**/**/**/**/**/**/z", "a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/y"));
    CHECK(!sr_glob_match("*a*a*a*a*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
}

TEST(exclude_names_and_relative_paths)
{
    CHECK(sr_exclude_match("cdk.out", "cdk.out/s.template.json", "cdk.out/s.template.json"));
    CHECK(sr_exclude_match("cdk.out", "/abs/cdk.out/s.json", NULL)); /* a name: any segment */
    CHECK(sr_exclude_match("*.json", "infra/a.json", "infra/a.json"));
    CHECK(!sr_exclude_match("*.json", "infra/a.yaml", "infra/a.yaml"));
    CHECK(sr_exclude_match("infra/legacy", "infra/legacy/x/t.yaml", "infra/legacy/x/t.yaml"));
    CHECK(sr_exclude_match("./infra/legacy/", "infra/legacy/t.yaml", "infra/legacy/t.yaml"));
    CHECK(sr_exclude_match("infra/legacy/**", "infra/legacy/t.yaml", "infra/legacy/t.yaml"));
    CHECK(!sr_exclude_match("infra/legacy", "infra/legacy2/t.yaml", "infra/legacy2/t.yaml"));
    CHECK(!sr_exclude_match("legacy/t.yaml", "infra/legacy/t.yaml", "infra/legacy/t.yaml"));
    /* A pattern with '/' needs the file under its base folder. */
    CHECK(!sr_exclude_match("infra/legacy", "/elsewhere/infra/legacy/t.yaml", NULL));
}

TEST(shards_partition_and_parse)
{
    unsigned k = 0, n = 0;
    CHECK_INT(sr_shard_parse("2/3", &k, &n), 0);
    CHECK_INT(k, 2);
    CHECK_INT(n, 3);
    CHECK_INT(sr_shard_parse("0/3", &k, &n), -1);
    CHECK_INT(sr_shard_parse("4/3", &k, &n), -1);
    CHECK_INT(sr_shard_parse("1/", &k, &n), -1);
    CHECK_INT(sr_shard_parse("1/2x", &k, &n), -1);
    CHECK_INT(sr_shard_parse("-1/2", &k, &n), -1);
    CHECK_INT(sr_shard_parse("1/1025", &k, &n), -1);
    /* Every name lands in exactly one of n shards, and all are used. */
    int used[3] = {0};
    for (int i = 0; i < 300; i++) {
        char name[32];
        snprintf(name, sizeof(name), "stacks/s%03d.yaml", i);
        unsigned s = sr_shard_of(name, 3);
        CHECK(s < 3);
        if (s < 3)
            used[s]++;
        CHECK_INT(sr_shard_of(name, 3), s); /* deterministic */
    }
    CHECK(used[0] > 50 && used[1] > 50 && used[2] > 50);
}

static struct sr_config C;

/* The fingerprint of the first finding of rule id in text. */
static int fingerprint_of(const char *text, const char *id, const char *file,
                          struct sr_fingerprint *fp, int *line)
{
    struct sr_result res;
    sr_config_defaults(&C);
    size_t len = strlen(text);
    char *copy = sr_xmalloc(len + 1);
    memcpy(copy, text, len + 1);
    sr_lint_text(&res, file, copy, len, &C);
    int found = 0;
    for (size_t i = 0; i < res.nfindings && !found; i++) {
        const struct sr_finding *f = res.findings[i];
        if (strcmp(f->rule->id, id) != 0)
            continue;
        sr_fingerprint(f, file, f->node ? sr_lpath(&res.arena, f->node) : "", fp);
        *line = f->pos.line;
        found = 1;
    }
    sr_result_release(&res);
    return found;
}

TEST(fingerprint_ignores_lines_not_values)
{
    const char *t1 = "Resources:\n"
                     "  Db:\n"
                     "    Type: AWS::RDS::DBInstance\n"
                     "    Properties:\n"
                     "      Engine: mysql\n"
                     "      MasterUsername: admin\n"
                     "      MasterUserPassword: Sup3rSecretPassw0rd\n";
    const char *t2 = "# a comment above moves every line\n\n"
                     "\n"
                     "Resources:\n"
                     "    Db:\n"
                     "        Type: AWS::RDS::DBInstance\n"
                     "        Properties:\n"
                     "            MasterUserPassword: Sup3rSecretPassw0rd\n"
                     "            Engine: mysql\n"
                     "            MasterUsername: admin\n";
    const char *t3 = "Resources:\n"
                     "  Db:\n"
                     "    Type: AWS::RDS::DBInstance\n"
                     "    Properties:\n"
                     "      Engine: mysql\n"
                     "      MasterUsername: admin\n"
                     "      MasterUserPassword: An0therPlaintextOne\n";
    struct sr_fingerprint a, b, c, d;
    int l1 = 0, l2 = 0, l3 = 0, l4 = 0;
    CHECK(fingerprint_of(t1, "SR301", "infra/db.yaml", &a, &l1));
    CHECK(fingerprint_of(t2, "SR301", "infra/db.yaml", &b, &l2));
    CHECK(fingerprint_of(t3, "SR301", "infra/db.yaml", &c, &l3));
    CHECK(fingerprint_of(t1, "SR301", "other/db.yaml", &d, &l4));
    CHECK(l1 != l2);
    CHECK_STR(a.hex, b.hex);          /* moved: same */
    CHECK(strcmp(a.hex, c.hex) != 0); /* another value: new */
    CHECK(strcmp(a.hex, d.hex) != 0); /* another file: new */
    CHECK(a.value != c.value);
    CHECK_INT(strlen(a.hex), 16);
}

int main(void)
{
    sr_arena_init(&A);
    RUN(lpath_keys_indexes_and_escapes);
    RUN(lpath_same_when_lines_move);
    RUN(lpath_truncates_like_snprintf);
    RUN(glob_segments_and_double_star);
    RUN(exclude_names_and_relative_paths);
    RUN(shards_partition_and_parse);
    RUN(fingerprint_ignores_lines_not_values);
    sr_arena_release(&A);
    return CHECK_DONE();
}
