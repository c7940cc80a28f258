package dev.mlops.core.image;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.CredentialRetriever;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Port;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import dev.mlops.core.files.FolderTree;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * The function host's container image, built without a Docker daemon by jib-core and pushed to the team's registry
 * only when the registry lacks it.
 *
 * <p>The image is the base (a JRE) and three layers of its own: the host's third-party libraries, the snapshot
 * libraries among them, and mlops's own jars, so a new mlops version changes only the small last layer. It runs as
 * the unprivileged user 65532, from a read-only root file system if the cluster asks (its state lives under
 * {@value #STATE}). Its tag is the mlops version followed by a fingerprint of what goes into it (the base's
 * reference and every jar's SHA-256), and jib fixes every time stamp, so the same mlops version on the same base
 * gives the same digest; a deployment asks the registry for that tag first and pushes nothing when it is there.
 *
 * <p>Bundles are not in the image: pods download them from the store by SHA-256 at start.
 */
public final class HostImage {

    /** The repository of the host's image in the team's registry. */
    public static final String REPOSITORY = "mlops-host";
    /** The base image when none is given. */
    public static final String DEFAULT_BASE = "eclipse-temurin:17-jre";
    /** Where the host's jars lie in the image. */
    public static final String APP = "/opt/mlops";
    /** The host's state folder, writable by its user. */
    public static final String STATE = "/var/lib/mlops";
    /** The user and group the host runs as: not root, the conventional "nonroot" of distroless images. */
    public static final String USER = "65532:65532";
    /** The port the host listens on in its container. */
    public static final int PORT = 8080;
    /** The class the image runs. */
    public static final String MAIN_CLASS = "dev.mlops.core.host.FunctionHostCommand";

    private static final Instant FILE_TIME = Instant.ofEpochSecond(1);
    /** jib's system property that lets credentials go to a registry over plain HTTP. */
    private static final String SEND_CREDENTIALS_OVER_HTTP = "sendCredentialsOverHttp";
    private static final FilePermissions FILE = FilePermissions.fromOctalString("644");
    private static final FilePermissions FOLDER = FilePermissions.fromOctalString("755");

    /**
     * What to build and where to push it.
     *
     * @param base             the base image, with {@code java} on its {@code PATH} (a tag, or better a digest)
     * @param registry         where the image goes: a registry's host, optionally with a namespace
     *                         ({@code registry.example.com/team})
     * @param mlopsVersion     the version of mlops the image serves
     * @param classPath        the host's class path: mlops-core and the libraries it needs at run time
     * @param login            credentials for the registry (from a {@code settings.xml} server), if any; otherwise
     *                         the credential helper, then Docker's config file
     * @param credentialHelper a Docker credential helper to ask ({@code ecr-login} for
     *                         {@code docker-credential-ecr-login}), if any
     * @param dockerConfig     Docker's config file ({@code ~/.docker/config.json} or {@code $DOCKER_CONFIG})
     * @param allowInsecure    whether registries may be reached over plain HTTP
     * @param work             a folder for what the build writes (ONNX Runtime's jar for Linux x64 only)
     */
    public record Request(String base, String registry, String mlopsVersion, List<Path> classPath,
                          Optional<RegistryLogin> login, Optional<String> credentialHelper, Path dockerConfig,
                          boolean allowInsecure, Path work) {
        public Request {
            Objects.requireNonNull(base, "base");
            Objects.requireNonNull(work, "work");
            Objects.requireNonNull(registry, "registry");
            Objects.requireNonNull(mlopsVersion, "mlopsVersion");
            classPath = List.copyOf(classPath);
        }
    }

    /**
     * The image a deployment's pods run.
     *
     * @param reference the image as pods pull it: {@code registry/mlops-host:tag@sha256:…}
     * @param digest    its manifest's digest
     * @param pushed    whether this call built and pushed it (false: the registry already held it)
     * @param credentialSource where the registry's credentials came from, or {@code none} for anonymous
     */
    public record Result(String reference, String digest, boolean pushed, String credentialSource) {
    }

    private final Consumer<String> info;
    private final Consumer<String> debug;

    /**
     * @param info  where progress worth a user's reading goes
     * @param debug where jib's own detail goes
     */
    public HostImage(Consumer<String> info, Consumer<String> debug) {
        this.info = info;
        this.debug = debug;
    }

    /**
     * Makes sure the registry holds the host's image of this mlops version and base: asks for its tag, and builds
     * and pushes it only when the registry lacks it.
     *
     * @throws ImageException when a reference is malformed, the registry cannot be reached or refuses, or the base
     *                        cannot be pulled
     */
    public Result ensure(Request request) throws ImageException {
        try {
            ImageReference.parse(request.base());
        } catch (InvalidImageReferenceException e) {
            throw new ImageException("the base image '" + request.base() + "' is not an image reference, such as"
                    + " eclipse-temurin:17-jre or eclipse-temurin:17-jre@sha256:…", e);
        }
        ImageReference target = target(request);
        Optional<RegistryLogin> login = login(request, target);
        String source = login.map(RegistryLogin::source).orElse("none");
        info.accept("host image " + target + ": registry credentials from " + (login.isPresent() ? source
                : "nowhere (none in settings.xml, a credential helper or Docker's config; trying anonymously)"));
        Optional<String> present;
        try {
            present = new RegistryProbe(request.allowInsecure()).manifestDigest(target.getRegistry(),
                    target.getRepository(), target.getTag().orElseThrow(), login);
        } catch (IOException e) {
            throw new ImageException("cannot ask the registry " + target.getRegistry() + " for the host's image "
                    + target + ": " + (e.getMessage() != null ? e.getMessage() : e instanceof java.net.ConnectException
                    ? "nothing answers there (connection refused)" : e.getClass().getSimpleName()), e);
        }
        if (present.isPresent()) {
            info.accept("host image " + target + " is in the registry (" + present.get() + "): nothing to push");
            return new Result(withDigest(target, present.get()), present.get(), false, source);
        }
        info.accept("host image " + target + " is not in the registry: building it on " + request.base());
        JibContainer container;
        // jib sends no credentials over plain HTTP unless told to; a registry allowed over HTTP was allowed so.
        String overHttp = System.getProperty(SEND_CREDENTIALS_OVER_HTTP);
        boolean allowOverHttp = request.allowInsecure() && login.isPresent() && overHttp == null;
        if (allowOverHttp) {
            System.setProperty(SEND_CREDENTIALS_OVER_HTTP, "true");
        }
        try {
            container = build(request, target, login);
        } finally {
            if (allowOverHttp) {
                System.clearProperty(SEND_CREDENTIALS_OVER_HTTP);
            }
        }
        String digest = container.getDigest().toString();
        info.accept("host image pushed: " + withDigest(target, digest));
        return new Result(withDigest(target, digest), digest, true, source);
    }

    /**
     * @return the image's reference by tag, {@code registry/mlops-host:tag}, without asking the registry: what a
     *         dry run names
     */
    public static String reference(Request request) throws ImageException {
        return target(request).toString();
    }

    /**
     * @return the image's tag: the mlops version, then the first 12 hex digits of a SHA-256 over the base's
     *         reference and the SHA-256 of every jar
     */
    public static String tag(Request request) throws ImageException {
        try {
            MessageDigest fingerprint = MessageDigest.getInstance("SHA-256");
            fingerprint.update(("base " + request.base() + "\nmain " + MAIN_CLASS + "\nuser " + USER + "\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            for (Path jar : request.classPath()) {
                fingerprint.update((jar.getFileName() + " " + FolderTree.sha256(jar) + "\n")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            String version = request.mlopsVersion().replaceAll("[^A-Za-z0-9_.-]", "_");
            return version + "-" + HexFormat.of().formatHex(fingerprint.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        } catch (IOException e) {
            throw new ImageException("cannot read the host's class path to fingerprint its image: " + e.getMessage(),
                    e);
        }
    }

    private static ImageReference target(Request request) throws ImageException {
        String registry = request.registry().strip().replaceAll("/+$", "");
        int slash = registry.indexOf('/');
        if (registry.isEmpty() || registry.contains("://") || registry.contains("@") || registry.contains(" ")
                || slash == 0 || slash > 0 && registry.indexOf(':', slash) > 0) {
            throw new ImageException("the image registry '" + request.registry() + "' is not a registry's host with"
                    + " an optional namespace, such as registry.example.com/team or localhost:5000", null);
        }
        try {
            return ImageReference.parse(registry + "/" + REPOSITORY + ":" + tag(request));
        } catch (InvalidImageReferenceException e) {
            throw new ImageException("the image registry '" + request.registry() + "' does not give a valid image"
                    + " reference: " + e.getMessage(), e);
        }
    }

    private Optional<RegistryLogin> login(Request request, ImageReference image) throws ImageException {
        if (request.login().isPresent()) {
            return request.login();
        }
        CredentialRetrieverFactory factory = CredentialRetrieverFactory.forImage(image, this::jibLog);
        List<CredentialRetriever> retrievers = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        request.credentialHelper().ifPresent(helper -> {
            retrievers.add(factory.dockerCredentialHelper(helper.startsWith("docker-credential-") ? helper
                    : "docker-credential-" + helper));
            sources.add("the credential helper docker-credential-" + helper.replaceFirst("^docker-credential-",
                    ""));
        });
        retrievers.add(factory.dockerConfig(request.dockerConfig()));
        sources.add("Docker's config " + request.dockerConfig());
        for (int i = 0; i < retrievers.size(); i++) {
            try {
                Optional<Credential> found = retrievers.get(i).retrieve();
                if (found.isPresent()) {
                    return Optional.of(new RegistryLogin(found.get().getUsername(), found.get().getPassword(),
                            sources.get(i)));
                }
            } catch (com.google.cloud.tools.jib.registry.credentials.CredentialRetrievalException e) {
                throw new ImageException("cannot read the registry's credentials from " + sources.get(i) + ": "
                        + e.getMessage(), e);
            }
        }
        return Optional.empty();
    }

    private JibContainer build(Request request, ImageReference target, Optional<RegistryLogin> login)
            throws ImageException {
        try {
            ImageReference baseReference = ImageReference.parse(request.base());
            RegistryImage base = RegistryImage.named(baseReference);
            CredentialRetrieverFactory baseCredentials = CredentialRetrieverFactory.forImage(baseReference,
                    this::jibLog);
            if (login.isPresent() && baseReference.getRegistry().equals(target.getRegistry())) {
                base.addCredentialRetriever(() -> Optional.of(credential(login.get())));
            }
            request.credentialHelper().ifPresent(helper -> base.addCredentialRetriever(
                    baseCredentials.dockerCredentialHelper("docker-credential-"
                            + helper.replaceFirst("^docker-credential-", ""))));
            base.addCredentialRetriever(baseCredentials.dockerConfig(request.dockerConfig()));
            RegistryImage destination = RegistryImage.named(target);
            login.ifPresent(l -> destination.addCredentialRetriever(() -> Optional.of(credential(l))));
            JibContainerBuilder builder = Jib.from(base);
            layers(request.classPath(), request.work()).forEach(builder::addFileEntriesLayer);
            return builder
                    .setFormat(ImageFormat.OCI)
                    .setCreationTime(Instant.EPOCH)
                    .setUser(USER)
                    .setWorkingDirectory(AbsoluteUnixPath.get(STATE))
                    .setEntrypoint(entrypoint(request.classPath()))
                    .setProgramArguments(List.of())
                    .addExposedPort(Port.tcp(PORT))
                    .addLabel("org.opencontainers.image.title", REPOSITORY)
                    .addLabel("org.opencontainers.image.version", request.mlopsVersion())
                    .addLabel("org.opencontainers.image.base.name", request.base())
                    .containerize(Containerizer.to(destination)
                            .setAllowInsecureRegistries(request.allowInsecure())
                            .setToolName("mlops")
                            .setToolVersion(request.mlopsVersion())
                            .addEventHandler(LogEvent.class, this::jibLog));
        } catch (InvalidImageReferenceException e) {
            throw new ImageException("the base image '" + request.base() + "' is not an image reference: "
                    + e.getMessage(), e);
        } catch (RegistryException | ExecutionException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new ImageException("cannot build and push the host's image " + target + " on " + request.base()
                    + ": " + cause.getMessage(), e);
        } catch (IOException | CacheDirectoryCreationException e) {
            throw new ImageException("cannot build the host's image " + target + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageException("interrupted while building the host's image " + target, e);
        }
    }

    /**
     * @return the image's layers over the base: libraries, snapshot libraries, mlops's jars, and the state folder
     */
    static List<FileEntriesLayer> layers(List<Path> classPath, Path work) throws IOException {
        FileEntriesLayer.Builder libraries = FileEntriesLayer.builder().setName("dependencies");
        FileEntriesLayer.Builder snapshots = FileEntriesLayer.builder().setName("snapshot dependencies");
        FileEntriesLayer.Builder mlops = FileEntriesLayer.builder().setName("mlops");
        Map<Path, String> names = jarNames(classPath);
        for (Path jar : classPath) {
            FileEntriesLayer.Builder layer = isMlops(jar) ? mlops : names.get(jar).contains("SNAPSHOT") ? snapshots
                    : libraries;
            layer.addEntry(OnnxRuntimeJar.forLinuxX64(jar, work), AbsoluteUnixPath.get(APP + "/lib/"
                    + names.get(jar)), FILE, FILE_TIME);
        }
        FileEntriesLayer state = FileEntriesLayer.builder().setName("state")
                // A folder's entry takes its type from its source, any folder: the temporary one always exists.
                .addEntry(new FileEntry(Path.of(System.getProperty("java.io.tmpdir")),
                        AbsoluteUnixPath.get(STATE), FOLDER, FILE_TIME, USER))
                .build();
        List<FileEntriesLayer> layers = new ArrayList<>();
        for (FileEntriesLayer.Builder layer : List.of(libraries, snapshots, mlops)) {
            FileEntriesLayer built = layer.build();
            if (!built.getEntries().isEmpty()) {
                layers.add(built);
            }
        }
        layers.add(state);
        return layers;
    }

    /**
     * @return the command the image runs: {@code java} from the base's {@code PATH} with the host's class path
     */
    static List<String> entrypoint(List<Path> classPath) {
        Map<Path, String> names = jarNames(classPath);
        List<String> entries = classPath.stream().map(jar -> APP + "/lib/" + names.get(jar)).toList();
        return List.of("java", "-XX:+ExitOnOutOfMemoryError", "-cp", String.join(":", entries), MAIN_CLASS);
    }

    /** The jars' names in the image: their own, unless two share one. */
    private static Map<Path, String> jarNames(List<Path> classPath) {
        Map<Path, String> names = new LinkedHashMap<>();
        Set<String> taken = new HashSet<>();
        for (Path jar : classPath) {
            String name = jar.getFileName().toString();
            for (int n = 2; !taken.add(name.toLowerCase(Locale.ROOT)); n++) {
                name = n + "-" + jar.getFileName();
            }
            names.put(jar, name);
        }
        return names;
    }

    private static boolean isMlops(Path jar) {
        String name = jar.getFileName().toString();
        return name.startsWith("mlops-core-") || name.startsWith("mlops-api-")
                || jar.toAbsolutePath().normalize().toString().replace('\\', '/').contains("/dev/mlops/");
    }

    private static String withDigest(ImageReference image, String digest) {
        return image.getRegistry().equals("registry-1.docker.io") ? "docker.io/" + image.getRepository() + ":"
                + image.getTag().orElseThrow() + "@" + digest : image + "@" + digest;
    }

    private static Credential credential(RegistryLogin login) {
        return Credential.from(login.username(), login.password());
    }

    private void jibLog(LogEvent event) {
        switch (event.getLevel()) {
            case ERROR, WARN -> info.accept("jib: " + event.getMessage());
            default -> debug.accept("jib: " + event.getMessage());
        }
    }

}
