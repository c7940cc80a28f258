package dev.mlops.core.host;

import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.SameThreadExecutor;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.xnio.XnioExecutor;

/**
 * The function host's serving layer without the model and without JSON: Undertow as the host configures it, the
 * host's body reader, and a fixed answer, given in one of three ways, so that a benchmark can tell what each layer
 * of a call costs:
 * <ul>
 *   <li>{@code io}: on the I/O thread, as soon as the body is read;</li>
 *   <li>{@code pool}: from the host's call pool (what isolates a hanging model);</li>
 *   <li>{@code pool-timer}: from the call pool, with the per-call time-out timer the host sets.</li>
 * </ul>
 * In this package because it uses the host's package-private parts.
 *
 * <p>Usage: {@code ServingFloors MODE PORT}
 */
public final class ServingFloors {

    private static final byte[] ANSWER = "{\"status\":\"ok\",\"prediction\":{\"AC\":[1.0]},\"model_id\":\"linear/dev/1\"}"
            .getBytes(StandardCharsets.UTF_8);

    private static final long MAX_BODY = HostOptions.DEFAULT_MAX_BODY_BYTES;

    private ServingFloors() {
    }

    public static void main(String[] args) {
        String mode = args[0];
        if (!mode.equals("io") && !mode.equals("pool") && !mode.equals("pool-timer")) {
            throw new IllegalArgumentException("mode is io, pool or pool-timer, not " + mode);
        }
        ThreadPoolExecutor calls = FunctionHost.callPool();
        HostOptions.Limits limits = HostOptions.Limits.defaults();
        RequestBody.Pending pending = new RequestBody.Pending(limits.maxPendingBytes());
        Undertow server = FunctionHost.server("127.0.0.1", Integer.parseInt(args[1]), limits)
                .setHandler(exchange -> RequestBody.read(exchange, MAX_BODY, pending, limits.bodyTimeout().toMillis(),
                        (ex, body) -> ex.dispatch(SameThreadExecutor.INSTANCE, () -> answer(ex, mode, calls)),
                        (ex, error) -> ex.setStatusCode(400).endExchange()))
                .build();
        server.start();
        System.out.println("serving a fixed answer (" + mode + ") on port " + args[1]);
    }

    private static void answer(HttpServerExchange exchange, String mode, ThreadPoolExecutor calls) {
        if (mode.equals("io")) {
            send(exchange);
            return;
        }
        XnioExecutor.Key timer = mode.equals("pool-timer")
                ? exchange.getIoThread().executeAfter(() -> { }, HostOptions.DEFAULT_CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) : null;
        calls.execute(() -> {
            if (timer != null) {
                timer.remove();
            }
            send(exchange);
        });
    }

    private static void send(HttpServerExchange exchange) {
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send(ByteBuffer.wrap(ANSWER));
    }
}
