package dev.mlops.core.host;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.ServerConnection;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the connections that have sent a request and are still open; a request on a connection beyond the limit
 * is answered 503 and its connection closed, so that idle and slow clients cannot take every connection the host
 * has while others call. (Connections that never finish their headers are ended by the header timeout, and the
 * listener stops accepting at twice the limit, so they cannot take the file descriptors either.)
 */
final class ConnectionLimit implements HttpHandler {

    private static final AttachmentKey<Boolean> COUNTED = AttachmentKey.create(Boolean.class);
    private static final byte[] BUSY = ("{\"status\":\"error\",\"error_message\":\"the host has as many connections"
            + " open as it may; call again\"}").getBytes(StandardCharsets.UTF_8);

    private final HttpHandler next;
    private final int limit;
    private final AtomicInteger open = new AtomicInteger();

    ConnectionLimit(HttpHandler next, int limit) {
        this.next = next;
        this.limit = limit;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        ServerConnection connection = exchange.getConnection();
        Boolean counted = connection.getAttachment(COUNTED);
        if (counted == null) {
            counted = open.incrementAndGet() <= limit;
            connection.putAttachment(COUNTED, counted);
            if (counted) {
                connection.addCloseListener(closed -> open.decrementAndGet());
            } else {
                open.decrementAndGet();
            }
        }
        if (!counted) {
            exchange.setPersistent(false);
            exchange.setStatusCode(503);
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
            exchange.getResponseSender().send(ByteBuffer.wrap(BUSY));
            return;
        }
        next.handleRequest(exchange);
    }

    /**
     * @return the connections counted now
     */
    int open() {
        return open.get();
    }
}
