/*
 * test_gate.c - the pieces that keep a hostile template or repository from
 * steering the tool: logical ids (logicalid.h), the handler path and code
 * made only from valid ids (scaffold.h), files made below a folder without
 * following links and taken back (atomic.h), the report's temporary file,
 * escaped messages (say.h), rule ids with suggestions, what a policy
 * changes, and where policy discovery stops (config.h).
 */
#include "check.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic.h"
#include "config.h"
#include "logicalid.h"
#include "say.h"
#include "scaffold.h"

static char tmpdir[64];

static char *path_of(const char *rel)
{
    static char buf[4][512];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof(buf[k]), "%s/%s", tmpdir, rel);
    return buf[k];
}

static void spit(const char *p, const char *s)
{
    FILE *f = fopen(p, "w");
    if (f) {
        fputs(s, f);
        fclose(f);
    }
}

static const char *slurp(const char *p)
{
    static char buf[4096];
    FILE *f = fopen(p, "r");
    if (!f)
        return NULL;
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

TEST(logical_ids)
{
    CHECK(sr_logical_id_ok("DatabaseSecret2"));
    CHECK(!sr_logical_id_ok(""));
    CHECK(!sr_logical_id_ok(NULL));
    CHECK(!sr_logical_id_ok("../../outside"));
    CHECK(!sr_logical_id_ok("a-b"));
    CHECK(!sr_logical_id_ok("a.b"));
    CHECK(!sr_logical_id_ok("a b"));
    CHECK(!sr_logical_id_ok("L\xc3\xadnea"));
    CHECK(!sr_logical_id_valid("ab\0c", 4));
    char id[300];
    memset(id, 'A', sizeof(id));
    CHECK(sr_logical_id_valid(id, 255));
    CHECK(!sr_logical_id_valid(id, 256));
    CHECK(sr_condition_name_valid("Is_Prod&EU", 10));
    CHECK(!sr_condition_name_valid("Is-Prod", 7));
    CHECK(!sr_logical_id_valid("Is_Prod", 7));
}

TEST(handler_only_from_valid_ids)
{
    struct sr_arena a;
    sr_arena_init(&a);
    CHECK_STR(sr_scaffold_handler_dir(&a, "ApiKey"), "rotation/ApiKey/");
    CHECK(sr_scaffold_handler_dir(&a, "../../x") == NULL);
    CHECK(sr_scaffold_handler_dir(&a, "a/b") == NULL);
    CHECK(sr_scaffold_handler(&a, "X\"\"\"\nimport os") == NULL);
    const char *code = sr_scaffold_handler(&a, "ApiKey");
    CHECK(code && strstr(code, "Rotation function for the secret ApiKey") != NULL);
    CHECK(code && strstr(code, "rotation/ApiKey/lambda_function.py") != NULL);
    sr_arena_release(&a);
}

TEST(create_below_makes_folders_and_never_replaces)
{
    char msg[512] = "";
    struct sr_atomic_undo u = {0};
    CHECK_INT(sr_atomic_create_below(tmpdir, "c1/sub/h.py", "one\n", 4, &u, msg, sizeof(msg)), 0);
    CHECK_STR(slurp(path_of("c1/sub/h.py")), "one\n");
    CHECK_INT(u.n, 3); /* c1, c1/sub, the file */
    CHECK_INT(sr_atomic_probe_below(tmpdir, "c1/sub/h.py", msg, sizeof(msg)), 1);
    CHECK_INT(sr_atomic_create_below(tmpdir, "c1/sub/h.py", "two\n", 4, NULL, msg, sizeof(msg)), 1);
    CHECK_STR(slurp(path_of("c1/sub/h.py")), "one\n");
    /* Taken back: the file and the folders made, newest first. */
    CHECK_INT(sr_atomic_undo_run(&u, msg, sizeof(msg)), 0);
    struct stat st;
    CHECK(lstat(path_of("c1"), &st) < 0);
    sr_atomic_undo_release(&u);
    CHECK_INT(sr_atomic_probe_below(tmpdir, "c1/sub/h.py", msg, sizeof(msg)), 0);
}

TEST(create_below_refuses_links_and_bad_names)
{
    char msg[512] = "";
    mkdir(path_of("outside"), 0755);
    mkdir(path_of("base"), 0755);
    CHECK_INT(symlink("../outside", path_of("base/rotation")), 0);
    CHECK_INT(
        sr_atomic_create_below(path_of("base"), "rotation/X/h.py", "x", 1, NULL, msg, sizeof(msg)),
        -1);
    CHECK(strstr(msg, "is a symbolic link: not followed") != NULL);
    CHECK_INT(sr_atomic_probe_below(path_of("base"), "rotation/X/h.py", msg, sizeof(msg)), -1);
    struct stat st;
    CHECK(lstat(path_of("outside/X"), &st) < 0);
    /* A link where the file goes is not written through either. */
    mkdir(path_of("base/r2"), 0755);
    CHECK_INT(symlink("../../outside/victim", path_of("base/r2/h.py")), 0);
    CHECK_INT(sr_atomic_create_below(path_of("base"), "r2/h.py", "x", 1, NULL, msg, sizeof(msg)),
              -1);
    CHECK(lstat(path_of("outside/victim"), &st) < 0);
    static const char *const bad[] = {"", "/etc/x", "a/../b", "./a", "a//b", "a/", ".."};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        CHECK_INT(sr_atomic_create_below(path_of("base"), bad[i], "x", 1, NULL, msg, sizeof(msg)),
                  -1);
}

TEST(undo_leaves_what_it_did_not_make)
{
    char msg[512] = "";
    mkdir(path_of("u2"), 0755);
    struct sr_atomic_undo u = {0};
    CHECK_INT(sr_atomic_create_below(tmpdir, "u2/new/h.py", "x", 1, &u, msg, sizeof(msg)), 0);
    /* Someone adds a file to the folder made meanwhile: the folder stays. */
    spit(path_of("u2/new/theirs"), "keep\n");
    CHECK_INT(sr_atomic_undo_run(&u, msg, sizeof(msg)), 0);
    sr_atomic_undo_release(&u);
    struct stat st;
    CHECK(lstat(path_of("u2/new/h.py"), &st) < 0);
    CHECK_STR(slurp(path_of("u2/new/theirs")), "keep\n");
    CHECK(lstat(path_of("u2"), &st) == 0); /* it was there before */
}

TEST(report_file_replaces_a_link_not_its_target)
{
    char msg[512] = "";
    spit(path_of("target"), "precious\n");
    CHECK_INT(symlink("target", path_of("report.json")), 0);
    struct sr_atomic_file af;
    FILE *f = sr_atomic_open(&af, path_of("report.json"), msg, sizeof(msg));
    CHECK(f != NULL);
    if (!f)
        return;
    fputs("{}\n", f);
    CHECK_INT(sr_atomic_close(&af, 1, msg, sizeof(msg)), 0);
    struct stat st;
    CHECK(lstat(path_of("report.json"), &st) == 0 && S_ISREG(st.st_mode));
    CHECK_STR(slurp(path_of("report.json")), "{}\n");
    CHECK_STR(slurp(path_of("target")), "precious\n");
    /* Not kept: nothing changes, no temporary file stays. */
    f = sr_atomic_open(&af, path_of("report.json"), msg, sizeof(msg));
    CHECK(f != NULL);
    if (f) {
        fputs("half", f);
        CHECK_INT(sr_atomic_close(&af, 0, msg, sizeof(msg)), 0);
    }
    CHECK_STR(slurp(path_of("report.json")), "{}\n");
}

TEST(replace_refuses_links_out_of_the_tree_and_read_only_files)
{
    char msg[512] = "";
    mkdir(path_of("tree"), 0755);
    spit(path_of("elsewhere.yaml"), "a\n");
    CHECK_INT(symlink("../elsewhere.yaml", path_of("tree/l.yaml")), 0);
    CHECK_INT(sr_atomic_replace(path_of("tree/l.yaml"), path_of("tree"), "a\n", 2, "b\n", 2, msg,
                                sizeof(msg)),
              -1);
    CHECK(strstr(msg, "outside") != NULL);
    CHECK_STR(slurp(path_of("elsewhere.yaml")), "a\n");
    spit(path_of("tree/ro.yaml"), "a\n");
    chmod(path_of("tree/ro.yaml"), 0444);
    CHECK_INT(
        sr_atomic_replace(path_of("tree/ro.yaml"), NULL, "a\n", 2, "b\n", 2, msg, sizeof(msg)), -1);
    CHECK(strstr(msg, "read-only") != NULL);
    CHECK_STR(slurp(path_of("tree/ro.yaml")), "a\n");
    CHECK(sr_path_within(path_of("tree/ro.yaml"), path_of("tree")) == 1);
    CHECK(sr_path_within(path_of("tree/l.yaml"), path_of("tree")) == 0);
}

TEST(say_escapes_everything_from_the_input)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    if (!m)
        SKIP("no memory stream");
    sr_say(m, "file %s: %d", "a\x1b[2J\x1b]8;;u\x07x\x1b]8;;\x07\xe2\x80\xae\n\xff", 7);
    fclose(m);
    CHECK_STR(buf, "file a\\x1b[2J\\x1b]8;;u\\x07x\\x1b]8;;\\x07\\u{202e}\\x0a\\xFF: 7\n");
    free(buf);
}

