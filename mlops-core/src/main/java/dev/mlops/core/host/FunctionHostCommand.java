package dev.mlops.core.host;

import dev.mlops.core.bundle.BundleDescriptor;
import dev.mlops.core.monitoring.PredictionLog;
import dev.mlops.core.store.ArtifactStore;
import dev.mlops.core.store.S3Options;
import dev.mlops.core.store.StoreAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.UnaryOperator;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Runs a function host from a shell, outside Maven: what a Kubernetes pod runs.
 *
 * <pre>
 * java -cp mlops-core.jar:… dev.mlops.core.host.FunctionHostCommand --deployments DIR [--port 8080] [--bind 127.0.0.1]
 *      [--port-file FILE] [--token-file FILE] [--call-timeout SECONDS] [--load-timeout SECONDS] [--max-body BYTES]
 *      [--max-pending BYTES] [--max-connections N] [--header-timeout SECONDS] [--body-timeout SECONDS]
 *      [--idle-timeout SECONDS] [--files-max-age SECONDS] [--files-max-bytes BYTES] [--log-flush SECONDS]
 *      [--log-queue RECORDS] [--log-queue-bytes BYTES] [--log-cpu SHARE]
 *      [--bundle-store ADDRESS --bundle-sha256 HEX]
 * </pre>
 *
 * With {@code --bundle-store} and {@code --bundle-sha256}, as a Kubernetes pod runs it, the host fetches that bundle
 * from the store, checks its SHA-256, loads it, and only then answers {@code /v2/health/ready} with 200; it exits
 * with status 1 when the bundle cannot be fetched or is not what its SHA-256 says.
 *
 * The token may also come from the environment variable {@code MLOPS_HOST_TOKEN}. The host stops cleanly on
 * SIGTERM or Ctrl-C.
 */
public final class FunctionHostCommand {

    private static final System.Logger LOG = System.getLogger(FunctionHostCommand.class.getName());

    static final String USAGE = "usage: FunctionHostCommand --deployments DIR [--port N (0: a free port)]"
            + " [--bind ADDRESS] [--port-file FILE] [--token-file FILE] [--call-timeout SECONDS]"
            + " [--load-timeout SECONDS] [--max-body BYTES] [--max-pending BYTES] [--max-connections N]"
            + " [--header-timeout SECONDS] [--body-timeout SECONDS] [--idle-timeout SECONDS]"
            + " [--files-max-age SECONDS] [--files-max-bytes BYTES] [--log-flush SECONDS] [--log-queue RECORDS]"
            + " [--log-queue-bytes BYTES] [--log-cpu SHARE (of one core, above 0, at most 1)]"
            + " [--bundle-store ADDRESS --bundle-sha256 HEX]";

    private FunctionHostCommand() {
    }

