/*
 * baseline.c - the reference the benchmark compares the linter with.
 *
 * Reads each file named on the command line into memory and runs libyaml's
 * event parser over it until the end of the stream, the least work any
 * YAML-based linter must do. It builds no tree and checks nothing else.
 * With -j N, N threads share the files: the speed-up this machine gives to
 * the same work, the reference for the linter's -j.
 * Exit status: 0 all parsed, 1 a file did not parse, 2 a file was unreadable.
 */
#include <errno.h>
#include <pthread.h>
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

/* The files, handed out one at a time to the threads. */
struct work {
    char **files;
    int nfiles;
    int next;
    int verbose;
    int status; /* worst status seen */
    pthread_mutex_t lock;
};

static void *worker(void *arg)
{
    struct work *w = arg;
    for (;;) {
        pthread_mutex_lock(&w->lock);
        int i = w->next++;
        pthread_mutex_unlock(&w->lock);
        if (i >= w->nfiles)
            return NULL;
        size_t len = 0;
        int st = 0;
        unsigned char *buf = read_file(w->files[i], &len);
        if (!buf) {
            st = 2;
        } else {
            long events = parse_events(w->files[i], buf, len);
            free(buf);
            if (events < 0)
                st = 1;
            else if (w->verbose)
                printf("%s: %ld events, %zu bytes\n", w->files[i], events, len);
        }
        pthread_mutex_lock(&w->lock);
        if (st > w->status)
            w->status = st;
        pthread_mutex_unlock(&w->lock);
    }
}

int main(int argc, char **argv)
{
    struct work w = {0};
    long threads = 1;
    int i = 1;

    pthread_mutex_init(&w.lock, NULL);
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "-v") == 0) {
            w.verbose = 1;
        } else if (strcmp(argv[i], "-j") == 0 && i + 1 < argc) {
            char *end = NULL;
            threads = strtol(argv[++i], &end, 10);
            if (!end || *end || threads < 1 || threads > 64) {
                fputs("baseline: -j wants 1 to 64\n", stderr);
                return 2;
            }
        } else {
            break;
        }
    }
    if (i >= argc) {
        fputs("usage: baseline [-v] [-j N] FILE...\n", stderr);
        return 2;
    }
    w.files = argv + i;
    w.nfiles = argc - i;
    if (threads == 1) {
        worker(&w);
        return w.status;
    }
    pthread_t th[64];
    long started = 0;
    for (; started < threads; started++)
        if (pthread_create(&th[started], NULL, worker, &w) != 0)
            break;
    if (started == 0)
        worker(&w);
    for (long k = 0; k < started; k++)
        pthread_join(th[k], NULL);
    return w.status;
}
