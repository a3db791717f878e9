/*
 * test_intrinsic.c - short and long intrinsic forms give one view; GetAtt
 * splitting; the Fn::Sub parser.
 */
#include <string.h>

#include "check.h"
#include "intrinsic.h"

static struct sr_arena A;
static struct sr_doc D;
static struct sr_error E;

static const struct sr_node *load(const char *text)
{
    sr_arena_release(&A);
    sr_arena_init(&A);
    if (sr_load(&A, "t", text, strlen(text), &D, &E) < 0)
        return NULL;
    return D.root;
}

TEST(short_and_long_forms_are_one_view)
{
    const struct sr_node *r = load("a: !GetAtt Fn.Arn\nb: {Fn::GetAtt: [Fn, Arn]}\n"
                                   "c:\n  Fn::GetAtt: Fn.Arn\nd: {Ref: X}\ne: !Ref X\n");
    CHECK(r != NULL);
    struct sr_intrinsic a, b, c, d, e;
    CHECK(sr_intrinsic_get(sr_map_get(r, "a"), &a));
    CHECK(sr_intrinsic_get(sr_map_get(r, "b"), &b));
    CHECK(sr_intrinsic_get(sr_map_get(r, "c"), &c));
    CHECK(sr_intrinsic_get(sr_map_get(r, "d"), &d));
    CHECK(sr_intrinsic_get(sr_map_get(r, "e"), &e));
    CHECK_INT(a.fn, SR_FN_GETATT);
    CHECK_INT(b.fn, SR_FN_GETATT);
    CHECK_INT(c.fn, SR_FN_GETATT);
    CHECK(a.short_form && !b.short_form);
    CHECK_INT(d.fn, SR_FN_REF);
    CHECK_INT(e.fn, SR_FN_REF);
    CHECK_STR(sr_scalar(d.arg), "X");
    CHECK_STR(sr_scalar(e.arg), "X");
    struct sr_getatt ga, gb, gc;
    CHECK_INT(sr_getatt_parse(&A, &a, &ga), 0);
    CHECK_INT(sr_getatt_parse(&A, &b, &gb), 0);
    CHECK_INT(sr_getatt_parse(&A, &c, &gc), 0);
    CHECK_STR(ga.resource, "Fn");
    CHECK_STR(ga.attr, "Arn");
    CHECK_STR(gb.resource, "Fn");
    CHECK_STR(gb.attr, "Arn");
    CHECK_STR(gc.attr, "Arn");
    /* With a string table, "Fn" of "Fn.Arn" is stored once however often
     * it is parsed; without one, each parse copies it. */
    struct sr_strtab texts;
    memset(&texts, 0, sizeof(texts));
    struct sr_getatt g1, g2;
    CHECK_INT(sr_getatt_parse_in(&A, &texts, &a, &g1), 0);
    CHECK_INT(sr_getatt_parse_in(&A, &texts, &a, &g2), 0);
    CHECK_STR(g1.resource, "Fn");
    CHECK(g1.resource == g2.resource);
    CHECK(ga.resource != g1.resource);
    CHECK_INT(sr_getatt_parse(&A, &a, &g2), 0);
    CHECK(g2.resource != ga.resource && !strcmp(g2.resource, "Fn"));
    sr_strtab_free(&texts);
}

TEST(every_short_tag_is_known)
{
    static const char *const tags[] = {
        "!Ref",   "!GetAtt",    "!Sub",       "!Join",         "!Select",
        "!Split", "!If",        "!Equals",    "!And",          "!Or",
        "!Not",   "!FindInMap", "!GetAZs",    "!ImportValue",  "!Base64",
        "!Cidr",  "!Condition", "!Transform", "!ToJsonString", "!Length",
    };
    for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++) {
        enum sr_fn fn = sr_fn_from_tag(tags[i]);
        CHECK(fn != SR_FN_NONE);
        /* the long name maps back to the same function */
        CHECK_INT(sr_fn_from_key(sr_fn_name(fn)), fn);
        /* and is the tag's own: Fn::Sub for !Sub, Ref for !Ref */
        const char *ln = sr_fn_name(fn);
        CHECK_STR(ln + (strncmp(ln, "Fn::", 4) == 0 ? 4 : 0), tags[i] + 1);
    }
    CHECK_INT(sr_fn_from_key("Fn::Bogus"), SR_FN_UNKNOWN);
    CHECK_INT(sr_fn_from_key("Properties"), SR_FN_NONE);
}

