package dev.mlops.core.host;

import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.Connectors;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.server.protocol.http.HttpContinue;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.xnio.XnioExecutor;
import org.xnio.channels.StreamSourceChannel;

/**
 * Reads a request's whole body into one array without blocking the I/O thread, copying buffer by buffer. (Undertow's
 * own {@code receiveFullBytes} copies byte by byte through a synchronized stream, which cost the host a sixth of its
 * time on a 100-row request.) The callbacks run as Undertow's receiver runs them: within a handler call, so that
 * they may dispatch the exchange.
 *
 * <p>Nothing is sized from what the request announces: the array grows as bytes arrive, and every byte held counts
 * against the host's {@link Pending} budget until the exchange ends. A body over the limit is counted in its
 * decoded bytes (chunk framing does not count), and answered 413 while Undertow drains the rest; a body that does
 * not arrive within the body timeout is answered 408 and its connection closed.
 */
final class RequestBody {

    /** Gets the body. */
    interface Received {
        void handle(HttpServerExchange exchange, byte[] body);
    }

    /**
     * Gets a {@link RequestTooBigException} for a body over the limit, a {@link Busy} when the budget is spent, a
     * {@link TooSlow} when the body took too long, else the I/O error.
     */
    interface Failed {
        void handle(HttpServerExchange exchange, IOException error);
    }

    /** The bytes all requests in progress may hold, counted as they arrive. */
    static final class Pending {
        private final long limit;
        private final AtomicLong held = new AtomicLong();

        Pending(long limit) {
            this.limit = limit;
        }

        boolean take(long bytes) {
            if (held.addAndGet(bytes) > limit) {
                held.addAndGet(-bytes);
                return false;
            }
            return true;
        }

        void give(long bytes) {
            held.addAndGet(-bytes);
        }

        long limit() {
            return limit;
        }

        long held() {
            return held.get();
        }
    }

    /** The budget of request bytes in progress is spent. */
    static final class Busy extends IOException {
        private static final long serialVersionUID = 1L;

        Busy() {
            super("the host holds as many request bytes as it may", null);
        }
    }

    /** The body did not arrive within the body timeout. */
    static final class TooSlow extends IOException {
        private static final long serialVersionUID = 1L;

        TooSlow() {
            super("the request body did not arrive in time", null);
        }
    }

    private static final byte[] EMPTY = new byte[0];
    /** The first array of a body: what one read brings; it grows from there as bytes arrive. */
    private static final int FIRST_CAPACITY = 16 * 1024;
    /**
     * How much of a body over the limit is read and dropped, so that the caller, still sending, reads the 413
     * instead of a reset; beyond it the connection is closed.
     */
    private static final long DRAIN_ALLOWANCE = 1024 * 1024;

    private final HttpServerExchange exchange;
    private final StreamSourceChannel channel;
    private final long maxBytes;
    private final long length;
    private final Pending pending;
    private final Received received;
    private final Failed failed;
    private byte[] data;
    private int size;
    /** Bytes taken from the budget, given back when the exchange ends. */
    private long taken;
    /** Set once reading goes on in a read listener, outside the handler call. */
    private boolean listening;
    private boolean finished;
    /** Bytes read and dropped once the body went over the limit. */
    private long dropped = -1;
    private XnioExecutor.Key timer;

    private RequestBody(HttpServerExchange exchange, StreamSourceChannel channel, long maxBytes, long length,
                        Pending pending, Received received, Failed failed) {
        this.exchange = exchange;
        this.channel = channel;
        this.maxBytes = maxBytes;
        this.length = length;
        this.pending = pending;
        this.data = EMPTY;
        this.received = received;
        this.failed = failed;
    }

