package dev.mlops.core.home;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where mlops keeps its things on this machine (the local platform's deployments, the local artifact store): the
 * {@code mlops.home} property if given, else the environment variable {@code MLOPS_HOME}, else {@code ~/.mlops}.
 *
 * @param folder the folder
 * @param source which of the three chose it, for the log
 */
public record MlopsHome(Path folder, String source) {

    /** The environment variable that names the folder. */
    public static final String VARIABLE = "MLOPS_HOME";

    /**
     * @param property    the value of {@code -Dmlops.home}, if given
     * @param environment the value of {@code MLOPS_HOME}, if set
     * @param userHome    the user's home folder
     * @return the folder and which setting chose it
     */
    public static MlopsHome resolve(Optional<String> property, Optional<String> environment, Path userHome) {
        if (property.filter(p -> !p.isBlank()).isPresent()) {
            return new MlopsHome(Path.of(property.get()).toAbsolutePath(), "-Dmlops.home");
        }
        if (environment.filter(e -> !e.isBlank()).isPresent()) {
            return new MlopsHome(Path.of(environment.get()).toAbsolutePath(), VARIABLE);
        }
        return new MlopsHome(userHome.resolve(".mlops"), "the default ~/.mlops");
    }

    /**
     * @return the folder of bundles the local platform's function host serves
     */
    public Path localDeployments() {
        return folder.resolve("local").resolve("deployments");
    }
}
