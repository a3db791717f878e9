/*
 * test_load.c - the loader: positions (bytes, lines, character columns,
 * non-ASCII, tabs, CRLF, BOM), tags, aliases, limits and duplicate keys.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "load.h"

static struct sr_arena A;
static struct sr_doc D;
static struct sr_error E;

static int load(const char *text)
{
    sr_arena_release(&A);
    sr_arena_init(&A);
    return sr_load(&A, "t.yaml", text, strlen(text), &D, &E);
}

TEST(scalar_positions_are_one_based)
{
    CHECK_INT(load("a: b\nkey: value\n"), 0);
    const struct sr_node *v = sr_map_get(D.root, "key");
    CHECK(v != NULL);
    CHECK_STR(sr_node_str(v), "value");
    CHECK_INT(sr_node_pos(&D, v).line, 2);
    CHECK_INT(sr_node_pos(&D, v).col, 6);
    CHECK_INT(v->start, 10);
    CHECK_INT(v->end, 15);
    CHECK_INT(sr_doc_pos(&D, v->end).col, 11);
}

TEST(columns_count_characters_not_bytes)
{
    /* "é" is two bytes; "日本" six. Columns count characters. */
    CHECK_INT(load("d: \"é日本\"\nx: y\nk: [é, z]\n"), 0);
    const struct sr_node *k = sr_map_get(D.root, "k");
    const struct sr_node *z = sr_seq_item(k, 1);
    CHECK_STR(sr_node_str(z), "z");
    CHECK_INT(sr_node_pos(&D, z).line, 3);
    CHECK_INT(sr_node_pos(&D, z).col, 8);
    /* byte offset: "d: \"é日本\"\n" = 3+1+2+6+1+1 = 14; "x: y\n" = 5; "k: [é, " = 8 bytes */
    CHECK_INT(z->start, 14 + 5 + 8);
    CHECK(memcmp(D.text + z->start, "z", 1) == 0);
}

TEST(bom_is_skipped_and_offsets_stay_byte_exact)
{
    CHECK_INT(load("\xEF\xBB\xBFkey: v\n"), 0);
    CHECK_INT(D.bom, 3);
    const struct sr_node *v = sr_map_get(D.root, "key");
    CHECK_INT(v->start, 8);
    CHECK_INT(sr_node_pos(&D, v).line, 1);
    CHECK_INT(sr_node_pos(&D, v).col, 6);
}

TEST(bom_with_several_keys)
{
    CHECK_INT(load("\xEF\xBB\xBF"
                   "A: 1\nB: \"é\"\nC: z\n"),
              0);
    const struct sr_node *c = sr_map_get(D.root, "C");
    CHECK_STR(sr_scalar(c), "z");
    CHECK_INT(sr_node_pos(&D, c).line, 3);
    CHECK_INT(sr_node_pos(&D, c).col, 4);
    CHECK(memcmp(D.text + c->start, "z", 1) == 0);
    const struct sr_node *a = sr_map_get(D.root, "A");
    CHECK_INT(sr_node_pos(&D, a).col, 4);
    CHECK_INT(a->start, 6);
}

TEST(crlf_lines)
{
    CHECK_INT(load("a: 1\r\nb: 2\r\nc: 3\r\n"), 0);
    CHECK(D.crlf);
    const struct sr_node *c = sr_map_get(D.root, "c");
    CHECK_INT(sr_node_pos(&D, c).line, 3);
    CHECK_INT(sr_node_pos(&D, c).col, 4);
    CHECK_INT(c->start, 15);
}

TEST(nel_is_not_a_line_break_for_positions)
{
    /* libyaml breaks lines at NEL (U+0085); editors and our positions do not. */
    CHECK_INT(load("a: \"x\xC2\x85y\"\nb: z\n"), 0);
    const struct sr_node *b = sr_map_get(D.root, "b");
    CHECK_INT(sr_node_pos(&D, b).line, 2);
    CHECK_INT(sr_node_pos(&D, b).col, 4);
    CHECK(memcmp(D.text + b->start, "z", 1) == 0);
}