TEST(rule_ids_with_suggestions)
{
    char msg[300];
    CHECK_INT(sr_config_check_id("SR101", msg, sizeof(msg)), 0);
    CHECK_INT(sr_config_check_id("SR1", msg, sizeof(msg)), 0);
    CHECK_INT(sr_config_check_id("SR", msg, sizeof(msg)), 0);
    CHECK_INT(sr_config_check_id("SR999", msg, sizeof(msg)), -1);
    CHECK(strstr(msg, "did you mean") != NULL);
    CHECK_INT(sr_config_check_id("sr101", msg, sizeof(msg)), -1);
    CHECK(strstr(msg, "did you mean SR101?") != NULL);
    CHECK_INT(sr_config_check_id("SR9", msg, sizeof(msg)), -1);
    CHECK_INT(sr_config_check_list("SR101, SR3", "--ignore-checks", msg, sizeof(msg)), 0);
    CHECK_INT(sr_config_check_list("SR101,,SR3", "--ignore-checks", msg, sizeof(msg)), -1);
    CHECK(strstr(msg, "--ignore-checks: empty rule id") == msg);
    CHECK_INT(sr_config_check_list("SR101,SRX", "--include-checks", msg, sizeof(msg)), -1);
    CHECK(strstr(msg, "'SRX'") != NULL);
}

