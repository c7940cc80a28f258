package dev.mlops.core.host;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
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
    private final int port;

    private FunctionHost(HostOptions options, DeploymentDirectory deployments, ThreadPoolExecutor calls,
                         Undertow server) {
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
        HostMetrics metrics = new HostMetrics();
        DeploymentDirectory deployments = new DeploymentDirectory(options.deployments(), options.work(), metrics,
                environment, options.loadTimeout());
        deployments.start(options.scanInterval());
        PredictionFiles files = new PredictionFiles(options.files());
        ThreadPoolExecutor calls = callPool();
        Undertow server = server(options.bind(), options.port(), options.maxBodyBytes())
                .setHandler(new HostRoutes(options, deployments, files, metrics, calls))
                .build();
        try {
            server.start();
        } catch (RuntimeException e) {
            deployments.close();
            calls.shutdownNow();
            throw new IOException("cannot listen on " + options.bind() + ":" + options.port() + " ("
                    + rootMessage(e) + "); choose another port, or 0 for a free one", e);
        }
        FunctionHost host = new FunctionHost(options, deployments, calls, server);
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
    static Undertow.Builder server(String bind, int port, long maxBodyBytes) {
        return Undertow.builder()
                .addHttpListener(port, bind)
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, maxBodyBytes)
                .setServerOption(UndertowOptions.ALWAYS_SET_DATE, false)
                .setSocketOption(Options.REUSE_ADDRESSES, true);
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

    /** Stops listening and unloads every function. */
    @Override
    public void close() {
        server.stop();
        calls.shutdownNow();
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
