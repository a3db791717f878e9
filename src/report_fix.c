/*
 * report_fix.c - the fix of one finding, for the report formats.
 *
 * Fixes are planned under the policy the file was linted with (the
 * defaults when the result carries none); a fix that would not verify
 * (sr_fix_edit_for() re-lints) counts as none. It never prints.
 */
#include "report_fix.h"

#include <pthread.h>
#include <string.h>

#include "config.h"

static struct sr_config sr_report_cfg;
static pthread_once_t sr_report_cfg_once = PTHREAD_ONCE_INIT;

static void sr_report_cfg_init(void)
{
    sr_config_defaults(&sr_report_cfg);
}

int sr_report_fix(struct sr_result *res, const struct sr_finding *f, struct sr_fix_edit *out)
{
    memset(out, 0, sizeof(*out));
    if (!f || f->suppressed || !f->rule || !f->rule->fixable || !res->loaded || !res->text)
        return 0;
    const struct sr_config *cfg = res->cfg;
    if (!cfg) {
        pthread_once(&sr_report_cfg_once, sr_report_cfg_init);
        cfg = &sr_report_cfg;
    }
    if (sr_fix_edit_for(res, cfg, f, out) != 1 || out->nsplices == 0)
        return 0;
    return 1;
}