TEST(what_a_policy_changes)
{
    static const char text[] = "severity: {SR311: none, SR2: info, SR101: error}\n"
                               "disable: [SR3]\n"
                               "enable: [SR309]\n"
                               "require_alarm: false\n"
                               "classes:\n  database: {max_days: 400}\n";
    struct sr_config cfg;
    struct sr_error err;
    sr_config_defaults(&cfg);
    CHECK_INT(sr_config_load_text("p.yaml", text, strlen(text), &cfg, &err), 0);
    struct sr_policy_change ch[32];
    size_t n = sr_config_changes(&cfg, ch, 32);
    CHECK_INT(n, 7);
    if (n < 7)
        return;
    CHECK_STR(ch[0].what, "SR311 severity none: not reported");
    CHECK_INT(ch[0].weakens, 1);
    CHECK_STR(ch[1].what, "SR2 severity info (downgraded)");
    CHECK_STR(ch[2].what, "SR101 severity error");
    CHECK_INT(ch[2].weakens, 0);
    CHECK_STR(ch[3].what, "SR309 enabled");
    CHECK_INT(ch[3].weakens, 0);
    CHECK_STR(ch[4].what, "SR3 disabled");
    CHECK_STR(ch[5].what, "require_alarm false: SR109 not reported");
    CHECK_STR(ch[6].what, "class database max_days 400 (default 45)");
    struct sr_config def;
    sr_config_defaults(&def);
    char line[200];
    sr_config_describe(&def, line, sizeof(line));
    CHECK_STR(line, "no rule changed");
}

TEST(policy_discovery_stops_at_the_repository_and_the_named_folder)
{
    char found[1024], note[1024];
    mkdir(path_of("d"), 0755);
    mkdir(path_of("d/repo"), 0755);
    mkdir(path_of("d/repo/.git"), 0755);
    mkdir(path_of("d/repo/a"), 0755);
    mkdir(path_of("d/repo/a/b"), 0755);
    spit(path_of("d/.secrot-lint.yaml"), "disable: [SR]\n");
    CHECK_INT(sr_config_find(path_of("d/repo/a/b"), NULL, found, sizeof(found), note, sizeof(note)),
              0);
    spit(path_of("d/repo/.secrot-lint.yaml"), "\n");
    CHECK_INT(sr_config_find(path_of("d/repo/a/b"), NULL, found, sizeof(found), note, sizeof(note)),
              1);
    CHECK_STR(found, path_of("d/repo/.secrot-lint.yaml"));
    /* Named folder a: nothing above it is read. */
    CHECK_INT(sr_config_find(path_of("d/repo/a/b"), path_of("d/repo/a"), found, sizeof(found), note,
                             sizeof(note)),
              0);
    char top[1024];
    sr_config_top(path_of("d/repo/a/b"), NULL, top, sizeof(top));
    CHECK_STR(top, path_of("d/repo"));
}

int main(void)
{
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/sr-gate-XXXXXX");
    if (!mkdtemp(tmpdir))
        return 1;
    RUN(logical_ids);
    RUN(handler_only_from_valid_ids);
    RUN(create_below_makes_folders_and_never_replaces);
    RUN(create_below_refuses_links_and_bad_names);
    RUN(undo_leaves_what_it_did_not_make);
    RUN(report_file_replaces_a_link_not_its_target);
    RUN(replace_refuses_links_out_of_the_tree_and_read_only_files);
    RUN(say_escapes_everything_from_the_input);
    RUN(rule_ids_with_suggestions);
    RUN(what_a_policy_changes);
    RUN(policy_discovery_stops_at_the_repository_and_the_named_folder);
    char cmd[300];
    snprintf(cmd, sizeof(cmd), "chmod -R u+w '%s'; rm -rf '%s'", tmpdir, tmpdir);
    if (system(cmd) != 0)
        return 1;
    return CHECK_DONE();
}