TEST(json_with_tabs)
{
    CHECK_INT(load("{\n\t\"Resources\": {\n\t\t\"S\": {\"Type\": \"X\"}\n\t}\n}\n"), 0);
    CHECK(D.is_json);
    const struct sr_node *t = sr_path(D.root, "Resources/S/Type");
    CHECK_STR(sr_scalar(t), "X");
    CHECK_INT(sr_node_pos(&D, t).line, 3);
    CHECK_INT(sr_node_pos(&D, t).col, 17); /* two tabs count as two columns */
}

TEST(tags_and_value_position)
{
    CHECK_INT(load("a: !Ref Secret\nb: !GetAtt Fn.Arn\n"), 0);
    const struct sr_node *a = sr_map_get(D.root, "a");
    CHECK_STR(a->tag, "!Ref");
    CHECK_STR(sr_node_str(a), "Secret");
    CHECK_INT(sr_node_pos(&D, a).col, 4);
    CHECK_INT(sr_doc_pos(&D, sr_node_vstart(&D, a)).col, 9);
    CHECK(memcmp(D.text + sr_node_vstart(&D, a), "Secret", 6) == 0);
    CHECK_INT(sr_node_len(a), 6);
    CHECK_INT(sr_node_len(D.root), 0);
}

/* A tag and an anchor longer than the node keeps in a byte: the value
 * is found again from the text. */
TEST(long_tag_and_anchor_prefix)
{
    static char text[140000];
    size_t k = 0;
    k += (size_t)snprintf(text + k, sizeof(text) - k, "a: !");
    for (int i = 0; i < 70000; i++)
        text[k++] = 't';
    k += (size_t)snprintf(text + k, sizeof(text) - k, " &");
    for (int i = 0; i < 1000; i++)
        text[k++] = 'n';
    k += (size_t)snprintf(text + k, sizeof(text) - k, " value\nb: !short v2\n");
    CHECK_INT(load(text), 0);
    const struct sr_node *a = sr_map_get(D.root, "a"), *b = sr_map_get(D.root, "b");
    CHECK(a && a->vskip == SR_VSKIP_FAR);
    CHECK(a && memcmp(D.text + sr_node_vstart(&D, a), "value\n", 6) == 0);
    CHECK(b && b->vskip == 7 && memcmp(D.text + sr_node_vstart(&D, b), "v2", 2) == 0);
    CHECK(a && sr_node_len(a) == 5);
}

TEST(styles)
{
    CHECK_INT(load("a: 'x'\nb: \"y\"\nc: |\n  z\nd: [1]\ne:\n  - 1\n"), 0);
    CHECK_INT(sr_map_get(D.root, "a")->style, SR_STYLE_SINGLE);
    CHECK_INT(sr_map_get(D.root, "b")->style, SR_STYLE_DOUBLE);
    CHECK_INT(sr_map_get(D.root, "c")->style, SR_STYLE_LITERAL);
    CHECK_INT(sr_map_get(D.root, "d")->style, SR_STYLE_FLOW);
    CHECK_INT(sr_map_get(D.root, "e")->style, SR_STYLE_BLOCK);
}

TEST(block_mapping_ends_at_last_value_not_next_key)
{
    CHECK_INT(load("A:\n  b: 1\n  c: 2\n# comment\nZ: 3\n"), 0);
    const struct sr_node *a = sr_map_get(D.root, "A");
    CHECK_INT(sr_doc_pos(&D, a->end).line, 3);
    CHECK_INT(sr_doc_pos(&D, a->end).col, 7);
}

TEST(aliases_are_shared_not_copied)
{
    CHECK_INT(load("base: &b {x: 1}\nuse: *b\n"), 0);
    const struct sr_node *use_raw = D.root->items[3];
    CHECK_INT(use_raw->kind, SR_ALIAS);
    CHECK(sr_map_get(D.root, "use") == sr_map_get(D.root, "base"));
    CHECK_STR(sr_scalar(sr_path(D.root, "use/x")), "1");
}

