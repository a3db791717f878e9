/*
 * test_emit.c - the style-aware emitter: style detection, quoting, and the
 * splices that add keys, replace values, delete keys and append items in
 * YAML block and flow style and in JSON, with CRLF, a BOM, no final line
 * break and 2- or 4-space indents.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "emit.h"
#include "load.h"

static struct sr_arena A;
static struct sr_doc D;
static struct sr_style S;
static struct sr_error E;

static int load(const char *text)
{
    sr_arena_release(&A);
    sr_arena_init(&A);
    int rc = sr_load(&A, "t.yaml", text, strlen(text), &D, &E);
    if (rc == 0)
        sr_style_detect(&D, &S);
    return rc;
}

/* Applies one splice to the loaded text; result in the arena. */
static const char *apply(const struct sr_splice *sp)
{
    return sr_arena_printf(&A, "%.*s%.*s%s", (int)sp->start, D.text, (int)sp->len, sp->text,
                           D.text + sp->end);
}

/* The result must load again. */
static int reloads(const char *text)
{
    struct sr_arena a;
    struct sr_doc d;
    struct sr_error e;
    sr_arena_init(&a);
    int rc = sr_load(&a, "t", text, strlen(text), &d, &e);
    sr_arena_release(&a);
    return rc == 0;
}

static struct sr_fv *policy_like(void)
{
    struct sr_fv *m = sr_fv_map(&A);
    sr_fv_put(&A, m, "Type", sr_fv_str(&A, "AWS::Lambda::Permission"));
    struct sr_fv *p = sr_fv_map(&A);
    sr_fv_put(&A, p, "FunctionName", sr_fv_getatt(&A, "Fn", "Arn"));
    sr_fv_put(&A, p, "SourceAccount", sr_fv_ref(&A, "AWS::AccountId"));
    struct sr_fv *l = sr_fv_seq(&A);
    sr_fv_push(&A, l, sr_fv_str(&A, "a"));
    sr_fv_push(&A, l, sr_fv_num(&A, 3));
    sr_fv_put(&A, p, "List", l);
    sr_fv_put(&A, m, "Properties", p);
    return m;
}

TEST(detects_two_and_four_space_styles)
{
    CHECK_INT(load("Resources:\n  A:\n    Type: X\n    P:\n      - a\n"), 0);
    CHECK_INT(S.indent, 2);
    CHECK_INT(S.seq_indent, 2);
    CHECK_INT(S.json, 0);
    CHECK_STR(S.eol, "\n");
    CHECK_INT(load("Resources:\n    A:\n        Type: X\n        P:\n        - a\n"), 0);
    CHECK_INT(S.indent, 4);
    CHECK_INT(S.seq_indent, 0);
    CHECK_INT(load("A:\r\n  B: !Ref C\r\n  D: \"x\"\r\n"), 0);
    CHECK_STR(S.eol, "\r\n");
    CHECK_INT(S.short_fn, 1);
    CHECK_INT(S.quote, '"');
    CHECK_INT(load("A:\n  B:\n    Ref: C\n  D: 'x'\n"), 0);
    CHECK_INT(S.short_fn, 0);
    CHECK_INT(S.quote, '\'');
    CHECK_INT(load("{\n    \"A\": {\n        \"B\": 1\n    }\n}\n"), 0);
    CHECK_INT(S.json, 1);
    CHECK_INT(S.indent, 4);
    CHECK_INT(load("{\n\t\"A\": {\n\t\t\"B\": 1\n\t}\n}\n"), 0);
    CHECK_INT(S.tabs, 1);
}

TEST(quotes_only_what_needs_it)
{
    CHECK(!sr_yaml_needs_quotes("AWS::Lambda::Function"));
    CHECK(!sr_yaml_needs_quotes("arn:${AWS::Partition}:sns:x"));
    CHECK(sr_yaml_needs_quotes("2h"));
    CHECK(sr_yaml_needs_quotes("2012-10-17"));
    CHECK(sr_yaml_needs_quotes("true"));
    CHECK(sr_yaml_needs_quotes("No"));
    /* Every word a YAML 1.1 reader takes for a boolean or null, and near
     * misses that stay plain. */
    static const char *const reserved[] = {
        "y",  "Y",    "yes",  "Yes",  "YES",   "n",     "N",     "no", "No",
        "NO", "true", "True", "TRUE", "false", "False", "FALSE", "on", "On",
        "ON", "off",  "Off",  "OFF",  "null",  "Null",  "NULL",  "~",  "<<",
    };
    for (size_t i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++)
        CHECK(sr_yaml_needs_quotes(reserved[i]));
    CHECK(!sr_yaml_needs_quotes("falsey"));
    CHECK(!sr_yaml_needs_quotes("yesno"));
    CHECK(!sr_yaml_needs_quotes("nulls"));
    CHECK(!sr_yaml_needs_quotes("offset"));
    CHECK(!sr_yaml_needs_quotes("Nope"));
    CHECK(sr_yaml_needs_quotes("*"));
    CHECK(sr_yaml_needs_quotes("{{resolve:secretsmanager:x}}"));
    CHECK(sr_yaml_needs_quotes("a: b"));
    CHECK(sr_yaml_needs_quotes("a #b"));
    CHECK(sr_yaml_needs_quotes(""));
    CHECK(!sr_yaml_needs_quotes("cron(0 2 ? * MON-FRI *)"));
}

