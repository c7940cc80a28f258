package dev.mlops.core.platform;

/**
 * One move of an alias: a deployment or a rollback, kept so that {@code mlops:rollback} can return to the previous
 * target.
 *
 * @param action         {@code deploy} or {@code rollback}
 * @param alias          {@code <model>-<service>-<env>}
 * @param target         the versioned deployment the alias now points to
 * @param previousTarget where it pointed before; empty for the first deployment
 * @param version        the target's artifact version
 * @param modelId        {@code <model>/<env>/<version>}
 * @param artifactSha256 the artifact's SHA-256; empty when the model has none
 * @param gitCommit      the commit deployed; empty when unknown
 * @param who            who deployed
 * @param when           when, ISO-8601 UTC
 */
public record DeploymentRecord(String action, String alias, String target, String previousTarget, int version,
                               String modelId, String artifactSha256, String gitCommit, String who, String when) {
}
