package dev.mlops.maven;

import dev.mlops.core.model.ModelClassCheck;
import dev.mlops.core.model.OnnxCheck;
import dev.mlops.core.settings.ModelFormat;
import dev.mlops.core.settings.OnnxSettings;
import dev.mlops.core.settings.ModelSettings;
import dev.mlops.core.settings.Settings;
import dev.mlops.core.settings.SettingsProblem;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Checks {@code mlops_settings.yaml}: every field of every model, with all mistakes reported together, each with its
 * line and column and how to fix it. When the project's classes are compiled, also checks that each
 * {@code model_class} exists and implements the {@code mlops-api} contract.
 */
@Mojo(name = "validate", defaultPhase = LifecyclePhase.VALIDATE, threadSafe = true)
public class ValidateMojo extends AbstractSettingsMojo {

    /**
     * Skips this goal.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.validate.skip", defaultValue = "false")
    private boolean skipValidate;

    @Override
    public void execute() throws MojoFailureException {
        if (skipped("validate", skipValidate)) {
            return;
        }
        Settings settings = readSettings();
        ModelClassCheck.Outcome classes = ModelClassCheck.check(settings,
                Path.of(project.getBuild().getOutputDirectory()), resolvedDependencies(),
                project.getCompileSourceRoots().stream().map(Path::of).toList());
        ModelClassCheck.Outcome graphs = OnnxCheck.check(settings);
        List<SettingsProblem> problems = new ArrayList<>(classes.problems());
        problems.addAll(graphs.problems());
        if (!problems.isEmpty()) {
            throw new MojoFailureException(String.join("\n",
                    problems.stream().map(SettingsProblem::toString).toList()));
        }
        classes.notes().forEach(getLog()::info);
        graphs.notes().forEach(getLog()::info);
        for (ModelSettings model : settings.models()) {
            getLog().info(model.modelName() + " (" + model.humanFriendlyModelName() + "): settings valid; "
                    + services(model) + " by " + (model.modelFormat() == ModelFormat.ONNX
                    ? "the ONNX graph " + model.onnx().map(OnnxSettings::file).orElse("")
                    : model.modelClass()) + " on platform " + model.platform());
        }
    }

    /** Dependencies are not resolved for this goal (it runs before compile); use those another goal resolved. */
    private List<Path> resolvedDependencies() {
        return project.getArtifacts().stream().map(Artifact::getFile).filter(Objects::nonNull).map(File::toPath)
                .toList();
    }

    private static String services(ModelSettings model) {
        List<String> services = new ArrayList<>();
        model.prediction().ifPresent(p -> services.add("prediction"));
        model.training().ifPresent(t -> services.add("training"));
        return String.join(" and ", services);
    }
}