TEST(adds_a_resource_to_a_block_mapping_in_two_spaces)
{
    const char *in = "Resources:\n  # the first\n  A:\n    Type: X # note\n\n  B:\n    Type: Y\n"
                     "Outputs:\n  O:\n    Value: 1\n";
    CHECK_INT(load(in), 0);
    const struct sr_node *res = sr_map_get(D.root, "Resources");
    const char *keys[] = {"Perm"};
    struct sr_fv *vals[] = {policy_like()};
    struct sr_splice sp;
    const char *why = NULL;
    CHECK_INT(sr_emit_add_keys(&A, &D, &S, res, keys, vals, 1, &sp, &why), 0);
    CHECK_STR(apply(&sp),
              "Resources:\n  # the first\n  A:\n    Type: X # note\n\n  B:\n    Type: Y\n"
              "\n  Perm:\n    Type: AWS::Lambda::Permission\n    Properties:\n"
              "      FunctionName: !GetAtt Fn.Arn\n"
              "      SourceAccount: !Ref AWS::AccountId\n      List:\n        - a\n"
              "        - 3\nOutputs:\n  O:\n    Value: 1\n");
}

TEST(four_spaces_indentless_lists_long_intrinsics_crlf)
{
    const char *in = "Resources:\r\n    A:\r\n        Type: X\r\n        Properties:\r\n"
                     "            L:\r\n            - Ref: B\r\n";
    CHECK_INT(load(in), 0);
    CHECK_INT(S.indent, 4);
    CHECK_INT(S.seq_indent, 0);
    CHECK_INT(S.short_fn, 0);
    const struct sr_node *res = sr_map_get(D.root, "Resources");
    const char *keys[] = {"Perm"};
    struct sr_fv *vals[] = {policy_like()};
    struct sr_splice sp;
    const char *why = NULL;
    CHECK_INT(sr_emit_add_keys(&A, &D, &S, res, keys, vals, 1, &sp, &why), 0);
    const char *out = apply(&sp);
    CHECK_STR(out, "Resources:\r\n    A:\r\n        Type: X\r\n        Properties:\r\n"
                   "            L:\r\n            - Ref: B\r\n"
                   "    Perm:\r\n        Type: AWS::Lambda::Permission\r\n        Properties:\r\n"
                   "            FunctionName:\r\n                Fn::GetAtt: [Fn, Arn]\r\n"
                   "            SourceAccount:\r\n                Ref: AWS::AccountId\r\n"
                   "            List:\r\n            - a\r\n            - 3\r\n");
    CHECK(reloads(out));
}

TEST(adds_to_a_flow_mapping_and_an_empty_one)
{
    CHECK_INT(load("A: {x: 1, y: [2]}\nB: {}\n"), 0);
    const char *keys[] = {"K"};
    struct sr_fv *vals[] = {sr_fv_ref(&A, "R")};
    struct sr_splice sp;
    const char *why = NULL;
    CHECK_INT(sr_emit_add_keys(&A, &D, &S, sr_map_get(D.root, "A"), keys, vals, 1, &sp, &why), 0);
    CHECK_STR(apply(&sp), "A: {x: 1, y: [2], K: !Ref R}\nB: {}\n");
    CHECK_INT(sr_emit_add_keys(&A, &D, &S, sr_map_get(D.root, "B"), keys, vals, 1, &sp, &why), 0);
    CHECK_STR(apply(&sp), "A: {x: 1, y: [2]}\nB: {K: !Ref R}\n");
}

