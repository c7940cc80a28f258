package dev.mlops.core.host;

import static dev.mlops.core.host.HostHarness.ROW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.bundle.TestModels;
import dev.mlops.core.naming.Service;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What connections can hold: bodies announced and not sent, slow and idle clients, too many connections,
 * {@code Expect: 100-continue} and chunked bodies around the limit. Each test fails on the host before issue 14.
 */
class HostConnectionsTest {

    private static final String PATH = "/functions/model1-prediction-test-3/call";
    private static final String BODY = "{\"data\": " + ROW + "}";
    private static final String ANSWER = "{\"status\":\"ok\",\"prediction\":{\"AC\":[20.0]},\"model_id\":\"model1/test/3\"}";

    @TempDir
    static Path shared;

    private static TestModels models;
    private static Path linearJar;

    @TempDir
    Path deployments;

    private HostHarness harness;
    private final List<Socket> sockets = new ArrayList<>();

    @BeforeAll
    static void compile() throws Exception {
        models = new TestModels(shared);
        models.folder("linear_artifact", Map.of("coefficients.txt", "1 2 3 4"));
        linearJar = models.jar("linear", Map.of("com.example.Linear", HostHarness.LINEAR));
    }

    @BeforeEach
    void deploy() throws Exception {
        harness = new HostHarness(models, deployments);
        harness.deploy("model1", "com.example.Linear", "linear_artifact", Service.PREDICTION, 3, linearJar);
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        harness.close();
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", harness.host().port());
        socket.setSoTimeout(10_000);
        sockets.add(socket);
        return socket;
    }

    private static String head(long contentLength, String... extra) {
        return "POST " + PATH + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + (contentLength >= 0 ? "Content-Length: " + contentLength + "\r\n" : "Transfer-Encoding: chunked\r\n")
                + String.join("", extra) + "\r\n";
    }

