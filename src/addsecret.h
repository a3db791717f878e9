/*
 * addsecret.h - `secrot-lint add-secret`: a new rotated secret in a template.
 *
 * Adds an AWS::SecretsManager::Secret with GenerateSecretString (the
 * policy's password length), KmsKeyId, DeletionPolicy and
 * UpdateReplacePolicy Retain, and its rotation as SR101's fix would
 * (hosted rotation for a database engine AWS supports, otherwise function,
 * role, permission, schedule, alarm and handler skeleton). The result is
 * verified like every fix and written atomically (or shown with --diff).
 */
#ifndef SR_ADDSECRET_H
#define SR_ADDSECRET_H

/* Runs the subcommand; argv[0] is "add-secret". Returns the exit status
 * (0 done, 2 usage error, unreadable file or a result that does not verify). */
int sr_add_secret_main(int argc, char **argv);

#endif
