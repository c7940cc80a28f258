package dev.mlops.maven;

import dev.mlops.core.naming.Environment;
import dev.mlops.core.naming.FunctionId;
import dev.mlops.core.naming.Service;
import dev.mlops.core.settings.ModelSettings;
import dev.mlops.core.settings.Settings;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/** A goal about a model of the settings in an environment. */
abstract class AbstractModelMojo extends AbstractSettingsMojo {

    /**
     * The model. Checked against the settings file when there is one; may be left out when it has one model.
     *
     * @since 0.1.0
     */
    @Parameter(property = "model")
    protected String model;

    /**
     * The environment: {@code dev}, {@code test} or {@code prod}. Default: the environment variable
     * {@code MODEL_ENV}, else the goal's own default.
     *
     * @since 0.1.0
     */
    @Parameter(property = "env")
    protected String env;

    /** The model's settings, when the project has a settings file. */
    protected Optional<ModelSettings> modelSettings = Optional.empty();

    /**
     * Settles {@link #model} and {@link #modelSettings}.
     */
    protected String chooseModel() throws MojoFailureException {
        if (!settingsFile.isFile()) {
            if (model == null || model.isBlank()) {
                throw new MojoFailureException("no model given; pass -Dmodel=<model_name> (there is no "
                        + settingsFile.getName() + " to choose from)");
            }
            if (!FunctionId.MODEL_NAME.matcher(model).matches()) {
                throw new MojoFailureException("-Dmodel='" + model + "' is not a model name: letters, digits and"
                        + " underscores, starting with a letter (like model1)");
            }
            return model;
        }
        Settings settings = readSettings();
        String names = String.join(", ", settings.models().stream().map(ModelSettings::modelName).toList());
        if (model == null || model.isBlank()) {
            if (settings.models().size() != 1) {
                throw new MojoFailureException("which model? pass -Dmodel=<model_name>, one of " + names);
            }
            model = settings.models().get(0).modelName();
        }
        modelSettings = settings.model(model);
        if (modelSettings.isEmpty()) {
            throw new MojoFailureException("model '" + model + "' is not in " + settingsFile.getName()
                    + "; its models are " + names);
        }
        return model;
    }

    /**
     * @return {@code -Denv}, else {@code MODEL_ENV}, else {@code fallback}
     */
    protected Environment environment(Environment fallback) throws MojoFailureException {
        String chosen = env != null && !env.isBlank() ? env : System.getenv("MODEL_ENV");
        if (chosen == null || chosen.isBlank()) {
            return fallback;
        }
        return Environment.parse(chosen.trim()).orElseThrow(() -> new MojoFailureException("environment '" + chosen
                + "' is not one of dev, test, prod (-Denv or MODEL_ENV)"));
    }

    /**
     * @param version the goal's {@code -Dversion}
     * @return the version asked for, if any
     */
    protected static OptionalInt requestedVersion(Integer version) throws MojoFailureException {
        if (version == null) {
            return OptionalInt.empty();
        }
        if (version < 1) {
            throw new MojoFailureException("version " + version + " does not exist; versions count from 1");
        }
        return OptionalInt.of(version);
    }

    /**
     * @param chosen   the goal's {@code -Dmlops.service}
     * @param allowAll whether {@code all} (prediction and training) is allowed
     * @return {@code -Dmlops.service}, else {@code SERVICE_NAME}, else prediction
     */
    protected static List<Service> services(String chosen, boolean allowAll) throws MojoFailureException {
        String service = chosen != null && !chosen.isBlank() ? chosen : System.getenv("SERVICE_NAME");
        if (service == null || service.isBlank()) {
            return List.of(Service.PREDICTION);
        }
        if (allowAll && service.trim().equals("all")) {
            return List.of(Service.PREDICTION, Service.TRAINING);
        }
        return List.of(Service.parse(service.trim()).orElseThrow(() -> new MojoFailureException("service '" + service
                + "' is not prediction or training" + (allowAll ? " (or all)" : "") + " (-Dmlops.service or"
                + " SERVICE_NAME)")));
    }
}