    /**
     * @param args see the class documentation
     */
    /**
     * @return what went wrong, in words: a file system's exception says only its path, so its kind comes first
     */
    static String describe(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "cannot write " + e.getMessage() + ": permission denied (the host's state folder must be"
                    + " writable by its user)";
        }
        if (e instanceof java.nio.file.FileSystemException fileSystem
                && String.valueOf(fileSystem.getReason()).contains("Read-only")) {
            return "cannot write " + e.getMessage() + ": the file system is read-only (mount a writable volume"
                    + " there)";
        }
        if (e instanceof java.nio.file.FileSystemException fileSystem && fileSystem.getReason() == null) {
            return e.getClass().getSimpleName().replace("Exception", "") + ": " + e.getMessage();
        }
        return e.getMessage();
    }

    public static void main(String[] args) throws Exception {
        configureLogging();
        HostOptions options;
        Optional<Path> portFile;
        ParsedArgs parsed;
        try {
            parsed = parse(args);
            options = parsed.options();
            portFile = parsed.portFile();
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        FunctionHost host;
        Optional<Fetch> fetch = parsed.fetch();
        try {
            host = FunctionHost.start(options, System::getenv, fetch.isEmpty());
        } catch (IOException e) {
            System.err.println("mlops function host: " + describe(e));
            System.exit(1);
            return;
        }
        if (fetch.isPresent()) {
            try {
                serveFetched(host, fetch.get(), System::getenv);
            } catch (IOException e) {
                // The pod restarts, and its log's last line says why.
                System.err.println("mlops function host: " + describe(e));
                host.close();
                System.exit(1);
                return;
            }
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            host.close();
            stopped.countDown();
        }, "mlops-host-shutdown"));
        if (portFile.isPresent()) {
            writePortFile(portFile.get(), host.port());
        }
        stopped.await();
    }

    /**
     * The parsed command line.
     *
     * @param fetch the bundle to fetch from a store before the host says it is ready, as a Kubernetes pod's host
     *              does
     */
    record ParsedArgs(HostOptions options, Optional<Path> portFile, Optional<Fetch> fetch) {
    }

    /**
     * @param store  the store's address ({@code s3://bucket/prefix} or a folder)
     * @param sha256 the bundle's SHA-256
     */
    record Fetch(String store, String sha256) {
    }

    static ParsedArgs parse(String[] args) throws IOException {
        Path deployments = null;
        Integer port = null;
        String bind = null;
        Path portFile = null;
        String token = System.getenv("MLOPS_HOST_TOKEN");
        Duration timeout = null;
        Duration loadTimeout = null;
        Long maxBody = null;
        HostOptions.Limits limits = HostOptions.Limits.defaults();
        HostOptions.FileRetention retention = HostOptions.FileRetention.defaults();
        PredictionLog.Options log = PredictionLog.Options.defaults();
        String bundleStore = null;
        String bundleSha256 = null;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            String value = args[++i];
            switch (name) {
                case "--deployments" -> deployments = Path.of(value);
                case "--port" -> port = (int) number(name, value, 0, 65535);
                case "--bind" -> bind = value;
                case "--port-file" -> portFile = Path.of(value);
                case "--token-file" -> token = Files.readString(Path.of(value), StandardCharsets.UTF_8).strip();
                case "--call-timeout" -> timeout = Duration.ofSeconds(number(name, value, 1, 86_400));
                case "--load-timeout" -> loadTimeout = Duration.ofSeconds(number(name, value, 1, 86_400));
                case "--max-body" -> maxBody = (long) number(name, value, 1, Integer.MAX_VALUE);
                case "--max-pending" -> limits = new HostOptions.Limits(limits.maxConnections(),
                        limits.headerTimeout(), limits.bodyTimeout(), limits.idleTimeout(),
                        number(name, value, 1024, Long.MAX_VALUE));
                case "--max-connections" -> limits = new HostOptions.Limits((int) number(name, value, 1, 1_000_000),
                        limits.headerTimeout(), limits.bodyTimeout(), limits.idleTimeout(), limits.maxPendingBytes());
                case "--header-timeout" -> limits = new HostOptions.Limits(limits.maxConnections(),
                        Duration.ofSeconds(number(name, value, 1, 3_600)), limits.bodyTimeout(),
                        limits.idleTimeout(), limits.maxPendingBytes());
                case "--body-timeout" -> limits = new HostOptions.Limits(limits.maxConnections(),
                        limits.headerTimeout(), Duration.ofSeconds(number(name, value, 1, 3_600)),
                        limits.idleTimeout(), limits.maxPendingBytes());
                case "--idle-timeout" -> limits = new HostOptions.Limits(limits.maxConnections(),
                        limits.headerTimeout(), limits.bodyTimeout(), Duration.ofSeconds(number(name, value, 1,
                        86_400)), limits.maxPendingBytes());
                case "--files-max-age" -> retention = new HostOptions.FileRetention(
                        Duration.ofSeconds(number(name, value, 1, 365L * 86_400)), retention.maxBytes());
                case "--files-max-bytes" -> retention = new HostOptions.FileRetention(retention.maxAge(),
                        number(name, value, 0, Long.MAX_VALUE));
                case "--log-flush" -> log = log.withFlushInterval(Duration.ofSeconds(number(name, value, 1, 86_400)));
                case "--log-queue" -> log = log.withQueue((int) number(name, value, 1, 10_000_000), log.queueBytes());
                case "--log-queue-bytes" -> log = log.withQueue(log.queueRecords(),
                        number(name, value, 1024, Long.MAX_VALUE));
                case "--log-cpu" -> log = log.withWriterCpu(share(name, value));
                case "--bundle-store" -> bundleStore = value;
                case "--bundle-sha256" -> bundleSha256 = value;
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        if (deployments == null) {
            throw new IllegalArgumentException("--deployments is required: the folder of bundles to serve");
        }
        HostOptions options = HostOptions.defaults(deployments);
        if (port != null) {
            options = options.withPort(port);
        }
        if (bind != null) {
            options = options.withBind(bind);
        }
        if (token != null && !token.isBlank()) {
            options = options.withToken(Optional.of(token));
        }
        if (timeout != null) {
            options = options.withCallTimeout(timeout);
        }
        if (maxBody != null) {
            options = options.withMaxBodyBytes(maxBody);
        }
        if (loadTimeout != null) {
            options = options.withLoadTimeout(loadTimeout);
        }
        options = options.withLimits(limits).withRetention(retention).withPredictionLog(log);
        if ((bundleStore == null) != (bundleSha256 == null)) {
            throw new IllegalArgumentException("--bundle-store and --bundle-sha256 go together: the store to fetch"
                    + " the bundle from, and its SHA-256");
        }
        if (bundleSha256 != null && !bundleSha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("--bundle-sha256 takes 64 lower-case hexadecimal digits, not '"
                    + bundleSha256 + "'");
        }
        return new ParsedArgs(options, Optional.ofNullable(portFile),
                bundleStore == null ? Optional.empty() : Optional.of(new Fetch(bundleStore, bundleSha256)));
    }

    /**
     * Fetches the bundle into the host's deployment folder, waits for the host to load it, and only then says the
     * host is ready. A bundle that fails to load keeps the host unready, its failure in the log.
     *
     * @throws IOException when the bundle cannot be fetched, or is not what its SHA-256 says
     */
    static void serveFetched(FunctionHost host, Fetch fetch, UnaryOperator<String> environment) throws IOException {
        ArtifactStore store = ArtifactStore.open(StoreAddress.parse(fetch.store(), Path.of("")),
                S3Options.fromEnvironment(environment));
        BundleDescriptor descriptor;
        try {
            descriptor = BundleFetch.fetch(store, fetch.sha256(), host.options().deployments());
        } finally {
            if (store instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    LOG.log(System.Logger.Level.DEBUG, "closing " + store.describe(), e);
                }
            }
        }
        long deadline = System.nanoTime() + host.options().loadTimeout().plusSeconds(10).toNanos();
        Optional<LoadedFunction> loaded = host.function(descriptor.externalId());
        while (loaded.isEmpty() && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            loaded = host.function(descriptor.externalId());
        }
        Optional<String> failure = loaded.isEmpty() ? Optional.of("it was not loaded within "
                + host.options().loadTimeout().plusSeconds(10).toSeconds() + " s") : loaded.get().failure();
        if (failure.isPresent()) {
            LOG.log(System.Logger.Level.ERROR, "cannot serve " + descriptor.externalId() + " (bundle "
                    + fetch.sha256() + "): " + failure.get() + "; the host stays unready");
            return;
        }
        host.ready();
        LOG.log(System.Logger.Level.INFO, "serving " + descriptor.externalId() + " from bundle " + fetch.sha256()
                + " of " + store.describe() + "; ready");
    }

    private static long number(String name, String value, long min, long max) {
        try {
            long number = Long.parseLong(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " takes a whole number from " + min + " to " + max + ", not '"
                + value + "'");
    }

    private static double share(String name, String value) {
        try {
            double share = Double.parseDouble(value);
            if (share > 0 && share <= 1) {
                return share;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " takes a share of one core above 0 and at most 1 (such as 0.5),"
                + " not '" + value + "'");
    }

    /** Written only once the host listens, and atomically, so whoever polls for it can trust what it reads. */
    private static void writePortFile(Path file, int port) throws IOException {
        Path absolute = file.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path partial = absolute.resolveSibling(absolute.getFileName() + ".partial");
        Files.writeString(partial, Integer.toString(port));
        Files.move(partial, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** One line a record on standard error; Undertow's own chatter only when it warns. */
    private static void configureLogging() {
        Logger root = Logger.getLogger("");
        for (var handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        ConsoleHandler console = new ConsoleHandler();
        console.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord record) {
                String message = formatMessage(record);
                return record.getInstant() + " " + record.getLevel() + " " + message + System.lineSeparator()
                        + (record.getThrown() == null ? "" : record.getThrown() + System.lineSeparator());
            }
        });
        root.addHandler(console);
        Logger.getLogger("io.undertow").setLevel(Level.WARNING);
        Logger.getLogger("org.xnio").setLevel(Level.WARNING);
        Logger.getLogger("org.jboss").setLevel(Level.WARNING);
        System.setProperty("org.jboss.logging.provider", "jdk");
    }
}
