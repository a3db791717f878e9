/*
 * progress.h - a progress line on stderr while many files are linted.
 *
 * Shown only when there are more than SR_PROGRESS_MIN files, stderr is a
 * terminal and the environment is not a CI job (CI set, and not "false" or
 * "0"), and never under -q: pipes and CI logs get no carriage returns. The
 * line is rewritten at most ten times a second and erased at the end, so
 * nothing of it stays on the screen. Safe to tick from several threads.
 */
#ifndef SR_PROGRESS_H
#define SR_PROGRESS_H

#include <pthread.h>
#include <stddef.h>

#define SR_PROGRESS_MIN 300

struct sr_progress {
    int on;
    size_t total, done;
    long long last_ms; /* when the line was last written */
    int written;       /* a line is on the screen */
    pthread_mutex_t lock;
};

/* Sets p up for total files; decides whether it shows anything. */
void sr_progress_start(struct sr_progress *p, size_t total, int quiet);
/* One more file done. p may be NULL. */
void sr_progress_tick(struct sr_progress *p);
/* Erases the line. */
void sr_progress_end(struct sr_progress *p);

#endif