TEST(adds_to_json_objects)
{
    const char *in = "{\n  \"Resources\": {\n    \"A\": {\n      \"Type\": \"X\"\n    }\n  },\n"
                     "  \"E\": {},\n  \"L\": {\"a\": 1}\n}\n";
    CHECK_INT(load(in), 0);
    const char *keys[] = {"B"};
    struct sr_fv *m = sr_fv_map(&A);
    sr_fv_put(&A, m, "Type", sr_fv_str(&A, "Y"));
    sr_fv_put(&A, m, "Ref", sr_fv_ref(&A, "A"));
    struct sr_fv *vals[] = {m};
    struct sr_splice sp;
    const char *why = NULL;
    CHECK_INT(
        sr_emit_add_keys(&A, &D, &S, sr_map_get(D.root, "Resources"), keys, vals, 1, &sp, &why), 0);
    const char *out = apply(&sp);
    CHECK_STR(out, "{\n  \"Resources\": {\n    \"A\": {\n      \"Type\": \"X\"\n    },\n"
                   "    \"B\": {\n      \"Type\": \"Y\",\n      \"Ref\": {\"Ref\": \"A\"}\n    }\n"
                   "  },\n  \"E\": {},\n  \"L\": {\"a\": 1}\n}\n");
    CHECK(reloads(out));
    CHECK_INT(sr_emit_add_keys(&A, &D, &S, sr_map_get(D.root, "E"), keys, vals, 1, &sp, &why), 0);
    out = apply(&sp);
    CHECK(strstr(out, "\"E\": {\n    \"B\": {\n      \"Type\": \"Y\",\n") != NULL);
    CHECK(reloads(out));
    CHECK_INT(sr_emit_add_keys(&A, &D, &S, sr_map_get(D.root, "L"), keys, vals, 1, &sp, &why), 0);
    out = apply(&sp);
    CHECK(strstr(out, "\"L\": {\"a\": 1, \"B\": {\"Type\": \"Y\", \"Ref\": {\"Ref\": \"A\"}}}") !=
          NULL);
}

TEST(new_sections_go_before_resources)
{
    const char *in = "AWSTemplateFormatVersion: '2010-09-09'\n\n# resources\nResources:\n"
                     "  A:\n    Type: X\n";
    CHECK_INT(load(in), 0);
    const char *keys[] = {"Parameters"};
    struct sr_fv *p = sr_fv_map(&A), *t = sr_fv_map(&A);
    sr_fv_put(&A, t, "Type", sr_fv_str(&A, "String"));
    sr_fv_put(&A, p, "Topic", t);
    struct sr_fv *vals[] = {p};
    struct sr_splice sp;
    const char *why = NULL;
    CHECK_INT(sr_emit_add_keys(&A, &D, &S, D.root, keys, vals, 1, &sp, &why), 0);
    CHECK_STR(apply(&sp), "AWSTemplateFormatVersion: '2010-09-09'\n\nParameters:\n  Topic:\n"
                          "    Type: String\n\n# resources\nResources:\n  A:\n    Type: X\n");
    /* The first key of the file: the insertion stays after the BOM. */
    CHECK_INT(load("\xEF\xBB\xBFResources:\n  A:\n    Type: X\n"), 0);
    keys[0] = "Transform";
    vals[0] = sr_fv_str(&A, "AWS::Serverless-2016-10-31");
    CHECK_INT(sr_emit_add_keys(&A, &D, &S, D.root, keys, vals, 1, &sp, &why), 0);
    CHECK_STR(apply(&sp), "\xEF\xBB\xBFTransform: AWS::Serverless-2016-10-31\nResources:\n"
                          "  A:\n    Type: X\n");
}

TEST(no_final_line_break_is_kept)
{
    CHECK_INT(load("A:\n  B: 1"), 0);
    const char *keys[] = {"C"};
    struct sr_fv *vals[] = {sr_fv_num(&A, 2)};
    struct sr_splice sp;
    const char *why = NULL;
    CHECK_INT(sr_emit_add_keys(&A, &D, &S, sr_map_get(D.root, "A"), keys, vals, 1, &sp, &why), 0);
    CHECK_STR(apply(&sp), "A:\n  B: 1\n  C: 2");
}

