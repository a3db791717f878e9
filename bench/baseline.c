/*
 * baseline.c - the reference the benchmark compares the linter with.
 *
 * Reads each file named on the command line into memory and runs libyaml's
 * event parser over it until the end of the stream, the least work any
 * YAML-based linter must do. It builds no tree and checks nothing else.
 * Exit status: 0 all parsed, 1 a file did not parse, 2 a file was unreadable.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#define BASELINE_MAX_FILE (1024L * 1024 * 1024)

/* Reads path into a heap buffer; *len set. NULL with a message on failure. */
static unsigned char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "baseline: %s: %s\n", path, strerror(errno));
        return NULL;
    }
    size_t cap = 1 << 16, n = 0;
    unsigned char *buf = malloc(cap);
    while (buf) {
        if (n == cap) {
            if (cap >= (size_t)BASELINE_MAX_FILE) {
                fprintf(stderr, "baseline: %s: file too large\n", path);
                free(buf);
                buf = NULL;
                break;
            }
            unsigned char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            if (ferror(f)) {
                fprintf(stderr, "baseline: %s: read error\n", path);
                free(buf);
                buf = NULL;
            }
            break;
        }
    }
    fclose(f);
    *len = n;
    return buf;
}

/* Parses buf; returns the number of events, or -1 on a syntax error. */
static long parse_events(const char *path, const unsigned char *buf, size_t len)
{
    yaml_parser_t parser;
    yaml_event_t event;
    long events = 0;

    if (!yaml_parser_initialize(&parser)) {
        fprintf(stderr, "baseline: out of memory\n");
        exit(2);
    }
    yaml_parser_set_input_string(&parser, buf, len);
    for (;;) {
        if (!yaml_parser_parse(&parser, &event)) {
            fprintf(stderr, "baseline: %s:%lu:%lu: %s\n", path,
                    (unsigned long)parser.problem_mark.line + 1,
                    (unsigned long)parser.problem_mark.column + 1,
                    parser.problem ? parser.problem : "parse error");
            events = -1;
            break;
        }
        events++;
        int done = event.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&event);
        if (done)
            break;
    }
    yaml_parser_delete(&parser);
    return events;
}

int main(int argc, char **argv)
{
    int verbose = 0, status = 0, i = 1;

    if (i < argc && strcmp(argv[i], "-v") == 0) {
        verbose = 1;
        i++;
    }
    if (i >= argc) {
        fputs("usage: baseline [-v] FILE...\n", stderr);
        return 2;
    }
    for (; i < argc; i++) {
        size_t len = 0;
        unsigned char *buf = read_file(argv[i], &len);
        if (!buf) {
            status = 2;
            continue;
        }
        long events = parse_events(argv[i], buf, len);
        free(buf);
        if (events < 0 && status == 0)
            status = 1;
        if (verbose && events >= 0)
            printf("%s: %ld events, %zu bytes\n", argv[i], events, len);
    }
    return status;
}
