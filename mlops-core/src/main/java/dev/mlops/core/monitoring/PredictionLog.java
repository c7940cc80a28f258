package dev.mlops.core.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.core.store.ArtifactStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPOutputStream;

/**
 * The prediction log: sampled calls, stored as gzip-compressed JSON Lines files in the store the service was
 * deployed from, one folder per model, environment, version and day:
 * {@code datasets/<dataset>/predictions/<model>/<env>/<version>/<yyyy-MM-dd>/<time>-<host>-<n>.jsonl.gz}.
 *
 * <p>A call only offers its record to a bounded queue, which never waits: when the queue holds its most records or
 * bytes, the record is dropped and counted. One writer thread turns records into lines, batches them per file, and
 * stores a batch when its lines reach {@link Options#flushBytes}, when it is {@link Options#flushInterval} old,
 * and on {@link #close()}. A file is created only if absent, so two hosts never overwrite each other's. A batch that
 * cannot be stored is tried again at each interval, {@value #ATTEMPTS} times in all, then dropped and counted.
 */
public final class PredictionLog implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PredictionLog.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter RECORD_TIME = DateTimeFormatter.ISO_INSTANT;
    private static final byte[] INPUT = ",\"input\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OUTPUT = ",\"output\":".getBytes(StandardCharsets.US_ASCII);
    /** Tries to store a batch before it is dropped. */
    static final int ATTEMPTS = 5;
    /** How long {@link #close()} waits for the writer to store what it holds. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(20);
    private static final LoggedCall WAKE = new LoggedCall(null, "", "", Instant.EPOCH, 0, 0, 0, List.of(), null);

    /**
     * How much the log holds and how often it writes.
     *
     * @param queueRecords  records waiting for the writer at most; beyond, calls' records are dropped
     * @param queueBytes    bytes those records may hold at most (requests and answers); beyond, dropped
     * @param flushBytes    a batch is stored once its lines, uncompressed, reach this many bytes
     * @param flushInterval a batch is stored once it is this old, so a quiet service's calls reach the store too
     * @param writerCpu     the share of one core the writer may use (above 0, at most 1); what it cannot keep up
     *                      with is dropped from a full queue, so that the calls keep the rest of the CPU
     */
    public record Options(int queueRecords, long queueBytes, long flushBytes, Duration flushInterval,
                          double writerCpu) {

        /** The writer's default share of one core. */
        public static final double DEFAULT_WRITER_CPU = 0.5;

        public Options {
            if (!(writerCpu > 0 && writerCpu <= 1)) {
                throw new IllegalArgumentException("the log writer's share of a core is above 0 and at most 1, not "
                        + writerCpu);
            }
        }

        /** Options with the writer's default share of a core. */
        public Options(int queueRecords, long queueBytes, long flushBytes, Duration flushInterval) {
            this(queueRecords, queueBytes, flushBytes, flushInterval, DEFAULT_WRITER_CPU);
        }

        /**
         * @return 2,000 records or 16 MiB waiting (held for little time, so that they do not weigh on the garbage
         *         collector), files of 8 MiB of lines (about 1 MiB compressed), stored at least every 60 s, and the
         *         writer on at most half a core
         */
        public static Options defaults() {
            return new Options(2_000, 16L * 1024 * 1024, 8L * 1024 * 1024, Duration.ofSeconds(60));
        }

        /** @return these options storing batches at another interval */
        public Options withFlushInterval(Duration interval) {
            return new Options(queueRecords, queueBytes, flushBytes, interval, writerCpu);
        }

        /** @return these options with another queue */
        public Options withQueue(int records, long bytes) {
            return new Options(records, bytes, flushBytes, flushInterval, writerCpu);
        }

        /** @return these options with the writer on another share of a core */
        public Options withWriterCpu(double share) {
            return new Options(queueRecords, queueBytes, flushBytes, flushInterval, share);
        }
    }

    /** Opens a store by its address; the log keeps what it opened. */
    @FunctionalInterface
    public interface Stores {
        ArtifactStore open(String address) throws IOException;
    }

    /**
     * How the log is doing, for the host's page.
     *
     * @param queued           records accepted since the host started
     * @param written          records stored
     * @param droppedQueueFull records dropped because the queue was full
     * @param droppedWriteFailed records dropped because their batch could not be stored
     * @param waiting          records in the queue now
     * @param lastError        the last failure to store a batch, if any
     * @param lastWrite        when a batch was last stored, if ever
     */
    public record Health(long queued, long written, long droppedQueueFull, long droppedWriteFailed, int waiting,
                         Optional<String> lastError, Optional<Instant> lastWrite) {
    }

    private final Options options;
    private final Stores stores;
    private final Clock clock;
    private final String hostId;
    private final ArrayBlockingQueue<LoggedCall> queue;
    private final AtomicLong heldBytes = new AtomicLong();
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong droppedQueueFull = new AtomicLong();
    private final AtomicLong droppedWriteFailed = new AtomicLong();
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private final AtomicReference<Instant> lastWrite = new AtomicReference<>();
    private final Map<String, ArtifactStore> opened = new ConcurrentHashMap<>();
    /** Batches being filled, by file folder; the writer's alone. */
    private final Map<String, Batch> open = new LinkedHashMap<>();
    /** Batches that could not be stored yet; the writer's alone. */
    private final List<Batch> failed = new ArrayList<>();
    private final Thread writer;
    private volatile boolean closing;
    private long sequence;

    /**
     * Starts the log's writer.
     *
     * @param hostId names this host in file names, so that hosts writing the same folder never collide
     */
    public PredictionLog(Options options, Stores stores, Clock clock, String hostId) {
        this.options = options;
        this.stores = stores;
        this.clock = clock;
        this.hostId = hostId.replaceAll("[^A-Za-z0-9-]", "-");
        this.queue = new ArrayBlockingQueue<>(options.queueRecords());
        this.writer = new Thread(this::run, "mlops-prediction-log");
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * @return the key prefix of a version's log files, ending with {@code /}
     */
    public static String prefix(String dataset, String model, String env, int version) {
        return "datasets/" + dataset + "/predictions/" + model + "/" + env + "/" + version + "/";
    }

    /**
     * Hands a call to the log, never waiting.
     *
     * @return false when it was dropped: the queue is full, or the log is closed
     */
    public boolean offer(LoggedCall call) {
        if (closing) {
            droppedQueueFull.incrementAndGet();
            return false;
        }
        long held = heldBytes.addAndGet(call.heldBytes());
        if (held > options.queueBytes() || !queue.offer(call)) {
            heldBytes.addAndGet(-call.heldBytes());
            droppedQueueFull.incrementAndGet();
            return false;
        }
        queued.incrementAndGet();
        return true;
    }

    /** @return records accepted */
    public long queued() {
        return queued.get();
    }

    /** @return records stored */
    public long written() {
        return written.get();
    }

    /** @return records dropped because the queue was full */
    public long droppedQueueFull() {
        return droppedQueueFull.get();
    }

    /** @return records dropped because their batch could not be stored */
    public long droppedWriteFailed() {
        return droppedWriteFailed.get();
    }

    /** @return how the log is doing */
    public Health health() {
        return new Health(queued.get(), written.get(), droppedQueueFull.get(), droppedWriteFailed.get(), queue.size(),
                Optional.ofNullable(lastError.get()), Optional.ofNullable(lastWrite.get()));
    }

    /**
     * Stores every record taken so far, waiting at most 20 s; records offered afterwards are dropped.
     */
    @Override
    public void close() {
        closing = true;
        queue.offer(WAKE);
        try {
            writer.join(CLOSE_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            LOG.log(System.Logger.Level.WARNING, "the prediction log could not store what it held within "
                    + CLOSE_WAIT.toSeconds() + " s; " + queue.size() + " record(s) still queued are lost");
            return;
        }
        // A call that passed the check for closing as the writer stopped.
        int late = 0;
        for (LoggedCall call; (call = queue.poll()) != null; ) {
            late += call == WAKE ? 0 : 1;
        }
        droppedWriteFailed.addAndGet(late);
    }

    private void run() {
        long nextFlush = System.nanoTime() + options.flushInterval().toNanos();
        CpuBudget budget = new CpuBudget(options.writerCpu());
        while (true) {
            LoggedCall call;
            try {
                long pause = closing ? 0 : budget.pause();
                long waitStarted = System.nanoTime();
                if (pause > 0) {
                    TimeUnit.NANOSECONDS.sleep(pause);
                }
                long wait = Math.max(1, nextFlush - System.nanoTime());
                call = queue.poll(wait, TimeUnit.NANOSECONDS);
                budget.rested(System.nanoTime() - waitStarted);
            } catch (InterruptedException e) {
                call = null;
                closing = true;
            }
            try {
                if (call != null && call != WAKE) {
                    heldBytes.addAndGet(-call.heldBytes());
                    long started = System.nanoTime();
                    add(call);
                    budget.worked(System.nanoTime() - started);
                }
                if (System.nanoTime() - nextFlush >= 0) {
                    flushOld();
                    nextFlush = System.nanoTime() + options.flushInterval().toNanos();
                }
            } catch (Throwable e) {
                // The writer lives on whatever happens (the heap ran short, say); what it held of that call is lost.
                droppedWriteFailed.incrementAndGet();
                lastError.set("the log's writer failed: " + e);
            }
            if (closing && queue.isEmpty()) {
                break;
            }
        }
        for (Batch batch : List.copyOf(open.values())) {
            store(batch);
        }
        open.clear();
        for (Batch batch : List.copyOf(failed)) {
            failed.remove(batch);
            retry(batch, true);
        }
        for (ArtifactStore store : opened.values()) {
            if (store instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    LOG.log(System.Logger.Level.DEBUG, "closing " + store.describe(), e);
                }
            }
        }
    }

    private void add(LoggedCall call) {
        byte[] line;
        try {
            line = line(call);
        } catch (RuntimeException | IOException | StackOverflowError e) {
            droppedWriteFailed.incrementAndGet();
            lastError.set("a record could not be written: " + e);
            return;
        }
        LogTarget target = call.target();
        String day = DAY.format(call.time());
        String folder = target.store() + "\n" + target.prefix() + day + "/";
        Batch batch = open.computeIfAbsent(folder, key -> new Batch(target, day, System.nanoTime()));
        try {
            batch.append(line);
        } catch (IOException e) {
            // Memory, not a file: a ByteArrayOutputStream does not fail.
            throw new UncheckedIOException(e);
        }
        if (batch.lineBytes >= options.flushBytes()) {
            open.remove(folder);
            store(batch);
        }
    }

    /** Stores batches older than the interval, and tries again the ones that failed. */
    private void flushOld() {
        long now = System.nanoTime();
        for (Iterator<Batch> batches = open.values().iterator(); batches.hasNext(); ) {
            Batch batch = batches.next();
            if (now - batch.started >= options.flushInterval().toNanos()) {
                batches.remove();
                store(batch);
            }
        }
        for (Batch batch : List.copyOf(failed)) {
            failed.remove(batch);
            retry(batch, false);
        }
    }

    private void store(Batch batch) {
        try {
            batch.finish();
        } catch (IOException e) {
            droppedWriteFailed.addAndGet(batch.records);
            return;
        }
        retry(batch, false);
    }

    /** @return whether it was stored; when not, and not {@code last}, it is kept to try again while tries remain */
    private boolean retry(Batch batch, boolean last) {
        batch.attempts++;
        try {
            ArtifactStore store = opened.get(batch.target.store());
            if (store == null) {
                store = stores.open(batch.target.store());
                opened.put(batch.target.store(), store);
            }
            String folder = batch.target.prefix() + batch.day + "/";
            String time = FILE_TIME.format(clock.instant());
            while (!store.createIfAbsent(folder + time + "-" + hostId + "-" + (++sequence) + ".jsonl.gz",
                    batch.content)) {
                // A file of this host at this millisecond: the next number.
            }
            written.addAndGet(batch.records);
            lastWrite.set(clock.instant());
            return true;
        } catch (IOException | RuntimeException e) {
            String message = "cannot store " + batch.records + " logged call(s) of " + batch.target.model() + "/"
                    + batch.target.env() + "/" + batch.target.version() + " in " + batch.target.store() + ": " + e;
            lastError.set(message);
            if (last || batch.attempts >= ATTEMPTS) {
                LOG.log(System.Logger.Level.WARNING, message + "; dropped after " + batch.attempts + " tries");
                droppedWriteFailed.addAndGet(batch.records);
            } else {
                LOG.log(System.Logger.Level.WARNING, message + "; trying again in "
                        + (options.flushInterval().toMillis() < 1000 ? options.flushInterval().toMillis() + " ms"
                        : options.flushInterval().toSeconds() + " s"));
                failed.add(batch);
            }
            return false;
        }
    }

    private static byte[] line(LoggedCall call) throws IOException {
        Redaction redaction = new Redaction(call.secrets());
        LoggedCall.Content content = call.content();
        ObjectNode record = JsonNodeFactory.instance.objectNode();
        record.put("time", RECORD_TIME.format(call.time()));
        record.put("external_id", call.externalId());
        record.put("model_id", call.modelId());
        record.put("status", call.status());
        record.put("latency_ms", Math.round(call.latencyNanos() / 1_000.0) / 1_000.0);
        String error = null;
        byte[] rawInput = null;
        byte[] rawOutput = null;
        try {
            error = content.error();
            if (redaction.none()) {
                // Without secrets to look for, the request's and answer's own bytes go in as they are: no tree.
                rawInput = content.rawInput();
                rawOutput = content.rawOutput();
            }
            if (rawInput == null) {
                record.set("input", redaction.tree(content.input()));
            }
            if (rawOutput == null) {
                record.set("output", redaction.tree(content.output()));
            }
        } catch (RuntimeException e) {
            error = error == null ? "the call could not be read for the log: " + e.getMessage() : error;
        }
        if (error != null) {
            record.put("error", redaction.text(error));
        }
        byte[] fields = JSON.writeValueAsBytes(record);
        if (rawInput == null && rawOutput == null) {
            return fields;
        }
        ByteArrayOutputStream line = new ByteArrayOutputStream(fields.length + 16
                + (rawInput == null ? 0 : rawInput.length) + (rawOutput == null ? 0 : rawOutput.length));
        line.write(fields, 0, fields.length - 1);
        if (rawInput != null) {
            line.write(INPUT);
            oneLine(rawInput, line);
        }
        if (rawOutput != null) {
            line.write(OUTPUT);
            oneLine(rawOutput, line);
        }
        line.write('}');
        return line.toByteArray();
    }

    /**
     * Copies JSON text with its line breaks made spaces: outside strings they are whitespace, and inside a string
     * JSON allows none, so the value stays the same and takes one line.
     */
    private static void oneLine(byte[] json, ByteArrayOutputStream out) {
        int start = 0;
        for (int k = 0; k < json.length; k++) {
            if (json[k] == '\n' || json[k] == '\r') {
                out.write(json, start, k - start);
                out.write(' ');
                start = k + 1;
            }
        }
        out.write(json, start, json.length - start);
    }

    /** One file being filled. */
    private static final class Batch {
        final LogTarget target;
        final String day;
        final long started;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        GZIPOutputStream gzip;
        byte[] content;
        int records;
        long lineBytes;
        int attempts;

        Batch(LogTarget target, String day, long started) {
            this.target = target;
            this.day = day;
            this.started = started;
        }

        void append(byte[] line) throws IOException {
            if (gzip == null) {
                // The fastest level: the writer's time is taken from the calls' cores, and JSON Lines of
                // numbers compress well at any level.
                gzip = new GZIPOutputStream(bytes) {
                    {
                        def.setLevel(java.util.zip.Deflater.BEST_SPEED);
                    }
                };
            }
            gzip.write(line);
            gzip.write('\n');
            records++;
            lineBytes += line.length + 1;
        }

        void finish() throws IOException {
            gzip.finish();
            content = bytes.toByteArray();
            gzip = null;
        }
    }
}
