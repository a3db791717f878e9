/*
 * config.c - policy defaults, finding and loading .secrot-lint.yaml.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void sr_class_set(struct sr_config *cfg, const char *name, int days)
{
    struct sr_secret_class *c = &cfg->classes[cfg->nclasses++];
    memset(c, 0, sizeof(*c));
    snprintf(c->name, sizeof(c->name), "%s", name);
    c->max_days = days;
}

void sr_config_defaults(struct sr_config *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    sr_class_set(cfg, "database", 45);
    sr_class_set(cfg, "api-key", 30);
    sr_class_set(cfg, "default", 90);
    cfg->min_password_length = 32;
    cfg->require_alarm = 1;
    snprintf(cfg->alarm_topic_parameter, sizeof(cfg->alarm_topic_parameter), "%s",
             "RotationAlarmTopicArn");
    snprintf(cfg->fix_duration, sizeof(cfg->fix_duration), "%s", "2h");
    snprintf(cfg->runtime, sizeof(cfg->runtime), "%s", "python3.13");
    cfg->min_timeout = 30;
}

int sr_config_find(const char *dir, char *out, size_t n)
{
    char cur[4096];
    snprintf(cur, sizeof(cur), "%s", dir && *dir ? dir : ".");
    for (int depth = 0; depth < 128; depth++) {
        struct stat st;
        int w = snprintf(out, n, "%s/.secrot-lint.yaml", cur);
        if (w > 0 && (size_t)w < n && stat(out, &st) == 0 && S_ISREG(st.st_mode))
            return 1;
        /* Go up: strip the last component, or append "/.." for relative roots. */
        char *slash = strrchr(cur, '/');
        if (slash && slash != cur && strcmp(slash, "/..") != 0 && strcmp(slash, "/.") != 0) {
            *slash = '\0';
        } else if (slash == cur) {
            if (cur[1] == '\0')
                return 0;
            cur[1] = '\0';
        } else {
            /* relative path without a usable parent: resolve via realpath */
            char *rp = realpath(cur, NULL);
            if (!rp)
                return 0;
            if (strcmp(rp, "/") == 0) {
                free(rp);
                return 0;
            }
            char *s = strrchr(rp, '/');
            if (s == rp)
                s[1] = '\0';
            else
                *s = '\0';
            snprintf(cur, sizeof(cur), "%s", rp);
            free(rp);
        }
    }
    return 0;
}

const struct sr_secret_class *sr_config_class(const struct sr_config *cfg, const char *name)
{
    for (size_t i = 0; i < cfg->nclasses; i++)
        if (strcmp(cfg->classes[i].name, name) == 0)
            return &cfg->classes[i];
    return NULL;
}

int sr_config_max_days(const struct sr_config *cfg, const char *class_name)
{
    if (cfg->max_rotation_days > 0)
        return cfg->max_rotation_days;
    const struct sr_secret_class *c = sr_config_class(cfg, class_name);
    if (!c)
        c = sr_config_class(cfg, "default");
    return c ? c->max_days : 90;
}

int sr_config_load(const char *path, struct sr_config *cfg, struct sr_error *err)
{
    /* The full loader (schema validation, classes, rules) lives with the
     * rotation-policy work; until then a config file is refused loudly. */
    (void)cfg;
    snprintf(err->file, sizeof(err->file), "%s", path);
    err->pos.line = 1;
    err->pos.col = 1;
    snprintf(err->message, sizeof(err->message), "configuration files are not supported yet");
    return -1;
}