/* pure: set where a node and all below it hold no function and no alias,
 * the same from the JSON reader as from libyaml. */
TEST(pure_subtrees)
{
    CHECK_INT(load("A:\n"
                   "  Plain: {x: [1, 2], y: z}\n"
                   "  Deep: {x: [1, !Ref P]}\n"
                   "  Cond: {Condition: C}\n"
                   "  Anch: &a {k: v}\n"
                   "  Use: [*a]\n"
                   "  Long: {w: {Fn::Sub: s}}\n"),
              0);
    const struct sr_node *a = sr_map_get(D.root, "A");
    CHECK(!D.root->pure && !a->pure);
    CHECK(sr_map_get(a, "Plain")->pure && sr_map_get(sr_map_get(a, "Plain"), "x")->pure);
    const struct sr_node *deep = sr_map_get(a, "Deep");
    CHECK(!deep->pure && !sr_map_get(deep, "x")->pure);
    CHECK(sr_seq_item(sr_map_get(deep, "x"), 0)->pure);
    CHECK(!sr_seq_item(sr_map_get(deep, "x"), 1)->pure);
    CHECK(!sr_map_get(a, "Cond")->pure);
    CHECK(sr_map_get(a, "Anch")->pure);
    CHECK(!sr_map_get(a, "Use")->pure); /* an alias is not looked through */
    CHECK(!sr_map_get(a, "Long")->pure && !sr_map_get(sr_map_get(a, "Long"), "w")->pure);
    CHECK_INT(load("{\"A\": {\"x\": [1, \"s\"]}, \"B\": {\"Ref\": \"A\"}}"), 0);
    CHECK(D.json_reader);
    CHECK(sr_map_get(D.root, "A")->pure && !sr_map_get(D.root, "B")->pure && !D.root->pure);
}

