/*
 * test_json_reader.c - the loader's JSON reader against libyaml: for every
 * text, the reader's tree is libyaml's (sr_doc_differs), and what the
 * reader does not take exactly as libyaml (tabs outside the root, escapes
 * of NUL or surrogate halves, characters libyaml refuses, far or split
 * keys, anything not strict JSON) goes to libyaml, with its messages. The
 * JSON files of the fixtures and of ../shared/corpus are compared too (the
 * corpus is skipped, saying so, where it is absent).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "load.h"
#include "readfile.h"

/* Loads text both ways; returns 1 when both agree (rc, error, tree), and
 * sets *reader to whether the JSON reader read it. */
static int same_both_ways(const char *text, size_t len, int *reader, char *why, size_t whylen)
{
    struct sr_arena a, b;
    sr_arena_init(&a);
    sr_arena_init(&b);
    struct sr_doc dx, dy;
    struct sr_error ex, ey;
    int rx = sr_load_flags(&a, "t.json", text, len, &dx, &ex, 0);
    int ry = sr_load_flags(&b, "t.json", text, len, &dy, &ey, SR_LOAD_YAML_ONLY);
    int ok = 1;
    *reader = rx == 0 && dx.json_reader;
    if (rx != ry) {
        snprintf(why, whylen, "rc %d against libyaml's %d", rx, ry);
        ok = 0;
    } else if (rx < 0) {
        if (strcmp(ex.message, ey.message) != 0 || ex.offset != ey.offset) {
            snprintf(why, whylen, "error '%.100s' at %zu against '%.100s' at %zu", ex.message,
                     ex.offset, ey.message, ey.offset);
            ok = 0;
        }
    } else {
        const char *d = sr_doc_differs(&a, &dx, &dy);
        if (d) {
            snprintf(why, whylen, "%s", d);
            ok = 0;
        }
    }
    sr_arena_release(&a);
    sr_arena_release(&b);
    return ok;
}

/* Strict JSON the reader takes, as libyaml reads it. */
TEST(strict_json_reads_as_libyaml_does)
{
    static const char *const texts[] = {
        "{}",
        "{}\n",
        "  \n{\"a\": 1}\n\n",
        "{\"a\":1,\"b\":[true,false,null,-0.5e+10,0,12,3.25E-2],\"c\":{}}",
        "{\n  \"Resources\": {\n    \"Q\": {\"Type\": \"AWS::SQS::Queue\"}\n  }\n}\n",
        "{\r\n  \"A\": [\r\n    1,\r\n    \"x\"\r\n  ]\r\n}\r\n",
        "{\n\t\"A\": {\n\t\t\"B\": 1\n\t}\n}\n",
        "{\"e\": \"q\\\"b\\\\s\\/n\\nt\\tr\\rb\\bf\\f\"}",
        "{\"u\": \"\\u00e9\\u65e5\\u0041\\uFFFD\"}",
        "{\"d\": \"é日本\", \"k\": [\"é\", \"z\"], \"x\": \"y\"}",
        "{\"a\": 1, \"a\": 2, \"b\": {\"c\": 1, \"c\": 3}}",
        "{\"Fn::Sub\": \"x\"}",
        "{\"r\": {\"Ref\": \"P\"}, \"g\": {\"Fn::GetAtt\": [\"R\", \"Arn\"]}}",
        "{\"\": \"\", \"s\": \" \", \"h\": \"# not a comment\", \"c\": \"a: b\"}",
        "{\"deep\": [[[[[[{\"x\": [[]]}]]]]]]}",
        "{\"v\": \"{{resolve:secretsmanager:S:SecretString:password}}\"}",
    };
    for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
        char why[300];
        int reader = 0;
        int same = same_both_ways(texts[i], strlen(texts[i]), &reader, why, sizeof(why));
        if (!same) {
            char m[400];
            snprintf(m, sizeof(m), "case %zu: %s", i, why);
            sr_t_note(__FILE__, __LINE__, m);
        }
        if (!reader) {
            char m[100];
            snprintf(m, sizeof(m), "case %zu went to libyaml", i);
            sr_t_note(__FILE__, __LINE__, m);
        }
    }
}

/* Text that is not strict JSON, or that libyaml reads its own way: the
 * reader gives it to libyaml, and the result is libyaml's. */
