package dev.mlops.core.host;

import dev.mlops.core.bundle.BundleDescriptor;
import dev.mlops.core.monitoring.PredictionLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The host's Prometheus metrics: per function, a call counter by outcome and a latency histogram, labelled by
 * model, service, env, version and function (the external id). Meters are made when a function loads, so a call
 * only increments. A function's meters are shared by every load of it: a replaced bundle's series go on counting,
 * and they are removed only when the last load of the function is closed.
 */
final class HostMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    /** The meters of one loaded function. */
    static final class FunctionMeters {
        private final Timer duration;
        private final Map<Outcome, Counter> calls = new EnumMap<>(Outcome.class);
        private final List<Meter> all = new ArrayList<>();
        private final String function;
        /** Loads holding these meters; guarded by the registry's lock. */
        private int holders;

        private FunctionMeters(PrometheusMeterRegistry registry, String function, Tags tags) {
            this.function = function;
            duration = Timer.builder("mlops.call.duration")
                    .description("Time from a call's arrival to its answer")
                    .tags(tags)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofNanos(50_000))
                    .maximumExpectedValue(Duration.ofSeconds(120))
                    .register(registry);
            all.add(duration);
            for (Outcome outcome : Outcome.values()) {
                Counter counter = Counter.builder("mlops.calls")
                        .description("Calls by outcome: ok, client_error, model_error, timeout")
                        .tags(tags.and("outcome", outcome.label()))
                        .register(registry);
                calls.put(outcome, counter);
                all.add(counter);
            }
        }

        void record(Outcome outcome, long nanos) {
            calls.get(outcome).increment();
            duration.record(nanos, TimeUnit.NANOSECONDS);
        }

        /** @return calls by outcome label, since the function's meters were made */
        Map<String, Long> calls() {
            Map<String, Long> counts = new java.util.LinkedHashMap<>();
            calls.forEach((outcome, counter) -> counts.put(outcome.label(), (long) counter.count()));
            return counts;
        }

        /**
         * @return the call duration at quantile {@code q}, in milliseconds, from the latency histogram's buckets as
         *         Prometheus's {@code histogram_quantile} reads them (linear within a bucket); NaN before any call
         */
        double quantileMillis(io.micrometer.core.instrument.distribution.HistogramSnapshot snapshot, double q) {
            io.micrometer.core.instrument.distribution.CountAtBucket[] buckets = snapshot.histogramCounts();
            double total = snapshot.count();
            if (total == 0 || buckets.length == 0) {
                return Double.NaN;
            }
            double rank = q * total;
            double lowerBound = 0;
            double lowerCount = 0;
            for (io.micrometer.core.instrument.distribution.CountAtBucket bucket : buckets) {
                double upper = bucket.bucket(TimeUnit.MILLISECONDS);
                if (bucket.count() >= rank) {
                    double inBucket = bucket.count() - lowerCount;
                    return inBucket <= 0 ? upper : lowerBound + (upper - lowerBound) * (rank - lowerCount) / inBucket;
                }
                lowerBound = upper;
                lowerCount = bucket.count();
            }
            // Beyond the last bucket: as Prometheus, the last bucket's upper bound.
            return lowerBound;
        }

        /** @return the latency histogram now */
        io.micrometer.core.instrument.distribution.HistogramSnapshot snapshot() {
            return duration.takeSnapshot();
        }
    }

    private final Map<String, FunctionMeters> byFunction = new HashMap<>();

    /**
     * @return the meters of the descriptor's function, shared with its other loads; {@link #release} them when the
     *         load is closed
     */
    synchronized FunctionMeters register(BundleDescriptor descriptor) {
        FunctionMeters meters = byFunction.computeIfAbsent(descriptor.externalId(), id -> new FunctionMeters(registry,
                id, Tags.of(
                        "model", descriptor.model(),
                        "service", descriptor.service(),
                        "env", descriptor.env(),
                        "version", Integer.toString(descriptor.version()),
                        "function", id)));
        meters.holders++;
        return meters;
    }

    /** One load no longer holds the meters; the last one removes them from the registry. */
    synchronized void release(FunctionMeters meters) {
        if (--meters.holders == 0) {
            byFunction.remove(meters.function);
            meters.all.forEach(registry::remove);
        }
    }

    /**
     * Counts what the prediction log takes, stores and drops: {@code mlops_prediction_log_queued_total},
     * {@code mlops_prediction_log_written_total}, {@code mlops_prediction_log_dropped_total{reason=queue_full}} and
     * {@code {reason=write_failed}}, and the records waiting, {@code mlops_prediction_log_waiting}.
     */
    void register(PredictionLog log) {
        FunctionCounter.builder("mlops.prediction.log.queued", log, PredictionLog::queued)
                .description("Sampled calls taken by the prediction log").register(registry);
        FunctionCounter.builder("mlops.prediction.log.written", log, PredictionLog::written)
                .description("Logged calls stored").register(registry);
        FunctionCounter.builder("mlops.prediction.log.dropped", log, PredictionLog::droppedQueueFull)
                .description("Sampled calls not logged, by reason").tags("reason", "queue_full").register(registry);
        FunctionCounter.builder("mlops.prediction.log.dropped", log, PredictionLog::droppedWriteFailed)
                .description("Sampled calls not logged, by reason").tags("reason", "write_failed").register(registry);
        Gauge.builder("mlops.prediction.log.waiting", log, l -> l.health().waiting())
                .description("Sampled calls waiting to be written").register(registry);
    }

    /**
     * @return every metric in the Prometheus text format
     */
    String scrape() {
        return registry.scrape();
    }
}