TEST(replaces_scalars_and_list_items)
{
    CHECK_INT(load("A:\n  B: 45 # days\n  L:\n    - x\n    - !Ref Y\n"), 0);
    const struct sr_node *b = sr_map_get(sr_map_get(D.root, "A"), "B");
    struct sr_splice sp;
    const char *why = NULL;
    CHECK_INT(sr_emit_replace(&A, &D, &S, b, sr_fv_num(&A, 30), &sp, &why), 0);
    CHECK_STR(apply(&sp), "A:\n  B: 30 # days\n  L:\n    - x\n    - !Ref Y\n");
    struct sr_fv *m = sr_fv_map(&A);
    sr_fv_put(&A, m, "K", sr_fv_str(&A, "v"));
    sr_fv_put(&A, m, "J", sr_fv_str(&A, "w"));
    CHECK_INT(sr_emit_replace(&A, &D, &S, b, m, &sp, &why), 0);
    CHECK_STR(apply(&sp), "A:\n  B:\n    K: v\n    J: w # days\n  L:\n    - x\n    - !Ref Y\n");
    const struct sr_node *y = sr_seq_item(sr_map_get(sr_map_get(D.root, "A"), "L"), 1);
    CHECK_INT(sr_emit_replace(&A, &D, &S, y, m, &sp, &why), 0);
    CHECK_STR(apply(&sp), "A:\n  B: 45 # days\n  L:\n    - x\n    - K: v\n      J: w\n");
    CHECK_INT(sr_emit_replace(&A, &D, &S, D.root, m, &sp, &why), -1);
}

TEST(an_empty_value_becomes_a_mapping)
{
    CHECK_INT(load("R:\n  P:\n    Properties:\n  Q: 1\n"), 0);
    const struct sr_node *p = sr_path(D.root, "R/P/Properties");
    CHECK(p != NULL);
    struct sr_fv *m = sr_fv_map(&A);
    sr_fv_put(&A, m, "Timeout", sr_fv_num(&A, 30));
    struct sr_splice sp;
    const char *why = NULL;
    CHECK_INT(sr_emit_replace(&A, &D, &S, p, m, &sp, &why), 0);
    const char *out = apply(&sp);
    CHECK_STR(out, "R:\n  P:\n    Properties:\n      Timeout: 30\n  Q: 1\n");
    CHECK(reloads(out));
}

TEST(transform_scalar_becomes_a_list)
{
    CHECK_INT(load("Transform: AWS::Serverless-2016-10-31\nResources: {}\n"), 0);
    const struct sr_node *t = sr_map_get(D.root, "Transform");
    struct sr_fv *l = sr_fv_seq(&A);
    sr_fv_push(&A, l, sr_fv_raw(&A, t));
    sr_fv_push(&A, l, sr_fv_str(&A, "AWS::SecretsManager-2024-09-16"));
    struct sr_splice sp;
    const char *why = NULL;
    CHECK_INT(sr_emit_replace(&A, &D, &S, t, l, &sp, &why), 0);
    CHECK_STR(apply(&sp), "Transform:\n  - AWS::Serverless-2016-10-31\n"
                          "  - AWS::SecretsManager-2024-09-16\nResources: {}\n");
    CHECK_INT(load("{\"Transform\": \"AWS::Serverless-2016-10-31\", \"Resources\": {}}"), 0);
    t = sr_map_get(D.root, "Transform");
    l = sr_fv_seq(&A);
    sr_fv_push(&A, l, sr_fv_raw(&A, t));
    sr_fv_push(&A, l, sr_fv_str(&A, "AWS::SecretsManager-2024-09-16"));
    CHECK_INT(sr_emit_replace(&A, &D, &S, t, l, &sp, &why), 0);
    const char *out = apply(&sp);
    CHECK(strstr(out, "\"Transform\": [\n  \"AWS::Serverless-2016-10-31\",\n  "
                      "\"AWS::SecretsManager-2024-09-16\"\n]") != NULL);
    CHECK(reloads(out));
}

TEST(deletes_keys_in_every_layout)
{
    const char *in = "R:\n  A: 1 # one\n  B:\n    C: 2\n  D: 3\nL:\n  - X: 1\n    Y: 2\n";
    CHECK_INT(load(in), 0);
    const struct sr_node *r = sr_map_get(D.root, "R");
    const struct sr_node *kb = NULL;
    sr_map_get_kv(r, "B", &kb);
    struct sr_splice sp;
    const char *why = NULL;
    CHECK_INT(sr_emit_delete_key(&A, &D, &S, r, kb, &sp, &why), 0);
    CHECK_STR(apply(&sp), "R:\n  A: 1 # one\n  D: 3\nL:\n  - X: 1\n    Y: 2\n");
    const struct sr_node *item = sr_seq_item(sr_map_get(D.root, "L"), 0), *kx = NULL;
    sr_map_get_kv(item, "X", &kx);
    CHECK_INT(sr_emit_delete_key(&A, &D, &S, item, kx, &sp, &why), 0);
    CHECK_STR(apply(&sp), "R:\n  A: 1 # one\n  B:\n    C: 2\n  D: 3\nL:\n  - Y: 2\n");

    CHECK_INT(load("{\"a\": 1,\n \"b\": 2,\n \"c\": 3}\n"), 0);
    const struct sr_node *k = NULL;
    sr_map_get_kv(D.root, "c", &k);
    CHECK_INT(sr_emit_delete_key(&A, &D, &S, D.root, k, &sp, &why), 0);
    CHECK_STR(apply(&sp), "{\"a\": 1,\n \"b\": 2}\n");
    sr_map_get_kv(D.root, "a", &k);
    CHECK_INT(sr_emit_delete_key(&A, &D, &S, D.root, k, &sp, &why), 0);
    CHECK_STR(apply(&sp), "{\"b\": 2,\n \"c\": 3}\n");
}