TEST(rule_functions_are_known_and_rules_only)
{
    static const char *const tags[] = {"!Contains", "!EachMemberEquals", "!EachMemberIn",
                                       "!RefAll",   "!ValueOf",          "!ValueOfAll"};
    for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++) {
        enum sr_fn fn = sr_fn_from_tag(tags[i]);
        CHECK(fn != SR_FN_NONE && fn != SR_FN_UNKNOWN);
        CHECK(sr_fn_rules_only(fn));
        CHECK_STR(sr_fn_name(fn) + 4, tags[i] + 1);
        CHECK_INT(sr_fn_from_key(sr_fn_name(fn)), fn);
    }
    CHECK(!sr_fn_rules_only(SR_FN_EQUALS));
    CHECK(!sr_fn_rules_only(SR_FN_NOT));
    CHECK(!sr_fn_rules_only(SR_FN_UNKNOWN));
    const struct sr_node *r =
        load("a: {Fn::Contains: [[x, y], x]}\nb: !RefAll AWS::EC2::VPC::Id\n");
    struct sr_intrinsic a, b;
    CHECK(sr_intrinsic_get(sr_map_get(r, "a"), &a));
    CHECK_INT(a.fn, SR_FN_CONTAINS);
    CHECK(sr_intrinsic_get(sr_map_get(r, "b"), &b));
    CHECK_INT(b.fn, SR_FN_REFALL);
    CHECK(b.short_form);
}

TEST(getatt_splits_at_first_dot)
{
    const struct sr_node *r = load("a: !GetAtt Db.Endpoint.Address\nb: !GetAtt NoDot\n");
    struct sr_intrinsic in;
    struct sr_getatt ga;
    CHECK(sr_intrinsic_get(sr_map_get(r, "a"), &in));
    CHECK_INT(sr_getatt_parse(&A, &in, &ga), 0);
    CHECK_STR(ga.resource, "Db");
    CHECK_STR(ga.attr, "Endpoint.Address");
    CHECK(sr_intrinsic_get(sr_map_get(r, "b"), &in));
    CHECK_INT(sr_getatt_parse(&A, &in, &ga), -1);
}

TEST(sub_parts)
{
    struct sr_sub_part *p;
    size_t n, eo;
    const char *s = "arn:${AWS::Partition}:x:${Fn.Arn}/${!Literal}-end";
    CHECK_INT(sr_sub_parse_string(&A, s, strlen(s), &p, &n, &eo), 0);
    CHECK_INT(n, 7);
    CHECK_INT(p[0].kind, SR_SUB_TEXT);
    CHECK_STR(p[0].text, "arn:");
    CHECK_INT(p[1].kind, SR_SUB_VAR);
    CHECK_STR(p[1].text, "AWS::Partition");
    CHECK(p[1].attr == NULL);
    CHECK_INT(p[1].offset, 4);
    CHECK_STR(p[3].text, "Fn");
    CHECK_STR(p[3].attr, "Arn");
    CHECK_INT(p[4].kind, SR_SUB_TEXT);
    CHECK_STR(p[4].text, "/");
    CHECK_INT(p[5].kind, SR_SUB_TEXT);
    CHECK_STR(p[5].text, "${Literal}");
    CHECK_STR(p[6].text, "-end");
}

TEST(sub_literal_and_errors)
{
    struct sr_sub_part *p;
    size_t n, eo = 0;
    const char *s = "${!Literal}";
    CHECK_INT(sr_sub_parse_string(&A, s, strlen(s), &p, &n, &eo), 0);
    CHECK_INT(n, 1);
    CHECK_INT(p[0].kind, SR_SUB_TEXT);
    CHECK_STR(p[0].text, "${Literal}");
    s = "abc ${Unclosed";
    CHECK_INT(sr_sub_parse_string(&A, s, strlen(s), &p, &n, &eo), -1);
    CHECK_INT(eo, 4);
    s = "x${}";
    CHECK_INT(sr_sub_parse_string(&A, s, strlen(s), &p, &n, &eo), -1);
    s = "plain $ and { } text";
    CHECK_INT(sr_sub_parse_string(&A, s, strlen(s), &p, &n, &eo), 0);
    CHECK_INT(n, 1);
    CHECK_STR(p[0].text, "plain $ and { } text");
}

/* With no arena a string is only checked: the same answer, error offset
 * and count of parts as a parse, and nothing made. */
TEST(sub_check_only_agrees_with_parse)
{
    const char *cases[] = {"arn:${AWS::Partition}:x:${Fn.Arn}/${!Literal}-end",
                           "${!Literal}",
                           "abc ${Unclosed",
                           "x${}",
                           "x${   }y",
                           "plain $ and { } text",
                           "",
                           "${A}${B.C}"};
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct sr_sub_part *p, *q = (struct sr_sub_part *)&q;
        size_t n = 99, m = 77, eo = 5, eo2 = 6;
        int rc = sr_sub_parse_string(&A, cases[i], strlen(cases[i]), &p, &n, &eo);
        int rc2 = sr_sub_parse_string(NULL, cases[i], strlen(cases[i]), &q, &m, &eo2);
        CHECK_INT(rc2, rc);
        CHECK(q == NULL);
        if (rc == 0)
            CHECK_INT(m, n);
        else
            CHECK_INT(eo2, eo);
    }
}