    /**
     * Reads the body and hands it to {@code received}, at once when it has arrived, else when it has.
     *
     * @param bodyTimeout how long the body may take to arrive
     */
    static void read(HttpServerExchange exchange, long maxBytes, Pending pending, long bodyTimeoutMillis,
                     Received received, Failed failed) {
        long length = exchange.getRequestContentLength();
        if (length > maxBytes && (length > maxBytes + DRAIN_ALLOWANCE || HttpContinue.requiresContinueResponse(
                exchange))) {
            // Not worth reading, or not sent until asked for: refused at once, and the connection closed after.
            exchange.setPersistent(false);
            failed.handle(exchange, new RequestTooBigException());
            return;
        }
        if (length == 0 || exchange.isRequestComplete()) {
            received.handle(exchange, EMPTY);
            return;
        }
        // Counted here, in decoded bytes: Undertow's own limit (off, see FunctionHost.server) counts a chunked
        // body's framing, and ends the connection where a 413 is due.
        StreamSourceChannel channel = exchange.getRequestChannel();
        if (channel == null) {
            failed.handle(exchange, new IOException("the request body was read already"));
            return;
        }
        // A body held in one array: a limit beyond what an array holds is as good as none.
        RequestBody body = new RequestBody(exchange, channel, Math.min(maxBytes, Integer.MAX_VALUE - 8), length,
                pending, received, failed);
        exchange.addExchangeCompleteListener((ex, next) -> {
            body.giveBack();
            next.proceed();
        });
        if (!body.readAvailable()) {
            body.listening = true;
            body.timer = exchange.getIoThread().executeAfter(body::timedOut, bodyTimeoutMillis,
                    TimeUnit.MILLISECONDS);
            channel.getReadSetter().set(source -> body.readAvailable());
            channel.resumeReads();
        }
    }

    /**
     * Reads what has arrived; once the body is complete (or failed), hands it on.
     *
     * @return whether the body is done with: handed on, or failed
     */
    private boolean readAvailable() {
        if (finished) {
            return true;
        }
        try (PooledByteBuffer pooled = exchange.getConnection().getByteBufferPool().allocate()) {
            ByteBuffer buffer = pooled.getBuffer();
            while (true) {
                if (length >= 0 && size == length) {
                    return done(null);
                }
                if (length >= 0 && dropped >= 0 && size + dropped == length) {
                    return done(new RequestTooBigException());
                }
                buffer.clear();
                int read = channel.read(buffer);
                if (read == -1) {
                    if (dropped >= 0) {
                        return done(new RequestTooBigException());
                    }
                    if (length >= 0) {
                        return done(new IOException("the connection closed after " + size + " of " + length
                                + " bytes of the request body"));
                    }
                    return done(null);
                }
                if (read == 0) {
                    return false;
                }
                buffer.flip();
                if (dropped >= 0 || size + (long) read > Math.min(maxBytes, length >= 0 ? length : maxBytes)) {
                    if (length >= 0 && size + Math.max(dropped, 0) + read > length) {
                        return done(new IOException("the request body is longer than its Content-Length"));
                    }
                    if (drop(read)) {
                        return done(new RequestTooBigException());
                    }
                    continue;
                }
                if (size + read > data.length && !grow(size + read)) {
                    return done(new Busy());
                }
                buffer.get(data, size, read);
                size += read;
            }
        } catch (IOException e) {
            return done(e);
        }
    }

    /**
     * Drops what arrives beyond the limit.
     *
     * @return whether to stop: more than the allowance is dropped, so the connection is closed after the 413
     */
    private boolean drop(int read) {
        if (dropped < 0) {
            dropped = 0;
            pending.give(taken);
            taken = 0;
            data = EMPTY;
        }
        dropped += read;
        if (dropped > DRAIN_ALLOWANCE) {
            exchange.setPersistent(false);
            return true;
        }
        return false;
    }

    /** Doubles the array (up to the announced length or the limit), taking what it adds from the budget. */
    private boolean grow(int needed) {
        long ceiling = length >= 0 ? length : maxBytes;
        int capacity = (int) Math.min(ceiling, Math.max(needed, Math.max(FIRST_CAPACITY, 2L * data.length)));
        if (!pending.take(capacity - data.length)) {
            return false;
        }
        taken += capacity - data.length;
        data = Arrays.copyOf(data, capacity);
        return true;
    }

    private void timedOut() {
        if (finished) {
            return;
        }
        exchange.setPersistent(false);
        done(new TooSlow());
    }

    private void giveBack() {
        pending.give(taken);
        taken = 0;
    }

    /** Hands the body or the error on, inside a handler call as Undertow's receiver does. */
    private boolean done(IOException error) {
        finished = true;
        if (timer != null) {
            timer.remove();
        }
        byte[] body = error != null || size == data.length ? data : Arrays.copyOf(data, size);
        if (listening) {
            // Done with the channel before handing on: the answer may be sent, and the connection's next request
            // read, before executeRootHandler returns.
            channel.getReadSetter().set(null);
            channel.suspendReads();
            Connectors.executeRootHandler(ex -> handOn(body, error), exchange);
        } else {
            handOn(body, error);
        }
        return true;
    }

    private void handOn(byte[] body, IOException error) {
        if (error == null) {
            received.handle(exchange, body);
        } else {
            failed.handle(exchange, error);
        }
    }
}