    private static void write(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static long usedHeap() throws InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    @Test
    void bodiesAnnouncedButNotSentHoldNoMemory() throws Exception {
        harness.start(harness.options().withMaxBodyBytes(HostOptions.DEFAULT_MAX_BODY_BYTES));
        long before = usedHeap();
        for (int i = 0; i < 40; i++) {
            // 16 MiB announced, one byte sent: the host before issue 14 made a 16 MiB array for each at once.
            write(connect(), head(HostOptions.DEFAULT_MAX_BODY_BYTES) + "{");
        }
        Thread.sleep(300);
        long held = usedHeap() - before;
        assertThat(held).as("heap held by 40 announced bodies of 16 MiB").isLessThan(64L * 1024 * 1024);
        assertThat(harness.call("model1-prediction-test-3", ROW).status()).isEqualTo(200);
    }

    @Test
    void theBytesCallsInProgressHoldAreBoundedAndBeyondItACallIsA503() throws Exception {
        HostOptions.Limits limits = HostOptions.Limits.defaults();
        harness.start(harness.options().withLimits(new HostOptions.Limits(limits.maxConnections(),
                limits.headerTimeout(), limits.bodyTimeout(), limits.idleTimeout(), 100 * 1024)));
        String partial = "{\"data\": \"" + "x".repeat(60 * 1024);
        Socket first = connect();
        write(first, head(64 * 1024 - 100) + partial);
        Thread.sleep(200);
        Socket second = connect();
        write(second, head(64 * 1024 - 100) + partial);
        String answer = HostHarness.readAnswer(second.getInputStream());
        assertThat(answer).startsWith("HTTP/1.1 503").contains("the calls in progress hold its limit of 102400"
                + " request bytes");
        first.close();
        Thread.sleep(200);
        assertThat(harness.call("model1-prediction-test-3", ROW).status()).isEqualTo(200);
    }

    @Test
    void expectContinueIsAnsweredAndAnAnnouncedBodyOverTheLimitIsRefusedBeforeItIsSent() throws Exception {
        harness.start(harness.options());
        Socket socket = connect();
        write(socket, head(BODY.length(), "Expect: 100-continue\r\n"));
        socket.setSoTimeout(500);
        InputStream in = socket.getInputStream();
        String interim = new String(in.readNBytes("HTTP/1.1 100 Continue\r\n\r\n".length()), StandardCharsets.US_ASCII);
        assertThat(interim).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
        socket.setSoTimeout(10_000);
        write(socket, BODY);
        assertThat(HostHarness.readAnswer(in)).startsWith("HTTP/1.1 200").endsWith(ANSWER);

        Socket tooBig = connect();
        write(tooBig, head(10L * 1024 * 1024, "Expect: 100-continue\r\n"));
        assertThat(HostHarness.readAnswer(tooBig.getInputStream())).startsWith("HTTP/1.1 413")
                .contains("over the host's limit of 65536 bytes");
    }

    @Test
    void chunkedBodiesAreCountedWithoutTheirFramingAndOneOverTheLimitIsA413NotAReset() throws Exception {
        harness.start(harness.options());
        // 60 KiB of data in chunks of 7 bytes: some 400 KiB on the wire.
        String data = "{\"data\": " + ROW + ", \"pad\": \"" + "p".repeat(60 * 1024) + "\"}";
        Socket socket = connect();
        write(socket, head(-1) + chunked(data, 7));
        assertThat(HostHarness.readAnswer(socket.getInputStream())).startsWith("HTTP/1.1 200").endsWith(ANSWER);

        String over = "{\"data\": \"" + "x".repeat(70 * 1024) + "\"}";
        Socket refused = connect();
        write(refused, head(-1) + chunked(over, 4096));
        assertThat(HostHarness.readAnswer(refused.getInputStream())).startsWith("HTTP/1.1 413")
                .contains("over the host's limit of 65536 bytes");
    }

    private static String chunked(String data, int size) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < data.length(); i += size) {
            String chunk = data.substring(i, Math.min(data.length(), i + size));
            out.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
        }
        return out.append("0\r\n\r\n").toString();
    }

    @Test
    void slowHeadersSlowBodiesAndIdleConnectionsAreEndedOnTime() throws Exception {
        HostOptions.Limits limits = HostOptions.Limits.defaults();
        harness.start(harness.options().withLimits(new HostOptions.Limits(limits.maxConnections(),
                Duration.ofMillis(500), Duration.ofMillis(700), Duration.ofMillis(900), limits.maxPendingBytes())));

        Socket slowHeaders = connect();
        write(slowHeaders, "POST " + PATH + " HTTP/1.1\r\nHost: loc");
        Socket slowBody = connect();
        write(slowBody, head(BODY.length()) + BODY.substring(0, 10));
        Socket idle = connect();
        write(idle, head(BODY.length()) + BODY);
        assertThat(HostHarness.readAnswer(idle.getInputStream())).startsWith("HTTP/1.1 200");

        assertThat(endsWithin(slowHeaders, Duration.ofSeconds(5))).as("slow headers").isEqualTo("");
        String bodyAnswer = readAll(slowBody, Duration.ofSeconds(5));
        assertThat(bodyAnswer).startsWith("HTTP/1.1 408").contains("the request body did not arrive within");
        assertThat(endsWithin(idle, Duration.ofSeconds(5))).as("idle keep-alive").isEqualTo("");
        assertThat(harness.call("model1-prediction-test-3", ROW).status()).isEqualTo(200);
    }

    /** @return what the host sent before it closed the connection; fails if it stays open longer */
    private static String endsWithin(Socket socket, Duration limit) throws IOException {
        return readAll(socket, limit);
    }

    private static String readAll(Socket socket, Duration limit) throws IOException {
        socket.setSoTimeout((int) limit.toMillis());
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try {
            socket.getInputStream().transferTo(got);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the host kept the connection open for " + limit + "; it sent: " + got);
        } catch (IOException reset) {
            // closed by the host
        }
        return got.toString(StandardCharsets.UTF_8);
    }

    @Test
    void beyondTheConnectionLimitARequestIsA503AndTheConnectionIsClosed() throws Exception {
        HostOptions.Limits limits = HostOptions.Limits.defaults();
        harness.start(harness.options().withLimits(new HostOptions.Limits(4, limits.headerTimeout(),
                limits.bodyTimeout(), limits.idleTimeout(), limits.maxPendingBytes())));
        List<Socket> kept = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Socket socket = connect();
            write(socket, head(BODY.length()) + BODY);
            assertThat(HostHarness.readAnswer(socket.getInputStream())).startsWith("HTTP/1.1 200");
            kept.add(socket);
        }
        Socket fifth = connect();
        write(fifth, head(BODY.length()) + BODY);
        assertThat(readAll(fifth, Duration.ofSeconds(5))).startsWith("HTTP/1.1 503")
                .contains("as many connections open as it may");
        // The kept connections still serve, and closing one makes room.
        write(kept.get(0), head(BODY.length()) + BODY);
        assertThat(HostHarness.readAnswer(kept.get(0).getInputStream())).startsWith("HTTP/1.1 200");
        kept.get(1).close();
        Thread.sleep(300);
        Socket again = connect();
        write(again, head(BODY.length()) + BODY);
        assertThat(HostHarness.readAnswer(again.getInputStream())).startsWith("HTTP/1.1 200");
    }
}