TEST(sub_two_argument_form)
{
    const struct sr_node *r = load("a: !Sub ['${X}-${Y}', {X: !Ref P}]\n"
                                   "b:\n  Fn::Sub: 'arn:${AWS::Region}'\nc: !Sub [1, 2, 3]\n");
    struct sr_intrinsic in;
    struct sr_sub sub;
    CHECK(sr_intrinsic_get(sr_map_get(r, "a"), &in));
    CHECK_INT(sr_sub_parse(&A, &in, &sub), 0);
    CHECK(sub.vars != NULL);
    CHECK_INT(sub.nparts, 3);
    CHECK_STR(sub.parts[2].text, "Y");
    CHECK(sr_intrinsic_get(sr_map_get(r, "b"), &in));
    CHECK_INT(sr_sub_parse(&A, &in, &sub), 0);
    CHECK(sub.vars == NULL);
    CHECK_INT(sub.nparts, 2);
    CHECK(sr_intrinsic_get(sr_map_get(r, "c"), &in));
    CHECK_INT(sr_sub_parse(&A, &in, &sub), -1);
}

/* Every node the loader builds carries its classification, and it is the
 * one computed from the node itself (the view does not depend on it). */
static void check_classified(const struct sr_node *n, int *count)
{
    if (!n || n->kind == SR_ALIAS)
        return;
    CHECK(n->fn & SR_FNC_SET);
    CHECK_INT(n->fn, sr_node_classify(n));
    ++*count;
    size_t k = n->kind == SR_MAP ? 2 * n->n : n->kind == SR_SEQ ? n->n : 0;
    for (size_t i = 0; i < k; i++)
        check_classified(n->items[i], count);
}

TEST(loader_stores_the_function_in_the_node)
{
    const struct sr_node *r =
        load("k: &K Ref\na: !If [C, !Ref X, {Fn::Join: ['', [a]]}]\nb: !!str Ref\n"
             "c: {Fn::Nope: 1}\nd: {*K : Y}\ne: !Custom {Ref: X}\nf: {Ref: X, Other: 1}\n");
    CHECK(r != NULL);
    int count = 0;
    check_classified(r, &count);
    CHECK(count > 20);
    struct sr_intrinsic in;
    CHECK(sr_intrinsic_get(sr_map_get(r, "a"), &in));
    CHECK_INT(in.fn, SR_FN_IF);
    CHECK(in.short_form && in.arg == sr_map_get(r, "a") && in.key == NULL);
    CHECK_STR(in.name, "Fn::If");
    CHECK(sr_intrinsic_get(sr_seq_item(in.arg, 2), &in));
    CHECK_INT(in.fn, SR_FN_JOIN);
    CHECK(!in.short_form && in.key != NULL && sr_is_seq(in.arg));
    CHECK(!sr_intrinsic_get(sr_map_get(r, "b"), &in)); /* !! tags are YAML's own */
    CHECK(sr_intrinsic_get(sr_map_get(r, "c"), &in));
    CHECK_INT(in.fn, SR_FN_UNKNOWN);
    CHECK_STR(in.name, "Fn::Nope");
    CHECK(sr_intrinsic_get(sr_map_get(r, "d"), &in)); /* the key is an alias of "Ref" */
    CHECK_INT(in.fn, SR_FN_REF);
    CHECK_STR(sr_scalar(in.arg), "Y");
    CHECK(!sr_intrinsic_get(sr_map_get(r, "e"), &in)); /* an unknown tag hides the form */
    CHECK(!sr_intrinsic_get(sr_map_get(r, "f"), &in));
    /* A node built outside the loader is classified on the fly. */
    struct sr_node key = {.kind = SR_SCALAR, .sval = sr_arena_strndup_len(&A, "Ref", 3)};
    struct sr_node val = {.kind = SR_SCALAR, .sval = sr_arena_strndup_len(&A, "X", 1)};
    CHECK_INT(sr_node_len(&key), 3);
    CHECK_INT(sr_node_len(&val), 1);
    struct sr_node *items[2] = {&key, &val};
    struct sr_node map = {.kind = SR_MAP, .items = items, .n = 1};
    CHECK(sr_intrinsic_get(&map, &in));
    CHECK_INT(in.fn, SR_FN_REF);
    CHECK(in.arg == &val);
    for (int fn = SR_FN_REF; fn < SR_FN_UNKNOWN; fn++)
        CHECK_INT(sr_fn_from_key(sr_fn_name((enum sr_fn)fn)), fn);
}

int main(void)
{
    sr_arena_init(&A);
    RUN(short_and_long_forms_are_one_view);
    RUN(every_short_tag_is_known);
    RUN(rule_functions_are_known_and_rules_only);
    RUN(getatt_splits_at_first_dot);
    RUN(sub_parts);
    RUN(sub_literal_and_errors);
    RUN(sub_check_only_agrees_with_parse);
    RUN(sub_two_argument_form);
    RUN(loader_stores_the_function_in_the_node);
    sr_arena_release(&A);
    return CHECK_DONE();
}