TEST(alias_bomb_is_refused)
{
    char buf[4096];
    size_t n = 0;
    n += (size_t)snprintf(buf + n, sizeof(buf) - n, "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 10; i++)
        n += (size_t)snprintf(buf + n, sizeof(buf) - n,
                              "a%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, "
                              "*a%d]\n",
                              i, i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1,
                              i - 1);
    CHECK_INT(load(buf), -1);
    CHECK(strstr(E.message, "alias") != NULL);
    CHECK(E.pos.line > 1);
}

TEST(deep_nesting_is_refused)
{
    size_t depth = SR_MAX_DEPTH + 10;
    char *s = malloc(depth * 2 + 2);
    for (size_t i = 0; i < depth; i++)
        s[i] = '[';
    for (size_t i = 0; i < depth; i++)
        s[depth + i] = ']';
    s[2 * depth] = '\n';
    s[2 * depth + 1] = 0;
    CHECK_INT(load(s), -1);
    CHECK(strstr(E.message, "nesting") != NULL);
    free(s);
}

TEST(nul_and_invalid_utf8_have_positions)
{
    sr_arena_release(&A);
    sr_arena_init(&A);
    CHECK_INT(sr_load(&A, "t", "a: 1\nb: \0x\n", 11, &D, &E), -1);
    CHECK(strstr(E.message, "NUL") != NULL);
    CHECK_INT(E.pos.line, 2);
    CHECK_INT(E.pos.col, 4);
    CHECK_INT(load("a: 1\nbb: \xC3\x28\n"), -1);
    CHECK(strstr(E.message, "UTF-8") != NULL);
    CHECK_INT(E.pos.line, 2);
    CHECK_INT(E.pos.col, 5);
    CHECK_INT(load("\xFF\xFE"
                   "a"),
              -1);
    CHECK(strstr(E.message, "UTF-16") != NULL);
}

TEST(syntax_error_position)
{
    CHECK_INT(load("a: 1\nb: [1, 2\nc: 3\n"), -1);
    CHECK(E.message[0] != 0);
    CHECK(E.pos.line >= 2);
}

TEST(duplicate_keys_recorded)
{
    CHECK_INT(load("a: 1\nb: 2\na: 3\n"), 0);
    CHECK_INT(D.dups.n, 2);
    const struct sr_node *first = D.dups.v[0], *dup = D.dups.v[1];
    CHECK_INT(sr_node_pos(&D, first).line, 1);
    CHECK_INT(sr_node_pos(&D, dup).line, 3);
}

TEST(duplicate_keys_in_large_mapping)
{
    char *s = malloc(100000);
    size_t n = 0;
    for (int i = 0; i < 2000; i++)
        n += (size_t)snprintf(s + n, 100000 - n, "k%d: %d\n", i, i);
    n += (size_t)snprintf(s + n, 100000 - n, "k1234: dup\n");
    CHECK_INT(load(s), 0);
    CHECK_INT(D.dups.n, 2);
    free(s);
}

TEST(empty_and_multi_document)
{
    CHECK_INT(load(""), 0);
    CHECK(D.root == NULL);
    CHECK_INT(load("a: 1\n---\nb: 2\n"), -1);
    CHECK(strstr(E.message, "document") != NULL);
}

TEST(doc_pos_roundtrip)
{
    CHECK_INT(load("ab: c\n\tq: \"é\"\n"), -1); /* tab indentation is a YAML error */
    CHECK_INT(load("ab: c\nqq: é z\n"), 0);
    struct sr_pos p = sr_doc_pos(&D, 13); /* 'z' after "qq: é " (é = 2 bytes) */
    CHECK_INT(p.line, 2);
    CHECK_INT(p.col, 7);
    CHECK_INT(sr_doc_line_offset(&D, 2), 6);
}

TEST(scalar_helpers)
{
    CHECK_INT(load("a: true\nb: 42\nc: x\n"), 0);
    CHECK_INT(sr_scalar_bool(sr_map_get(D.root, "a")), 1);
    long long v = 0;
    CHECK_INT(sr_scalar_int(sr_map_get(D.root, "b"), &v), 0);
    CHECK_INT(v, 42);
    CHECK_INT(sr_scalar_int(sr_map_get(D.root, "c"), &v), -1);
    CHECK_INT(sr_scalar_bool(sr_map_get(D.root, "c")), -1);
}

/* Columns from the character checkpoints agree with a count from the line's
 * start at every offset of non-ASCII texts of several lengths, a multiple of
 * the checkpoint distance among them (its end has a checkpoint of its own),
 * with and without a byte-order mark. */
TEST(columns_by_checkpoint_match_a_count)
{
    for (int bom = 0; bom <= 1; bom++)
        for (size_t want = SR_DOC_CKPT - 2; want <= 3 * SR_DOC_CKPT + 2; want++) {
            char text[4 * SR_DOC_CKPT];
            size_t n = 0;
            if (bom) {
                memcpy(text, "\xEF\xBB\xBF", 3);
                n = 3;
            }
            memcpy(text + n, "k: \"", 4);
            n += 4;
            while (n + 3 < want) {
                if (n % 37 == 0) {
                    text[n++] = '\n';
                    text[n++] = ' ';
                } else {
                    memcpy(text + n, "\xC3\xA9", 2); /* é */
                    n += 2;
                }
            }
            text[n++] = '"';
            text[n] = '\0';
            sr_arena_release(&A);
            sr_arena_init(&A);
            if (sr_load(&A, "t.yaml", text, n, &D, &E) != 0)
                continue;
            for (size_t off = 0; off <= n; off++) {
                struct sr_pos p = sr_doc_pos(&D, off);
                int line = 1, col = 1;
                for (size_t i = (size_t)(bom ? 3 : 0); i < off; i++) {
                    if (text[i] == '\n') {
                        line++;
                        col = 1;
                    } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
                        col++;
                    }
                }
                if (p.line != line || p.col != col) {
                    CHECK_INT(p.line, line);
                    CHECK_INT(p.col, col);
                    return;
                }
            }
        }
}

