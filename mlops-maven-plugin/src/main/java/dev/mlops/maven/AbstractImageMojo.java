package dev.mlops.maven;

import dev.mlops.core.image.HostImage;
import dev.mlops.core.image.ImageException;
import dev.mlops.core.image.RegistryLogin;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * The goals that need the function host's image for Kubernetes pods: either one named with {@code -Dmlops.image},
 * or the one mlops builds with jib-core and pushes to {@code -Dmlops.image.registry} when the registry lacks it.
 */
abstract class AbstractImageMojo extends AbstractStoreMojo {

    /**
     * For {@code platform: kubernetes}: a function host's image built elsewhere, as the cluster pulls it, such as
     * {@code registry.example.com/team/mlops-host:0.1.0-…@sha256:…}. Leave it out to have mlops build and push its
     * own to {@code -Dmlops.image.registry}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.image")
    protected String image;

    /**
     * For {@code platform: kubernetes}: the registry the function host's image goes to, as the cluster pulls from
     * it: a host with an optional namespace, such as {@code registry.example.com/team} or {@code localhost:5000}.
     * mlops pushes {@code <registry>/mlops-host:<mlops version>-<fingerprint>} there with jib-core, without a Docker
     * daemon, only when the registry lacks it: a new model version pushes no image bytes.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.image.registry")
    protected String imageRegistry;

    /**
     * The base image of the function host's image: a JRE 17 or newer with {@code java} on its {@code PATH}. A
     * digest ({@code eclipse-temurin:17-jre@sha256:…}) keeps the image the same from build to build; a tag follows
     * the base's updates.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.image.base", defaultValue = HostImage.DEFAULT_BASE)
    protected String imageBase;

    /**
     * The {@code settings.xml} server whose username and password log in to the image registry. Default: the
     * registry's host (and port), as in {@code <id>registry.example.com</id>}. Without such a server, the
     * credentials come from {@code -Dmlops.image.credentialHelper}, then Docker's config file
     * ({@code $DOCKER_CONFIG/config.json} or {@code ~/.docker/config.json}, with its {@code credHelpers} and
     * {@code credsStore}); the log names where they came from, never the secret.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.image.serverId")
    protected String imageServerId;

    /**
     * A Docker credential helper to ask for the image registry's credentials, such as {@code ecr-login} (for
     * {@code docker-credential-ecr-login}) or {@code gcloud}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.image.credentialHelper")
    protected String imageCredentialHelper;

    /**
     * Whether the image registries (the base's and the target) may be reached over plain HTTP, as a registry on
     * loopback is. Off by default: credentials would cross the network in the clear.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.image.insecure", defaultValue = "false")
    protected boolean imageInsecure;

    @Parameter(defaultValue = "${plugin.version}", readonly = true)
    protected String mlopsVersion;

    protected AbstractImageMojo(SettingsDecrypter decrypter) {
        super(decrypter);
    }

    /**
     * @return the image the pods run: {@code -Dmlops.image} as given, else the one in {@code -Dmlops.image.registry},
     *         pushed there first when the registry lacks it
     */
    protected String hostImage() throws MojoFailureException {
        return hostImage(true);
    }

    /**
     * @return the image a dry run names: as {@link #hostImage()}, by tag, without asking the registry or pushing
     */
    protected String plannedHostImage() throws MojoFailureException {
        return hostImage(false);
    }

    private String hostImage(boolean push) throws MojoFailureException {
        boolean named = image != null && !image.isBlank();
        boolean registry = imageRegistry != null && !imageRegistry.isBlank();
        if (named && registry) {
            throw new MojoFailureException("-Dmlops.image names an image built elsewhere and -Dmlops.image.registry"
                    + " asks mlops to build its own; give one of them");
        }
        if (named) {
            return image.strip();
        }
        if (!registry) {
            throw new MojoFailureException("platform kubernetes runs the function host's image in its pods; name"
                    + " the registry mlops pushes it to with -Dmlops.image.registry, such as"
                    + " -Dmlops.image.registry=registry.example.com/team (or an image built elsewhere with"
                    + " -Dmlops.image)");
        }
        if (!push) {
            try {
                return HostImage.reference(imageRequest(Optional.empty()));
            } catch (ImageException e) {
                throw new MojoFailureException(e.getMessage(), e);
            }
        }
        return ensureImage().reference();
    }

    /**
     * @return the image in {@code -Dmlops.image.registry}, pushed there first when the registry lacks it
     */
    protected HostImage.Result ensureImage() throws MojoFailureException {
        String serverId = imageServerId != null && !imageServerId.isBlank() ? imageServerId.strip()
                : imageRegistry.strip().split("/", 2)[0];
        Optional<RegistryLogin> login = Optional.empty();
        Optional<Server> server = server(serverId);
        if (server.isPresent()) {
            if (isBlank(server.get().getUsername()) || isBlank(server.get().getPassword())) {
                throw new MojoFailureException("the settings.xml server " + serverId + " needs both a username and"
                        + " a password to log in to the image registry " + imageRegistry.strip());
            }
            login = Optional.of(new RegistryLogin(server.get().getUsername().strip(), server.get().getPassword()
                    .strip(), "settings.xml server '" + serverId + "'"));
        }
        try {
            return new HostImage(getLog()::info, getLog()::debug).ensure(imageRequest(login));
        } catch (ImageException e) {
            throw new MojoFailureException(e.getMessage() + suggestion(e.getMessage()), e);
        }
    }

    private HostImage.Request imageRequest(Optional<RegistryLogin> login) {
        String dockerConfigFolder = System.getenv("DOCKER_CONFIG");
        Path dockerConfig = dockerConfigFolder != null && !dockerConfigFolder.isBlank()
                ? Path.of(dockerConfigFolder, "config.json")
                : Path.of(System.getProperty("user.home"), ".docker", "config.json");
        return new HostImage.Request(isBlank(imageBase) ? HostImage.DEFAULT_BASE : imageBase.strip(),
                imageRegistry.strip(), mlopsVersion, hostClassPath(), login,
                Optional.ofNullable(imageCredentialHelper).filter(h -> !h.isBlank()).map(String::strip),
                dockerConfig, imageInsecure, Path.of(project.getBuild().getDirectory(), "mlops", "image"));
    }

    private String suggestion(String message) {
        if (message.contains("refused") || message.contains("asks for a user name")) {
            return "; log in with a <server> whose id is the registry's host in settings.xml (or"
                    + " -Dmlops.image.serverId), -Dmlops.image.credentialHelper or docker login";
        }
        if (message.contains("cannot ask the registry") && !imageInsecure) {
            return " (a registry that speaks plain HTTP, such as one on loopback, needs -Dmlops.image.insecure=true)";
        }
        return "";
    }
}
