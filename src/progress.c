/*
 * progress.c - the progress line of long directory lints (progress.h).
 */
#include "progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static long long sr_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* 1 when the environment says this is a CI job. */
static int sr_in_ci(void)
{
    const char *ci = getenv("CI");
    return ci && *ci && strcmp(ci, "false") != 0 && strcmp(ci, "0") != 0;
}

void sr_progress_start(struct sr_progress *p, size_t total, int quiet)
{
    memset(p, 0, sizeof(*p));
    pthread_mutex_init(&p->lock, NULL);
    p->total = total;
    p->on = !quiet && total > SR_PROGRESS_MIN && isatty(2) && !sr_in_ci();
    p->last_ms = sr_now_ms();
}

void sr_progress_tick(struct sr_progress *p)
{
    if (!p || !p->on)
        return;
    pthread_mutex_lock(&p->lock);
    p->done++;
    long long now = sr_now_ms();
    if (now - p->last_ms >= 100 || p->done == p->total) {
        p->last_ms = now;
        fprintf(stderr, "\rsecrot-lint: linted %zu of %zu files (%zu%%)", p->done, p->total,
                p->done * 100 / p->total);
        fflush(stderr);
        p->written = 1;
    }
    pthread_mutex_unlock(&p->lock);
}

void sr_progress_end(struct sr_progress *p)
{
    if (p->written) {
        fputs("\r\033[K", stderr);
        fflush(stderr);
    }
    p->written = 0;
    pthread_mutex_destroy(&p->lock);
}