TEST(appends_to_lists)
{
    CHECK_INT(load("A:\n  - x\n  - y  # last\nB: [1, 2]\nC: []\n"), 0);
    struct sr_fv *vals[] = {sr_fv_str(&A, "secretsmanager:GetSecretValue")};
    struct sr_splice sp;
    const char *why = NULL;
    CHECK_INT(sr_emit_append(&A, &D, &S, sr_map_get(D.root, "A"), vals, 1, &sp, &why), 0);
    CHECK_STR(apply(&sp),
              "A:\n  - x\n  - y  # last\n  - secretsmanager:GetSecretValue\nB: [1, 2]\nC: []\n");
    CHECK_INT(sr_emit_append(&A, &D, &S, sr_map_get(D.root, "B"), vals, 1, &sp, &why), 0);
    CHECK_STR(apply(&sp),
              "A:\n  - x\n  - y  # last\nB: [1, 2, secretsmanager:GetSecretValue]\nC: []\n");
    CHECK_INT(sr_emit_append(&A, &D, &S, sr_map_get(D.root, "C"), vals, 1, &sp, &why), 0);
    CHECK_STR(apply(&sp),
              "A:\n  - x\n  - y  # last\nB: [1, 2]\nC: [secretsmanager:GetSecretValue]\n");
    CHECK_INT(load("{\"A\": [\n    \"x\"\n]}"), 0);
    vals[0] = sr_fv_str(&A, "secretsmanager:GetSecretValue");
    CHECK_INT(sr_emit_append(&A, &D, &S, sr_map_get(D.root, "A"), vals, 1, &sp, &why), 0);
    CHECK_STR(apply(&sp), "{\"A\": [\n    \"x\",\n    \"secretsmanager:GetSecretValue\"\n]}");
}

TEST(values_render_quoted_where_needed)
{
    CHECK_INT(load("A: 1\n"), 0);
    struct sr_fv *m = sr_fv_map(&A);
    sr_fv_put(&A, m, "Duration", sr_fv_str(&A, "2h"));
    sr_fv_put(&A, m, "Version", sr_fv_str(&A, "2012-10-17"));
    sr_fv_put(&A, m, "Res", sr_fv_str(&A, "*"));
    sr_fv_put(&A, m, "Sub", sr_fv_sub(&A, "arn:${AWS::Partition}:sns:${AWS::Region}"));
    sr_fv_put(&A, m, "Q", sr_fv_str(&A, "it's"));
    sr_fv_put(&A, m, "Tab", sr_fv_str(&A, "a\tb"));
    CHECK_STR(sr_emit_yaml_value(&A, &S, m, 0),
              "\n  Duration: '2h'\n  Version: '2012-10-17'\n  Res: '*'\n"
              "  Sub: !Sub arn:${AWS::Partition}:sns:${AWS::Region}\n  Q: it's\n"
              "  Tab: \"a\\tb\"");
    CHECK_STR(sr_emit_json_value(&A, &S, sr_fv_str(&A, "a\"b\n"), ""), "\"a\\\"b\\n\"");
}

int main(void)
{
    sr_arena_init(&A);
    RUN(detects_two_and_four_space_styles);
    RUN(quotes_only_what_needs_it);
    RUN(adds_a_resource_to_a_block_mapping_in_two_spaces);
    RUN(four_spaces_indentless_lists_long_intrinsics_crlf);
    RUN(adds_to_a_flow_mapping_and_an_empty_one);
    RUN(adds_to_json_objects);
    RUN(new_sections_go_before_resources);
    RUN(no_final_line_break_is_kept);
    RUN(replaces_scalars_and_list_items);
    RUN(an_empty_value_becomes_a_mapping);
    RUN(transform_scalar_becomes_a_list);
    RUN(deletes_keys_in_every_layout);
    RUN(appends_to_lists);
    RUN(values_render_quoted_where_needed);
    sr_arena_release(&A);
    return CHECK_DONE();
}