TEST(the_rest_goes_to_libyaml)
{
    static const char *const texts[] = {
        "{\"a\": 1,}",                 /* trailing comma */
        "{\"a\": 1} # comment\n",      /* a comment */
        "{'a': 1}",                    /* single quotes */
        "{a: 1}",                      /* plain key */
        "{\"a\": 01}",                 /* leading zero */
        "{\"a\": 1 2}",                /* YAML's multi-word plain scalar */
        "{\"a\": tru}",                /* a plain word */
        "{\"a\": \"x\\u0000y\"}",      /* NUL escape */
        "{\"a\": \"\\ud83d\\ude00\"}", /* surrogate pair */
        "{\"a\": \"\\x41\"}",          /* YAML-only escape */
        "{\"a\": \"line\nbreak\"}",    /* raw line break in a string */
        "{\"a\": \"tab\there\"}",      /* raw tab in a string */
        "\t{\"a\": 1}",                /* tab before the root */
        "{\"a\": 1}\t\n",              /* tab after the root */
        "{\"a\"\n: 1}",                /* ':' on the next line */
        "{\"a\": 1}\n{\"b\": 2}\n",    /* two roots */
        "{\"a\": [1, 2}",              /* unbalanced */
        "{\"a\": \"\xc2\x85\"}",       /* NEL */
        "{\"a\": \"\xc2\x9f\"}",       /* C1 control */
        "{\"a\": \"\xef\xbf\xbe\"}",   /* U+FFFE */
        "{\"a\": \"\xef\xbb\xbf\"}",   /* a byte-order mark inside */
        "{\"a\": \"x\"\r\"b\": 2}",    /* lone CR */
        "{\"a\": &x 1, \"b\": *x}",    /* anchors */
        "{\"a\": !Ref b}",             /* a tag */
        "{\"a\": \"unterminated",      /* unterminated string */
        "{\"a\": 1e}",                 /* bad exponent */
        "{\"a\": -}",                  /* lone minus */
    };
    for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
        char why[300];
        int reader = 1;
        int same = same_both_ways(texts[i], strlen(texts[i]), &reader, why, sizeof(why));
        if (!same) {
            char m[400];
            snprintf(m, sizeof(m), "case %zu: %s", i, why);
            sr_t_note(__FILE__, __LINE__, m);
        }
        if (reader) {
            char m[100];
            snprintf(m, sizeof(m), "case %zu was taken by the JSON reader", i);
            sr_t_note(__FILE__, __LINE__, m);
        }
    }
    /* A key 1,000 bytes before its ':' stays with the reader; one further
     * away goes to libyaml (which keeps simple keys within 1,024). */
    for (size_t klen = 990; klen <= 1100; klen += 110) {
        size_t cap = klen + 32;
        char *t = malloc(cap);
        CHECK(t != NULL);
        if (!t)
            return;
        size_t n = 0;
        t[n++] = '{';
        t[n++] = '"';
        memset(t + n, 'k', klen);
        n += klen;
        memcpy(t + n, "\": 1}", 5);
        n += 5;
        char why[300];
        int reader = 0;
        CHECK(same_both_ways(t, n, &reader, why, sizeof(why)));
        CHECK_INT(reader, klen < 1000);
        free(t);
    }
}

/* Files of a folder tree ending in .json, compared both ways. */
static void compare_tree(const char *dir, size_t *files, size_t *read, char *bad, size_t badlen)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[4096];
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(path, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            compare_tree(path, files, read, bad, badlen);
            continue;
        }
        size_t l = strlen(e->d_name);
        if (!S_ISREG(st.st_mode) || l < 5 || strcmp(e->d_name + l - 5, ".json") != 0)
            continue;
        FILE *f = fopen(path, "rb");
        if (!f)
            continue;
        char *text = malloc((size_t)st.st_size + 1);
        size_t n = text ? fread(text, 1, (size_t)st.st_size, f) : 0;
        fclose(f);
        if (!text)
            continue;
        char why[300];
        int reader = 0;
        (*files)++;
        if (!same_both_ways(text, n, &reader, why, sizeof(why)) && !bad[0])
            snprintf(bad, badlen, "%.200s: %.300s", path, why);
        *read += reader;
        free(text);
    }
    closedir(d);
}

TEST(fixture_json_files_read_as_libyaml_does)
{
    size_t files = 0, read = 0;
    char bad[600] = "";
    compare_tree("fixtures", &files, &read, bad, sizeof(bad));
    CHECK(files > 50);
    CHECK(read > files / 2); /* most are strict JSON */
    if (bad[0])
        sr_t_note(__FILE__, __LINE__, bad);
}

TEST(corpus_json_files_read_as_libyaml_does)
{
    struct stat st;
    if (stat("../shared/corpus", &st) != 0)
        SKIP("../shared/corpus is absent");
    size_t files = 0, read = 0;
    char bad[600] = "";
    compare_tree("../shared/corpus", &files, &read, bad, sizeof(bad));
    CHECK(files > 0);
    CHECK(read > files / 2);
    if (bad[0])
        sr_t_note(__FILE__, __LINE__, bad);
}

int main(void)
{
    RUN(strict_json_reads_as_libyaml_does);
    RUN(the_rest_goes_to_libyaml);
    RUN(fixture_json_files_read_as_libyaml_does);
    RUN(corpus_json_files_read_as_libyaml_does);
    return CHECK_DONE();
}
