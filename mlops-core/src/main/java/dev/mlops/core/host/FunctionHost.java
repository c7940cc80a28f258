package dev.mlops.core.host;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.HttpContinueReadHandler;
import dev.mlops.core.monitoring.PredictionLog;
import dev.mlops.core.store.ArtifactStore;
import dev.mlops.core.store.S3Options;
import dev.mlops.core.store.StoreAddress;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.xnio.Options;

/**
 * The runtime that serves deployed bundles over HTTP: what the {@code local} platform runs, and what each Kubernetes
 * pod runs. See {@link HostRoutes} for the API, and {@link FunctionHostCommand} for running it from a shell.
 *
 * <p>Model calls run on a pool of their own, so a model that hangs is answered with 504 after the call timeout and
 * interrupted, while other functions keep answering.
 */
public final class FunctionHost implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(FunctionHost.class.getName());

    /** Calls that may run at once before the host answers 503; a hung model holds one until it returns. */
    private static final int MAX_CALL_THREADS = 512;

    private final HostOptions options;
    private final DeploymentDirectory deployments;
    private final ThreadPoolExecutor calls;
    private final Undertow server;
    private final ScheduledExecutorService housekeeping;
    private final PredictionLog log;
    private final AtomicBoolean ready;
    private final int port;

    private FunctionHost(HostOptions options, DeploymentDirectory deployments, ThreadPoolExecutor calls,
                         Undertow server, ScheduledExecutorService housekeeping, PredictionLog log,
                         AtomicBoolean ready) {
        this.ready = ready;
        this.housekeeping = housekeeping;
        this.log = log;
        this.options = options;
        this.deployments = deployments;
        this.calls = calls;
        this.server = server;
        this.port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    /**
     * Loads every bundle in the deployment folder and starts listening.
     *
     * @param options how to run
     * @return the running host
     * @throws IOException when the folders cannot be made or the port cannot be bound
     */
    public static FunctionHost start(HostOptions options) throws IOException {
        return start(options, System::getenv);
    }

    /**
     * @param environment where secret values come from, by name
     */
    static FunctionHost start(HostOptions options, UnaryOperator<String> environment) throws IOException {
        return start(options, environment, true);
    }

    /**
     * @param ready whether {@code /v2/health/ready} says ready from the start; else only once {@link #ready()} is
     *              called, as a pod's host does once it has fetched and loaded its bundle
     */
    static FunctionHost start(HostOptions options, UnaryOperator<String> environment, boolean ready)
            throws IOException {
        AtomicBoolean readiness = new AtomicBoolean(ready);
        HostMetrics metrics = new HostMetrics();
        DeploymentDirectory deployments = new DeploymentDirectory(options.deployments(), options.work(), metrics,
                environment, options.loadTimeout());
        deployments.start(options.scanInterval());
        PredictionFiles files = new PredictionFiles(options.files(), options.retention(), Clock.systemUTC());
        ThreadPoolExecutor calls = callPool();
        PredictionLog log = new PredictionLog(options.predictionLog(), address -> ArtifactStore.open(
                StoreAddress.parse(address, Path.of("")), S3Options.fromEnvironment(environment)),
                Clock.systemUTC(), hostId(environment));
        metrics.register(log);
        HttpHandler routes = new HostRoutes(options, deployments, files, metrics, calls, log, readiness::get);
        Undertow server = server(options.bind(), options.port(), options.limits())
                .setHandler(new ConnectionLimit(new HttpContinueReadHandler(routes), options.limits().maxConnections()))
                .build();
        try {
            server.start();
        } catch (RuntimeException e) {
            deployments.close();
            calls.shutdownNow();
            log.close();
            throw new IOException("cannot listen on " + options.bind() + ":" + options.port() + " ("
                    + rootMessage(e) + "); choose another port, or 0 for a free one", e);
        }
        ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "mlops-files");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(1_000, Math.min(60_000, options.retention().maxAge().toMillis() / 10));
        housekeeping.scheduleWithFixedDelay(files::expire, period, period, TimeUnit.MILLISECONDS);
        FunctionHost host = new FunctionHost(options, deployments, calls, server, housekeeping, log, readiness);
        LOG.log(System.Logger.Level.INFO, "serving " + deployments.all().size() + " function(s) from "
                + options.deployments() + " on http://" + options.bind() + ":" + host.port()
                + (options.token().isPresent() ? " (bearer token required)" : ""));
        return host;
    }

    /**
     * @return the pool model calls run on: threads as needed up to {@link #MAX_CALL_THREADS}, each call handed to an
     *         idle one or a new one, never queued
     */
    static ThreadPoolExecutor callPool() {
        AtomicInteger threads = new AtomicInteger();
        return new ThreadPoolExecutor(Runtime.getRuntime().availableProcessors(), MAX_CALL_THREADS, 60,
                TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
                    Thread thread = new Thread(r, "mlops-call-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /**
     * @return Undertow as the host runs it, without its handler
     */
    static Undertow.Builder server(String bind, int port, HostOptions.Limits limits) {
        return Undertow.builder()
                .addHttpListener(port, bind)
                // Bodies are counted by RequestBody, in decoded bytes, and answered 413; Undertow's own count takes
                // in a chunked body's framing and ends the connection instead.
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, 0L)
                .setServerOption(UndertowOptions.ALWAYS_SET_DATE, false)
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, millis(limits.headerTimeout()))
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, millis(limits.idleTimeout()))
                .setSocketOption(Options.REUSE_ADDRESSES, true)
                // Beyond twice the connection limit the listener stops accepting: file descriptors stay bounded.
                .setSocketOption(Options.CONNECTION_HIGH_WATER, 2 * limits.maxConnections())
                .setSocketOption(Options.CONNECTION_LOW_WATER, 2 * limits.maxConnections());
    }

    private static int millis(java.time.Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
    }

    /** From now on, {@code /v2/health/ready} says ready. */
    void ready() {
        ready.set(true);
    }

    /**
     * @return whether {@code /v2/health/ready} says ready
     */
    boolean isReady() {
        return ready.get();
    }

    /**
     * @return the function deployed under this id, once its bundle is loaded (or failed to load)
     */
    Optional<LoadedFunction> function(String externalId) {
        return Optional.ofNullable(deployments.get(externalId));
    }

    /**
     * @return the port the host listens on
     */
    public int port() {
        return port;
    }

    /**
     * @return how the host was started
     */
    public HostOptions options() {
        return options;
    }

    /**
     * Names this host in the prediction log's file names: the machine's (in Kubernetes, the pod's) name and the
     * process.
     */
    private static String hostId(UnaryOperator<String> environment) {
        String name = Optional.ofNullable(environment.apply("HOSTNAME")).filter(h -> !h.isBlank()).orElse("host");
        name = name.length() > 40 ? name.substring(0, 40) : name;
        return name + "-" + ProcessHandle.current().pid();
    }

    /** Stops listening, stores what the prediction log holds, and unloads every function. */
    @Override
    public void close() {
        housekeeping.shutdownNow();
        server.stop();
        calls.shutdownNow();
        try {
            // The calls just interrupted answer and offer their records within moments; the log then stores them.
            calls.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.close();
        deployments.close();
        LOG.log(System.Logger.Level.INFO, "stopped");
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