/* A short value is stored once per file and shared by the nodes that spell
 * it; a long one is copied for each (the loader's table is bounded). Both
 * readers, libyaml's and the JSON one, and thousands of distinct values
 * (the table grows) keep every value intact. */
TEST(equal_short_scalars_share_one_copy)
{
    char big[80];
    memset(big, 'x', 70);
    big[70] = '\0';
    char text[400];
    snprintf(text, sizeof(text), "a: Allow\nb: Allow\nc: %s\nd: %s\nAllow: e\n", big, big);
    CHECK_INT(load(text), 0);
    const char *a = sr_scalar(sr_map_get(D.root, "a")), *b = sr_scalar(sr_map_get(D.root, "b"));
    CHECK_STR(a, "Allow");
    CHECK(a == b);
    CHECK(sr_node_str(D.root->items[8]) == a); /* the key Allow */
    const char *c = sr_scalar(sr_map_get(D.root, "c")), *d = sr_scalar(sr_map_get(D.root, "d"));
    CHECK_STR(c, big);
    CHECK_STR(d, big);
    CHECK(c != d);
    CHECK_INT(load("{\"a\": \"Allow\", \"b\": \"Allow\", \"n\": 12, \"m\": 12}"), 0);
    CHECK(D.json_reader);
    CHECK(sr_scalar(sr_map_get(D.root, "a")) == sr_scalar(sr_map_get(D.root, "b")));
    CHECK(sr_scalar(sr_map_get(D.root, "n")) == sr_scalar(sr_map_get(D.root, "m")));
    CHECK_STR(sr_scalar(sr_map_get(D.root, "n")), "12");
    /* 5,000 distinct keys and values: the table doubles several times. */
    size_t cap = 5000 * 32;
    char *many = malloc(cap);
    size_t len = 0;
    for (int i = 0; i < 5000; i++)
        len += (size_t)snprintf(many + len, cap - len, "k%d: v%d\n", i, i % 97);
    CHECK_INT(sr_load(&A, "t.yaml", many, len, &D, &E), 0);
    int bad = 0;
    for (int i = 0; i < 5000; i++) {
        char k[16], v[16];
        snprintf(k, sizeof(k), "k%d", i);
        snprintf(v, sizeof(v), "v%d", i % 97);
        const char *got = sr_scalar(sr_map_get(D.root, k));
        bad += !got || strcmp(got, v) != 0;
        if (i % 97 == 0) /* v0, shared with k0's */
            bad += got != sr_scalar(sr_map_get(D.root, "k0"));
    }
    CHECK_INT(bad, 0);
    free(many);
}

int main(void)
{
    sr_arena_init(&A);
    RUN(scalar_positions_are_one_based);
    RUN(columns_count_characters_not_bytes);
    RUN(bom_is_skipped_and_offsets_stay_byte_exact);
    RUN(bom_with_several_keys);
    RUN(crlf_lines);
    RUN(nel_is_not_a_line_break_for_positions);
    RUN(json_with_tabs);
    RUN(tags_and_value_position);
    RUN(long_tag_and_anchor_prefix);
    RUN(styles);
    RUN(block_mapping_ends_at_last_value_not_next_key);
    RUN(aliases_are_shared_not_copied);
    RUN(pure_subtrees);
    RUN(alias_bomb_is_refused);
    RUN(deep_nesting_is_refused);
    RUN(nul_and_invalid_utf8_have_positions);
    RUN(syntax_error_position);
    RUN(duplicate_keys_recorded);
    RUN(duplicate_keys_in_large_mapping);
    RUN(empty_and_multi_document);
    RUN(doc_pos_roundtrip);
    RUN(columns_by_checkpoint_match_a_count);
    RUN(scalar_helpers);
    RUN(equal_short_scalars_share_one_copy);
    sr_arena_release(&A);
    return CHECK_DONE();
}
