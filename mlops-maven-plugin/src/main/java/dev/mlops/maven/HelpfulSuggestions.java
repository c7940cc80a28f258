package dev.mlops.maven;

import dev.mlops.core.bundle.BundleException;
import dev.mlops.core.deployment.DeploymentException;
import dev.mlops.core.naming.NamingException;
import dev.mlops.core.platform.NotServingException;
import dev.mlops.core.platform.PlatformException;
import dev.mlops.core.registry.RegistryException;
import dev.mlops.core.settings.SettingsException;
import dev.mlops.core.settings.SettingsProblem;
import org.apache.maven.plugin.MojoFailureException;

/**
 * The plugin's edge of the core's errors: a core message says what is wrong in neutral words, and this adds the goal
 * or flag that fixes it, the way Jib's {@code HelpfulSuggestions} does.
 */
final class HelpfulSuggestions {

    private HelpfulSuggestions() {
    }

    /**
     * @return the message with the Maven way to fix it
     */
    static String of(DeploymentException e) {
        String model = e.model().isEmpty() ? "<model_name>" : e.model();
        String fix = switch (e.fix()) {
            case UPLOAD_OR_PROMOTE_TO_TEST -> "upload one (mvn mlops:upload -Dmodel=" + model + " -Denv=test) or"
                    + " promote one from dev (mvn mlops:promote -Dmodel=" + model + ")";
            case PROMOTE_TO_PROD -> "promote one: mvn mlops:promote -Dmodel=" + model + " -Denv=prod";
            case DEPLOY_TO_TEST_FIRST -> "deploy it to test first (mvn deploy -Denv=test)";
            case DEPLOY_TO_TEST_OR_FORCE -> "deploy it to test first (mvn deploy -Denv=test), or pass -Dmlops.force to"
                    + " promote it anyway";
            case DEPLOY_HELPERS_FIRST -> "deploy the helper models first (mvn mlops:deploy -Dmodel=<helper>), or list"
                    + " them before this model in the same settings file";
            case NAME_A_VERSION -> "name a version with -Dversion";
            case DEPLOY_AGAIN -> "deploy that version again (mvn mlops:deploy -Dmlops.artifactVersion=<version>)";
            case MOVE_ALIAS_FIRST -> "roll the alias back (mvn mlops:rollback -Dmodel=" + model + ") or undeploy the"
                    + " alias first (mvn mlops:undeploy -Dfunction=<alias>)";
            case LIST_FUNCTIONS -> "mvn mlops:functions lists what is deployed";
            case CHOOSE_A_MODEL -> "pass -Dmodel=<model_name> with one of them";
            case PIN_ONLY_TEST_AND_PROD -> "leave -Dmlops.artifactVersion and artifact_version out for dev, or"
                    + " deploy to -Denv=test";
            case NONE -> "";
        };
        if (fix.isEmpty() && e.getCause() instanceof RegistryException registry) {
            return e.getMessage() + suggestion(registry);
        }
        if (fix.isEmpty() && e.getCause() instanceof BundleException bundle) {
            return e.getMessage() + suggestion(bundle);
        }
        return fix.isEmpty() ? e.getMessage() : e.getMessage() + "; " + fix;
    }

    /**
     * @return the message with the Maven way to fix it
     */
    static String of(RegistryException e) {
        return e.getMessage() + suggestion(e);
    }

    private static String suggestion(RegistryException e) {
        String model = e.model().isEmpty() ? "<model_name>" : e.model();
        return switch (e.fix()) {
            case PROMOTE_TO_PROD -> "; run mvn mlops:promote -Dmodel=" + model + " -Denv=prod";
            case PROMOTE_TO_TEST_OR_PROD -> " (-Denv=test or -Denv=prod)";
            case UPLOAD_TO_DEV -> "; upload one with mvn mlops:upload -Dmodel=" + model;
            case PROMOTE_FROM_DEV -> "; promote one from dev first (mvn mlops:promote -Dmodel=" + model + ")";
            case LIST_VERSIONS -> "; see mvn mlops:versions -Dmodel=" + model;
            case OVERWRITE -> " (-Dmlops.overwrite)";
            case NAME_THE_MODEL -> "; pass -Dmodel=<model_name>";
            case NONE -> "";
        };
    }

    /**
     * @return the message with the Maven way to fix it
     */
    static String of(BundleException e) {
        return e.getMessage() + suggestion(e);
    }

    private static String suggestion(BundleException e) {
        return switch (e.fix()) {
            case BUILD_FIRST -> " (mvn package)";
            case TRAIN_FIRST -> " (mvn package mlops:train)";
            case NONE -> "";
        };
    }

    static MojoFailureException failure(RegistryException e) {
        return new MojoFailureException(of(e));
    }

    /**
     * @return every problem of the settings file, each with the Maven way to fix it
     */
    static String of(SettingsException e) {
        return String.join("\n", e.problems().stream().map(HelpfulSuggestions::of).toList());
    }

    /**
     * @return the problem ({@code file:line:column: message}) with the Maven way to fix it
     */
    static String of(SettingsProblem problem) {
        return problem + switch (problem.fix()) {
            case NAME_THE_FILE -> " (-Dmlops.settingsFile)";
            case CREATE_THE_FILE -> " (mvn mlops:setup writes one; -Dmlops.settingsFile names another)";
            case WRITE_A_TEMPLATE -> " (mvn mlops:setup writes one)";
            case NONE -> "";
        };
    }

    /**
     * @return the message with the Maven way to fix it
     */
    static String of(PlatformException e) {
        if (e instanceof NotServingException) {
            return e.getMessage() + "; mvn mlops:deploy deploys a model and starts the host, which keeps running";
        }
        return e.getMessage();
    }

    static MojoFailureException failure(DeploymentException e) {
        return new MojoFailureException(of(e));
    }

    static MojoFailureException failure(PlatformException e) {
        return new MojoFailureException(of(e));
    }

    /**
     * @param flag the flag the text came from, such as {@code -Dfunction}
     */
    static MojoFailureException failure(NamingException e, String flag) {
        return new MojoFailureException(e.getMessage() + " (" + flag + ")");
    }
}
