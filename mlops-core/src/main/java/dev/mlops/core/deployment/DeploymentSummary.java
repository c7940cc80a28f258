package dev.mlops.core.deployment;

import dev.mlops.core.naming.Environment;
import dev.mlops.core.naming.ExternalId;
import java.util.Locale;

/**
 * A deployment run as a Markdown table, for a CI job's summary (GitHub's {@code $GITHUB_STEP_SUMMARY}): per model
 * and service what happened, the id, the artifact version, its SHA-256 and what the alias served before.
 */
public final class DeploymentSummary {

    private DeploymentSummary() {
    }

    /**
     * @param report      what the run did
     * @param environment where it deployed
     * @param dryRun      whether nothing was changed
     * @return the summary, ending with a blank line
     */
    public static String markdown(DeploymentReport report, Environment environment, boolean dryRun) {
        StringBuilder out = new StringBuilder("### mlops: ").append(dryRun ? "planned deployment to "
                : "deployment to ").append(environment).append("\n\n");
        if (report.results().isEmpty()) {
            return out.append("No model was deployed.\n\n").toString();
        }
        out.append("| model | service | outcome | id | artifact | SHA-256 | previous |\n");
        out.append("|---|---|---|---|---|---|---|\n");
        for (DeploymentReport.Result result : report.results()) {
            out.append("| ").append(cell(result.model().isEmpty() ? "(all)" : result.model()))
                    .append(" | ").append(result.service().map(Object::toString).orElse(""))
                    .append(" | ").append(outcome(result))
                    .append(" | ").append(result.id().map(ExternalId::toString).map(DeploymentSummary::code).orElse(""))
                    .append(" | ").append(result.id().map(ExternalId::modelId).orElse(""))
                    .append(" | ").append(result.sha256().map(DeploymentSummary::code).orElse(""))
                    .append(" | ").append(result.previous().map(ExternalId::toString).map(DeploymentSummary::code)
                            .orElse(result.outcome() == DeploymentReport.Outcome.DEPLOYED ? "(none)" : ""))
                    .append(" |\n");
        }
        return out.append('\n').toString();
    }

    private static String outcome(DeploymentReport.Result result) {
        String outcome = result.outcome().name().toLowerCase(Locale.ROOT);
        // The message names the model, which its row does already.
        return result.failure().map(e -> outcome + ": " + cell(e.getMessage() != null
                && e.getMessage().startsWith(result.model() + ": ") && !result.model().isEmpty()
                ? e.getMessage().substring(result.model().length() + 2) : e.getMessage())).orElse(outcome);
    }

    private static String code(String text) {
        return "`" + text + "`";
    }

    /** A table cell: no line breaks, no pipes that would end it. */
    private static String cell(String text) {
        return text == null ? "" : text.replace("\r", " ").replace("\n", " ").replace("|", "\\|");
    }
}
